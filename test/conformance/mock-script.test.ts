// npm run mock (scripts/mock.ts): honours MOCK_PORT/MOCK_HOST, prints the URL and a curl, serves
// the spec, and on SIGTERM stops Prism and exits 0, leaving nothing listening.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, test } from 'vitest';
import { freePort } from '../../src/mock/prism.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

test('npm run mock serves the spec on MOCK_PORT and stops cleanly on SIGTERM', async () => {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/mock.ts'], {
    cwd: ROOT,
    env: { ...process.env, MOCK_PORT: String(port), MOCK_HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  try {
    await expect.poll(() => output, { timeout: 30_000, interval: 200 }).toContain('Ctrl-C stops it.');
    expect(output).toContain(`http://127.0.0.1:${port}`);
    expect(output).toMatch(/curl -i --request DELETE http:\/\/127\.0\.0\.1:\d+\/customers\/cst_/);
    const response = await fetch(`http://127.0.0.1:${port}/customers/cst_01H9Xa8F5dN6mP3q`, {
      method: 'DELETE',
      headers: { Authorization: 'Bearer x' },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { status: string }).status).toBe('inactive');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
