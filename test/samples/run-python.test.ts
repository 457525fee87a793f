// The Python `x-codeSamples` work when run: each sample runs with Debian's python3 against the
// generated package (generated/python) and a fresh local sandbox, with only the server URL swapped
// and the demo credentials in the environment; it must take its success branch.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoCredentials, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { operations } from '../../src/spec/index.js';
import { findPython, ROOT, reportMissing } from '../sdks/toolchains.js';
import { runCaptured } from '../support/run.js';
import { codeSamples, serverUrls } from './extract.js';

const samples = codeSamples().filter((sample) => sample.lang === 'Python');
const found = findPython();

test('every operation has one Python sample', () => {
  expect(samples.map((s) => s.operationId).sort()).toEqual(operations.map((op) => op.operationId).sort());
});

if (!found.ok) {
  reportMissing('Python', found, findPython);
} else {
  const python = found.tool.bin;
  describe('Python code samples run against the sandbox', () => {
    let sandbox: Sandbox;
    let scratch: string;
    const env: Record<string, string> = {};
    const sandboxLog: string[] = [];

    beforeAll(async () => {
      sandbox = await startSandbox({ port: 0, log: (line) => sandboxLog.push(line) });
      scratch = mkdtempSync(path.join(os.tmpdir(), 'python-samples-'));
      const credential = demoCredentials.find((c) => c.canDelete);
      if (!credential) throw new Error('src/sandbox has no demo credential that can delete');
      env.POLYGON_API_KEY = credential.apiKey;
      env.POLYGON_API_SECRET = credential.apiSecret;
    });

    afterAll(async () => {
      await sandbox?.close();
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    });

    test.each(samples)(
      'the $operationId Python sample succeeds against a fresh sandbox',
      async (sample) => {
        sandbox.store.reset();
        let source = sample.source;
        for (const url of serverUrls()) source = source.replaceAll(url, sandbox.url);
        expect(source).toContain(sandbox.url);
        const file = path.join(scratch, `${sample.operationId}.py`);
        writeFileSync(file, source);
        const run = await runCaptured(python, [file], {
          cwd: scratch,
          env: {
            PATH: process.env.PATH ?? '/usr/bin:/bin',
            PYTHONPATH: path.join(ROOT, 'generated', 'python'),
            // Nothing may be written into generated/ (no __pycache__ there).
            PYTHONDONTWRITEBYTECODE: '1',
            ...env,
          },
          timeout: 30_000,
        });
        const where = `openapi.yaml x-codeSamples of ${sample.operationId} (Python)`;
        // The samples print failures to stderr, so a clean stderr means the success branch ran.
        expect(run.stderr, where).toBe('');
        expect(run.code, where).toBe(0);
        expect(run.stdout.trim().length, where).toBeGreaterThan(0);
        expect(run.stdout, where).not.toMatch(/already deleted/);
        expect(sandboxLog).toEqual([]);
      },
      40_000,
    );
  });
}
