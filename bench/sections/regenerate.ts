// Section 4: wall time of `npm run generate` (unchanged spec, and after a one-line change) against
// the underlying CLI tools run one after another, and where the time goes.
import { join, resolve } from 'node:path';
import type { BenchContext } from '../lib/context.js';
import { ROOT } from '../lib/proc.js';
import {
  type Baselines,
  measureRegenerate,
  processBaselines,
  type RegenerateTimes,
} from '../lib/regenerate.js';
import { type Figure, figure, type Section } from '../lib/results.js';
import { median, pairedRatio } from '../lib/stats.js';

/** The rows shared by sections 4 and 6: each way of regenerating, as a ratio to the tools run directly. */
export function regenerateFigures(t: RegenerateTimes, suffix: string, withTarget: boolean): Figure[] {
  const tools = `CLI tools in sequence${suffix}`;
  const vs = (runs: number[]) => pairedRatio(runs, t.tools);
  const share = (runs: number[]) => median(runs) / median(t.tools);
  const unchanged = vs(t.npmUnchanged);
  const changed = vs(t.npmChanged);
  const target = (ratio: number) =>
    withTarget ? { target: { text: '<= 1.0x the tools run directly', met: ratio <= 1 } } : {};
  const rows = [
    figure(tools, 'wall time', 'ms', t.tools, { baseline: tools, ratio: 1 }),
    figure(`  redocly lint${suffix}`, 'wall time', 'ms', t.lint, { baseline: tools, ratio: share(t.lint) }),
    figure(`  redocly bundle${suffix}`, 'wall time', 'ms', t.bundle, {
      baseline: tools,
      ratio: share(t.bundle),
    }),
    figure(`  openapi-typescript${suffix}`, 'wall time', 'ms', t.types, {
      baseline: tools,
      ratio: share(t.types),
    }),
    figure(`npm run generate, unchanged spec${suffix}`, 'wall time', 'ms', t.npmUnchanged, {
      baseline: tools,
      ratio: unchanged,
      ...target(unchanged),
    }),
    figure(`npm run generate, one-line change${suffix}`, 'wall time', 'ms', t.npmChanged, {
      baseline: tools,
      ratio: changed,
      ...target(changed),
    }),
    figure(
      `node --import tsx scripts/generate.ts (what npm runs)${suffix}`,
      'wall time',
      'ms',
      t.nodeImport,
      {
        baseline: tools,
        ratio: vs(t.nodeImport),
      },
    ),
    figure(
      `tsx scripts/generate.ts (tsx CLI, the earlier npm script)${suffix}`,
      'wall time',
      'ms',
      t.direct,
      {
        baseline: tools,
        ratio: vs(t.direct),
      },
    ),
    figure(`node scripts/generate.js (compiled to JS, no tsx)${suffix}`, 'wall time', 'ms', t.compiled, {
      baseline: tools,
      ratio: vs(t.compiled),
    }),
  ];
  // Variants a section did not run have no runs: leave them out rather than print n/a.
  return rows.filter((f) => f.runs.length > 0);
}

/** "Where the time goes" for `npm run generate`: one entry per layer and phase, in milliseconds. */
export function breakdown(t: RegenerateTimes, base: Baselines): string {
  const npm = median(t.npmUnchanged) - median(t.nodeImport);
  const node = median(base.node);
  const loader = median(base.nodeTsx) - node;
  const phases = Object.entries(t.phases).filter(([k]) => k !== 'problems' && k !== 'outputChars');
  const accounted = npm + node + loader + phases.reduce((n, [, v]) => n + v, 0);
  const rest = median(t.npmUnchanged) - accounted;
  return [
    `npm itself ${Math.round(npm)} ms`,
    `node start ${Math.round(node)} ms`,
    `tsx loader start ${Math.round(loader)} ms`,
    ...phases.map(([k, v]) => `${k} (under tsx) ${Math.round(v)} ms`),
    `rest (transpiling scripts/, emitting operations.ts, writing, exit) ${Math.round(rest)} ms`,
  ].join(' · ');
}

/** Runs section 4 on the repository's openapi.yaml (copied: the repo's files are never touched). */
export async function regenerate(ctx: BenchContext): Promise<Section & { times: RegenerateTimes }> {
  const { warmups, runs } = ctx.config.regenerate;
  const spec = resolve(ROOT, 'openapi.yaml');
  const times = await measureRegenerate(ctx, 'openapi.yaml', spec, join(ctx.tmp, 'regen-real'), {
    warmups,
    runs,
  });
  const base = await processBaselines(Math.max(3, runs));
  const tools = 'CLI tools in sequence';
  const startup = (subject: string, values: number[]) =>
    figure(subject, 'wall time', 'ms', values, {
      baseline: tools,
      ratio: median(values) / median(times.tools),
    });
  const work = ['lint', 'bundle', 'openapi-typescript (AST + print)', 'serialize openapi.json']
    .map((k) => times.phases[k] ?? 0)
    .reduce((a, b) => a + b, 0);
  return {
    id: 'regenerate',
    title: '4. Regenerate time',
    method: `Wall time from spawn to exit. "npm run generate" = \`npm run generate -- --spec <copy> --out <temp>\` on a temporary copy of openapi.yaml (the repo's generated/ is never touched): "unchanged" regenerates the same copy again; "one-line change" edits the deleteCustomer summary line of a second copy before each run (the change reaches openapi.json, schema.d.ts and operations.ts). "CLI tools in sequence" = \`redocly lint\`, \`redocly bundle -o openapi.json\`, \`openapi-typescript openapi.json -o schema.d.ts\` from node_modules/.bin, one after another, on the same copy with the same redocly.yaml (the indented rows are its parts). The other rows run the same script without npm: as npm runs it, through the tsx CLI, and compiled to JavaScript by esbuild (no tsx). ${warmups} warm-up round(s), ${runs} measured rounds, order rotated per round; ratios are medians of per-round ratios. Phases come from bench/phases/generate-phases.ts (the script's library calls, timed in one \`node --import tsx\` process, median of up to 3 runs).`,
    figures: [
      ...regenerateFigures(times, '', true),
      startup('node -e 0', base.node),
      startup('node --import tsx -e 0', base.nodeTsx),
      startup('tsx -e 0', base.tsxCli),
    ],
    notes: [
      `Where the time of \`npm run generate\` (${Math.round(median(times.npmUnchanged))} ms) goes: ${breakdown(times, base)}.`,
      `The work itself (lint, bundle, types, serialize) is ${Math.round(work)} ms; the rest is starting processes and loading modules. The tools in sequence start three node processes but load prebuilt JavaScript; the script starts one, but npm and tsx's loader come on top, and tsx's loader also sees every module the script imports.`,
    ],
    times,
  };
}
