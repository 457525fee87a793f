// Compiles the repo's TypeScript (src/, generated/, scripts/) to JavaScript under the run's local
// temporary folder, file by file with the same layout, so start-up and regenerate can be measured
// under plain node, without tsx, beside the tsx runs: the difference is what tsx costs.
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { ROOT } from './proc.js';

const compiled = new Map<string, Promise<string>>();

async function compile(outdir: string): Promise<string> {
  const sources = (
    await Promise.all(
      ['src', 'generated', 'scripts'].map(async (top) =>
        (await readdir(join(ROOT, top), { recursive: true })).map((f) => join(top, f)),
      ),
    )
  ).flat();
  await build({
    absWorkingDir: ROOT,
    entryPoints: sources.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')),
    outbase: '.',
    outdir,
    bundle: false,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Node 20.10+ understands `with { type: 'json' }`; esbuild would drop it for a node20 target.
    supported: { 'import-attributes': true },
    logLevel: 'warning',
  });
  // Data files the code reads beside itself (fixtures, the bundled spec).
  for (const file of sources.filter((f) => f.endsWith('.json') && !f.startsWith('scripts'))) {
    await mkdir(dirname(join(outdir, file)), { recursive: true });
    await copyFile(join(ROOT, file), join(outdir, file));
  }
  return outdir;
}

/**
 * The folder holding the compiled tree (`<dir>/scripts/sandbox.js`, `<dir>/scripts/generate.js`, ...),
 * compiled once per `localTmp`. node_modules resolve from the repo because the folder is inside it.
 */
export function compiledTree(localTmp: string): Promise<string> {
  let done = compiled.get(localTmp);
  if (!done) {
    done = compile(join(localTmp, 'js'));
    compiled.set(localTmp, done);
  }
  return done;
}
