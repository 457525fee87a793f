// Retry policy: which answers are retried for an idempotent DELETE, exponential backoff with
// full jitter, Retry-After in seconds and as an HTTP-date, and the bounds on attempts and time.
import { describe, expect, test } from 'vitest';
import { ApiError, createCustomersClient, type RetryInfo } from '../../src/client/index.js';
import { backoffDelay, parseRetryAfter, retryPolicy } from '../../src/client/retry.js';
import { BASE_URL, deletedCustomer, errorBody, fakeFetch, json, virtualClock } from './support.js';

function clientFor(handler: Parameters<typeof fakeFetch>[0], retry = {}) {
  const server = fakeFetch(handler);
  const time = virtualClock();
  const client = createCustomersClient({
    baseUrl: BASE_URL,
    auth: { token: 'static-token-1234' },
    fetch: server.fetch,
    clock: time.clock,
    retry,
  });
  return { client, server, time };
}

describe('a DELETE', () => {
  test.each([408, 429, 500, 502, 503, 504])('is retried after a %i and then succeeds', async (status) => {
    const { client, server } = clientFor((_s, i) =>
      i === 0 ? json(status, errorBody(status, 'x')) : json(200, deletedCustomer),
    );
    const result = await client.deleteCustomer({ customerId: 'cst_1' });
    expect(result.ok).toBe(true);
    expect(server.seen).toHaveLength(2);
  });

  test.each([400, 403, 404])('is never retried after a %i', async (status) => {
    const { client, server } = clientFor(() => json(status, errorBody(status, 'x')));
    const result = await client.deleteCustomer({ customerId: 'cst_1' });
    expect(result).toMatchObject({ ok: false, status });
    expect(server.seen).toHaveLength(1);
  });

  test('is retried after a network error', async () => {
    const { client, server } = clientFor((_s, i) => {
      if (i === 0) throw new TypeError('fetch failed');
      return json(200, deletedCustomer);
    });
    expect((await client.deleteCustomer({ customerId: 'cst_1' })).ok).toBe(true);
    expect(server.seen).toHaveLength(2);
  });

  test('makes 3 attempts by default (2 retries), then returns the documented 500', async () => {
    const { client, server } = clientFor(() => json(500, errorBody(500, 'internal_error')));
    const result = await client.deleteCustomer({ customerId: 'cst_1' });
    expect(result).toMatchObject({ ok: false, status: 500, error: { code: 'internal_error' } });
    expect(server.seen).toHaveLength(3);
  });

  test('rejects with an ApiError after retries when the last answer is an undocumented 503', async () => {
    const { client, server } = clientFor(() => new Response('upstream unavailable', { status: 503 }));
    const error = await client.deleteCustomer({ customerId: 'cst_1' }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 503,
      code: 'undocumented_status',
      attempts: 3,
      body: 'upstream unavailable',
    });
    expect(server.seen).toHaveLength(3);
  });

  test('rejects with network_error after the retries when the network keeps failing', async () => {
    const { client, server } = clientFor(() => {
      throw new TypeError('fetch failed');
    });
    const error = await client.deleteCustomer({ customerId: 'cst_1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 0, code: 'network_error', attempts: 3 });
    expect((error as ApiError).cause).toBeInstanceOf(TypeError);
    expect(server.seen).toHaveLength(3);
  });

  test('retries: 0 disables retries', async () => {
    const { client, server } = clientFor(() => json(500, errorBody(500, 'internal_error')), { retries: 0 });
    await client.deleteCustomer({ customerId: 'cst_1' });
    expect(server.seen).toHaveLength(1);
  });
});

describe('waiting between attempts', () => {
  test('uses exponential backoff with full jitter, capped by maxDelayMs', async () => {
    const { client, time } = clientFor(() => json(500, errorBody(500, 'internal_error')), {
      retries: 4,
      baseDelayMs: 100,
      maxDelayMs: 300,
    });
    await client.deleteCustomer({ customerId: 'cst_1' });
    // random() is 0.5: half of min(300, 100 * 2^(n-1)) for n = 1..4.
    expect(time.sleeps).toEqual([50, 100, 150, 150]);
  });

  test('honours Retry-After in seconds instead of the backoff', async () => {
    const { client, time } = clientFor((_s, i) =>
      i === 0
        ? json(429, errorBody(429, 'rate_limited'), { 'Retry-After': '7' })
        : json(200, deletedCustomer),
    );
    await client.deleteCustomer({ customerId: 'cst_1' });
    expect(time.sleeps).toEqual([7000]);
  });

  test('honours Retry-After as an HTTP-date', async () => {
    const time = virtualClock();
    const at = new Date(time.clock.now() + 12_000).toUTCString();
    const server = fakeFetch((_s, i) =>
      i === 0
        ? new Response('', { status: 503, headers: { 'Retry-After': at } })
        : json(200, deletedCustomer),
    );
    const client = createCustomersClient({ baseUrl: BASE_URL, fetch: server.fetch, clock: time.clock });
    await client.deleteCustomer({ customerId: 'cst_1' });
    expect(time.sleeps).toEqual([12_000]);
  });

  test('does not retry when Retry-After reaches past the total time budget', async () => {
    const { client, server, time } = clientFor(
      () => json(429, errorBody(429, 'rate_limited'), { 'Retry-After': '120' }),
      { maxElapsedMs: 60_000 },
    );
    const result = await client.deleteCustomer({ customerId: 'cst_1' });
    expect(result).toMatchObject({ ok: false, status: 429 });
    expect(server.seen).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
  });

  test('stops retrying once the total time budget is spent', async () => {
    const { client, server } = clientFor(
      () => json(429, errorBody(429, 'rate_limited'), { 'Retry-After': '20' }),
      {
        retries: 10,
        maxElapsedMs: 50_000,
      },
    );
    await client.deleteCustomer({ customerId: 'cst_1' });
    expect(server.seen).toHaveLength(3); // waits at 20 s and 40 s; a third wait would end at 60 s.
  });

  test('tells onRetry why and how long it waits', async () => {
    const seen: RetryInfo[] = [];
    const { client } = clientFor(
      (_s, i) =>
        i === 0
          ? json(429, errorBody(429, 'rate_limited'), { 'Retry-After': '1' })
          : json(200, deletedCustomer),
      { onRetry: (info: RetryInfo) => seen.push(info) },
    );
    await client.deleteCustomer({ customerId: 'cst_1' });
    expect(seen).toEqual([
      { operationId: 'deleteCustomer', retry: 1, delayMs: 1000, status: 429, requestId: 'req_429' },
    ]);
  });
});

describe('Retry-After parsing (RFC 9110, section 10.2.3)', () => {
  const now = Date.UTC(2026, 2, 20, 14, 0, 0);
  test.each([
    ['delay-seconds', '30', 30_000],
    ['zero seconds', '0', 0],
    ['an IMF-fixdate', 'Fri, 20 Mar 2026 14:00:05 GMT', 5_000],
    ['a date in the past', 'Fri, 20 Mar 2026 13:00:00 GMT', 0],
    ['garbage', 'soon', undefined],
    ['a negative number', '-5', undefined],
    ['an absent header', null, undefined],
  ])('%s', (_name, header, want) => {
    expect(parseRetryAfter(header, now)).toBe(want);
  });
});

test('full jitter draws from [0, ceiling) and the ceiling doubles per retry', () => {
  const policy = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1000 });
  expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, policy, () => 0.999))).toEqual([99, 199, 399, 799, 999]);
  expect(backoffDelay(3, policy, () => 0)).toBe(0);
});
