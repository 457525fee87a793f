// A rate-limited server is conforming: the suite waits out 429s (bounded per request and per run)
// instead of counting them against the check that met them. The waits happen on an injected
// clock, so nothing here sleeps.
import { describe, expect, test } from 'vitest';
import { RunContext } from '../../src/conformance/context.js';
import type { ConformanceOptions, ProgressEvent } from '../../src/conformance/types.js';
import { loadSpec, spec } from '../../src/spec/index.js';

const SPEC = loadSpec(spec);

/** A fetch that answers `429 Retry-After: <retryAfter>` `throttled` times, then 200; counts calls. */
function throttlingFetch(throttled: number, retryAfter = '0') {
  const calls = { count: 0 };
  const fetch = async () => {
    calls.count += 1;
    if (calls.count <= throttled) {
      return new Response('{"message":"Too many requests","code":"rate_limited"}', {
        status: 429,
        headers: { 'Content-Type': 'application/json', 'Retry-After': retryAfter },
      });
    }
    return Response.json({ ok: true });
  };
  return { fetch, calls };
}

/** A clock whose sleep only moves time forward and records how long it was asked to wait. */
function fakeClock() {
  const clock = {
    time: Date.parse('2026-03-20T12:00:00Z'),
    slept: [] as number[],
    now: () => clock.time,
    sleep: async (ms: number) => {
      clock.slept.push(ms);
      clock.time += ms;
    },
  };
  return clock;
}

function context(options: Partial<ConformanceOptions>) {
  const clock = fakeClock();
  const events: ProgressEvent[] = [];
  const ctx = new RunContext(
    { baseUrl: 'http://127.0.0.1:9', clock, onProgress: (e) => events.push(e), ...options },
    SPEC,
    1,
    1,
  );
  return { ctx, clock, events };
}

const request = {
  sentBy: 'individual_soft_delete',
  label: 'delete',
  method: 'DELETE',
  path: '/customers/cst_x',
} as const;

describe('waiting out 429s on the run clock', () => {
  test('a 429 with a short Retry-After is waited out (and reported) and the request retried', async () => {
    const { fetch, calls } = throttlingFetch(4, '2');
    const { ctx, clock, events } = context({ fetch });
    const exchange = await ctx.send(request);
    expect(exchange.response?.status).toBe(200);
    expect(calls.count).toBe(5);
    expect(clock.slept).toEqual([2000, 2000, 2000, 2000]);
    expect(events.filter((e) => e.type === 'wait')).toEqual(
      Array(4).fill({ type: 'wait', check: 'individual_soft_delete', ms: 2000, retryAfter: '2' }),
    );
    // Every 429 stays recorded, so its headers are still checked.
    expect(ctx.exchanges.filter((e) => e.response?.status === 429)).toHaveLength(4);
  });

  test('a request is retried at most ten times', async () => {
    const { fetch, calls } = throttlingFetch(100);
    const exchange = await context({ fetch }).ctx.send(request);
    expect(exchange.response?.status).toBe(429);
    expect(calls.count).toBe(11);
  });

  test('a Retry-After longer than maxRetryAfterMs is taken as the answer', async () => {
    const { fetch, calls } = throttlingFetch(1, '60');
    const { ctx, clock } = context({ fetch, maxRetryAfterMs: 5000 });
    expect((await ctx.send(request)).response?.status).toBe(429);
    expect(calls.count).toBe(1);
    expect(clock.slept).toEqual([]);
  });

  test('an HTTP-date Retry-After is honoured too (the client parser, RFC 9110 section 10.2.3)', async () => {
    const { fetch } = throttlingFetch(1, 'Fri, 20 Mar 2026 12:00:03 GMT');
    const { ctx, clock } = context({ fetch });
    expect((await ctx.send(request)).response?.status).toBe(200);
    expect(clock.slept).toEqual([3000]);
  });

  test('the run stops waiting once maxRateLimitWaitMs is spent', async () => {
    const { fetch, calls } = throttlingFetch(100, '1');
    const { ctx, clock } = context({ fetch, maxRateLimitWaitMs: 1500 });
    expect((await ctx.send(request)).response?.status).toBe(429);
    expect(calls.count).toBe(2); // one wait of 1 s fits in 1.5 s, a second does not
    expect(clock.slept).toEqual([1000]);
  });
});
