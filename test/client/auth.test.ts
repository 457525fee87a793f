// Auth policies: static token, key/secret exchange with caching and single flight, one refresh
// and replay on 401, X-API-Key where the spec allows it, and the token POST's own retry rules.
import { describe, expect, test } from 'vitest';
import { ApiError, type AuthOptions, createCustomersClient } from '../../src/client/index.js';
import {
  BASE_URL,
  businessDeletion,
  creds,
  deletedCustomer,
  errorBody,
  fakeFetch,
  json,
  newToken,
  tokenResponse,
  virtualClock,
} from './support.js';

const fast = { baseDelayMs: 1, maxDelayMs: 2 };

describe('static token', () => {
  test('is sent as Authorization: Bearer on every call', async () => {
    const server = fakeFetch(() => json(200, deletedCustomer));
    const client = createCustomersClient({
      baseUrl: BASE_URL,
      auth: { token: 'static-token-1234' },
      fetch: server.fetch,
    });
    await client.deleteCustomer({ customerId: 'cst_1' });
    await client.deleteBusinessCustomer({ customerId: 'cus_1' });
    expect(server.seen.map((s) => s.headers.get('Authorization'))).toEqual([
      'Bearer static-token-1234',
      'Bearer static-token-1234',
    ]);
  });

  test('a 401 is returned as the result without any token exchange or replay', async () => {
    const server = fakeFetch(() => json(401, errorBody(401, 'unauthorized', 'Unauthorized')));
    const client = createCustomersClient({
      baseUrl: BASE_URL,
      auth: { token: 'static-token-1234' },
      fetch: server.fetch,
    });
    const result = await client.deleteCustomer({ customerId: 'cst_1' });
    expect(result).toMatchObject({ ok: false, status: 401, error: { code: 'unauthorized' } });
    expect(server.paths()).toEqual(['DELETE /customers/cst_1']);
  });
});

describe('key and secret exchange', () => {
  test('exchanges at POST /auth/token once, sends the bearer, and reuses the cached token', async () => {
    const token = newToken();
    const server = fakeFetch((s) =>
      s.path === '/auth/token' ? tokenResponse(token) : json(200, deletedCustomer),
    );
    const client = createCustomersClient({ baseUrl: BASE_URL, auth: creds, fetch: server.fetch });
    await client.deleteCustomer({ customerId: 'cst_1' });
    await client.deleteCustomer({ customerId: 'cst_2' });
    expect(server.paths()).toEqual([
      'POST /auth/token',
      'DELETE /customers/cst_1',
      'DELETE /customers/cst_2',
    ]);
    expect(JSON.parse(server.seen[0]?.body ?? '')).toEqual(creds);
    expect(server.seen[0]?.headers.get('Authorization')).toBeNull();
    expect(server.seen[1]?.headers.get('Authorization')).toBe(`Bearer ${token}`);
    expect(server.seen[2]?.headers.get('Authorization')).toBe(`Bearer ${token}`);
  });

  test.each([
    ['2 minutes before expiresAt the cached token is still used', 3600_000 - 120_000, 1],
    ['30 seconds before expiresAt the token is exchanged again', 3600_000 - 30_000, 2],
    ['after expiresAt the token is exchanged again', 3600_000 + 1, 2],
  ])('%s', async (_name, elapsedMs, exchanges) => {
    const time = virtualClock();
    const server = fakeFetch((s) =>
      s.path === '/auth/token'
        ? tokenResponse(newToken(), 3600, time.clock.now())
        : json(200, deletedCustomer),
    );
    const client = createCustomersClient({
      baseUrl: BASE_URL,
      auth: creds,
      fetch: server.fetch,
      clock: time.clock,
    });
    await client.deleteCustomer({ customerId: 'cst_1' });
    time.advance(elapsedMs);
    await client.deleteCustomer({ customerId: 'cst_1' });
    expect(server.paths().filter((p) => p === 'POST /auth/token')).toHaveLength(exchanges);
  });

  test('concurrent calls share one in-flight exchange', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const server = fakeFetch(async (s) => {
      if (s.path !== '/auth/token') return json(200, deletedCustomer);
      await gate;
      return tokenResponse(newToken());
    });
    const client = createCustomersClient({ baseUrl: BASE_URL, auth: creds, fetch: server.fetch });
    const calls = Array.from({ length: 5 }, (_, i) => client.deleteCustomer({ customerId: `cst_${i}` }));
    await new Promise((resolve) => setTimeout(resolve, 10));
    release();
    const results = await Promise.all(calls);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(server.paths().filter((p) => p === 'POST /auth/token')).toHaveLength(1);
    expect(new Set(server.seen.slice(1).map((s) => s.headers.get('Authorization'))).size).toBe(1);
  });

  test('a 401 exchanges a new token once and replays the request with it', async () => {
    const first = newToken();
    const second = newToken();
    const issued = [first, second];
    // The server has revoked `first`: only `second` is accepted.
    const server = fakeFetch((s) => {
      if (s.path === '/auth/token') return tokenResponse(issued.shift() ?? 'none');
      return s.headers.get('Authorization') === `Bearer ${second}`
        ? json(200, deletedCustomer)
        : json(401, errorBody(401, 'unauthorized'));
    });
    const client = createCustomersClient({ baseUrl: BASE_URL, auth: creds, fetch: server.fetch });
    const result = await client.deleteCustomer({ customerId: 'cst_1' });
    expect(result.ok).toBe(true);
    expect(server.paths()).toEqual([
      'POST /auth/token',
      'DELETE /customers/cst_1',
      'POST /auth/token',
      'DELETE /customers/cst_1',
    ]);
    expect(server.seen[1]?.headers.get('Authorization')).toBe(`Bearer ${first}`);
    expect(server.seen[3]?.headers.get('Authorization')).toBe(`Bearer ${second}`);
  });

  test('a 401 after the one refresh is returned, with no further exchange or retry', async () => {
    const server = fakeFetch((s) =>
      s.path === '/auth/token' ? tokenResponse(newToken()) : json(401, errorBody(401, 'unauthorized')),
    );
    const client = createCustomersClient({
      baseUrl: BASE_URL,
      auth: creds,
      fetch: server.fetch,
      retry: fast,
    });
    const result = await client.deleteCustomer({ customerId: 'cst_1' });
    expect(result).toMatchObject({ ok: false, status: 401, requestId: 'req_401' });
    expect(server.paths()).toHaveLength(4);
  });

  test('an exchange refused with 401 resolves the call as that 401, without calling the delete', async () => {
    const server = fakeFetch(() =>
      json(401, errorBody(401, 'unauthorized', 'Unauthorized: invalid API key or secret.')),
    );
    const client = createCustomersClient({ baseUrl: BASE_URL, auth: creds, fetch: server.fetch });
    const result = await client.deleteCustomer({ customerId: 'cst_1' });
    expect(result).toEqual({
      ok: false,
      status: 401,
      error: {
        message: 'Unauthorized: invalid API key or secret.',
        code: 'unauthorized',
        requestId: 'req_401',
      },
      requestId: 'req_401',
    });
    expect(server.paths()).toEqual(['POST /auth/token']);
  });

  test('with a key and secret the business endpoint uses the bearer, the first alternative of the spec', async () => {
    const token = newToken();
    const server = fakeFetch((s) =>
      s.path === '/auth/token' ? tokenResponse(token) : json(200, businessDeletion),
    );
    const client = createCustomersClient({ baseUrl: BASE_URL, auth: creds, fetch: server.fetch });
    await client.deleteBusinessCustomer({ customerId: 'cus_abc123xyz789' });
    expect(server.seen[1]?.headers.get('Authorization')).toBe(`Bearer ${token}`);
    expect(server.seen[1]?.headers.get('X-API-Key')).toBeNull();
  });
});

