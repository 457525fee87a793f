// The generated Python package (generated/python) as a Python repo uses it: copied out of the tree,
// pip-installed into a fresh venv (no network: Debian's setuptools and httpx come from the system
// site), then the seed flows (python/flows.py, no pytest) run through it against a fresh sandbox.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { spec } from '../../src/spec/index.js';
import { runCaptured } from '../support/run.js';
import { checkFlows, expectChecksCanFail, flowEnv, parseReport } from './flows.js';
import { findPython, ROOT, reportMissing } from './toolchains.js';

const found = findPython();

if (!found.ok) {
  reportMissing('Python', found, findPython);
} else {
  const python = found.tool.bin;
  describe(`Python client against the sandbox (${found.tool.version})`, () => {
    let scratch: string;
    let venvPython: string;
    let sandbox: Sandbox;
    const sandboxLog: string[] = [];
    const baseEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: os.tmpdir(), PIP_NO_INPUT: '1' };

    async function ok(command: string, args: string[], cwd: string) {
      const run = await runCaptured(command, args, { cwd, env: baseEnv, timeout: 240_000 });
      if (run.code !== 0)
        throw new Error(`${command} ${args.join(' ')} exited ${run.code}:\n${run.stdout}${run.stderr}`);
      return run;
    }

    beforeAll(async () => {
      scratch = mkdtempSync(path.join(os.tmpdir(), 'customers-python-sdk-'));
      // A copy, so pip's in-tree build never writes into generated/.
      const source = path.join(scratch, 'src');
      cpSync(path.join(ROOT, 'generated', 'python'), source, { recursive: true });
      const venv = path.join(scratch, 'venv');
      await ok(python, ['-m', 'venv', '--system-site-packages', venv], scratch);
      venvPython = path.join(venv, 'bin', 'python');
      await ok(
        venvPython,
        ['-m', 'pip', 'install', '--quiet', '--no-index', '--no-build-isolation', '--no-deps', source],
        scratch,
      );
      sandbox = await startSandbox({ port: 0, log: (line) => sandboxLog.push(line) });
    }, 300_000);

    afterAll(async () => {
      await sandbox?.close();
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    });

    test('pip installed the package with its name, the API version, httpx and Python >= 3.9', async () => {
      const script = [
        'import json, importlib.metadata as m',
        'd = m.distribution("spec-first-customers-api")',
        'print(json.dumps({"version": d.version, "requires": d.requires, "python": d.metadata["Requires-Python"],',
        '  "files": sorted(str(f) for f in d.files if str(f).startswith("customers_api/"))}))',
      ].join('\n');
      const run = await ok(venvPython, ['-c', script], scratch);
      const meta = JSON.parse(run.stdout) as {
        version: string;
        requires: string[];
        python: string;
        files: string[];
      };
      expect(meta.version).toBe((spec.info as { version: string }).version);
      expect(meta.requires.some((r) => /^httpx\b/.test(r))).toBe(true);
      expect(meta.python).toBe('>=3.9');
      expect(meta.files).toEqual(
        expect.arrayContaining([
          'customers_api/__init__.py',
          'customers_api/client.py',
          'customers_api/py.typed',
        ]),
      );
    });

    test('the seed flows behave as the spec says through the installed client', async () => {
      const run = await runCaptured(venvPython, [path.join(ROOT, 'test/sdks/python/flows.py')], {
        // Outside the repository, so only the installed copy can be imported.
        cwd: scratch,
        env: { ...baseEnv, ...flowEnv(sandbox.url) },
        timeout: 60_000,
      });
      expect(run.stderr, 'flows.py stderr').toBe('');
      expect(run.code, run.stdout).toBe(0);
      const report = parseReport(run.stdout, 'test/sdks/python/flows.py') as ReturnType<
        typeof parseReport
      > & {
        module: string;
      };
      expect(report.module.startsWith(path.join(scratch, 'venv')), report.module).toBe(true);
      checkFlows(report, 'Python');
      expectChecksCanFail(report, 'Python');
      expect(sandboxLog).toEqual([]);
    }, 90_000);
  });
}
