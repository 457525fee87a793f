// The TypeScript `x-codeSamples` also work when run: each sample is bundled by esbuild with
// `@spec-first/customers-api` aliased to src/client, its server URL swapped for a fresh local
// sandbox's, and run by node with the demo credentials; it must take its success branch.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoCredentials, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { runCaptured } from '../support/run.js';
import { codeSamples, serverUrls } from './extract.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const samples = codeSamples().filter((sample) => sample.lang === 'TypeScript');

function runNode(
  file: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runCaptured(process.execPath, [file], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    timeout: 15_000,
  });
}

describe('TypeScript code samples run against the sandbox', () => {
  let sandbox: Sandbox;
  let scratch: string;
  const env: Record<string, string> = {};

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, log: () => {} });
    scratch = await mkdtemp(path.join(os.tmpdir(), 'ts-samples-'));
    const credential = demoCredentials.find((c) => c.canDelete);
    if (!credential) throw new Error('src/sandbox has no demo credential that can delete');
    env.POLYGON_API_KEY = credential.apiKey;
    env.POLYGON_API_SECRET = credential.apiSecret;
  });

  afterAll(async () => {
    await sandbox?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  test.each(samples)(
    'the $operationId TypeScript sample succeeds against a fresh sandbox',
    async (sample) => {
      sandbox.store.reset();
      let source = sample.source;
      for (const url of serverUrls()) source = source.replaceAll(url, sandbox.url);
      expect(source).toContain(sandbox.url);
      const bundled = await build({
        stdin: { contents: source, loader: 'ts', resolveDir: ROOT, sourcefile: `${sample.operationId}.ts` },
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        write: false,
        logLevel: 'silent',
        alias: { '@spec-first/customers-api': path.join(ROOT, 'src/client/index.ts') },
      });
      const file = path.join(scratch, `${sample.operationId}.mjs`);
      await writeFile(file, bundled.outputFiles[0]?.text ?? '');
      const run = await runNode(file, env);
      const where = `openapi.yaml x-codeSamples of ${sample.operationId} (TypeScript)`;
      // The samples print failures with console.error, so a clean stderr means the success branch ran.
      expect(run.stderr, where).toBe('');
      expect(run.code, where).toBe(0);
      expect(run.stdout.trim().length, where).toBeGreaterThan(0);
      expect(run.stdout, where).not.toMatch(/already deleted/);
    },
  );
});
