// Bundles the page script (src/docs/page/main.ts, which imports this project's browser client from
// src/client) into one minified IIFE with esbuild, to be inlined into the docs page. esbuild is the
// bundler the bench already uses for the client's bundle size; no second bundler is needed.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'main.ts');

/** The page script as one self-contained classic script (no imports, no network). */
export async function bundlePageScript(): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const text = result.outputFiles[0]?.text ?? '';
  // Inlined in HTML: a literal "</script" would end the element early.
  return text.replaceAll('</script', '<\\/script');
}
