// Regenerate time: wall time of `npm run generate` (unchanged spec, and after a one-line change;
// TypeScript types, the bundled JSON and the Python and Go clients) against the CLI tools it stands
// for, run one after another.
import { join, resolve } from 'node:path';
import type { BenchContext } from '../lib/context.js';
import { ROOT } from '../lib/proc.js';
import { measureRegenerate, type RegenerateTimes, TOOL_NAMES } from '../lib/regenerate.js';
import { type Figure, figure, type Section } from '../lib/results.js';
import { median, pairedRatio } from '../lib/stats.js';

/** The rows shared by the regenerate and scale sections: each way of regenerating, as a ratio to the tools. */
export function regenerateFigures(t: RegenerateTimes, suffix: string, withTarget: boolean): Figure[] {
  const tools = `CLI tools in sequence${suffix}`;
  const unchanged = pairedRatio(t.npmUnchanged, t.tools);
  const changed = pairedRatio(t.npmChanged, t.tools);
  const withChange = t.npmChanged.length > 0;
  const target = (ratio: number) =>
    withTarget ? { target: { text: '<= 1.0x the tools run directly', met: ratio <= 1 } } : {};
  return [
    figure(tools, 'wall time', 'ms', t.tools, { baseline: tools, ratio: 1 }),
    ...TOOL_NAMES.filter((name) => t.parts[name]).map((name) =>
      figure(`  ${name}${suffix}`, 'wall time', 'ms', t.parts[name] as number[], {
        baseline: tools,
        ratio: median(t.parts[name] as number[]) / median(t.tools),
      }),
    ),
    figure(`npm run generate, unchanged spec${suffix}`, 'wall time', 'ms', t.npmUnchanged, {
      baseline: tools,
      ratio: unchanged,
      ...target(unchanged),
    }),
    ...(withChange
      ? [
          figure(`npm run generate, one-line change${suffix}`, 'wall time', 'ms', t.npmChanged, {
            baseline: tools,
            ratio: changed,
            ...target(changed),
          }),
        ]
      : []),
  ];
}

/** The method text shared with the scale section. */
export const REGENERATE_METHOD = `Wall time from spawn to exit. "npm run generate" = \`npm run generate -- --spec <copy>/openapi.yaml --out <temp> --config redocly.yaml --ruleset .spectral.yaml\` on a temporary copy of the spec (the repo's generated/ is never touched; every copy is named openapi.yaml because .spectral.yaml's exceptions are keyed to that name): it checks the source, lints with Redocly and Spectral (Spectral in its own process, alongside the rest), bundles, and runs its emitters (openapi.json, schema.d.ts, operations.ts, and sdkPackages: one \`redocly generate-client --generator python --generator go\` run, packaged), then switches the output in. "unchanged" regenerates the same copy again; "one-line change" edits the deleteCustomer summary line of a second copy before each run (the change reaches every output). "CLI tools in sequence" = ${TOOL_NAMES.map((n) => `\`${n}\``).join(', ')} from node_modules/.bin, one after another, on the same copy with the same redocly.yaml and .spectral.yaml (the indented rows are its parts; the generate-client runs are the Python and Go clients npm run generate also writes). Rounds are interleaved, order rotated per round; ratios are medians of per-round ratios.`;

/** Runs the regenerate section on the repository's openapi.yaml (copied: the repo's files are never touched). */
export async function regenerate(ctx: BenchContext): Promise<Section & { times: RegenerateTimes }> {
  const { warmups, runs } = ctx.config.regenerate;
  const spec = resolve(ROOT, 'openapi.yaml');
  const times = await measureRegenerate(ctx, 'openapi.yaml', spec, join(ctx.tmp, 'regen-real'), {
    warmups,
    runs,
  });
  return {
    id: 'regenerate',
    title: 'Regenerate time',
    method: `${REGENERATE_METHOD} ${warmups} warm-up round(s), ${runs} measured rounds.`,
    figures: regenerateFigures(times, '', true),
    notes: [],
    times,
  };
}
