// The MSW handlers: msw's setupServer (msw/node) intercepts the client's ordinary fetch calls and the
// sandbox engine answers them, statefully, exactly as the HTTP sandbox would.
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { createCustomersClient } from '../../src/client/index.js';
import { createSandbox } from '../../src/sandbox/index.js';
import { createHandlers } from '../../src/sandbox/msw.js';
import { fullKey, ids } from './helpers.js';

const BASE = 'https://sandbox-api.polygon.technology/v0.9';
const sandbox = createSandbox({ log: () => undefined });
const server = setupServer(...createHandlers({ baseUrl: BASE, sandbox }));

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => sandbox.reset());
afterAll(() => server.close());

test('the client flow through MSW: exchange, 200 then 404, idempotent individual delete, wrong type 400', async () => {
  const client = createCustomersClient({
    baseUrl: BASE,
    auth: { apiKey: fullKey.apiKey, apiSecret: fullKey.apiSecret },
  });
  expect(await client.deleteBusinessCustomer({ customerId: ids.northwind })).toMatchObject({
    ok: true,
    status: 200,
    data: { success: true, customerId: ids.northwind },
  });
  expect(await client.deleteBusinessCustomer({ customerId: ids.northwind })).toMatchObject({
    ok: false,
    status: 404,
    error: { code: 'customer_not_found' },
  });
  const first = await client.deleteCustomer({ customerId: ids.jane });
  const second = await client.deleteCustomer({ customerId: ids.jane });
  expect(first).toMatchObject({ ok: true, status: 200, data: { status: 'inactive' } });
  expect(second.ok && second.data).toEqual(first.ok && first.data);
  expect(await client.deleteBusinessCustomer({ customerId: ids.jane })).toMatchObject({
    ok: false,
    status: 400,
    error: { code: 'customer_type_mismatch' },
  });
  // The state is the shared sandbox's: the test can inspect it.
  expect(sandbox.store.retainedBusiness(ids.northwind)?.deletion).toBeDefined();
  expect(sandbox.stats.selfCheckFailures).toBe(0);
});

test('plain fetch under the base URL gets the sandbox answers: 401 with its challenge, 405 with Allow', async () => {
  const unauthorized = await fetch(`${BASE}/customers/${ids.jane}`, { method: 'DELETE' });
  expect(unauthorized.status).toBe(401);
  expect(unauthorized.headers.get('www-authenticate')).toMatch(/^Bearer realm=/);
  const wrongMethod = await fetch(`${BASE}/auth/token`);
  expect([wrongMethod.status, wrongMethod.headers.get('allow')]).toEqual([405, 'POST']);
});

test('requests outside the base URL are not handled', async () => {
  await expect(fetch('https://elsewhere.example/customers/x', { method: 'DELETE' })).rejects.toThrow();
});

test('a base URL that is not absolute is refused with its value', () => {
  expect(() => createHandlers({ baseUrl: '/v0.9' })).toThrow(/absolute URL, got "\/v0\.9"/);
});

test('the MSW handlers bundle for a browser: no Node built-in is reached from src/sandbox/msw.ts', async () => {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [new URL('../../src/sandbox/msw.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    external: ['msw'],
    write: false,
    logLevel: 'silent',
    metafile: true,
  });
  const inputs = Object.keys(result.metafile.inputs);
  expect(inputs.some((file) => file.endsWith('src/sandbox/engine.ts'))).toBe(true);
  expect(inputs.filter((file) => file.startsWith('node:'))).toEqual([]);
  expect(result.outputFiles[0]?.text).not.toMatch(/from\s*["']node:/);
});
