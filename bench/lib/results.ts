// The shape of bench/results.json: sections of figures, each a median of runs with its ratio to a
// baseline measured in the same run and the target it is held to.
import { median } from './stats.js';

/** One measured quantity. */
export interface Figure {
  /** What was measured, e.g. `sandbox` or `npm run generate (unchanged spec)`. */
  subject: string;
  /** e.g. `throughput`, `p99 latency`, `wall time`, `gzipped size`. */
  metric: string;
  unit: string;
  /** Median of `runs`. */
  median: number;
  /** Every run's value, in the order measured. */
  runs: number[];
  /** The subject this figure is divided by (measured in the same `npm run bench`). */
  baseline?: string;
  /** median / baseline median (or the median of per-round ratios for interleaved rounds). */
  ratio?: number;
  /** e.g. `>= 10x Prism`; `met` is computed from the ratio or value. */
  target?: { text: string; met: boolean };
  note?: string;
}

/** One section of the report. */
export interface Section {
  id: string;
  title: string;
  /** How this section measured: requests, warm-up, runs, durations, concurrency. */
  method: string;
  figures: Figure[];
  /** Findings: where the time goes, profiling results for missed targets, caveats. */
  notes: string[];
}

/** The whole of bench/results.json. */
export interface BenchResults {
  date: string;
  machine: {
    cpu: string;
    cores: number;
    memoryGiB: number;
    os: string;
    node: string;
    /** os.loadavg() (1, 5 and 15 minutes) when the run started and when it ended: how shared the machine was. */
    loadAverage?: { start: number[]; end: number[] };
  };
  settings: Record<string, unknown>;
  durationSeconds: number;
  sections: Section[];
}

/** Builds a figure from runs, with its median and (optionally) its ratio to a baseline figure. */
export function figure(
  subject: string,
  metric: string,
  unit: string,
  runs: number[],
  extra: Partial<Omit<Figure, 'subject' | 'metric' | 'unit' | 'runs' | 'median'>> = {},
): Figure {
  return { subject, metric, unit, median: median(runs), runs, ...extra };
}
