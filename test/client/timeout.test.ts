// Timeouts and cancellation: the per-attempt timeout, the caller's AbortSignal during an
// attempt, during the wait between retries and while a token exchange is shared.
import { describe, expect, test } from 'vitest';
import { ApiError, createCustomersClient } from '../../src/client/index.js';
import {
  BASE_URL,
  creds,
  deletedCustomer,
  errorBody,
  fakeFetch,
  json,
  newToken,
  tokenResponse,
} from './support.js';

/** A fetch that never answers and ignores its signal, like a stuck connection in a careless runtime. */
const hang = () => new Promise<Response>(() => undefined);

describe('per-attempt timeout', () => {
  test('an attempt that never answers rejects with timeout after timeoutMs', async () => {
    const server = fakeFetch(hang);
    const client = createCustomersClient({
      baseUrl: BASE_URL,
      fetch: server.fetch,
      timeoutMs: 40,
      retry: { retries: 0 },
    });
    const started = Date.now();
    const error = await client.deleteCustomer({ customerId: 'cst_1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'timeout', status: 0, attempts: 1 });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test('the timeout aborts the request signal that fetch receives', async () => {
    const server = fakeFetch(hang);
    const client = createCustomersClient({
      baseUrl: BASE_URL,
      fetch: server.fetch,
      timeoutMs: 20,
      retry: { retries: 0 },
    });
    await client.deleteCustomer({ customerId: 'cst_1' }).catch(() => undefined);
    expect(server.seen[0]?.signal.aborted).toBe(true);
  });

  test('a timed-out DELETE is retried like a network error, each attempt with its own timeout', async () => {
    const server = fakeFetch((_s, i) => (i < 2 ? hang() : json(200, deletedCustomer)));
    const client = createCustomersClient({
      baseUrl: BASE_URL,
      fetch: server.fetch,
      timeoutMs: 20,
      retry: { baseDelayMs: 1, maxDelayMs: 1 },
    });
    expect((await client.deleteCustomer({ customerId: 'cst_1' })).ok).toBe(true);
    expect(server.seen).toHaveLength(3);
  });
});

describe('caller AbortSignal', () => {
  test('an already aborted signal sends nothing', async () => {
    const server = fakeFetch(() => json(200, deletedCustomer));
    const client = createCustomersClient({ baseUrl: BASE_URL, fetch: server.fetch });
    const error = await client
      .deleteCustomer({ customerId: 'cst_1' }, { signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'aborted', status: 0 });
    expect(server.seen).toHaveLength(0);
  });

  test('aborting during an attempt rejects at once with aborted and does not retry', async () => {
    const server = fakeFetch(hang);
    const client = createCustomersClient({ baseUrl: BASE_URL, fetch: server.fetch });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const started = Date.now();
    const error = await client
      .deleteCustomer({ customerId: 'cst_1' }, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'aborted', attempts: 1 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(server.seen).toHaveLength(1);
    expect(server.seen[0]?.signal.aborted).toBe(true);
  });

  test('aborting during the wait between retries rejects at once (real clock, Retry-After 30 s)', async () => {
    const server = fakeFetch(() => json(429, errorBody(429, 'rate_limited'), { 'Retry-After': '30' }));
    const client = createCustomersClient({ baseUrl: BASE_URL, fetch: server.fetch });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const started = Date.now();
    const error = await client
      .deleteCustomer({ customerId: 'cst_1' }, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'aborted', attempts: 1 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(server.seen).toHaveLength(1);
  });

  test('a caller that aborts while a token exchange is shared gives up alone; the others get the token', async () => {
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
    const controller = new AbortController();
    const quitter = client
      .deleteCustomer({ customerId: 'cst_1' }, { signal: controller.signal })
      .catch((e: unknown) => e);
    const stayer = client.deleteCustomer({ customerId: 'cst_2' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    expect(await quitter).toMatchObject({ code: 'aborted' });
    release();
    expect((await stayer).ok).toBe(true);
    expect(server.paths()).toEqual(['POST /auth/token', 'DELETE /customers/cst_2']);
  });
});
