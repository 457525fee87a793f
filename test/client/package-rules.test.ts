// The client's portability rules, checked on its source: ESM that runs in browsers (no node:
// imports, no Ajv, no JSON imports), openapi-fetch the only dependency it imports, and a version
// constant that matches package.json.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { expect, test } from 'vitest';
import { CLIENT_ID, PACKAGE_NAME, PACKAGE_VERSION } from '../../src/client/version.js';

const root = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  dependencies: Record<string, string>;
};
const sources = ['src/client', 'generated']
  .flatMap((dir) => readdirSync(path.join(root, dir)).map((f) => path.join(dir, f)))
  .filter((f) => f.endsWith('.ts'));

test('the announced name and version are package.json', () => {
  expect([PACKAGE_NAME, PACKAGE_VERSION]).toEqual([pkg.name, pkg.version]);
  expect(CLIENT_ID).toBe(`${pkg.name}/${pkg.version}`);
});

// The package's other dependencies serve the sandbox and the conformance suite; the test below
// checks that no client source imports them.
test('openapi-fetch is a runtime dependency', () => {
  expect(Object.keys(pkg.dependencies)).toContain('openapi-fetch');
});

test.each(sources)('%s imports only openapi-fetch and relative modules', (file) => {
  const text = readFileSync(path.join(root, file), 'utf8');
  const specifiers = [...text.matchAll(/\bfrom\s+'([^']+)'|\bimport\s*\(\s*'([^']+)'/g)].map(
    (m) => m[1] ?? m[2],
  );
  for (const specifier of specifiers) {
    expect(specifier === 'openapi-fetch' || specifier?.startsWith('./') || specifier?.startsWith('../')).toBe(
      true,
    );
    expect(specifier).not.toMatch(/^node:|ajv|\.json$|src\/spec/);
  }
});

test('the client bundles for browsers with no Node built-in, under 28 kB minified', async () => {
  const result = await build({
    entryPoints: [path.join(root, 'src/client/index.ts')],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.text ?? '';
  expect(code).toContain('createCustomersClient');
  expect(code).not.toMatch(/\bfrom\s*["']node:|require\(["']node:/);
  expect(code.length).toBeLessThan(28_000); // 24.2 kB today (openapi-fetch included), 9.4 kB gzipped
});
