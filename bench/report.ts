// Renders bench/results.json as BENCHMARKS.md: machine, method, a target summary, one table per
// section, and the hand-written profiling findings of bench/findings.md.
import type { BenchResults, Figure, Section } from './lib/results.js';

function num(value: number, unit: string): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (unit === 'B') return `${Math.round(value).toLocaleString('en-US')}`;
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

function loadText(load: readonly number[]): string {
  return load.map((l) => l.toFixed(2)).join(', ');
}

function ratioText(f: Figure): string {
  if (f.ratio === undefined || f.baseline === undefined) return '';
  if (!Number.isFinite(f.ratio)) return `n/a vs ${f.baseline}`;
  return `${f.ratio.toFixed(f.ratio >= 10 ? 1 : 2)}x ${f.baseline}`;
}

function met(f: Figure): string {
  if (!f.target) return '';
  return f.target.met ? `${f.target.text}: **met**` : `${f.target.text}: **missed**`;
}

function table(section: Section): string {
  const rows = section.figures.map(
    (f) =>
      `| ${f.subject} | ${f.metric} | ${num(f.median, f.unit)} ${f.unit} | ${f.runs.map((r) => num(r, f.unit)).join(', ')} | ${ratioText(f)} | ${met(f)} |`,
  );
  return [
    '| measured | metric | median | runs | ratio | target |',
    '| --- | --- | ---: | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** The whole BENCHMARKS.md text. */
export function renderMarkdown(results: BenchResults, findings: string): string {
  const m = results.machine;
  // Sections run cheapest-first but read in the issue's order (their titles are numbered).
  const order = (s: Section) => Number.parseInt(s.title, 10) || Number.MAX_SAFE_INTEGER;
  results = { ...results, sections: [...results.sections].sort((a, b) => order(a) - order(b)) };
  const targets = results.sections.flatMap((s) => s.figures.filter((f) => f.target).map((f) => ({ s, f })));
  const summary = targets.map(
    ({ s, f }) =>
      `| ${s.title} | ${f.subject}: ${f.metric} | ${f.target?.text} | ${f.ratio !== undefined && f.baseline ? ratioText(f) : `${num(f.median, f.unit)} ${f.unit}`} | ${f.target?.met ? 'met' : '**missed**'} |`,
  );
  return `# Benchmarks

Measured by \`npm run bench\` (\`scripts/bench.ts\`, code in \`bench/\`); raw figures in [\`bench/results.json\`](bench/results.json).
This file is written by the bench run, except the findings at the end, which come from
[\`bench/findings.md\`](bench/findings.md). Re-run \`npm run bench\` to refresh it on your machine.

## Machine

| | |
| --- | --- |
| CPU | ${m.cpu}, ${m.cores} cores |
| memory | ${m.memoryGiB} GiB |
| OS | ${m.os} |
| Node | ${m.node} |
${m.loadAverage ? `| load average (1, 5, 15 min) | ${loadText(m.loadAverage.start)} at the start, ${loadText(m.loadAverage.end)} at the end |\n` : ''}| date | ${results.date} |
| profile | ${String(results.settings.profile)}; whole run ${Math.round(results.durationSeconds)} s |

## Method

The machine is shared and noisy, so no figure stands alone: every figure is reported with its ratio
to a baseline measured in the same run, side by side (the "ratio" column; "1.00x X" marks the
baseline itself). Each figure is the median of several runs after a warm-up; the runs are listed.
Where several things are compared, they run in interleaved rounds with the order rotated each
round, and ratios are the median of the per-round ratios, so drift on the machine hits all of them
alike. Servers run in their own processes; the load generator is autocannon used as a library.
Each section states its own requests, durations, concurrency and run counts below.

## Targets

| section | figure | target | measured | |
| --- | --- | --- | --- | --- |
${summary.join('\n')}

${results.sections
  .map(
    (s) =>
      `## ${s.title}\n\n${s.method}\n\n${table(s)}\n${s.notes.length > 0 ? `\n${s.notes.map((n) => `- ${n}`).join('\n')}\n` : ''}`,
  )
  .join('\n')}
## Findings and profiles

${findings.trim()}
`;
}
