#!/usr/bin/env node
// The `customers-api-sandbox` command (package.json "bin"; `npm run sandbox` in this repository): serves
// the stateful sandbox over HTTP, prints its URL, the demo credentials and the deletable demo customers,
// and drains in-flight requests on Ctrl-C or SIGTERM. Flags are parsed by src/cli/args.ts.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type CliIo, integerFlag, runCommand, UsageError } from '../cli/args.js';
import { type Sandbox, startSandbox } from './http.js';
import { type DemoCredential, demoCredentials, demoCustomerIds } from './sandbox.js';

/** The usage text printed for --help and after a usage error. */
export const SANDBOX_USAGE = `Usage: customers-api-sandbox [options]
       (in this repository: npm run sandbox -- [options])

Serves the stateful Customers API sandbox on demo data (in memory: every restart resets it).

  --port N, -p N       port to listen on, 0 for a free one (env SANDBOX_PORT; default 4020)
  --host HOST          interface to listen on (env SANDBOX_HOST; default 127.0.0.1)
  --no-faults          ignore Prefer: code=... and Prefer: delay=... (fault injection is on by default)
  --token-ttl SECONDS  lifetime of issued access tokens, 1 to 3600 (default 3600)
  --rate-limit N       requests per 60 s per API key (and per address for token exchanges), 1 to 999999999 (default 100)
  --help, -h           print this help

The API is served at the root and under /v0.9; GET / points at the docs (/docs/) and the spec
(/openapi.yaml, /openapi.json).
Exit code: 0 after a clean stop, 1 when the sandbox cannot start, 2 on a usage error.`;

const command = {
  name: 'customers-api-sandbox',
  usage: SANDBOX_USAGE,
  flags: {
    port: { type: 'string', short: 'p' },
    host: { type: 'string' },
    'no-faults': { type: 'boolean' },
    'token-ttl': { type: 'string' },
    'rate-limit': { type: 'string' },
  },
} as const;

/** Runs the command with `argv` (without node and the script); resolves to the exit code once stopped. */
export function main(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  io?: CliIo,
): Promise<number> {
  return runCommand(
    command,
    argv,
    async ({ values }, out) => {
      const port = integerFlag(
        values.port === undefined ? 'SANDBOX_PORT' : '--port',
        values.port ?? env.SANDBOX_PORT,
        { min: 0, max: 65_535, fallback: 4020 },
      ) as number;
      const host = values.host ?? env.SANDBOX_HOST ?? '127.0.0.1';
      if (host.trim() === '') throw new UsageError('--host must not be empty');
      const tokenTtlSeconds = integerFlag('--token-ttl', values['token-ttl'], {
        min: 1,
        max: 3600,
        fallback: 3600,
      }) as number;
      const limit = integerFlag('--rate-limit', values['rate-limit'], {
        min: 1,
        max: 999_999_999,
        fallback: 100,
      }) as number;
      const faults = values['no-faults'] !== true;

      let sandbox: Sandbox;
      try {
        sandbox = await startSandbox({
          port,
          host,
          tokenTtlSeconds,
          rateLimit: { limit, windowSeconds: 60 },
          faults,
        });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE')
          throw new Error(
            `port ${port} on ${host} is in use; pass --port <free port> (or set SANDBOX_PORT), or stop the other server.`,
          );
        if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
          throw new Error(`cannot listen on host ${host}; pass --host with an address of this machine.`);
        throw error;
      }

      out.out(`Customers API sandbox listening on ${sandbox.url} (also under ${sandbox.url}/v0.9)`);
      out.out(
        `  token TTL ${tokenTtlSeconds} s, rate limit ${limit} per 60 s per key, faults ${faults ? 'on (Prefer: code=503, Prefer: delay=250)' : 'off'}`,
      );
      out.out(`  docs ${sandbox.url}/docs/  spec ${sandbox.url}/openapi.yaml`);
      for (const line of bannerLines(sandbox.url, demoCredentials)) out.out(line);
      out.out('Ctrl-C stops it.');

      return new Promise<number>((resolve) => {
        let stopping = false;
        for (const signal of ['SIGINT', 'SIGTERM'] as const) {
          process.on(signal, () => {
            if (stopping) return;
            stopping = true;
            out.out(`\n${signal}: draining in-flight requests...`);
            void sandbox.close().then(() => {
              out.out('Sandbox stopped.');
              resolve(0);
            });
          });
        }
      });
    },
    io,
  );
}

/**
 * The banner of a running sandbox: each demo key (published demo secrets of local fixtures, not real
 * ones), the demo customers a test may delete, the reset rule, and a first curl to try.
 */
export function bannerLines(url: string, credentials: readonly DemoCredential[]): string[] {
  const lines = ['Demo credentials (local fixtures only):'];
  for (const c of credentials) {
    lines.push(
      `  ${c.accountName}: apiKey ${c.apiKey}  apiSecret ${c.apiSecret}  ${c.canDelete ? 'can delete' : 'read-only (deletes get 403)'}`,
    );
  }
  const names = new Map(credentials.map((c) => [c.accountId, c.accountName]));
  lines.push('Demo customers you may delete (the store resets to these on every restart):');
  for (const account of demoCustomerIds()) {
    const name = names.get(account.accountId) ?? account.accountId;
    lines.push(`  ${name}: individuals ${account.individuals.join(', ') || '(none)'}`);
    lines.push(`  ${' '.repeat(name.length)}  businesses  ${account.businesses.join(', ') || '(none)'}`);
  }
  const first = credentials[0];
  if (first) {
    lines.push('Try:');
    lines.push(
      `  curl -s ${url}/auth/token -H 'Content-Type: application/json' -d '{"apiKey":"${first.apiKey}","apiSecret":"${first.apiSecret}"}'`,
    );
    lines.push(
      `  curl -i -X DELETE ${url}/customers/business/cus_abc123xyz789 -H 'X-API-Key: ${first.apiKey}'`,
    );
    lines.push('  (run the second curl twice: 200, then 404; restart the sandbox to delete it again)');
  }
  return lines;
}

/** Whether this module is the program being run (the bin, through any symlink), not an import. */
function invokedDirectly(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (invokedDirectly()) process.exit(await main(process.argv.slice(2)));
