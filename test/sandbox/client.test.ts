// The typed client (src/client) end to end against the sandbox: key/secret exchange,
// refresh after a forced expiry, retries after injected 503 and 429 (Retry-After), timeouts on injected
// delays, and a typed result for every documented status.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { ApiError, type CustomersClientOptions, createCustomersClient } from '../../src/client/index.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { fullKey, ids, readOnlyKey, sandbox } from './helpers.js';

let clock = Date.now();
let sb: Sandbox;
beforeAll(async () => {
  sb = await sandbox({ rateLimit: { limit: 10_000, windowSeconds: 60 }, now: () => clock });
});
beforeEach(() => {
  sb.store.reset();
  clock = Date.now();
});
afterAll(async () => {
  expect(sb.stats.selfCheckFailures).toBe(0);
  await sb.close();
});

interface Seen {
  method: string;
  path: string;
  status: number;
}

/** A fetch that records every request and can add headers to the first N attempts of the deletes. */
function recordingFetch(inject: Record<string, string> = {}, times = 0) {
  const seen: Seen[] = [];
  let injected = 0;
  const fetchFn = async (request: Request) => {
    const path = new URL(request.url).pathname;
    let sent = request;
    if (request.method === 'DELETE' && injected < times) {
      injected++;
      const headers = new Headers(request.headers);
      for (const [name, value] of Object.entries(inject)) headers.set(name, value);
      sent = new Request(request, { headers });
    }
    const response = await fetch(sent);
    seen.push({ method: request.method, path, status: response.status });
    return response;
  };
  return { fetchFn, seen };
}

function client(extra: Partial<CustomersClientOptions> = {}) {
  return createCustomersClient({
    baseUrl: sb.url,
    auth: { apiKey: fullKey.apiKey, apiSecret: fullKey.apiSecret },
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    ...extra,
  });
}

describe('authentication', () => {
  test('a key and secret are exchanged once; the token deletes a business customer, then 404', async () => {
    const { fetchFn, seen } = recordingFetch();
    const api = client({ fetch: fetchFn });
    const first = await api.deleteBusinessCustomer({ customerId: ids.northwind });
    expect(first).toMatchObject({
      ok: true,
      status: 200,
      data: { success: true, customerId: ids.northwind },
    });
    const second = await api.deleteBusinessCustomer({ customerId: ids.northwind });
    expect(second).toMatchObject({ ok: false, status: 404, error: { code: 'customer_not_found' } });
    expect(seen.filter((s) => s.path === '/auth/token')).toHaveLength(1);
  });

  test('createAccessToken returns the typed token', async () => {
    const result = await client().createAccessToken({ apiKey: fullKey.apiKey, apiSecret: fullKey.apiSecret });
    if (!result.ok) throw new Error(`exchange failed: ${result.status}`);
    expect(result.data.tokenType).toBe('bearer');
    expect(result.data.accessToken.split('.')).toHaveLength(3);
  });

  test('after a forced expiry the client exchanges the key again and the call succeeds', async () => {
    const { fetchFn, seen } = recordingFetch();
    const api = client({ fetch: fetchFn });
    expect((await api.deleteCustomer({ customerId: ids.jane })).status).toBe(200);
    clock += 2 * 3600_000; // the sandbox's clock moves past expiresAt; the client's cached token is now refused
    const again = await api.deleteCustomer({ customerId: 'cst_01H9Xc2R8tV5wY7z' });
    expect(again).toMatchObject({ ok: true, status: 200, data: { status: 'inactive' } });
    expect(seen.map((s) => `${s.method} ${s.path} ${s.status}`)).toEqual([
      'POST /auth/token 200',
      `DELETE /customers/${ids.jane} 200`,
      'DELETE /customers/cst_01H9Xc2R8tV5wY7z 401',
      'POST /auth/token 200',
      'DELETE /customers/cst_01H9Xc2R8tV5wY7z 200',
    ]);
  });

  test('a 401 that persists after one refresh is returned as a typed 401, not retried forever', async () => {
    const { fetchFn, seen } = recordingFetch({ Prefer: 'code=401' }, 10);
    const api = client({ fetch: fetchFn });
    const result = await api.deleteCustomer({ customerId: ids.jane }, { signal: AbortSignal.timeout(5000) });
    expect(result).toMatchObject({ ok: false, status: 401, error: { code: 'unauthorized' } });
    expect(seen.filter((s) => s.path === '/auth/token')).toHaveLength(2);
  });

  test('X-API-Key alone deletes a business customer', async () => {
    const api = createCustomersClient({ baseUrl: sb.url, auth: { apiKey: fullKey.apiKey } });
    expect((await api.deleteBusinessCustomer({ customerId: ids.blueHarbor })).status).toBe(200);
  });
});

