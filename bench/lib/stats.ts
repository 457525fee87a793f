// Simple medians: every figure is the median of its runs, every ratio the median of per-round ratios.

/** The median of `values` (mean of the two middle values for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Per-round ratios of paired samples (same round index), and their median: robust to drift across rounds. */
export function pairedRatio(values: readonly number[], baselines: readonly number[]): number {
  const ratios: number[] = [];
  for (let i = 0; i < Math.min(values.length, baselines.length); i++) {
    const base = baselines[i] as number;
    if (base > 0 && Number.isFinite(base)) ratios.push((values[i] as number) / base);
  }
  return median(ratios);
}
