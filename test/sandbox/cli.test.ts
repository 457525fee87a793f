// `npm run sandbox` (scripts/sandbox.ts) as a user runs it: prints its URL and the demo credentials,
// honours --no-faults and --token-ttl, and exits 0 after draining on SIGTERM.
import { spawn } from 'node:child_process';
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
