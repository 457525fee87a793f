// npm start (scripts/start.ts) binds the Prism mock where the README says: MOCK_HOST/MOCK_PORT,
// not the sandbox's host, and the sandbox where its own --port/--host flags say.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, test } from 'vitest';
import { freePort } from '../../src/mock/prism.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

test('npm start serves the mock on MOCK_HOST:MOCK_PORT and the sandbox on --host:--port', async () => {
  const [sandboxPort, mockPort] = [await freePort(), await freePort()];
  // --no-docs: the docs build is not what this test is about.
  const flags = ['--no-docs', '--host', 'localhost', '--port', String(sandboxPort)];
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', ...flags], {
    cwd: ROOT,
    // The two hosts differ only in spelling, so nothing leaves 127.0.0.1 either way.
    env: {
      ...process.env,
      // The flags win over these.
      SANDBOX_HOST: '127.0.0.2',
      SANDBOX_PORT: '1',
      MOCK_HOST: '127.0.0.1',
      MOCK_PORT: String(mockPort),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  try {
    await expect.poll(() => output, { timeout: 30_000, interval: 200 }).toContain('Ctrl-C stops both.');
    expect(output).toContain(`Prism mock (examples) http://127.0.0.1:${mockPort}`);
    const answer = await fetch(`http://127.0.0.1:${mockPort}/customers/cst_01H9Xa8F5dN6mP3q`, {
      method: 'DELETE',
      headers: { Authorization: 'Bearer x' },
    });
    expect(answer.status).toBe(200);
    expect(output).toMatch(new RegExp(`Sandbox \\(stateful\\) +http://[^ ]+:${sandboxPort} `));
    const sandbox = await fetch(`http://127.0.0.1:${sandboxPort}/customers/cst_01H9Xa8F5dN6mP3q`, {
      method: 'DELETE',
    });
    expect(sandbox.status).toBe(401); // the sandbox itself: no credentials
  } finally {
    // SIGTERM lets start.ts close Prism (its own process group); SIGKILL only if it hangs.
    if (child.exitCode === null && child.pid) {
      process.kill(-child.pid, 'SIGTERM');
      const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
  }
});
