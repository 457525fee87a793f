// The curl `x-codeSamples` of the published docs work: each one runs, as written, through a real
// shell and the real curl binary against a fresh local sandbox (src/sandbox), with only the
// server URL swapped for the sandbox's, and must get the documented success status and body.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoCredentials, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { operation } from '../../src/spec/index.js';
import { missingTool } from '../support/missing-tool.js';
import { runCaptured } from '../support/run.js';
import { codeSamples, serverUrls } from './extract.js';

const samples = codeSamples().filter((sample) => sample.lang === 'curl');

/** The sample with the spec's server URL replaced by the sandbox's. */
function localize(source: string, baseUrl: string): string {
  let out = source;
  for (const url of serverUrls()) out = out.replaceAll(url, baseUrl);
  return out;
}

/** Hosts of every URL in a command (so a sample can never reach beyond 127.0.0.1). */
function hostsIn(command: string): string[] {
  return [...command.matchAll(/\bhttps?:\/\/[^\s'"\\/]+/g)].map((m) => new URL(m[0]).hostname);
}

interface CurlRun {
  status: number;
  body: string;
  stderr: string;
}

/**
 * Runs the sample with `sh -c`. A shell function named curl wraps the real binary to add what a
 * test needs and a reader does not: the status on stdout, the body in a file, no proxy, a timeout.
 */
async function runSample(source: string, env: Record<string, string>, bodyFile: string): Promise<CurlRun> {
  const wrapper = `curl() { command curl --silent --show-error --noproxy '*' --max-time 10 --output "$SAMPLE_BODY" --write-out '%{http_code}' "$@"; }\n`;
  const run = await runCaptured('sh', ['-c', wrapper + source], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: os.tmpdir(), SAMPLE_BODY: bodyFile, ...env },
  });
  const body = await readFile(bodyFile, 'utf8').catch(() => '');
  return { status: Number(run.stdout.trim()), body, stderr: run.stderr };
}

/** Whether a `curl` binary runs from PATH (the samples are curl commands, run as a reader would). */
function curlAvailable(): boolean {
  try {
    execFileSync('curl', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** What a person sees when curl is missing: what did not run and how to install it. */
const MISSING_CURL = [
  `The curl sample test could not run: no curl on PATH (${process.env.PATH ?? ''}).`,
  'Install it (as root): apt-get update && apt-get install -y curl',
].join('\n');

// Same policy as the browser test (test/browser/docs.test.ts): without CI a missing tool is reported
// loudly instead of failing, with CI it is a failure, because then nothing proved the samples.
if (!curlAvailable()) {
  missingTool('curl code samples against the sandbox', MISSING_CURL, () => !curlAvailable());
} else {
  describe('curl code samples against the sandbox', () => {
    let sandbox: Sandbox;
    let scratch: string;
    const env: Record<string, string> = {};
    const sandboxLog: string[] = [];

    beforeAll(async () => {
      sandbox = await startSandbox({ port: 0, log: (line) => sandboxLog.push(line) });
      scratch = await mkdtemp(path.join(os.tmpdir(), 'curl-samples-'));
      const credential = demoCredentials.find((c) => c.canDelete);
      if (!credential) throw new Error('src/sandbox has no demo credential that can delete');
      // The variables the samples expect, as a reader would export them for the sandbox.
      env.POLYGON_API_KEY = credential.apiKey;
      env.POLYGON_API_SECRET = credential.apiSecret;
      const response = await fetch(`${sandbox.url}/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ apiKey: credential.apiKey, apiSecret: credential.apiSecret }),
      });
      const token = (await response.json()) as { accessToken?: string };
      if (!token.accessToken) throw new Error(`sandbox POST /auth/token answered ${response.status}`);
      env.POLYGON_ACCESS_TOKEN = token.accessToken;
    });

    afterAll(async () => {
      await sandbox?.close();
      if (scratch) await rm(scratch, { recursive: true, force: true });
    });

    test('there is one curl sample per operation', () => {
      expect(new Set(samples.map((s) => s.operationId)).size).toBe(samples.length);
      expect(samples.length).toBeGreaterThanOrEqual(3);
    });

    test.each(samples)(
      'the $operationId curl sample gets its documented 2xx from a fresh sandbox',
      async (sample) => {
        sandbox.store.reset();
        const command = localize(sample.source, sandbox.url);
        const hosts = hostsIn(command);
        expect(hosts.length, 'the sample names a URL').toBeGreaterThan(0);
        expect(
          hosts.filter((host) => host !== '127.0.0.1'),
          'every URL points at the local sandbox',
        ).toEqual([]);

        const op = operation(sample.operationId);
        const documented = [...op.responses.keys()].filter((status) => status >= 200 && status < 300);
        const run = await runSample(command, env, path.join(scratch, `${sample.operationId}.json`));
        const where = `openapi.yaml x-codeSamples of ${sample.operationId} (curl)`;
        expect(run.stderr, where).toBe('');
        expect(documented, where).toContain(run.status);
        const spec = op.responses.get(run.status);
        expect(spec?.validateBody(JSON.parse(run.body)), `${where}: body against the spec`).toEqual([]);
        expect(sandboxLog).toEqual([]);
      },
    );
  });
}
