// createSandbox: the same engine as the HTTP sandbox behind a WHATWG fetch, with no socket. The client
// drives the whole flow through `fetch: sandbox.fetch`; a fetch that would reach the network fails the test.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { createCustomersClient } from '../../src/client/index.js';
import {
  createSandbox,
  demoCredentials,
  demoCustomerIds,
  type InProcessSandbox,
  type Sandbox,
} from '../../src/sandbox/index.js';
import { validateSchema } from '../../src/spec/index.js';
import { call, fullKey, ids, sandbox as startQuiet } from './helpers.js';

const creds = { apiKey: fullKey.apiKey, apiSecret: fullKey.apiSecret };
const BASE = 'https://sandbox-api.polygon.technology/v0.9';

describe('createSandbox().fetch with the client, no network', () => {
  let sb: InProcessSandbox;
  beforeAll(() => {
    sb = createSandbox({ log: () => undefined });
  });
  beforeEach(() => {
    sb.reset();
    // Any real network call would go through globalThis.fetch: make it fail loudly.
    vi.stubGlobal('fetch', () => Promise.reject(new Error('the network was used')));
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    expect(sb.stats.selfCheckFailures).toBe(0);
    expect(sb.stats.crashes).toBe(0);
  });

  test('exchange, business delete 200 then 404, individual delete twice the same 200, wrong type 400', async () => {
    const client = createCustomersClient({ baseUrl: BASE, auth: creds, fetch: sb.fetch });
    const business = await client.deleteBusinessCustomer({ customerId: ids.northwind });
    expect(business).toMatchObject({ ok: true, status: 200, data: { customerId: ids.northwind } });
    const again = await client.deleteBusinessCustomer({ customerId: ids.northwind });
    expect(again).toMatchObject({ ok: false, status: 404, error: { code: 'customer_not_found' } });
    const first = await client.deleteCustomer({ customerId: ids.jane });
    const second = await client.deleteCustomer({ customerId: ids.jane });
    expect(first).toMatchObject({ ok: true, status: 200, data: { id: ids.jane, status: 'inactive' } });
    expect(second.ok && second.data).toEqual(first.ok && first.data);
    const mismatch = await client.deleteCustomer({ customerId: ids.northwind });
    expect(mismatch).toMatchObject({ ok: false, status: 400, error: { code: 'customer_type_mismatch' } });
    expect(sb.store.retainedBusiness(ids.northwind)?.deletion?.deletedBy).toBe('key_01H9Xa8F5dN6mP3q');
  });

  test('store.reset() restores the fixtures, so a rerun starts clean', async () => {
    const client = createCustomersClient({ baseUrl: BASE, auth: { apiKey: creds.apiKey }, fetch: sb.fetch });
    expect((await client.deleteBusinessCustomer({ customerId: ids.northwind })).status).toBe(200);
    expect((await client.deleteBusinessCustomer({ customerId: ids.northwind })).status).toBe(404);
    sb.store.reset();
    expect((await client.deleteBusinessCustomer({ customerId: ids.northwind })).status).toBe(200);
  });

  test('a plain Request works too, and any origin: the path decides', async () => {
    const answer = await sb.fetch(
      new Request('http://anything.invalid/customers/business/cus_nope', {
        method: 'DELETE',
        headers: { 'X-API-Key': creds.apiKey },
      }),
    );
    expect(answer.status).toBe(404);
    expect(await answer.json()).toMatchObject({ code: 'customer_not_found' });
    expect(answer.headers.get('ratelimit')).toMatch(/^"default";r=\d+;t=\d+$/);
  });

  test('GET / and the spec files answer in process too, under the root and /v0.9', async () => {
    const index = await sb.fetch(new Request('http://x/v0.9/'));
    expect(await index.json()).toMatchObject({ docs: '/docs/', openapi: { json: '/openapi.json' } });
    const spec = await sb.fetch(new Request('http://x/openapi.json'));
    expect((await spec.json()).openapi).toBe('3.1.0');
    const head = await sb.fetch(new Request('http://x/v0.9/openapi.yaml', { method: 'HEAD' }));
    expect([head.status, head.headers.get('content-type'), await head.text()]).toEqual([
      200,
      'application/yaml',
      '',
    ]);
  });

  test('an aborted request rejects with its abort reason, and nothing is deleted', async () => {
    const controller = new AbortController();
    const pending = sb.fetch(
      new Request(`http://x/customers/business/${ids.northwind}`, {
        method: 'DELETE',
        headers: { 'X-API-Key': creds.apiKey, Prefer: 'delay=5000' },
        signal: controller.signal,
      }),
    );
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
    expect(sb.store.retainedBusiness(ids.northwind)?.deletion).toBeUndefined();
  });
});

