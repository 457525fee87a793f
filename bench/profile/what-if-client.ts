// What-if for the missed client-overhead target: copies src/ and generated/ to .tmp/, applies the
// change proposed in bench/findings.md to the copy of src/client/client.ts, and compares the current
// client, the changed copy and bare openapi-fetch over loopback HTTP in interleaved rounds. The copy's
// folder is removed at the end.
// Usage: node --import tsx bench/profile/what-if-client.ts [rounds]
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import createClient from 'openapi-fetch';
import type { paths } from '../../generated/schema.js';
import { createCustomersClient } from '../../src/client/index.js';
import { forkServer, ROOT } from '../lib/proc.js';
import { CUSTOMER_ID } from '../lib/request.js';
import { median } from '../lib/stats.js';
import { round } from '../sections/client-overhead.js';

/**
 * Read-once (no clone) and parseAs 'text' are applied (commit 58a5e4d). What remains proposed: install
 * no middleware unless the caller has some, so openapi-fetch skips its middleware path and hands back
 * the raw text itself (the fallback branch of attempt() already reads it from `data`).
 */
const NO_MIDDLEWARE: [string, string][] = [
  [
    "      middleware: [capture, ...userMiddleware],\n      parseAs: 'text',",
    "      middleware: userMiddleware.length > 0 ? [capture, ...userMiddleware] : [],\n      parseAs: 'text',",
  ],
];

type Factory = { createCustomersClient: typeof createCustomersClient };

/** Copies src/ and generated/ to `dir`, applies `patches` to the client, and imports the copy. */
async function patchedClient(dir: string, patches: [string, string][]): Promise<Factory> {
  await cp(join(ROOT, 'src'), join(dir, 'src'), { recursive: true });
  await cp(join(ROOT, 'generated'), join(dir, 'generated'), { recursive: true });
  const file = join(dir, 'src/client/client.ts');
  let source = await readFile(file, 'utf8');
  for (const [from, to] of patches) {
    if (!source.includes(from))
      throw new Error(`what-if: src/client/client.ts no longer contains:\n${from}\n(applied already?)`);
    source = source.replace(from, to);
  }
  await writeFile(file, source);
  return (await import(join(dir, 'src/client/index.ts'))) as Factory;
}

const rounds = Number(process.argv[2] ?? 6);
const dir = join(ROOT, '.tmp', `what-if-${process.pid}`);
const changed = await patchedClient(join(dir, 'no-middleware'), NO_MIDDLEWARE);

const server = await forkServer('bench/servers/bare.ts');
try {
  const current = createCustomersClient({ baseUrl: server.url, auth: { token: 't' } });
  const proposed = changed.createCustomersClient({ baseUrl: server.url, auth: { token: 't' } });
  const bare = createClient<paths>({ baseUrl: server.url });
  const variants: Record<string, () => Promise<unknown>> = {
    current: () => current.deleteCustomer({ customerId: CUSTOMER_ID }),
    'no middleware': () => proposed.deleteCustomer({ customerId: CUSTOMER_ID }),
    'openapi-fetch': () =>
      bare.DELETE('/customers/{customerId}', {
        params: { path: { customerId: CUSTOMER_ID } },
        headers: { Authorization: 'Bearer t' },
      }),
  };
  const names = Object.keys(variants);
  const runs: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r <= rounds; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(r + i) % names.length] as string;
      const ops = await round(async () => void (await variants[name]?.()), 10, 500);
      if (r > 0) runs[name]?.push(ops); // round 0 is the warm-up
    }
  }
  const base = runs['openapi-fetch'] ?? [];
  for (const name of names) {
    const ratios = (runs[name] ?? []).map((v, i) => v / (base[i] ?? Number.NaN));
    console.log(
      `${name.padEnd(14)} ${Math.round(median(runs[name] ?? []))} ops/s, ${median(ratios).toFixed(2)}x openapi-fetch`,
    );
  }
} finally {
  await server.close();
  await rm(dir, { recursive: true, force: true });
}
