// npm run generate: openapi.yaml -> generated/ (openapi.json, schema.d.ts, operations.ts and whatever
// else scripts/generate/emitters.ts lists). npm run check:generated: the same, compared with
// generated/ instead of written.
//
// In order: a bounded read of the spec that refuses alias bombs, empty files, remote $refs and $ref
// cycles (scripts/generate/source.ts); Redocly with redocly.yaml and Spectral with .spectral.yaml,
// the same gates as npm test; then every emitter writes into a temporary directory beside generated/,
// which one switch makes current (scripts/generate/output.ts). Any problem: `file:LINE:COL message`,
// "nothing was written", exit 1; generated/ stays as it was.
import { existsSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { runCommand, UsageError } from '../src/cli/args.js';
import type { LocatedProblem } from './generate/lint.js';

/** The repository: the nearest folder above this script holding redocly.yaml (also when compiled elsewhere inside it). */
function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'redocly.yaml')) && existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '..');
  }
}
const ROOT = findRoot(import.meta.dirname);

const command = {
  name: 'npm run generate',
  usage: `Usage: npm run generate -- [flags]
       npm run check:generated

Lints the spec (Redocly and Spectral, as npm test does), then writes generated/ as one set.

Flags:
  --spec PATH           the OpenAPI document (default openapi.yaml)
  --out DIR             the directory to write (default generated)
  --config PATH         Redocly config (default the repository's redocly.yaml)
  --ruleset PATH        Spectral ruleset (default the repository's .spectral.yaml)
  --check               write nothing; list every stale, missing or extra file and exit 1 if any
  --allow-remote-refs   let $refs to http(s) URLs be fetched (refused by default)
  --help                print this help`,
  flags: {
    spec: { type: 'string' },
    out: { type: 'string' },
    config: { type: 'string' },
    ruleset: { type: 'string' },
    check: { type: 'boolean' },
    'allow-remote-refs': { type: 'boolean' },
  },
} as const;

/**
 * Test hook: with GENERATE_PAUSE_AT=STEP the run prints `paused at STEP` and blocks there, so a
 * test can SIGKILL it at that exact point. Steps: locked, checked, linted, emitted:NAME,
 * before-switch, between-renames, after-switch.
 */
