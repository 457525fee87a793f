// Measures regeneration of one spec: `npm run generate` on an unchanged spec and after a one-line
// change, against the CLI tools it stands for run one after another.
//
// Every copy of the spec is named openapi.yaml (in a folder of its own): the exceptions in
// .spectral.yaml are keyed to `openapi.yaml#/...`, so a copy under another name would fail the
// Spectral gate that npm run generate applies.
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { BenchContext } from './context.js';
import { ROOT, timeCommandOk } from './proc.js';

const BIN = (name: string) => resolve(ROOT, 'node_modules', '.bin', name);
const CONFIG = resolve(ROOT, 'redocly.yaml');
const RULESET = resolve(ROOT, '.spectral.yaml');

/** Timings of one spec's regeneration, every list one entry per measured run (ms). */
export interface RegenerateTimes {
  npmUnchanged: number[];
  npmChanged: number[];
  /** The tools in sequence, and each tool alone (same runs). */
  tools: number[];
  parts: Record<string, number[]>;
}

/** The ways of regenerating that one round measures, in their first-round order. */
export const VARIANTS = ['npmUnchanged', 'npmChanged', 'tools'] as const;
/** One way of regenerating. */
export type Variant = (typeof VARIANTS)[number];

/** The line changed before each "one-line change" run: an operation summary (it reaches every output). */
const CHANGE_LINE = /^(\s*summary: Delete an individual customer)(.*)$/m;

/**
 * The tools `npm run generate` stands for (scripts/generate.ts and its emitters), each a separate CLI
 * run: the two lint gates (Redocly with redocly.yaml, Spectral with .spectral.yaml), the bundle
 * (openapiJson), the types (schemaTypes), and the other-language clients of the sdkPackages emitter
 * (`redocly generate-client openapi.json --generator python`, then `--generator go`). The
 * operations.ts emitter and the packaging around the two clients have no CLI counterpart.
 */
function toolSteps(spec: string, out: string): [string, string, string[], { cwd?: string }][] {
  return [
    ['redocly lint', BIN('redocly'), ['lint', spec, '--config', CONFIG], {}],
    [
      'spectral lint',
      BIN('spectral'),
      ['lint', spec, '--ruleset', RULESET, '--fail-severity', 'hint', '--quiet'],
      {},
    ],
    [
      'redocly bundle',
      BIN('redocly'),
      ['bundle', spec, '--config', CONFIG, '--output', join(out, 'openapi.json')],
      {},
    ],
    // cwd = the output folder, so no tool picks up the repo's redocly.yaml `apis`.
    ['openapi-typescript', BIN('openapi-typescript'), ['openapi.json', '-o', 'schema.d.ts'], { cwd: out }],
    [
      'redocly generate-client openapi.json --generator python',
      BIN('redocly'),
      ['generate-client', 'openapi.json', '--generator', 'python', '--output', join('python', 'client.ts')],
      { cwd: out },
    ],
    [
      'redocly generate-client openapi.json --generator go',
      BIN('redocly'),
      ['generate-client', 'openapi.json', '--generator', 'go', '--output', join('go', 'client.ts')],
      { cwd: out },
    ],
  ];
}

/** The names of the tool steps, in order. */
export const TOOL_NAMES = toolSteps('x', 'x').map(([name]) => name);

/**
 * Measures regeneration of the spec at `specPath` (copied into `dir`, never edited in place), with
 * `runs` interleaved measured rounds after `warmups` unmeasured ones, of the given `variants`.
 */
export async function measureRegenerate(
  ctx: BenchContext,
  label: string,
  specPath: string,
  dir: string,
  rounds: { warmups: number; runs: number },
  variants: readonly Variant[] = VARIANTS,
): Promise<RegenerateTimes> {
  await mkdir(join(dir, 'tools'), { recursive: true });
  const fixed = join(dir, 'unchanged', 'openapi.yaml');
  const edited = join(dir, 'edited', 'openapi.yaml');
  await mkdir(join(dir, 'unchanged'), { recursive: true });
  await mkdir(join(dir, 'edited'), { recursive: true });
  await cp(specPath, fixed);
  await cp(specPath, edited);
  const original = await readFile(edited, 'utf8');
  if (!CHANGE_LINE.test(original))
    throw new Error(`bench: ${specPath} has no "summary: Delete an individual customer" line to change`);

  const times: RegenerateTimes = { npmUnchanged: [], npmChanged: [], tools: [], parts: {} };
  const generate = (spec: string, out: string) =>
    timeCommandOk('npm', [
      'run',
      'generate',
      '--',
      '--spec',
      spec,
      '--out',
      out,
      '--config',
      CONFIG,
      '--ruleset',
      RULESET,
    ]);
  let edits = 0;
  let measuring = false;
  const steps: Record<Variant, () => Promise<number>> = {
    npmUnchanged: async () => (await generate(fixed, join(dir, 'out-unchanged'))).ms,
    npmChanged: async () => {
      edits++;
      await writeFile(edited, original.replace(CHANGE_LINE, `$1 (revision ${edits})$2`));
      return (await generate(edited, join(dir, 'out-edited'))).ms;
    },
    tools: async () => {
      let total = 0;
      for (const [name, bin, args, options] of toolSteps(fixed, join(dir, 'tools'))) {
        const { ms } = await timeCommandOk(bin, args, options);
        total += ms;
        if (measuring) times.parts[name] = [...(times.parts[name] ?? []), ms];
      }
      return total;
    },
  };
  for (let w = 0; w < rounds.warmups; w++) for (const step of variants) await steps[step]();
  measuring = true;
  for (let r = 0; r < rounds.runs; r++) {
    for (let i = 0; i < variants.length; i++) {
      const step = variants[(r + i) % variants.length] as Variant;
      ctx.log(`regenerate (${label}): round ${r + 1}/${rounds.runs} ${step}`);
      times[step].push(await steps[step]());
    }
  }
  return times;
}
