// The Go `x-codeSamples` work when run: each sample is a `package main` program, gofmt and go vet
// clean, built in a temporary module that replaces the generated module's path with generated/go,
// and run against a fresh local sandbox with only the server URL swapped and the demo credentials
// in the environment; it must take its success branch.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoCredentials, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { operations } from '../../src/spec/index.js';
import { findGo, goEnv, gofmtFor, ROOT, reportMissing } from '../sdks/toolchains.js';
import { runCaptured } from '../support/run.js';
import { codeSamples, serverUrls } from './extract.js';

const samples = codeSamples().filter((sample) => sample.lang === 'Go');
/** The generated module's path, as its go.mod declares it. */
const GO_MODULE =
  readFileSync(path.join(ROOT, 'generated/go/go.mod'), 'utf8').match(/^module (\S+)$/m)?.[1] ?? '';
const found = findGo();

test('every operation has one Go sample', () => {
  expect(samples.map((s) => s.operationId).sort()).toEqual(operations.map((op) => op.operationId).sort());
});

if (!found.ok) {
  reportMissing('Go', found, findGo);
} else {
  const go = found.tool.bin;
  describe('Go code samples run against the sandbox', () => {
    let sandbox: Sandbox;
    let scratch: string;
    const env: Record<string, string> = {};
    const sandboxLog: string[] = [];

    async function ok(command: string, args: string[]) {
      const run = await runCaptured(command, args, { cwd: scratch, env: goEnv(), timeout: 300_000 });
      if (run.code !== 0)
        throw new Error(`${command} ${args.join(' ')} exited ${run.code}:\n${run.stdout}${run.stderr}`);
      return run;
    }

    beforeAll(async () => {
      scratch = mkdtempSync(path.join(os.tmpdir(), 'go-samples-'));
      writeFileSync(
        path.join(scratch, 'go.mod'),
        `module example.com/samples\n\ngo 1.21\n\nrequire ${GO_MODULE} v0.0.0\n\nreplace ${GO_MODULE} => ${path.join(ROOT, 'generated/go')}\n`,
      );
      for (const sample of samples) {
        mkdirSync(path.join(scratch, sample.operationId));
        writeFileSync(path.join(scratch, sample.operationId, 'main.go'), sample.source);
      }
      sandbox = await startSandbox({ port: 0, log: (line) => sandboxLog.push(line) });
      const credential = demoCredentials.find((c) => c.canDelete);
      if (!credential) throw new Error('src/sandbox has no demo credential that can delete');
      env.POLYGON_API_KEY = credential.apiKey;
      env.POLYGON_API_SECRET = credential.apiSecret;
    });

    afterAll(async () => {
      await sandbox?.close();
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    });

    test('the samples, as published, are gofmt and go vet clean', async () => {
      expect(GO_MODULE).toMatch(/^[a-z0-9.-]+\/\S+$/);
      const fmt = await ok(gofmtFor(go), ['-l', '.']);
      expect(fmt.stdout.trim(), 'samples gofmt would change').toBe('');
      await ok(go, ['vet', './...']);
    }, 300_000);

    test.each(samples)(
      'the $operationId Go sample succeeds against a fresh sandbox',
      async (sample) => {
        sandbox.store.reset();
        // The sample's only URL is the spec's server; the binary gets the sandbox's via its source.
        expect(serverUrls().some((url) => sample.source.includes(url))).toBe(true);
        let source = sample.source;
        for (const url of serverUrls()) source = source.replaceAll(url, sandbox.url);
        const dir = path.join(scratch, 'local', sample.operationId);
        mkdirSync(dir, { recursive: true });
        writeFileSync(path.join(dir, 'main.go'), source);
        const binary = path.join(scratch, 'local-bin', sample.operationId);
        await ok(go, ['build', '-o', binary, `./local/${sample.operationId}`]);
        const run = await runCaptured(binary, [], {
          cwd: scratch,
          env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
          timeout: 30_000,
        });
        const where = `openapi.yaml x-codeSamples of ${sample.operationId} (Go)`;
        expect(run.stderr, where).toBe('');
        expect(run.code, where).toBe(0);
        expect(run.stdout.trim().length, where).toBeGreaterThan(0);
        expect(run.stdout, where).not.toMatch(/already deleted/);
        expect(sandboxLog).toEqual([]);
      },
      300_000,
    );
  });
}
