// The package as a consumer gets it: npm run build, npm pack, install the tarball into a fresh
// project, type-check a consumer file with the repo's tsc, and run it with node.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const work = mkdtempSync(path.join(tmpdir(), 'customers-pack-'));
const tsc = path.join(root, 'node_modules', '.bin', 'tsc');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

beforeAll(() => {
  run(npm, ['run', 'build'], root);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The TypeScript x-codeSamples of every operation in generated/openapi.json. */
function codeSamples(): string[] {
  const spec = JSON.parse(readFileSync(path.join(root, 'generated', 'openapi.json'), 'utf8')) as {
    paths: Record<string, Record<string, { 'x-codeSamples'?: { lang: string; source: string }[] }>>;
  };
  return Object.values(spec.paths)
    .flatMap((item) => Object.values(item))
    .flatMap((op) => op['x-codeSamples'] ?? [])
    .filter((sample) => sample.lang === 'TypeScript')
    .map((sample) => sample.source);
}

function run(command: string, args: string[], cwd: string): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `${command} ${args.join(' ')} failed in ${cwd}:\n${e.stdout ?? ''}\n${e.stderr ?? e.message}`,
    );
  }
}

test('a consumer installs the packed tarball, type-checks the spec code samples, and runs the client, ./types and ./openapi.json', () => {
  run(npm, ['pack', '--pack-destination', work], root);
  const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
  expect(tarball).toBeDefined();

  const listing = run('tar', ['-tzf', path.join(work, tarball ?? '')], work)
    .split('\n')
    .filter(Boolean);
  // Only what a consumer needs: no sources of the repo's tests, scripts or TypeScript sources.
  expect(listing).toContain('package/dist/src/client/index.js');
  expect(listing).toContain('package/dist/generated/schema.d.ts');
  expect(listing).toContain('package/dist/generated/openapi.json');
  expect(listing).toContain('package/dist/openapi.yaml');
  expect(listing.filter((f) => /^package\/(test|scripts|src)\//.test(f) || f.endsWith('.test.ts'))).toEqual(
    [],
  );

  const consumer = path.join(work, 'consumer');
  cpSync(path.join(import.meta.dirname, 'consumer.ts.txt'), path.join(consumer, 'consumer.ts'));
  // The spec's own TypeScript x-codeSamples must compile against the package (never run: they
  // name the provider's hosted URLs).
  const samples = codeSamples();
  expect(samples.length).toBeGreaterThanOrEqual(3);
  samples.forEach((source, i) => {
    writeFileSync(path.join(consumer, `sample-${i}.ts`), `${source}\nexport {};\n`);
  });
  writeFileSync(
    path.join(consumer, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  writeFileSync(
    path.join(consumer, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        resolveJsonModule: true,
        skipLibCheck: false,
        lib: ['ES2022', 'DOM'],
        typeRoots: [path.join(root, 'node_modules', '@types')],
        types: ['node'],
        outDir: 'out',
      },
      files: ['consumer.ts', ...samples.map((_, i) => `sample-${i}.ts`)],
    }),
  );
  run(
    npm,
    ['install', '--prefer-offline', '--no-audit', '--no-fund', path.join(work, tarball ?? '')],
    consumer,
  );

  run(tsc, ['-p', 'tsconfig.json'], consumer);
  const output = JSON.parse(run(process.execPath, [path.join('out', 'consumer.js')], consumer));
  expect(output).toEqual({
    status: 'inactive',
    requestId: 'req_consumer',
    notFound: '404 customer_not_found',
    thrown: 'customer_not_found',
    code: 'customer_not_found',
    title: 'Customers API',
    yaml: true,
  });
});

test('publint and attw (esm-only profile) find no problem in the package', () => {
  // The same gates as npm run lint:package, with no local configuration: what is checked travels
  // with the package.
  expect(run(path.join(root, 'node_modules', '.bin', 'publint'), [], root)).toContain('All good!');
  const attw = JSON.parse(
    run(
      path.join(root, 'node_modules', '.bin', 'attw'),
      ['--pack', '.', '--profile', 'esm-only', '-f', 'json'],
      root,
    ),
  ) as { problems: Record<string, { entrypoint: string; resolutionKind: string }[]> };
  // esm-only ignores CommonJS and node10 resolution; every other problem fails the package.
  const counted = Object.values(attw.problems)
    .flat()
    .filter((p) => !['node10', 'node16-cjs'].includes(p.resolutionKind));
  expect(counted).toEqual([]);
});
