// The generated Go module (generated/go) as a Go repo uses it: go vet and gofmt clean, then a test
// module (go/go.mod, which replaces the module path with the local folder) builds go/flows with
// the standard library only and runs the seed flows through it against a fresh sandbox.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { runCaptured } from '../support/run.js';
import { checkFlows, expectChecksCanFail, flowEnv, parseReport } from './flows.js';
import { findGo, goEnv, gofmtFor, ROOT, reportMissing } from './toolchains.js';

const found = findGo();

if (!found.ok) {
  reportMissing('Go', found, findGo);
} else {
  const go = found.tool.bin;
  describe(`Go client against the sandbox (${found.tool.version})`, () => {
    let scratch: string;
    let sandbox: Sandbox;
    const sandboxLog: string[] = [];

    async function ok(command: string, args: string[], cwd: string) {
      const run = await runCaptured(command, args, { cwd, env: goEnv(), timeout: 300_000 });
      if (run.code !== 0)
        throw new Error(`${command} ${args.join(' ')} exited ${run.code}:\n${run.stdout}${run.stderr}`);
      return run;
    }

    beforeAll(async () => {
      scratch = mkdtempSync(path.join(os.tmpdir(), 'customers-go-sdk-'));
      // The first build compiles net/http and friends into .tmp/go; later runs reuse it.
      await ok(go, ['build', '-o', path.join(scratch, 'flows'), './flows'], path.join(ROOT, 'test/sdks/go'));
      sandbox = await startSandbox({ port: 0, log: (line) => sandboxLog.push(line) });
    }, 360_000);

    afterAll(async () => {
      await sandbox?.close();
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    });

    test('the generated module is go vet and gofmt clean', async () => {
      const dir = path.join(ROOT, 'generated/go');
      await ok(go, ['vet', './...'], dir);
      const fmt = await ok(gofmtFor(go), ['-l', '.'], dir);
      expect(fmt.stdout.trim(), 'files gofmt would change').toBe('');
    }, 300_000);

    test('the seed flows behave as the spec says through the client', async () => {
      const run = await runCaptured(path.join(scratch, 'flows'), [], {
        cwd: scratch,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...flowEnv(sandbox.url) },
        timeout: 60_000,
      });
      expect(run.stderr, 'flows stderr').toBe('');
      expect(run.code, run.stdout).toBe(0);
      const report = parseReport(run.stdout, 'test/sdks/go/flows');
      checkFlows(report, 'Go');
      expectChecksCanFail(report, 'Go');
      expect(sandboxLog).toEqual([]);
    }, 90_000);
  });
}
