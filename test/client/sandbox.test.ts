// The client against the real stateful sandbox on 127.0.0.1: the policies proven with injected
// fetch also hold over HTTP (exchange, X-API-Key, soft-delete semantics, refresh on an expired
// token, retries on injected 503s, and Retry-After on a real 429), with one shared virtual clock.
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { ApiError, createCustomersClient } from '../../src/client/index.js';
import { demoCredentials, type Sandbox, startSandbox } from '../../src/sandbox/index.js';

const account = demoCredentials[0];
if (!account) throw new Error('src/sandbox fixtures have no demo credentials');
const creds = { apiKey: account.apiKey, apiSecret: account.apiSecret };

let now = Date.UTC(2026, 2, 20, 14, 0, 0);
const sleeps: number[] = [];
/** One time for both sides: the client's backoff moves the sandbox's clock. */
const clock = {
  now: () => now,
  sleep: async (ms: number) => {
    sleeps.push(ms);
    now += ms;
  },
};
const logs: string[] = [];
let sandbox: Sandbox;
let limited: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, now: () => now, log: (line) => logs.push(line) });
  limited = await startSandbox({
    port: 0,
    now: () => now,
    rateLimit: { limit: 1, windowSeconds: 2 },
    log: (line) => logs.push(line),
  });
});
afterAll(async () => {
  await Promise.all([sandbox?.close(), limited?.close()]);
});
beforeEach(() => {
  sandbox.store.reset();
  sandbox.resetRateLimits();
  sleeps.length = 0;
});

test('a key and secret delete an individual customer; a second delete is the same 200', async () => {
  const client = createCustomersClient({ baseUrl: sandbox.url, auth: creds, clock });
  const first = await client.deleteCustomer({ customerId: 'cst_01H9Xa8F5dN6mP3q' });
  const second = await client.deleteCustomer({ customerId: 'cst_01H9Xa8F5dN6mP3q' });
  expect(first).toMatchObject({
    ok: true,
    status: 200,
    data: { id: 'cst_01H9Xa8F5dN6mP3q', status: 'inactive' },
  });
  expect(second.ok && first.ok && second.data).toEqual(first.ok && first.data);
  expect(first.requestId).toMatch(/^req_/);
  expect(first.requestId).toBe(first.headers.get('X-Request-Id'));
  expect(logs).toEqual([]);
});

test('an API key alone deletes a business customer; a second delete is 404 customer_not_found', async () => {
  const client = createCustomersClient({ baseUrl: sandbox.url, auth: { apiKey: creds.apiKey }, clock });
  expect(await client.deleteBusinessCustomer({ customerId: 'cus_abc123xyz789' })).toMatchObject({
    ok: true,
    data: { success: true, customerId: 'cus_abc123xyz789' },
  });
  expect(await client.deleteBusinessCustomer({ customerId: 'cus_abc123xyz789' })).toMatchObject({
    ok: false,
    status: 404,
    error: { code: 'customer_not_found' },
  });
});

test("a business id on the individual endpoint is 400 customer_type_mismatch, with the server's request id", async () => {
  const client = createCustomersClient({ baseUrl: sandbox.url, auth: creds, clock });
  const result = await client.deleteCustomer({ customerId: 'cus_abc123xyz789' });
  expect(result).toMatchObject({ ok: false, status: 400, error: { code: 'customer_type_mismatch' } });
  expect(result.ok || result.error.requestId).toBe(result.requestId);
});

test('a token the server considers expired is refreshed once and the delete replayed', async () => {
  const client = createCustomersClient({
    baseUrl: sandbox.url,
    auth: creds,
    // The client's own clock stands still, so only the server's 401 can reveal the expiry.
    clock: { now: () => Date.UTC(2026, 2, 20, 14, 0, 0) },
  });
  expect((await client.deleteCustomer({ customerId: 'cst_01H9Xa8F5dN6mP3q' })).ok).toBe(true);
  now += 2 * 3600_000;
  expect((await client.deleteCustomer({ customerId: 'cst_01H9Xa8F5dN6mP3q' })).ok).toBe(true);
});

test('injected 503s are retried twice, then reported as an ApiError with the attempts', async () => {
  const client = createCustomersClient({ baseUrl: sandbox.url, auth: creds, clock });
  const error = await client
    .deleteCustomer({ customerId: 'cst_01H9Xa8F5dN6mP3q' }, { headers: { Prefer: 'code=503' } })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  expect(error).toMatchObject({ status: 503, attempts: 3 });
  expect(sleeps).toHaveLength(2);
});

test('a real 429 is waited out for its Retry-After, then the delete succeeds', async () => {
  limited.store.reset();
  const client = createCustomersClient({ baseUrl: limited.url, auth: { apiKey: creds.apiKey }, clock });
  expect((await client.deleteBusinessCustomer({ customerId: 'cus_abc123xyz789' })).ok).toBe(true);
  const second = await client.deleteBusinessCustomer({ customerId: 'cus_01HCq7Lm2Np4Rs6T' });
  // limit 1 per 2 s: the sandbox's 429 says Retry-After: 2, and the client waits exactly that.
  expect(sleeps).toEqual([2000]);
  expect(second).toMatchObject({ ok: true, data: { customerId: 'cus_01HCq7Lm2Np4Rs6T' } });
});
