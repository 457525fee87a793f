// Runs the benchmark sections in order, then writes bench/results.json and BENCHMARKS.md.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { type BenchConfig, FULL, QUICK } from './config.js';
import type { BenchContext } from './lib/context.js';
import { machine } from './lib/machine.js';
import { ROOT } from './lib/proc.js';
import type { BenchResults, Section } from './lib/results.js';
import { renderMarkdown } from './report.js';
import { SECTIONS, type Shared } from './sections/index.js';

/** The section ids, in the order they run. */
export const SECTION_IDS = SECTIONS.map((s) => s.id);

/** Options of {@link runBench}. */
export interface RunOptions {
  quick: boolean;
  /** Run only these sections (default: all). */
  only?: readonly string[];
  /** Where to write results.json and BENCHMARKS.md. */
  resultsPath: string;
  markdownPath: string;
  log(message: string): void;
}

/** Where a run writes by default: the committed files for the full profile, .tmp/bench/ for --quick. */
export function defaultOutputs(quick: boolean): { resultsPath: string; markdownPath: string } {
  return quick
    ? {
        resultsPath: join(ROOT, '.tmp/bench/results.json'),
        markdownPath: join(ROOT, '.tmp/bench/BENCHMARKS.md'),
      }
    : { resultsPath: join(ROOT, 'bench/results.json'), markdownPath: join(ROOT, 'BENCHMARKS.md') };
}

/** Runs the selected sections; returns the results and how many sections failed. */
export async function runBench(options: RunOptions): Promise<{ results: BenchResults; failures: number }> {
  const config: BenchConfig = options.quick ? QUICK : FULL;
  const unknown = (options.only ?? []).filter((id) => !(SECTION_IDS as readonly string[]).includes(id));
  if (unknown.length > 0)
    throw new Error(`--only: unknown section(s) ${unknown.join(', ')}; known: ${SECTION_IDS.join(', ')}`);
  const selected = new Set(options.only && options.only.length > 0 ? options.only : SECTION_IDS);
  const started = performance.now();
  const loadAtStart = loadavg();
  const tmp = await mkdtemp(join(tmpdir(), 'customers-api-bench-'));
  const localTmp = join(ROOT, '.tmp', `bench-${process.pid}`);
  await mkdir(localTmp, { recursive: true });
  const ctx: BenchContext = { config, tmp, localTmp, log: options.log };
  const sections: Section[] = [];
  let failures = 0;
  const shared: Shared = {};

  try {
    for (const entry of SECTIONS) {
      if (!selected.has(entry.id)) continue;
      const t0 = performance.now();
      options.log(`== ${entry.id}`);
      try {
        sections.push(await entry.run(ctx, shared));
      } catch (error) {
        failures++;
        const message = error instanceof Error ? error.message : String(error);
        options.log(`!! ${entry.id} failed: ${message}`);
        sections.push({
          id: entry.id,
          title: entry.id,
          method: 'The section failed; see the note.',
          figures: [],
          notes: [`FAILED: ${message}`],
        });
      }
      options.log(`== ${entry.id} took ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
    await rm(localTmp, { recursive: true, force: true });
  }

  const results: BenchResults = {
    date: new Date().toISOString(),
    machine: { ...machine(), loadAverage: { start: loadAtStart, end: loadavg() } },
    settings: { profile: config.name, ...config },
    durationSeconds: (performance.now() - started) / 1000,
    sections,
  };
  await mkdir(dirname(options.resultsPath), { recursive: true });
  await writeFile(options.resultsPath, `${JSON.stringify(results, jsonNumbers, 2)}\n`);
  await writeReport(results, options.markdownPath);
  return { results, failures };
}

/** Writes BENCHMARKS.md from `results` and the hand-written bench/findings.md. */
async function writeReport(results: BenchResults, markdownPath: string): Promise<void> {
  const findingsPath = resolve(ROOT, 'bench/findings.md');
  const findings = existsSync(findingsPath) ? await readFile(findingsPath, 'utf8') : '(none written yet)';
  await mkdir(dirname(markdownPath), { recursive: true });
  await writeFile(markdownPath, renderMarkdown(results, findings));
}

/** Re-renders BENCHMARKS.md from an existing results.json (after editing bench/findings.md), measuring nothing. */
export async function renderOnly(resultsPath: string, markdownPath: string): Promise<BenchResults> {
  if (!existsSync(resultsPath)) throw new Error(`${resultsPath} does not exist: run npm run bench first.`);
  const results = JSON.parse(await readFile(resultsPath, 'utf8'), (_key, value) =>
    value === null ? Number.NaN : value,
  ) as BenchResults;
  await writeReport(results, markdownPath);
  return results;
}

/** Rounds figures to 3 decimals in results.json (NaN becomes null, as JSON requires). */
function jsonNumbers(_key: string, value: unknown): unknown {
  if (typeof value !== 'number') return value;
  if (!Number.isFinite(value)) return null;
  return Math.round(value * 1000) / 1000;
}
