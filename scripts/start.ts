// npm start: builds the docs when scripts/docs.ts exists, then serves the sandbox (127.0.0.1:4020) and the
// Prism mock (127.0.0.1:4010) together, prints both URLs and the demo credentials; Ctrl-C stops both.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoCredentials, startSandbox } from '../src/sandbox/index.js';
import { printCredentials } from './sandbox/print.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sandboxPort = Number(process.env.SANDBOX_PORT ?? 4020);
const mockPort = Number(process.env.MOCK_PORT ?? 4010);
const host = process.env.SANDBOX_HOST ?? '127.0.0.1';

/** Runs `tsx scripts/docs.ts` so /docs has something to serve; a failure is reported, not fatal. */
function buildDocs(): Promise<void> {
  const script = resolve(ROOT, 'scripts', 'docs.ts');
  if (!existsSync(script)) return Promise.resolve();
  console.log('Building the docs (npm run docs)...');
  return new Promise((done) => {
    const child = spawn(process.execPath, [resolve(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), script], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', (error) => {
      console.error(`scripts/start.ts: could not run scripts/docs.ts (${error.message}); /docs will say so.`);
      done();
    });
    child.on('exit', (code) => {
      if (code !== 0) console.error(`scripts/start.ts: scripts/docs.ts exited ${code}; /docs will say so.`);
      done();
    });
  });
}

await buildDocs();
const sandbox = await startSandbox({ port: sandboxPort, host }).catch((error: NodeJS.ErrnoException) => {
  console.error(
    error.code === 'EADDRINUSE'
      ? `scripts/start.ts: port ${sandboxPort} is in use; set SANDBOX_PORT to a free port or stop the other server.`
      : `scripts/start.ts: ${error.message}`,
  );
  process.exit(1);
});

let mock: { url: string; close(): Promise<void> } | undefined;
try {
  const { startPrism } = await import('../src/mock/prism.js');
  mock = await startPrism({ port: mockPort, host: process.env.MOCK_HOST ?? host });
} catch (error) {
  console.error(
    `scripts/start.ts: the Prism mock did not start (${(error as Error).message}); the sandbox still runs.`,
  );
}

console.log('');
console.log(`Sandbox (stateful)    ${sandbox.url}    docs ${sandbox.url}/docs/`);
if (mock) console.log(`Prism mock (examples) ${mock.url}`);
printCredentials(sandbox.url, demoCredentials);
console.log('Ctrl-C stops both.');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the sandbox and the mock...`);
    void Promise.allSettled([sandbox.close(), mock?.close()]).then(() => {
      console.log('Stopped.');
      process.exit(0);
    });
  });
}
