// npm start: checks that every port it needs is free, builds the docs, then serves the sandbox
// (127.0.0.1:4020) and the Prism mock (127.0.0.1:4010) together, prints both URLs and the demo
// credentials; Ctrl-C stops both. Takes the servers' own flags and environment variables.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { integerFlag, runCommand, UsageError } from '../src/cli/args.js';
import { busyPorts } from '../src/cli/ports.js';
import { demoCredentials, startSandbox } from '../src/sandbox/index.js';
import { printCredentials } from './sandbox/print.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const command = {
  name: 'npm start',
  usage: `Usage: npm start -- [flags]

Builds the docs, then serves the stateful sandbox and the Prism mock until Ctrl-C.

Flags:
  -p, --port N          sandbox port (env SANDBOX_PORT; default 4020)
  -h, --host HOST       sandbox address (env SANDBOX_HOST; default 127.0.0.1)
      --mock-port N     Prism mock port (env MOCK_PORT; default 4010)
      --mock-host HOST  Prism mock address (env MOCK_HOST; default: the sandbox's address)
      --no-mock         serve the sandbox only
      --no-docs         skip building the docs (/docs/ serves the last build)
      --help            print this help`,
  flags: {
    port: { type: 'string', short: 'p' },
    host: { type: 'string', short: 'h' },
    'mock-port': { type: 'string' },
    'mock-host': { type: 'string' },
    'no-mock': { type: 'boolean' },
    'no-docs': { type: 'boolean' },
  },
} as const;

/** A flag's value, else the environment variable's, as a port; errors name whichever was used. */
function port(flag: string, raw: string | undefined, env: string, fallback: number): number {
  return raw !== undefined
    ? integerFlag(flag, raw, { min: 0, max: 65535, fallback })
    : integerFlag(env, process.env[env], { min: 0, max: 65535, fallback });
}

/** Runs scripts/docs.ts so /docs has something to serve; a failure is reported, not fatal. */
function buildDocs(): Promise<void> {
  const script = resolve(ROOT, 'scripts', 'docs.ts');
  if (!existsSync(script)) return Promise.resolve();
  console.log('Building the docs (npm run docs)...');
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', (error) => {
      console.error(`npm start: could not run scripts/docs.ts (${error.message}); /docs will say so.`);
      done();
    });
    child.on('exit', (code) => {
      if (code !== 0) console.error(`npm start: scripts/docs.ts exited ${code}; /docs will say so.`);
      done();
    });
  });
}

const code = await runCommand(command, process.argv.slice(2), async ({ values }) => {
  const sandboxPort = port('--port', values.port, 'SANDBOX_PORT', 4020);
  const host = values.host || process.env.SANDBOX_HOST || '127.0.0.1';
  const withMock = values['no-mock'] !== true;
  const mockPort = port('--mock-port', values['mock-port'], 'MOCK_PORT', 4010);
  const mockHost = values['mock-host'] || process.env.MOCK_HOST || host;
  if (withMock && sandboxPort !== 0 && sandboxPort === mockPort && host === mockHost) {
    throw new UsageError(`the sandbox and the mock cannot share port ${sandboxPort}; pass --mock-port N`);
  }

  // Before any slow work: a busy port found after the docs build wastes the build.
  const busy = await busyPorts([
    { what: 'the sandbox', port: sandboxPort, host, fix: '--port / SANDBOX_PORT' },
    ...(withMock
      ? [{ what: 'the Prism mock', port: mockPort, host: mockHost, fix: '--mock-port / MOCK_PORT' }]
      : []),
  ]);
  if (busy.length > 0) {
    for (const line of busy) console.error(`npm start: ${line}`);
    return 1;
  }

  if (values['no-docs'] !== true) await buildDocs();
  const sandbox = await startSandbox({ port: sandboxPort, host }).catch((error: NodeJS.ErrnoException) => {
    throw new Error(
      error.code === 'EADDRINUSE'
        ? `port ${sandboxPort} on ${host} (the sandbox) was taken while the docs were built: pick another with --port / SANDBOX_PORT.`
        : error.message,
    );
  });

  let mock: { url: string; close(): Promise<void> } | undefined;
  if (withMock) {
    try {
      const { startPrism } = await import('../src/mock/prism.js');
      mock = await startPrism({ port: mockPort, host: mockHost });
    } catch (error) {
      console.error(
        `npm start: the Prism mock did not start (${(error as Error).message}); the sandbox still runs.`,
      );
    }
  }

  console.log('');
  console.log(`Sandbox (stateful)    ${sandbox.url}    docs ${sandbox.url}/docs/`);
  if (mock) console.log(`Prism mock (examples) ${mock.url}`);
  printCredentials(sandbox.url, demoCredentials);
  console.log(mock ? 'Ctrl-C stops both.' : 'Ctrl-C stops it.');

  return new Promise<number>((done) => {
    let stopping = false;
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.on(signal, () => {
        if (stopping) return;
        stopping = true;
        console.log(`\n${signal}: stopping the sandbox${mock ? ' and the mock' : ''}...`);
        void Promise.allSettled([sandbox.close(), mock?.close()]).then(() => {
          console.log('Stopped.');
          done(0);
        });
      });
    }
  });
});
process.exit(code);
