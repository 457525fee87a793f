// npm run mock (scripts/mock.ts) and startPrism readiness: honours MOCK_PORT/MOCK_HOST, prints the
// URL and a curl, serves the spec, stops cleanly on SIGTERM; an occupied port or a Prism that dies
// later makes it fail loudly (exit 1) instead of printing "listening" over someone else's server.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';
import { describe, test } from 'vitest';
import { freePort, startPrism } from '../../src/mock/prism.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** Starts scripts/mock.ts detached (its own process group), collecting its output. */
function runMockScript(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/mock.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const state = { output: '' };
  child.stdout?.on('data', (chunk: Buffer) => {
    state.output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    state.output += chunk.toString();
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, state, exited };
}

/** Kills the script's process group and Prism's (Prism leads its own group), whatever happened. */
function killAll(child: ChildProcess, output: string): void {
  const prismPid = Number(/Prism pid (\d+)/.exec(output)?.[1]);
  for (const pid of [child.pid, prismPid]) {
    if (!pid) continue;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/** A plain HTTP server that answers everything with 200, holding a free port. */
async function occupyPort(): Promise<{ port: number; server: Server }> {
  const server = createServer((_req, res) => res.end('not prism'));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  return { port: typeof address === 'object' && address ? address.port : 0, server };
}

describe.concurrent('npm run mock and startPrism (independent ports, run concurrently)', () => {
  test('npm run mock serves the spec on MOCK_PORT and stops cleanly on SIGTERM', async ({ expect }) => {
    const port = await freePort();
    const { child, state, exited } = runMockScript([], { MOCK_PORT: String(port), MOCK_HOST: '127.0.0.1' });
    try {
      await expect.poll(() => state.output, { timeout: 30_000, interval: 200 }).toContain('Ctrl-C stops it.');
      expect(state.output).toContain(`http://127.0.0.1:${port}`);
      expect(state.output).toMatch(/curl -i --request DELETE http:\/\/127\.0\.0\.1:\d+\/customers\/cst_/);
      const response = await fetch(`http://127.0.0.1:${port}/customers/cst_01H9Xa8F5dN6mP3q`, {
        method: 'DELETE',
        headers: { Authorization: 'Bearer x' },
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { status: string }).status).toBe('inactive');
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await expect(
        fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) }),
      ).rejects.toThrow();
    } finally {
      killAll(child, state.output);
    }
  });

  test('startPrism rejects, naming the port, when another server already answers on it', async ({
    expect,
  }) => {
    const { port, server } = await occupyPort();
    try {
      const started = startPrism({ port });
      await expect(started).rejects.toThrow(new RegExp(`Port ${port} .*already in use`));
      await expect(started).rejects.toThrow(/EADDRINUSE/);
    } finally {
      server.close();
    }
  });

  test('npm run mock exits 1 with the port and the fix when the port is taken', async ({ expect }) => {
    const { port, server } = await occupyPort();
    const { child, state, exited } = runMockScript(['--port', String(port)]);
    try {
      expect(await exited).toBe(1);
      expect(state.output).not.toContain('listening on');
      expect(state.output).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(state.output).toContain('MOCK_PORT');
      // One line, not Prism's whole usage text.
      expect(state.output.trim().split('\n')).toHaveLength(1);
      expect(state.output).not.toContain('--verboseLevel');
    } finally {
      killAll(child, state.output);
      server.close();
    }
  });

  test('npm run mock exits 1 when Prism dies after starting', async ({ expect }) => {
    const port = await freePort();
    const { child, state, exited } = runMockScript(['--port', String(port)]);
    try {
      await expect.poll(() => state.output, { timeout: 30_000, interval: 200 }).toContain('Ctrl-C stops it.');
      const prismPid = Number(/Prism pid (\d+)/.exec(state.output)?.[1]);
      expect(prismPid).toBeGreaterThan(0);
      process.kill(-prismPid, 'SIGKILL');
      expect(await exited).toBe(1);
      expect(state.output).toContain(`Prism at http://127.0.0.1:${port} exited unexpectedly (SIGKILL)`);
    } finally {
      killAll(child, state.output);
    }
  });
});
