// The package's conformance command: package.json "bin" points at the compiled bin.js, which keeps
// its shebang and prints the usage (exit 2) when run without flags. Compiled with the same config
// as npm run build, into a private .tmp/ directory so it never races the package test's dist/.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
// Inside the repository (so node_modules resolves) and under the git-ignored .tmp/.
mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
const OUT = mkdtempSync(path.join(ROOT, '.tmp', 'conformance-bin-'));
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  bin?: Record<string, string>;
};
/** The bin target inside our private build (dist/ replaced by OUT). */
const binPath = path.join(OUT, (pkg.bin?.['customers-api-conformance'] ?? '').replace(/^\.\/dist\//, ''));

beforeAll(() => {
  const tsc = path.join(ROOT, 'node_modules', '.bin', 'tsc');
  const built = spawnSync(
    tsc,
    ['-p', 'tsconfig.build.server.json', '--outDir', OUT, '--declaration', 'false'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  expect(built.status, built.stdout + built.stderr).toBe(0);
});

afterAll(() => {
  rmSync(OUT, { recursive: true, force: true });
});

test('package.json declares the customers-api-conformance command at dist/src/conformance/bin.js', () => {
  expect(pkg.bin).toMatchObject({ 'customers-api-conformance': './dist/src/conformance/bin.js' });
});

test('the compiled bin keeps its node shebang', () => {
  expect(readFileSync(binPath, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
});

test.each([
  [[], 2, 'stderr', /^customers-api-conformance: --base-url is required\n\nUsage: /],
  [['--help'], 0, 'stdout', /^Usage: customers-api-conformance --base-url URL/],
  [
    ['--base-url', 'http://127.0.0.1:9', '--bogus'],
    2,
    'stderr',
    /^customers-api-conformance: unknown flag --bogus\n/,
  ],
  [['--base-url', 'http://127.0.0.1:9', '--seed', 'abc'], 2, 'stderr', /: --seed must be an integer/],
  [['--base-url', 'not a url'], 2, 'stderr', /: --base-url must be an http\(s\) URL/],
] as const)('customers-api-conformance %j prints the usage and exits %i', (args, code, stream, text) => {
  const run = spawnSync(process.execPath, [binPath, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 15_000,
  });
  expect(run[stream]).toMatch(text);
  expect(run[stream]).toContain('--individual-id cst_...');
  expect(`${run.stdout}${run.stderr}`).not.toMatch(/\n\s+at /);
  expect(run.status).toBe(code);
});