function pause(step: string): void {
  if (process.env.GENERATE_PAUSE_AT !== step) return;
  writeSync(2, `paused at ${step}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}

/** A failure after which generated/ is exactly as it was. */
class NothingWritten extends Error {}

function formatProblem(p: LocatedProblem): string {
  return `${p.file}:${p.line}:${p.col} ${p.message} (${p.rule})`;
}

function refuse(specPath: string, problems: LocatedProblem[], what: string): never {
  for (const p of problems) console.error(`${formatProblem(p)}${p.severity === 'warn' ? ' [warning]' : ''}`);
  const count = problems.length === 1 ? `1 ${what}` : `${problems.length} ${what}s`;
  throw new NothingWritten(
    `${specPath}: ${count}; nothing was written. Fix ${problems.length === 1 ? 'it' : 'them'} and run npm run generate again.`,
  );
}

process.exitCode = await runCommand(command, process.argv.slice(2), async ({ values }) => {
  // Loaded here, not above, so --help and a usage error answer at once.
  const [
    { bundle, loadConfig },
    { emitContext, emitters },
    { lintSpec, spectralLint },
    output,
    { checkSource },
  ] = await Promise.all([
    import('@redocly/openapi-core'),
    import('./generate/emitters.js'),
    import('./generate/lint.js'),
    import('./generate/output.js'),
    import('./generate/source.js'),
  ]);
  const { commit, display, freshTemp, lock, outputPaths, recover, removeStaleTemporaries } = output;
  const specPath = values.spec || 'openapi.yaml';
  const out = values.out || 'generated';
  const config = values.config || path.join(ROOT, 'redocly.yaml');
  const ruleset = values.ruleset || path.join(ROOT, '.spectral.yaml');
  const check = values.check === true;
  // The output directory is replaced whole: it must not hold the spec, the repository or this folder.
  const target = path.resolve(out);
  for (const kept of [path.resolve(specPath), ROOT, process.cwd()]) {
    if (kept === target || kept.startsWith(`${target}${path.sep}`)) {
      throw new UsageError(
        `--out ${out} would replace ${path.relative(process.cwd(), kept) || '.'}; pass a directory of its own`,
      );
    }
  }
  const paths = outputPaths(out);

  let release: (() => void) | undefined;
  if (check) {
    removeStaleTemporaries(out);
  } else {
    release = await lock(paths);
    pause('locked');
    for (const note of recover(out)) console.log(note);
  }
  let wroteTemp = false;
  let switched = false;
  // Ctrl-C or a polite kill: leave nothing behind (a signal never lands between the two renames,
  // which run synchronously). SIGKILL cannot be caught; the next run cleans up after it.
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(signal, () => {
      if (wroteTemp) rmSync(paths.tmp, { recursive: true, force: true });
      release?.();
      console.error(
        `npm run generate: ${signal}; ${switched ? `${out}/ had already been replaced` : 'nothing was written'}.`,
      );
      process.exit(code);
    });
  }
  try {
    const sourceProblems = await checkSource(specPath, {
      allowRemoteRefs: values['allow-remote-refs'] === true,
    });
    if (sourceProblems.length > 0) refuse(specPath, sourceProblems, 'source problem');
    pause('checked');

    // Spectral runs in its own process while Redocly lints, bundles and the emitters write here.
    const spectral = spectralLint(specPath, ruleset).then(
      (problems) => ({ problems }),
      (error: Error) => ({ error }),
    );
    const redocly = await loadConfig({ configPath: config }).catch((error: Error) => {
      throw new Error(`${config}: ${error.message}`);
    });
    const lintProblems = await lintSpec(specPath, redocly);
    if (lintProblems.length > 0) {
      const other = await spectral;
      refuse(specPath, [...lintProblems, ...('problems' in other ? other.problems : [])], 'lint problem');
    }
    pause('linted');

    const { bundle: doc } = await bundle({ ref: specPath, config: redocly });
    const { openapi, ...rest } = doc.parsed as Record<string, unknown>;
    const source = path.basename(specPath);
    const notice = `Generated by \`npm run generate\` from ${source}. Do not edit: change ${source} and run npm run generate.`;
    const spec = { openapi, 'x-generated': notice, ...rest };

    const dir = await freshTemp(paths);
    wroteTemp = true;
    const ctx = emitContext({ spec, specPath, dir, root: ROOT, notice });
    for (const emitter of emitters) {
      try {
        await emitter(ctx);
      } catch (error) {
        throw new NothingWritten(
          `${specPath}: the ${emitter.name || 'unnamed'} emitter failed: ${(error as Error).message}; nothing was written.`,
        );
      }
      pause(`emitted:${emitter.name}`);
    }

    const linted = await spectral;
    if ('error' in linted)
      throw new NothingWritten(`${specPath}: ${linted.error.message}; nothing was written.`);
    if (linted.problems.length > 0) refuse(specPath, linted.problems, 'Spectral problem');
    pause('before-switch');

    if (check) return await report(output, paths.out, dir, specPath);
    commit(paths, pause);
    wroteTemp = false;
    switched = true;
    console.log(`Wrote ${display(paths.out)}/ from ${specPath} (${emitters.map((e) => e.name).join(', ')}).`);
    return 0;
  } catch (error) {
    if (error instanceof NothingWritten) throw error;
    // Whatever failed (a tool, the disk), name the spec and say that generated/ is as it was.
    const message = error instanceof Error ? error.message : String(error);
    throw new NothingWritten(`${specPath}: ${message}; nothing was written.`);
  } finally {
    if (wroteTemp) rmSync(paths.tmp, { recursive: true, force: true });
    release?.();
  }
});

async function report(
  { compareTrees, display, interruptedSwitch }: typeof import('./generate/output.js'),
  out: string,
  dir: string,
  specPath: string,
): Promise<number> {
  const parked = interruptedSwitch(out);
  if (parked) {
    console.error(
      `${display(out)}/ is missing: a run of npm run generate was killed while switching (the previous set is in ${display(parked)}). Run npm run generate to restore and regenerate it.`,
    );
    return 1;
  }
  const drift = await compareTrees(dir, out);
  const lines = [
    ...drift.stale.map((f) => `  ${display(path.join(out, f))}`),
    ...drift.missing.map((f) => `  ${display(path.join(out, f))} (missing)`),
    ...drift.extra.map((f) => `  ${display(path.join(out, f))} (extra: ${specPath} produces no such file)`),
  ];
  if (lines.length === 0) {
    console.log(`${display(out)}/ is up to date with ${specPath}.`);
    return 0;
  }
  console.error(`${display(out)}/ is stale: it differs from what ${specPath} produces:`);
  for (const line of lines) console.error(line);
  console.error('Fix: run `npm run generate` and commit the result. Never edit generated files by hand.');
  return 1;
}