describe('the documented base path /v0.9 and the root serve the same API', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startQuiet({ rateLimit: { limit: 10_000, windowSeconds: 60 } });
  });
  beforeEach(() => sb.store.reset());
  afterAll(() => sb.close());

  test.each(['', '/v0.9'])('under "%s": exchange, deletes, 405 and 404 answer identically', async (base) => {
    const url = sb.url + base;
    const client = createCustomersClient({ baseUrl: url, auth: creds });
    expect((await client.deleteBusinessCustomer({ customerId: ids.northwind })).status).toBe(200);
    expect((await client.deleteBusinessCustomer({ customerId: ids.northwind })).status).toBe(404);
    expect((await client.deleteCustomer({ customerId: ids.jane })).status).toBe(200);
    const wrongMethod = await call(url, 'GET', `/customers/${ids.jane}`);
    expect([wrongMethod.status, wrongMethod.headers.get('allow')]).toEqual([405, 'DELETE']);
    expect((await call(url, 'GET', '/openapi.json')).json.openapi).toBe('3.1.0');
  });

  test('GET / says where the docs and the spec are, as JSON', async () => {
    for (const path of ['/', '/v0.9', '/v0.9/']) {
      const answer = await call(sb.url, 'GET', path);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('application/json');
      expect(answer.json).toMatchObject({
        docs: '/docs/',
        openapi: { yaml: '/openapi.yaml', json: '/openapi.json' },
        basePaths: ['/', '/v0.9'],
      });
    }
  });
});

describe('errors never echo the path or a header', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startQuiet();
  });
  afterAll(() => sb.close());

  test('a 404 for a path holding a key says nothing of the path', async () => {
    for (const path of [
      `/v0.9/customers/${fullKey.apiKey}/x`,
      `/${fullKey.apiSecret}`,
      `/v1/customers/business/${fullKey.apiKey}`,
    ]) {
      const answer = await call(sb.url, 'DELETE', path, { 'X-API-Key': fullKey.apiKey });
      expect(answer.status).toBe(404);
      expect(validateSchema('ApiErrorBody', answer.json)).toEqual([]);
      expect(answer.text).not.toContain(fullKey.apiKey);
      expect(answer.text).not.toContain(fullKey.apiSecret);
      expect(answer.text).not.toContain('sk_sdbx_');
      expect(answer.json.message).toContain('/openapi.json');
    }
  });

  test('no error body quotes a header value sent with it', async () => {
    const secretish = 'sk_sdbx_leakCheck1234567890';
    const answers = await Promise.all([
      call(sb.url, 'DELETE', '/customers/cst_x', { Authorization: `Bearer ${secretish}` }),
      call(sb.url, 'DELETE', '/customers/cst_x', { Authorization: secretish }),
      call(sb.url, 'DELETE', '/customers/business/cus_x', { 'X-API-Key': secretish }),
      call(sb.url, 'DELETE', '/customers/cst_x', { 'X-API-Key': secretish }),
      call(sb.url, 'GET', `/nowhere`, { 'X-Request-Id': 'not valid!', Referer: secretish }),
      call(sb.url, 'PATCH', '/auth/token', { Authorization: `Bearer ${secretish}` }),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.text).not.toContain(secretish);
    }
  });
});

describe('token exchanges are charged to the caller, not to the key named in the body', () => {
  test('wrong-secret exchanges naming a key do not spend that key quota', async () => {
    const sb = createSandbox({ rateLimit: { limit: 3, windowSeconds: 60 }, log: () => undefined });
    const exchange = (apiSecret: string) =>
      sb.fetch(
        new Request('http://x/auth/token', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ apiKey: creds.apiKey, apiSecret }),
        }),
      );
    const attempts = [];
    for (let i = 0; i < 6; i++) attempts.push((await exchange('ss_wrongwrongwrongwrong')).status);
    expect(attempts).toEqual([401, 401, 401, 429, 429, 429]);
    // The key's owner, on the key's own bucket, still has the full quota.
    const owner = await sb.fetch(
      new Request(`http://x/customers/business/${ids.northwind}`, {
        method: 'DELETE',
        headers: { 'X-API-Key': creds.apiKey },
      }),
    );
    expect(owner.status).toBe(200);
    expect(owner.headers.get('ratelimit')).toMatch(/^"default";r=2;/);
  });
});

test('demoCredentials and demoCustomerIds describe the shipped fixtures', () => {
  expect(demoCredentials[0]?.apiKey).toBe('sk_sdbx_4eC39HqLyjWDarjtT1zdp7dc');
  const first = demoCustomerIds()[0];
  expect(first?.accountId).toBe('acc_01HAcmePay0001');
  expect(first?.individuals).toContain(ids.jane);
  expect(first?.businesses).toContain(ids.northwind);
});
