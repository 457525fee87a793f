// `npm run sandbox` (scripts/sandbox.ts, the `customers-api-sandbox` command of src/sandbox/cli.ts) as a
// user runs it: prints its URL, the demo credentials and deletable ids, honours --no-faults and
// --token-ttl, exits 0 after draining on SIGTERM; --help and mistakes answer with usage, never a stack.
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, test } from 'vitest';
import { call, fullKey } from './helpers.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

test('npm run sandbox prints URL and credentials, applies its flags, and stops cleanly on SIGTERM', async () => {
  const child = spawn(
    process.execPath,
    [
      resolve(ROOT, 'node_modules/tsx/dist/cli.mjs'),
      'scripts/sandbox.ts',
      '--port',
      '0',
      '--no-faults',
      '--token-ttl',
      '90',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  try {
    const url = await new Promise<string>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`no URL printed:\n${output}`)), 15_000);
      child.stdout.on('data', () => {
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match && output.includes('Ctrl-C')) {
          clearTimeout(timer);
          done(match[1] as string);
        }
      });
    });
    expect(output).toContain(fullKey.apiKey);
    expect(output).toContain('read-only');
    // The banner lists the demo customers that may be deleted, and says a restart restores them.
    expect(output).toContain('cus_abc123xyz789');
    expect(output).toContain('cst_01H9Xa8F5dN6mP3q');
    expect(output).toMatch(/resets .*restart/);
    const token = await call(
      url,
      'POST',
      '/auth/token',
      { 'Content-Type': 'application/json' },
      JSON.stringify({ apiKey: fullKey.apiKey, apiSecret: fullKey.apiSecret }),
    );
    expect(token.json.expiresIn).toBe(90);
    const ignored = await call(url, 'DELETE', '/customers/business/cus_abc123xyz789', {
      'X-API-Key': fullKey.apiKey,
      Prefer: 'code=503',
    });
    expect(ignored.status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('Sandbox stopped.');
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

/** Runs a command to completion (bounded), with its output. */
function run(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, ...env },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

test.each([
  [['scripts/sandbox.ts', '--help'], 0, /^Usage: customers-api-sandbox/],
  [['src/sandbox/cli.ts', '-h'], 0, /^Usage: customers-api-sandbox/],
  [
    ['scripts/sandbox.ts', '--prot', '5000'],
    2,
    /^customers-api-sandbox: unknown flag --prot \(did you mean --port\?\)\n\nUsage:/,
  ],
  [['scripts/sandbox.ts', '--rate-limit', '-5'], 2, /^customers-api-sandbox: --rate-limit needs a value/],
  [
    ['scripts/sandbox.ts', '--rate-limit=0'],
    2,
    /--rate-limit must be an integer from 1 to 999999999, got "0"/,
  ],
  [['scripts/sandbox.ts', '--token-ttl', '7200'], 2, /--token-ttl must be an integer from 1 to 3600/],
  [['src/sandbox/cli.ts', '--port', 'http'], 2, /--port must be an integer from 0 to 65535, got "http"/],
])('%j exits %i with usage and no stack', (args, code, pattern) => {
  const { status, output } = run(args);
  expect(status).toBe(code);
  expect(output).toMatch(pattern);
  expect(output).toContain('Usage: customers-api-sandbox');
  expect(output).not.toMatch(/^\s+at /m);
});

test('a bad SANDBOX_PORT is a usage error naming the variable', () => {
  const { status, output } = run(['scripts/sandbox.ts'], { SANDBOX_PORT: 'abc' });
  expect(status).toBe(2);
  expect(output).toMatch(/^customers-api-sandbox: SANDBOX_PORT must be an integer/);
  expect(output).not.toMatch(/^\s+at /m);
});

test('a busy port exits 1 naming the port and the fix, with no stack', async () => {
  const { sandbox } = await import('./helpers.js');
  const busy = await sandbox();
  try {
    const port = new URL(busy.url).port;
    const { status, output } = run(['scripts/sandbox.ts', '--port', port]);
    expect(status).toBe(1);
    expect(output).toContain(`customers-api-sandbox: port ${port} on 127.0.0.1 is in use; pass --port`);
    expect(output).not.toMatch(/^\s+at /m);
  } finally {
    await busy.close();
  }
});
