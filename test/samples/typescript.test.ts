// The TypeScript `x-codeSamples` of the published docs compile against this project's client:
// each sample is written to a temp folder and type-checked by the repo's tsc, with the package
// name `@spec-first/customers-api` mapped to src/client/index.ts (tsconfig `paths`).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { operations } from '../../src/spec/index.js';
import { runCaptured } from '../support/run.js';
import { codeSamples } from './extract.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const samples = codeSamples().filter((sample) => sample.lang === 'TypeScript');

// Negative controls, type-checked in the same run: proof that a wrong sample is caught, each
// with the TypeScript error it must produce.
const NEGATIVE: Record<string, { error: string; source: string }> = {
  'negative-unknown-method': {
    error: 'TS2551', // Property does not exist; did you mean ...?
    source: `import { createCustomersClient } from '@spec-first/customers-api';
const client = createCustomersClient({ baseUrl: 'http://127.0.0.1:4020' });
await client.deleteCustomers({ customerId: 'cst_01H9Xa8F5dN6mP3q' });
`,
  },
  'negative-wrong-input': {
    error: 'TS2353', // Object literal may only specify known properties
    source: `import { createCustomersClient } from '@spec-first/customers-api';
const client = createCustomersClient({ baseUrl: 'http://127.0.0.1:4020' });
await client.deleteBusinessCustomer({ id: 'cus_abc123xyz789' });
`,
  },
  'negative-wrong-data': {
    error: 'TS2322', // a deleted customer's status is 'inactive', never 'active'
    source: `import { createCustomersClient } from '@spec-first/customers-api';
const client = createCustomersClient({ baseUrl: 'http://127.0.0.1:4020' });
const result = await client.deleteCustomer({ customerId: 'cst_01H9Xa8F5dN6mP3q' });
if (result.ok) {
  const status: 'active' = result.data.status;
  console.log(status);
}
`,
  },
};

async function tsc(project: string): Promise<{ code: number | null; output: string }> {
  const run = await runCaptured(
    path.join(ROOT, 'node_modules/.bin/tsc'),
    ['-p', project, '--pretty', 'false'],
    {
      cwd: ROOT,
    },
  );
  return { code: run.code, output: run.stdout + run.stderr };
}

describe('TypeScript code samples', () => {
  let dir: string;
  let diagnostics: string[] = [];

  beforeAll(async () => {
    // Inside the repo (.tmp/ is git-ignored) so node_modules and @types resolve as for src/.
    await mkdir(path.join(ROOT, '.tmp'), { recursive: true });
    dir = await mkdtemp(path.join(ROOT, '.tmp', 'samples-'));
    const files: string[] = [];
    // .mts: each sample is an ES module with top-level await, as a user would paste it.
    for (const sample of samples) files.push(`${sample.operationId}.mts`);
    for (const name of Object.keys(NEGATIVE)) files.push(`${name}.mts`);
    await Promise.all([
      ...samples.map((s) => writeFile(path.join(dir, `${s.operationId}.mts`), s.source)),
      ...Object.entries(NEGATIVE).map(([name, { source }]) =>
        writeFile(path.join(dir, `${name}.mts`), source),
      ),
    ]);
    const client = path.relative(dir, path.join(ROOT, 'src/client/index.ts'));
    const tsconfig = {
      extends: path.relative(dir, path.join(ROOT, 'tsconfig.json')),
      compilerOptions: { noEmit: true, paths: { '@spec-first/customers-api': [client] } },
      include: [],
      files,
    };
    await writeFile(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
    const { output } = await tsc(path.join(dir, 'tsconfig.json'));
    diagnostics = output.split('\n').filter((line) => /error TS\d+/.test(line));
  }, 60_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('every operation has a curl and a TypeScript sample', () => {
    const all = codeSamples();
    for (const op of operations) {
      const langs = all.filter((s) => s.operationId === op.operationId).map((s) => s.lang);
      expect(langs, op.operationId).toEqual(expect.arrayContaining(['curl', 'TypeScript']));
    }
    expect(samples).toHaveLength(operations.length);
  });

  test.each(samples)(
    'the $operationId TypeScript sample type-checks against the client',
    ({ operationId }) => {
      const mine = diagnostics.filter((line) => line.includes(`${operationId}.mts`));
      expect(mine, `openapi.yaml x-codeSamples of ${operationId} (TypeScript):\n${mine.join('\n')}`).toEqual(
        [],
      );
    },
  );

  test.each(Object.entries(NEGATIVE))('a wrong sample (%s) fails the type-check', (name, { error }) => {
    const mine = diagnostics.filter((line) => line.includes(`${name}.mts`));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toContain(`error ${error}:`);
  });

  test('nothing but the samples has type errors (the client itself compiles)', () => {
    const others = diagnostics.filter((line) => !line.includes('.mts'));
    expect(others).toEqual([]);
  });
});
