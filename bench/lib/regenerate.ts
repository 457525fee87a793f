// Measures regeneration of one spec: `npm run generate` on an unchanged spec and after a one-line
// change, the same script without npm, and the underlying CLI tools run one after another.
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { compiledTree } from './compile.js';
import type { BenchContext } from './context.js';
import { ROOT, timeCommandOk } from './proc.js';
import { median } from './stats.js';

const BIN = (name: string) => resolve(ROOT, 'node_modules', '.bin', name);
const CONFIG = resolve(ROOT, 'redocly.yaml');

/** Timings of one spec's regeneration, every list one entry per measured run (ms). */
export interface RegenerateTimes {
  npmUnchanged: number[];
  npmChanged: number[];
  /** `tsx scripts/generate.ts`: the script through the tsx CLI (a second node process). */
  direct: number[];
  /** `node --import tsx scripts/generate.ts`: what `npm run generate` runs. */
  nodeImport: number[];
  /** `node <compiled>/scripts/generate.js`: the same script compiled to JavaScript, no tsx at all. */
  compiled: number[];
  tools: number[];
  lint: number[];
  bundle: number[];
  types: number[];
  phases: Record<string, number>;
}

/** The ways of regenerating that one round measures, in their first-round order. */
export const VARIANTS = ['npmUnchanged', 'npmChanged', 'direct', 'nodeImport', 'compiled', 'tools'] as const;
/** One way of regenerating. */
export type Variant = (typeof VARIANTS)[number];

/** The line changed before each "one-line change" run: an operation summary (it reaches all three outputs). */
const CHANGE_LINE = /^(\s*summary: Delete an individual customer)(.*)$/m;

/**
 * Measures regeneration of the spec at `specPath` (copied into `dir`, never edited in place), with
 * `runs` interleaved measured rounds after `warmups` unmeasured ones.
 */
export async function measureRegenerate(
  ctx: BenchContext,
  label: string,
  specPath: string,
  dir: string,
  rounds: { warmups: number; runs: number; variants?: readonly Variant[]; phaseRuns?: number },
): Promise<RegenerateTimes> {
  const ext = specPath.endsWith('.json') ? 'json' : 'yaml';
  await mkdir(join(dir, 'tools'), { recursive: true });
  const fixed = join(dir, `unchanged.${ext}`);
  const edited = join(dir, `edited.${ext}`);
  await cp(specPath, fixed);
  await cp(specPath, edited);
  const original = await readFile(edited, 'utf8');
  if (!CHANGE_LINE.test(original))
    throw new Error(`bench: ${specPath} has no "summary: Delete an individual customer" line to change`);

  const times: RegenerateTimes = {
    npmUnchanged: [],
    npmChanged: [],
    direct: [],
    nodeImport: [],
    compiled: [],
    tools: [],
    lint: [],
    bundle: [],
    types: [],
    phases: {},
  };
  const generateArgs = (spec: string, out: string) => ['--spec', spec, '--out', out, '--config', CONFIG];
  let edits = 0;
  const steps: Record<Variant, () => Promise<number>> = {
    npmUnchanged: async () =>
      (
        await timeCommandOk('npm', [
          'run',
          'generate',
          '--',
          ...generateArgs(fixed, join(dir, 'out-unchanged')),
        ])
      ).ms,
    npmChanged: async () => {
      edits++;
      await writeFile(edited, original.replace(CHANGE_LINE, `$1 (revision ${edits})$2`));
      return (
        await timeCommandOk('npm', [
          'run',
          'generate',
          '--',
          ...generateArgs(edited, join(dir, 'out-edited')),
        ])
      ).ms;
    },
    direct: async () =>
      (
        await timeCommandOk(BIN('tsx'), [
          'scripts/generate.ts',
          ...generateArgs(fixed, join(dir, 'out-direct')),
        ])
      ).ms,
    nodeImport: async () =>
      (
        await timeCommandOk(process.execPath, [
          '--import',
          'tsx',
          'scripts/generate.ts',
          ...generateArgs(fixed, join(dir, 'out-node')),
        ])
      ).ms,
    compiled: async () => {
      const script = join(await compiledTree(ctx.localTmp), 'scripts', 'generate.js');
      return (
        await timeCommandOk(process.execPath, [script, ...generateArgs(fixed, join(dir, 'out-compiled'))])
      ).ms;
    },
    tools: async () => {
      const lint = await timeCommandOk(BIN('redocly'), ['lint', fixed, '--config', CONFIG]);
      const bundle = await timeCommandOk(BIN('redocly'), [
        'bundle',
        fixed,
        '--config',
        CONFIG,
        '--output',
        join(dir, 'tools', 'openapi.json'),
      ]);
      // cwd = the output folder, so openapi-typescript does not pick up the repo's redocly.yaml `apis`.
      const types = await timeCommandOk(BIN('openapi-typescript'), ['openapi.json', '-o', 'schema.d.ts'], {
        cwd: join(dir, 'tools'),
      });
      times.lint.push(lint.ms);
      times.bundle.push(bundle.ms);
      times.types.push(types.ms);
      return lint.ms + bundle.ms + types.ms;
    },
  };
  const order = rounds.variants ?? VARIANTS;
  for (let w = 0; w < rounds.warmups; w++) {
    for (const step of order) await steps[step]();
    times.lint.length = 0;
    times.bundle.length = 0;
    times.types.length = 0;
  }
  for (let r = 0; r < rounds.runs; r++) {
    for (let i = 0; i < order.length; i++) {
      const step = order[(r + i) % order.length] as Variant;
      ctx.log(`regenerate (${label}): round ${r + 1}/${rounds.runs} ${step}`);
      times[step].push(await steps[step]());
    }
  }

  const phaseRuns: Record<string, number>[] = [];
  for (let r = 0; r < (rounds.phaseRuns ?? Math.max(1, Math.min(rounds.runs, 3))); r++) {
    const run = await timeCommandOk(process.execPath, [
      '--import',
      'tsx',
      'bench/phases/generate-phases.ts',
      fixed,
      CONFIG,
    ]);
    phaseRuns.push(JSON.parse(run.stdout) as Record<string, number>);
  }
  for (const key of Object.keys(phaseRuns[0] ?? {})) {
    times.phases[key] = median(phaseRuns.map((p) => p[key] ?? Number.NaN));
  }
  return times;
}

/** Start-up costs every command pays, for "where the time goes" (ms per run). */
export interface Baselines {
  /** `node -e 0`. */
  node: number[];
  /** `node --import tsx -e 0`: node plus tsx's loader (how the npm scripts run TypeScript). */
  nodeTsx: number[];
  /** `tsx -e 0`: the tsx CLI, which starts a second node process. */
  tsxCli: number[];
}

/** Measures {@link Baselines}, `runs` times each, interleaved. */
export async function processBaselines(runs: number): Promise<Baselines> {
  const out: Baselines = { node: [], nodeTsx: [], tsxCli: [] };
  for (let r = 0; r < runs; r++) {
    out.node.push((await timeCommandOk(process.execPath, ['-e', '0'])).ms);
    out.nodeTsx.push((await timeCommandOk(process.execPath, ['--import', 'tsx', '-e', '0'])).ms);
    out.tsxCli.push((await timeCommandOk(BIN('tsx'), ['-e', '0'])).ms);
  }
  return out;
}
