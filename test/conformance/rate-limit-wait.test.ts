// A rate-limited server is conforming: the suite waits out 429s (bounded per request and per run)
// instead of counting them against the check that met them.
import { describe, expect, test } from 'vitest';
import { RunContext } from '../../src/conformance/context.js';
import type { ConformanceOptions } from '../../src/conformance/types.js';

/** A fetch that answers `429 Retry-After: 0` `throttled` times, then 200; counts calls. */
function throttlingFetch(throttled: number, retryAfter = '0') {
  const calls = { count: 0 };
  const fetch = (async () => {
    calls.count += 1;
    if (calls.count <= throttled) {
      return new Response('{"message":"Too many requests","code":"rate_limited"}', {
        status: 429,
        headers: { 'Content-Type': 'application/json', 'Retry-After': retryAfter },
      });
    }
    return Response.json({ ok: true });
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

function context(options: Partial<ConformanceOptions> & Pick<ConformanceOptions, 'fetch'>): RunContext {
  return new RunContext({ baseUrl: 'http://127.0.0.1:9', ...options }, 1, 1);
}

const request = {
  sentBy: 'individual_soft_delete',
  label: 'delete',
  method: 'DELETE',
  path: '/customers/cst_x',
} as const;

describe('waiting out 429s', () => {
  test('a 429 with a short Retry-After is waited out and the request retried', async () => {
    const { fetch, calls } = throttlingFetch(4);
    const ctx = context({ fetch });
    const exchange = await ctx.send(request);
    expect(exchange.response?.status).toBe(200);
    expect(calls.count).toBe(5);
    // Every 429 stays recorded, so its headers are still checked.
    expect(ctx.exchanges.filter((e) => e.response?.status === 429)).toHaveLength(4);
  });

  test('a request is retried at most ten times', async () => {
    const { fetch, calls } = throttlingFetch(100);
    const exchange = await context({ fetch }).send(request);
    expect(exchange.response?.status).toBe(429);
    expect(calls.count).toBe(11);
  });

  test('a Retry-After longer than maxRetryAfterMs is taken as the answer', async () => {
    const { fetch, calls } = throttlingFetch(1, '60');
    const exchange = await context({ fetch, maxRetryAfterMs: 5000 }).send(request);
    expect(exchange.response?.status).toBe(429);
    expect(calls.count).toBe(1);
  });

  test('the run stops waiting once maxRateLimitWaitMs is spent', async () => {
    const { fetch, calls } = throttlingFetch(100, '1');
    const started = Date.now();
    const exchange = await context({ fetch, maxRateLimitWaitMs: 1500 }).send(request);
    expect(exchange.response?.status).toBe(429);
    expect(calls.count).toBe(2); // one wait of 1 s fits in 1.5 s, a second does not
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
