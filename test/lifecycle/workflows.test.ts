// The seed flows as Arazzo 1.0.1 workflows (workflows/customers.arazzo.yaml): linted by
// `redocly lint`, run by `redocly respect` against the stateful sandbox (every workflow passes) and
// against the stateless Prism mock (exactly the repeated business delete fails: a mock that keeps
// no state answers it 200 again instead of 404).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startPrism } from '../../src/mock/prism.js';
import { demoCredentials, startSandbox } from '../../src/sandbox/index.js';
import { runCaptured } from '../support/run.js';
import { repoRoot } from '../support/spec-copy.js';

const WORKFLOWS = 'workflows/customers.arazzo.yaml';
const redocly = path.join(repoRoot, 'node_modules/@redocly/cli/bin/cli.js');
const env = {
  ...process.env,
  REDOCLY_SUPPRESS_NOTIFICATIONS: 'true',
  REDOCLY_TELEMETRY: 'off',
  NO_COLOR: '1',
};
const credential = demoCredentials.find((c) => c.canDelete && c.apiKey.startsWith('sk_sdbx_4eC'));
if (!credential) throw new Error('the demo account 1 key that may delete is missing from the fixtures');
const INDIVIDUAL = 'cst_01H9Xa8F5dN6mP3q';
const BUSINESS = 'cus_abc123xyz789';

interface RespectStep {
  stepId: string;
  status: string;
  checks?: { name: string; passed: boolean; message: string }[];
}
interface RespectReport {
  files: Record<
    string,
    { executedWorkflows: { workflowId: string; status: string; executedSteps: RespectStep[] }[] }
  >;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'respect-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function respect(url: string, name: string) {
  const json = path.join(dir, `${name}.json`);
  const run = await runCaptured(
    process.execPath,
    [
      redocly,
      'respect',
      WORKFLOWS,
      '--server',
      `customers=${url}`,
      '--input',
      `apiKey=${credential?.apiKey}`,
      '--input',
      `apiSecret=${credential?.apiSecret}`,
      '--input',
      `businessCustomerId=${BUSINESS}`,
      '--input',
      `individualCustomerId=${INDIVIDUAL}`,
      '--json-output',
      json,
    ],
    { cwd: repoRoot, env },
  );
  const report = JSON.parse(await readFile(json, 'utf8')) as RespectReport;
  const workflows = Object.values(report.files).flatMap((file) => file.executedWorkflows);
  const failedSteps = workflows.flatMap((w) =>
    w.executedSteps.filter((s) => s.status !== 'success').map((s) => `${w.workflowId}/${s.stepId}`),
  );
  return { ...run, workflows, failedSteps };
}

test('redocly lint: the workflows file is valid Arazzo with no error or warning', async () => {
  const run = await runCaptured(process.execPath, [redocly, 'lint', WORKFLOWS, '--format', 'json'], {
    cwd: repoRoot,
    env,
  });
  const report = JSON.parse(run.stdout) as { totals: { errors: number; warnings: number } };
  expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  expect(run.code).toBe(0);
  expect(await readFile(path.join(repoRoot, WORKFLOWS), 'utf8')).toMatch(/^arazzo: 1\.0\.1$/m);
});

describe.concurrent('redocly respect', { timeout: 120_000 }, () => {
  test('against the sandbox every seed flow passes, and the secret is not printed', async () => {
    const sandbox = await startSandbox({ port: 0 });
    try {
      const run = await respect(sandbox.url, 'sandbox');
      expect(run.failedSteps).toEqual([]);
      expect(run.workflows.map((w) => [w.workflowId, w.status])).toEqual([
        ['exchange-api-key', 'success'],
        ['delete-business-customer-twice', 'success'],
        ['delete-individual-customer-twice', 'success'],
        ['wrong-customer-type', 'success'],
        ['no-credentials', 'success'],
      ]);
      expect(run.code).toBe(0);
      expect(run.stdout + run.stderr).not.toContain(credential?.apiSecret);
      // The flows really ran against this server: the business customer is gone.
      const again = await fetch(`${sandbox.url}/customers/business/${BUSINESS}`, {
        method: 'DELETE',
        headers: { 'X-API-Key': credential?.apiKey ?? '' },
      });
      expect(again.status).toBe(404);
    } finally {
      await sandbox.close();
    }
  });

  test('against the Prism mock exactly the repeated business delete fails (a stateless mock answers 200 again)', async () => {
    const prism = await startPrism({ port: 0 });
    try {
      const run = await respect(prism.url, 'prism');
      expect(run.code).toBe(1);
      expect(run.failedSteps).toEqual(['delete-business-customer-twice/delete-again']);
      const step = run.workflows
        .find((w) => w.workflowId === 'delete-business-customer-twice')
        ?.executedSteps.find((s) => s.stepId === 'delete-again');
      const failed = (step?.checks ?? []).filter((c) => !c.passed).map((c) => c.message);
      expect(failed.join('\n')).toContain('$statusCode == 404');
    } finally {
      await prism.close();
    }
  });
});
