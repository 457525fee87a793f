// Section 4: wall time of `npm run generate` (unchanged spec, and after a one-line change) against
// the underlying CLI tools run one after another, and where the time goes.
import { join, resolve } from 'node:path';
import type { BenchContext } from '../lib/context.js';
import { ROOT } from '../lib/proc.js';
import { measureRegenerate, processBaselines, type RegenerateTimes } from '../lib/regenerate.js';
import { type Figure, figure, type Section } from '../lib/results.js';
import { median, pairedRatio } from '../lib/stats.js';

/** The rows shared by sections 4 and 6: each way of regenerating, as a ratio to the tools run directly. */
export function regenerateFigures(t: RegenerateTimes, suffix: string, withTarget: boolean): Figure[] {
  const tools = `CLI tools in sequence${suffix}`;
  const vs = (runs: number[]) => pairedRatio(runs, t.tools);
  const unchanged = vs(t.npmUnchanged);
  const changed = vs(t.npmChanged);
  const rows = [
    figure(tools, 'wall time', 'ms', t.tools, { baseline: tools, ratio: 1 }),
    figure(`npm run generate, unchanged spec${suffix}`, 'wall time', 'ms', t.npmUnchanged, {
      baseline: tools,
      ratio: unchanged,
      ...(withTarget && { target: { text: '<= 1.0x the tools run directly', met: unchanged <= 1 } }),
    }),
    figure(`npm run generate, one-line change${suffix}`, 'wall time', 'ms', t.npmChanged, {
      baseline: tools,
      ratio: changed,
      ...(withTarget && { target: { text: '<= 1.0x the tools run directly', met: changed <= 1 } }),
    }),
    figure(`tsx scripts/generate.ts (no npm)${suffix}`, 'wall time', 'ms', t.direct, {
      baseline: tools,
      ratio: vs(t.direct),
    }),
    figure(`  redocly lint${suffix}`, 'wall time', 'ms', t.lint, {
      baseline: tools,
      ratio: median(t.lint) / median(t.tools),
    }),
    figure(`  redocly bundle${suffix}`, 'wall time', 'ms', t.bundle, {
      baseline: tools,
      ratio: median(t.bundle) / median(t.tools),
    }),
    figure(`  openapi-typescript${suffix}`, 'wall time', 'ms', t.types, {
      baseline: tools,
      ratio: median(t.types) / median(t.tools),
    }),
  ];
  if (t.nodeImport.length > 0) {
    rows.splice(
      4,
      0,
      figure(
        `node --import tsx scripts/generate.ts (proposed npm script)${suffix}`,
        'wall time',
        'ms',
        t.nodeImport,
        {
          baseline: tools,
          ratio: vs(t.nodeImport),
        },
      ),
    );
  }
  if (t.compiled.length > 0) {
    rows.splice(
      5,
      0,
      figure(`node scripts/generate.js (compiled, no tsx)${suffix}`, 'wall time', 'ms', t.compiled, {
        baseline: tools,
        ratio: vs(t.compiled),
      }),
    );
  }
  // Variants a section did not run have no runs: leave them out rather than print n/a.
  return rows.filter((f) => f.runs.length > 0);
}

/** "Where the time goes" as one line per phase of `npm run generate`, in milliseconds. */
export function breakdown(t: RegenerateTimes, base: { node: number[]; tsx: number[] }): string {
  const npm = median(t.npmUnchanged) - median(t.direct);
  const node = median(base.node);
  const tsx = median(base.tsx) - node;
  const phases = Object.entries(t.phases).filter(([k]) => k !== 'problems' && k !== 'outputChars');
  const accounted = npm + node + tsx + phases.reduce((n, [, v]) => n + v, 0);
  const rest = median(t.npmUnchanged) - accounted;
  const parts = [
    `npm CLI ${Math.round(npm)} ms`,
    `node start ${Math.round(node)} ms`,
    `tsx start (its own child node + loader) ${Math.round(tsx)} ms`,
    ...phases.map(([k, v]) => `${k} ${Math.round(v)} ms`),
    `rest (TypeScript transpile of scripts/, emitting operations.ts, writes, exit) ${Math.round(rest)} ms`,
  ];
  return parts.join(' · ');
}

/** Runs section 4 on the repository's openapi.yaml (copied: the repo's files are never touched). */
export async function regenerate(ctx: BenchContext): Promise<Section & { times: RegenerateTimes }> {
  const { warmups, runs } = ctx.config.regenerate;
  const times = await measureRegenerate(
    ctx,
    'openapi.yaml',
    resolve(ROOT, 'openapi.yaml'),
    join(ctx.tmp, 'regen-real'),
    {
      warmups,
      runs,
    },
  );
  const base = await processBaselines(Math.max(3, runs));
  const toolsSum = median(times.lint) + median(times.bundle) + median(times.types);
  return {
    id: 'regenerate',
    title: '4. Regenerate time',
    method: `Wall time from spawn to exit. "npm run generate" = \`npm run generate -- --spec <copy> --out <temp>\` on a temporary copy of openapi.yaml: "unchanged" regenerates the same copy again; "one-line change" edits the deleteCustomer summary line of a second copy before each run (the change reaches openapi.json, schema.d.ts and operations.ts). "CLI tools in sequence" = \`redocly lint\`, \`redocly bundle -o openapi.json\`, \`openapi-typescript openapi.json -o schema.d.ts\` from node_modules/.bin, one after another, on the same copy and the same redocly.yaml. ${warmups} warm-up round(s), ${runs} measured rounds, order rotated per round; ratios are medians of per-round ratios. Phases come from bench/phases/generate-phases.ts (the same library calls in one process, median of up to 3 runs).`,
    figures: [
      ...regenerateFigures(times, '', true),
      figure('node -e 0', 'wall time', 'ms', base.node, {
        baseline: 'CLI tools in sequence',
        ratio: median(base.node) / median(times.tools),
      }),
      figure('tsx -e 0', 'wall time', 'ms', base.tsx, {
        baseline: 'CLI tools in sequence',
        ratio: median(base.tsx) / median(times.tools),
      }),
    ],
    notes: [
      `Where the time of \`npm run generate\` (${Math.round(median(times.npmUnchanged))} ms) goes: ${breakdown(times, base)}.`,
      `The tools in sequence pay three Node start-ups and load their own bundled code (${Math.round(toolsSum)} ms in total); the script pays one Node start-up plus npm and tsx, and lints and bundles in one process.`,
    ],
    times,
  };
}