describe('retries and timeouts', () => {
  test('an injected 503 is retried and the delete then succeeds', async () => {
    const { fetchFn, seen } = recordingFetch({ Prefer: 'code=503' }, 1);
    const retries: number[] = [];
    const api = client({
      fetch: fetchFn,
      retry: { baseDelayMs: 5, maxDelayMs: 20, onRetry: (info) => retries.push(info.status) },
    });
    const result = await api.deleteBusinessCustomer({ customerId: ids.northwind });
    expect(result.status).toBe(200);
    expect(retries).toEqual([503]);
    expect(seen.filter((s) => s.method === 'DELETE').map((s) => s.status)).toEqual([503, 200]);
  });

  test("an injected 429 is retried after exactly the sandbox's Retry-After", async () => {
    const { fetchFn } = recordingFetch({ Prefer: 'code=429' }, 1);
    const waits: number[] = [];
    const api = client({
      fetch: fetchFn,
      clock: {
        sleep: async (ms: number) => {
          waits.push(ms);
        },
      },
    });
    const result = await api.deleteCustomer({ customerId: ids.jane });
    expect(result.status).toBe(200);
    expect(waits).toEqual([1000]);
  });

  test('a real 429 from an exhausted bucket is a typed result once retries are spent', async () => {
    const tight = await sandbox({ rateLimit: { limit: 1, windowSeconds: 3600 } });
    try {
      const api = createCustomersClient({
        baseUrl: tight.url,
        auth: { apiKey: fullKey.apiKey },
        retry: { retries: 0 },
      });
      await api.deleteBusinessCustomer({ customerId: ids.northwind });
      const limited = await api.deleteBusinessCustomer({ customerId: ids.northwind });
      expect(limited).toMatchObject({ ok: false, status: 429, error: { code: 'rate_limited' } });
    } finally {
      await tight.close();
    }
  });

  test('an injected delay longer than timeoutMs rejects with ApiError code timeout', async () => {
    const api = client({ timeoutMs: 100, retry: { retries: 0 } });
    const call = api.deleteCustomer({ customerId: ids.jane }, { headers: { Prefer: 'delay=1000' } });
    await expect(call).rejects.toBeInstanceOf(ApiError);
    await expect(call).rejects.toMatchObject({ code: 'timeout', status: 0 });
  });

  test('a 503 that outlasts the retries rejects with ApiError (503 is not a documented status)', async () => {
    const api = client({ retry: { retries: 1, baseDelayMs: 5 } });
    const call = api.deleteCustomer({ customerId: ids.jane }, { headers: { Prefer: 'code=503' } });
    await expect(call).rejects.toMatchObject({ name: 'ApiError', status: 503, attempts: 2 });
  });
});

describe('typed results for every documented status', () => {
  const noRetry = { retries: 0 };
  test.each([
    ['200', () => client().deleteCustomer({ customerId: ids.jane }), 200, undefined],
    [
      '400 invalid_request',
      () => client().deleteCustomer({ customerId: 'cst_bad-id' }),
      400,
      'invalid_request',
    ],
    [
      '400 customer_type_mismatch',
      () => client().deleteCustomer({ customerId: ids.northwind }),
      400,
      'customer_type_mismatch',
    ],
    [
      '401',
      () =>
        createCustomersClient({ baseUrl: sb.url, auth: { token: 'not.a.token' } }).deleteCustomer({
          customerId: ids.jane,
        }),
      401,
      'unauthorized',
    ],
    [
      '403',
      () =>
        client({
          auth: { apiKey: readOnlyKey.apiKey, apiSecret: readOnlyKey.apiSecret },
        }).deleteBusinessCustomer({
          customerId: ids.northwind,
        }),
      403,
      'forbidden',
    ],
    [
      '404',
      () => client().deleteBusinessCustomer({ customerId: ids.otherAccountBusiness }),
      404,
      'customer_not_found',
    ],
    [
      '429',
      () =>
        client({ retry: noRetry }).deleteCustomer(
          { customerId: ids.jane },
          { headers: { Prefer: 'code=429' } },
        ),
      429,
      'rate_limited',
    ],
    [
      '500',
      () =>
        client({ retry: noRetry }).deleteCustomer(
          { customerId: ids.jane },
          { headers: { Prefer: 'code=500' } },
        ),
      500,
      'internal_error',
    ],
  ] as const)('%s', async (_, run, status, code) => {
    const result = await run();
    expect(result.status).toBe(status);
    expect(result.requestId).toMatch(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/);
    if (result.ok) {
      expect(code).toBeUndefined();
    } else {
      expect(result.error.code).toBe(code);
      expect(result.error.requestId).toBe(result.requestId);
    }
  });
});