describe('API key alone', () => {
  test('the business endpoint gets X-API-Key and no bearer, with no exchange', async () => {
    const server = fakeFetch(() => json(200, businessDeletion));
    const client = createCustomersClient({
      baseUrl: BASE_URL,
      auth: { apiKey: creds.apiKey },
      fetch: server.fetch,
    });
    const result = await client.deleteBusinessCustomer({ customerId: 'cus_abc123xyz789' });
    expect(result.ok).toBe(true);
    expect(server.paths()).toEqual(['DELETE /customers/business/cus_abc123xyz789']);
    expect(server.seen[0]?.headers.get('X-API-Key')).toBe(creds.apiKey);
    expect(server.seen[0]?.headers.get('Authorization')).toBeNull();
  });

  test('the individual endpoint (bearer only) rejects with auth_unsupported before any request', async () => {
    const server = fakeFetch(() => json(200, deletedCustomer));
    // Typed as the wide AuthOptions: with { apiKey } spelled out, the call does not compile.
    const client = createCustomersClient({
      baseUrl: BASE_URL,
      auth: { apiKey: creds.apiKey } as AuthOptions,
      fetch: server.fetch,
    });
    const error = await client.deleteCustomer({ customerId: 'cst_1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 'auth_unsupported',
      status: 0,
      operationId: 'deleteCustomer',
      attempts: 0,
      requestId: '',
    });
    expect((error as ApiError).message).toContain('bearerAuth');
    expect((error as ApiError).message).toContain('no request was sent');
    expect((error as ApiError).message).not.toContain('request id');
    expect(server.seen).toHaveLength(0);
  });
});

test('without auth no credential header is sent (middleware may add one)', async () => {
  const server = fakeFetch(() => json(200, deletedCustomer));
  const client = createCustomersClient({ baseUrl: BASE_URL, fetch: server.fetch });
  await client.deleteCustomer({ customerId: 'cst_1' });
  expect(server.seen[0]?.headers.get('Authorization')).toBeNull();
  expect(server.seen[0]?.headers.get('X-API-Key')).toBeNull();
});

describe('POST /auth/token retries only on network errors, 429 and 5xx', () => {
  test.each([
    [429, 2],
    [500, 2],
    [502, 2],
    [503, 2],
    [400, 1],
    [401, 1],
    [408, 1],
  ])('a %i first answer leads to %i request(s)', async (status, requests) => {
    const server = fakeFetch((_s, i) =>
      i === 0 ? json(status, errorBody(status, 'x')) : tokenResponse(newToken()),
    );
    const client = createCustomersClient({ baseUrl: BASE_URL, fetch: server.fetch, retry: fast });
    await client.createAccessToken(creds).catch(() => undefined);
    expect(server.seen).toHaveLength(requests);
  });

  test('a network error is retried', async () => {
    const server = fakeFetch((_s, i) => {
      if (i === 0) throw new TypeError('fetch failed');
      return tokenResponse(newToken());
    });
    const client = createCustomersClient({ baseUrl: BASE_URL, fetch: server.fetch, retry: fast });
    const result = await client.createAccessToken(creds);
    expect(result.ok).toBe(true);
    expect(server.seen).toHaveLength(2);
  });
});
