// npm run sandbox: serves the stateful sandbox on 127.0.0.1:4020 (flags --port/--host, env
// SANDBOX_PORT/SANDBOX_HOST; --no-faults, --token-ttl SECONDS, --rate-limit N), prints the URL and the demo
// credentials, and drains in-flight requests on Ctrl-C or SIGTERM.
import { parseArgs } from 'node:util';
import { demoCredentials, startSandbox } from '../src/sandbox/index.js';
import { printCredentials } from './sandbox/print.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', short: 'p' },
    host: { type: 'string', short: 'h' },
    'no-faults': { type: 'boolean' },
    'token-ttl': { type: 'string' },
    'rate-limit': { type: 'string' },
  },
});

function integer(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    console.error(
      `scripts/sandbox.ts: ${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`,
    );
    process.exit(2);
  }
  return value;
}

const port = integer('--port/SANDBOX_PORT', values.port ?? process.env.SANDBOX_PORT, 4020, 0, 65535);
const host = values.host ?? process.env.SANDBOX_HOST ?? '127.0.0.1';
const tokenTtlSeconds = integer('--token-ttl', values['token-ttl'], 3600, 1, 3600);
const limit = integer('--rate-limit', values['rate-limit'], 100, 1, 999_999_999);

let sandbox: Awaited<ReturnType<typeof startSandbox>>;
try {
  sandbox = await startSandbox({
    port,
    host,
    tokenTtlSeconds,
    rateLimit: { limit, windowSeconds: 60 },
    faults: !values['no-faults'],
  });
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  console.error(
    code === 'EADDRINUSE'
      ? `scripts/sandbox.ts: port ${port} on ${host} is in use; pass --port <free port> or stop the other server.`
      : `scripts/sandbox.ts: ${(error as Error).message}`,
  );
  process.exit(1);
}

console.log(`Customers API sandbox listening on ${sandbox.url} (stateful; resets on restart)`);
console.log(
  `  token TTL ${tokenTtlSeconds} s, rate limit ${limit} per 60 s per key, faults ${values['no-faults'] ? 'off' : 'on (Prefer: code=503, Prefer: delay=250)'}`,
);
console.log(`  docs ${sandbox.url}/docs/  spec ${sandbox.url}/openapi.yaml`);
printCredentials(sandbox.url, demoCredentials);
console.log('Ctrl-C stops it.');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: draining in-flight requests...`);
    void sandbox.close().then(() => {
      console.log('Sandbox stopped.');
      process.exit(0);
    });
  });
}
