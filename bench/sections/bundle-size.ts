// Section 3: minified + gzipped size of an app calling one operation with this client, with bare
// openapi-fetch, and with fetch alone, each bundled by esbuild for the browser.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type { BenchContext } from '../lib/context.js';
import { ROOT } from '../lib/proc.js';
import { figure, type Section } from '../lib/results.js';

const APPS = {
  'this client': 'bench/apps/with-client.ts',
  'openapi-fetch': 'bench/apps/with-openapi-fetch.ts',
  'raw fetch': 'bench/apps/with-fetch.ts',
} as const;

const ESBUILD = {
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  write: false,
  legalComments: 'none',
  absWorkingDir: ROOT,
} as const;

/** Bundles one app and returns its minified and gzipped (level 9) sizes in bytes, and what went in. */
async function sizeOf(entry: string): Promise<{ min: number; gz: number; inputs: Record<string, number> }> {
  const out = await build({ ...ESBUILD, entryPoints: [entry], metafile: true, outfile: 'app.js' });
  const file = out.outputFiles[0];
  if (!file) throw new Error(`bench: esbuild produced nothing for ${entry}`);
  const output = Object.values(out.metafile.outputs)[0];
  const inputs = Object.fromEntries(
    Object.entries(output?.inputs ?? {}).map(([name, v]) => [name, v.bytesInOutput]),
  );
  return { min: file.contents.length, gz: gzipSync(file.contents, { level: 9 }).length, inputs };
}

/** Runs section 3 (deterministic: one build each is the measurement). */
export async function bundleSize(_ctx: BenchContext): Promise<Section> {
  const sizes = {
    'this client': await sizeOf(APPS['this client']),
    'openapi-fetch': await sizeOf(APPS['openapi-fetch']),
    'raw fetch': await sizeOf(APPS['raw fetch']),
  };
  const ours = sizes['this client'];
  const bare = sizes['openapi-fetch'];
  const added = ours.gz - bare.gz;
  const biggest = Object.entries(ours.inputs)
    .filter(([name]) => !(name in bare.inputs))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([name, bytes]) => `${name} ${bytes} B`)
    .join(', ');
  return {
    id: 'bundle-size',
    title: '3. Bundle size',
    method: `esbuild ${JSON.stringify({ bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2022' })}, gzip level 9 (node:zlib). Apps: ${Object.values(APPS).join(', ')}; each creates a client and calls deleteCustomer once. Builds are deterministic, so one build each is the figure.`,
    figures: [
      figure('raw fetch app', 'minified + gzipped', 'B', [sizes['raw fetch'].gz], {
        baseline: 'openapi-fetch app',
        ratio: sizes['raw fetch'].gz / bare.gz,
      }),
      figure('openapi-fetch app', 'minified + gzipped', 'B', [bare.gz], {
        baseline: 'openapi-fetch app',
        ratio: 1,
      }),
      figure('this client app', 'minified + gzipped', 'B', [ours.gz], {
        baseline: 'openapi-fetch app',
        ratio: ours.gz / bare.gz,
      }),
      figure('this client app - openapi-fetch app', 'added, gzipped', 'B', [added], {
        target: { text: '<= 2048 B (2 KB) added', met: added <= 2048 },
      }),
      figure('openapi-fetch app', 'minified', 'B', [bare.min], { baseline: 'openapi-fetch app', ratio: 1 }),
      figure('this client app', 'minified', 'B', [ours.min], {
        baseline: 'openapi-fetch app',
        ratio: ours.min / bare.min,
      }),
    ],
    notes: [
      `Largest inputs only the client app contains (minified bytes in the bundle): ${biggest || 'none'}.`,
    ],
  };
}
