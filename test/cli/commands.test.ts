// Every script answers --help with its usage (exit 0) and a mistake with one line naming it, then
// the usage (exit 2), never with a stack trace; npm start finds a busy port before building anything.
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { runCaptured } from '../support/run.js';

const root = path.resolve(import.meta.dirname, '../..');
// Each test starts node with the TypeScript loader; on a loaded machine that alone can take seconds.
vi.setConfig({ testTimeout: 120_000 });

/** Runs `scripts/NAME.ts args` with node directly (what the npm script runs), in the repository. */
async function script(name: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const { code, stdout, stderr } = await runCaptured(
    process.execPath,
    ['--import', 'tsx', path.join('scripts', `${name}.ts`), ...args],
    { cwd: root, env: { ...process.env, ...env } },
  );
  return { code, stdout, stderr, output: stdout + stderr };
}

const SCRIPTS = [
  { name: 'generate', usage: 'Usage: npm run generate', bad: ['--out'], badSays: '--out needs a value' },
  {
    name: 'mock',
    usage: 'Usage: npm run mock',
    bad: ['--port', 'abc'],
    badSays: '--port must be an integer',
  },
  { name: 'docs', usage: 'Usage: npm run docs', bad: ['--spec'], badSays: '--spec needs a value' },
  {
    name: 'start',
    usage: 'Usage: npm start',
    bad: ['--port', '70000'],
    badSays: '--port must be an integer',
  },
  { name: 'build', usage: 'Usage: npm run build', bad: ['--help=yes'], badSays: '--help takes no value' },
];

describe.concurrent('each script', () => {
  for (const { name, usage, bad, badSays } of SCRIPTS) {
    test(`${name}: --help prints the usage and exits 0`, async () => {
      const run = await script(name, ['--help']);
      expect(run.code, run.output).toBe(0);
      expect(run.stdout.startsWith(usage)).toBe(true);
      expect(run.stderr).toBe('');
    });

    test(`${name}: an unknown flag is one line naming it, then the usage, exit 2, no stack`, async () => {
      const run = await script(name, ['--bogus']);
      expect(run.code, run.output).toBe(2);
      const [first, blank, third] = run.stderr.split('\n');
      expect(first).toMatch(/^npm (run \w+|start): unknown flag --bogus$/);
      expect(blank).toBe('');
      expect(third?.startsWith(usage)).toBe(true);
      expect(run.output).not.toMatch(/^\s+at /m);
      expect(run.stdout).toBe('');
    });

    test(`${name}: a bad value (${bad.join(' ')}) names the flag, exit 2, no stack`, async () => {
      const run = await script(name, bad);
      expect(run.code, run.output).toBe(2);
      expect(run.stderr.split('\n')[0]).toContain(badSays);
      expect(run.stderr).toContain(usage);
      expect(run.output).not.toMatch(/^\s+at /m);
    });
  }

  test('a misspelt flag gets a suggestion', async () => {
    const run = await script('mock', ['--prot', '5000']);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe('npm run mock: unknown flag --prot (did you mean --port?)');
  });

  test('a bad port in the environment names the variable', async () => {
    const run = await script('mock', [], { MOCK_PORT: 'x' });
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(
      'npm run mock: MOCK_PORT must be an integer from 0 to 65535, got "x"',
    );
  });

  test('generate refuses an --out that would replace the spec or the repository', async () => {
    const run = await script('generate', ['--out', '.']);
    expect(run.code, run.output).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(
      'npm run generate: --out . would replace openapi.yaml; pass a directory of its own',
    );
  });

  test('check:generated (generate --check) takes the same flags', async () => {
    const run = await script('generate', ['--check', '--bogus']);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe('npm run generate: unknown flag --bogus');
  });
});

/** Holds a free port on 127.0.0.1 until closed. */
async function occupy(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { port: (server.address() as { port: number }).port, server };
}

describe.concurrent('npm start with a busy port', () => {
  for (const which of ['sandbox', 'mock'] as const) {
    test(`(the ${which}'s) fails at once, naming it and its flag, before building the docs`, async () => {
      const busy = await occupy();
      const free = await occupy();
      const freePort = free.port;
      await new Promise((done) => free.server.close(done));
      try {
        const ports =
          which === 'sandbox'
            ? ['--port', String(busy.port), '--mock-port', String(freePort)]
            : ['--port', String(freePort), '--mock-port', String(busy.port)];
        const run = await script('start', ports);
        expect(run.code, run.output).toBe(1);
        const fix = which === 'sandbox' ? '--port / SANDBOX_PORT' : '--mock-port / MOCK_PORT';
        expect(run.stderr).toContain(`npm start: port ${busy.port} on 127.0.0.1`);
        expect(run.stderr).toContain(fix);
        expect(run.output).not.toContain('Building the docs');
        expect(run.output).not.toContain('Sandbox (stateful)');
        expect(run.output).not.toMatch(/^\s+at /m);
      } finally {
        busy.server.close();
      }
    });
  }

  test('SANDBOX_PORT is checked the same way', async () => {
    const busy = await occupy();
    try {
      const run = await script('start', ['--no-mock'], { SANDBOX_PORT: String(busy.port) });
      expect(run.code, run.output).toBe(1);
      expect(run.stderr).toContain(`port ${busy.port} on 127.0.0.1 (the sandbox) is already in use`);
      expect(run.output).not.toContain('Building the docs');
    } finally {
      busy.server.close();
    }
  });
});
