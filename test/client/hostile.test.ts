// The client against a hostile node:http server (test/client/hostile-server.ts): one behaviour per
// path. Each case asserts bounded time, bounded memory, an ApiError with the right code, the right
// number of attempts, nothing sent to the other origin, and no secret in any rendering of the
// error; and that the caller's AbortSignal still wins.
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ApiError, type AuthOptions, createCustomersClient } from '../../src/client/index.js';
import { type HostileServers, ISSUED_TOKEN, startHostileServers } from './hostile-server.js';
import { creds } from './support.js';

let servers: HostileServers;
beforeAll(async () => {
  servers = await startHostileServers();
});
afterAll(async () => {
  await servers?.close();
});

const SECRETS = [creds.apiKey, creds.apiSecret, ISSUED_TOKEN];
/** Recognisable parts too: any 12-character run of a secret. */
const FRAGMENTS = SECRETS.flatMap((s) => [s.slice(0, 12), s.slice(-12), s.slice(8, 20)]);

/** Every way an error may be rendered or logged, cause chain included. */
function renderings(error: unknown): string {
  const parts: string[] = [
    String(error),
    JSON.stringify(error),
    inspect(error, { depth: 10, showHidden: true }),
  ];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 6; depth++) {
    parts.push(current.message, current.stack ?? '', String(current), JSON.stringify(current) ?? '');
    current = current.cause;
  }
  return parts.join('\n');
}

function expectNoSecret(error: unknown): void {
  const text = renderings(error);
  for (const secret of [...SECRETS, ...FRAGMENTS]) expect(text).not.toContain(secret);
}

type Auth = 'exchange' | 'apiKey' | 'token';
const AUTH: Record<Auth, AuthOptions> = {
  exchange: { apiKey: creds.apiKey, apiSecret: creds.apiSecret },
  apiKey: { apiKey: creds.apiKey },
  token: { token: ISSUED_TOKEN },
};

interface Case {
  behaviour: string;
  auth: Auth;
  /** The expected ApiError code, or the status of a documented result. */
  expect: { code: string; attempts?: number } | { resultStatus: number };
  /** Requests the hostile server should see for the behaviour (token exchanges included). */
  hits: number;
  timeoutMs?: number;
  /** Longest the call may take, in ms. */
  within: number;
  /** Whether the client must close the connection early (the server could not write it all). */
  cutShort?: boolean;
}

const REDIRECTS = [301, 302, 303, 307, 308];
const CASES: Case[] = [
  ...REDIRECTS.flatMap((code): Case[] => [
    // The token exchange is redirected: POST /auth/token with the key and secret must stay here.
    {
      behaviour: `redirect-${code}`,
      auth: 'exchange',
      expect: { code: 'unexpected_redirect', attempts: 0 },
      hits: 1,
      within: 5_000,
    },
    // The business delete with X-API-Key is redirected.
    {
      behaviour: `redirect-${code}`,
      auth: 'apiKey',
      expect: { code: 'unexpected_redirect', attempts: 1 },
      hits: 1,
      within: 5_000,
    },
    {
      behaviour: `redirect-${code}-same`,
      auth: 'token',
      expect: { code: 'unexpected_redirect', attempts: 1 },
      hits: 1,
      within: 5_000,
    },
  ]),
  {
    behaviour: 'endless-body',
    auth: 'token',
    expect: { code: 'response_too_large', attempts: 1 },
    hits: 1,
    within: 10_000,
    cutShort: true,
  },
  {
    behaviour: 'huge-body',
    auth: 'apiKey',
    expect: { code: 'response_too_large', attempts: 1 },
    hits: 1,
    within: 10_000,
    cutShort: true,
  },
  {
    behaviour: 'slow-body',
    auth: 'token',
    expect: { code: 'timeout', attempts: 3 },
    hits: 3,
    timeoutMs: 300,
    within: 8_000,
  },
  {
    behaviour: 'reset-mid-body',
    auth: 'token',
    expect: { code: 'network_error', attempts: 3 },
    hits: 3,
    within: 8_000,
  },
  {
    behaviour: 'invalid-json',
    auth: 'token',
    expect: { code: 'invalid_response', attempts: 1 },
    hits: 1,
    within: 5_000,
  },
  // Retry-After beyond the whole budget: no wait, the documented 429 comes back at once.
  { behaviour: 'retry-after-huge', auth: 'token', expect: { resultStatus: 429 }, hits: 1, within: 5_000 },
  {
    behaviour: 'retry-after-past',
    auth: 'token',
    expect: { code: 'undocumented_status', attempts: 3 },
    hits: 3,
    within: 5_000,
  },
  {
    behaviour: 'unavailable',
    auth: 'token',
    expect: { code: 'undocumented_status', attempts: 3 },
    hits: 3,
    within: 5_000,
  },
  // 401 forever: one exchange, the delete, one more exchange, one replay, then the 401 result.
  { behaviour: 'unauthorized', auth: 'exchange', expect: { resultStatus: 401 }, hits: 4, within: 5_000 },
  {
    behaviour: 'token-empty',
    auth: 'exchange',
    expect: { code: 'invalid_response', attempts: 0 },
    hits: 1,
    within: 5_000,
  },
  {
    behaviour: 'token-null',
    auth: 'exchange',
    expect: { code: 'invalid_response', attempts: 0 },
    hits: 1,
    within: 5_000,
  },
  {
    behaviour: 'token-crlf',
    auth: 'exchange',
    expect: { code: 'invalid_response', attempts: 0 },
    hits: 1,
    within: 5_000,
  },
  {
    behaviour: 'header-crlf',
    auth: 'token',
    expect: { code: 'network_error', attempts: 3 },
    hits: 3,
    within: 8_000,
  },
];

function clientFor(c: Case, extra: { signal?: AbortSignal } = {}) {
  const client = createCustomersClient({
    baseUrl: servers.base(c.behaviour),
    auth: AUTH[c.auth],
    retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5, maxElapsedMs: 20_000 },
    timeoutMs: c.timeoutMs ?? 5_000,
  });
  // The business delete accepts every auth shape (bearer or X-API-Key).
  return () => client.deleteBusinessCustomer({ customerId: 'cus_abc123xyz789' }, extra);
}

/** Runs `fn`, sampling RSS every 5 ms; returns its outcome, time and peak RSS above the start. */
async function measured<T>(fn: () => Promise<T>) {
  globalThis.gc?.();
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  const started = performance.now();
  try {
    const value = await fn().then(
      (v) => ({ ok: true as const, value: v }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    return { ...value, ms: performance.now() - started, peakMiB: (peak - baseline) / 2 ** 20 };
  } finally {
    clearInterval(sampler);
  }
}

const name = (c: Case) =>
  `${c.behaviour} (auth ${c.auth}): ${'code' in c.expect ? c.expect.code : `result ${c.expect.resultStatus}`}`;

describe('a hostile server gets no credential elsewhere, no unbounded memory, no raw error, no secret', () => {
  test.each(CASES)('$behaviour with auth $auth', async (c) => {
    const before = servers.hits.filter((h) => h.behaviour === c.behaviour).length;
    const otherBefore = servers.otherHits.length;
    servers.written.delete(c.behaviour);
    const outcome = await measured(clientFor(c));
    expect(outcome.ms, name(c)).toBeLessThan(c.within);
    expect(outcome.peakMiB, name(c)).toBeLessThan(64);
    if ('code' in c.expect) {
      expect(outcome.ok, name(c)).toBe(false);
      const error = (outcome as { error: unknown }).error;
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ code: c.expect.code, operationId: 'deleteBusinessCustomer' });
      if (c.expect.attempts !== undefined) expect((error as ApiError).attempts).toBe(c.expect.attempts);
      expectNoSecret(error);
      if (c.expect.code === 'unexpected_redirect') {
        expect((error as ApiError).message).toContain(
          c.behaviour.endsWith('-same') ? servers.base('').replace(/\/$/, '') : servers.otherOrigin,
        );
        expect((error as ApiError).status).toBe(Number(c.behaviour.slice(9, 12)));
      }
    } else {
      expect(outcome.ok, name(c)).toBe(true);
      const result = (outcome as { value: { ok: boolean; status: number } }).value;
      expect(result).toMatchObject({ ok: false, status: c.expect.resultStatus });
      expectNoSecret(new Error(JSON.stringify(result)));
    }
    const seen = servers.hits.filter((h) => h.behaviour === c.behaviour).slice(before);
    expect(seen, name(c)).toHaveLength(c.hits);
    expect(servers.otherHits.length - otherBefore, 'requests that reached the other origin').toBe(0);
    if (c.cutShort) {
      // The client closed the connection: the server wrote far less than it wanted to.
      await expect.poll(() => servers.written.get(c.behaviour) ?? 0).toBeGreaterThan(1024 * 1024);
      expect(servers.written.get(c.behaviour) ?? 0).toBeLessThan(200 * 1024 * 1024);
    }
  });

  test.each(CASES)("the caller's AbortSignal wins: $behaviour with auth $auth", async (c) => {
    const controller = new AbortController();
    // Abort the moment the server has the request, before it answers.
    servers.onRequest = (hit) => {
      if (hit.behaviour === c.behaviour) controller.abort(new Error(`stop ${creds.apiSecret}`));
    };
    try {
      const outcome = await measured(clientFor(c, { signal: controller.signal }));
      expect(outcome.ms).toBeLessThan(5_000);
      expect(outcome.ok).toBe(false);
      const error = (outcome as { error: unknown }).error;
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ code: 'aborted', status: 0 });
      expectNoSecret(error);
    } finally {
      servers.onRequest = undefined;
    }
  });
});

describe('credentials that cannot be sent are refused before anything is sent', () => {
  const bad: [string, AuthOptions][] = [
    ['a token with CR/LF', { token: `${ISSUED_TOKEN}\r\nX-Injected: 1` }],
    ['a token with NUL', { token: `${ISSUED_TOKEN}\u0000` }],
    ['an API key with CR/LF', { apiKey: `${creds.apiKey}\r\n` }],
    ['an API secret with LF', { apiKey: creds.apiKey, apiSecret: `${creds.apiSecret}\n` }],
    ['an empty token', { token: '' }],
  ];
  test.each(bad)('%s: invalid_credentials, no request, no secret', async (_label, auth) => {
    const before = servers.hits.length;
    const client = createCustomersClient({ baseUrl: servers.base('ok'), auth });
    const error = await client
      .deleteBusinessCustomer({ customerId: 'cus_abc123xyz789' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'invalid_credentials', attempts: 0, requestId: '', status: 0 });
    expect((error as ApiError).message).toContain('was not sent');
    expectNoSecret(error);
    expect(servers.hits.length).toBe(before);
  });
});

describe('maxElapsedMs is a hard bound', () => {
  test('timeoutMs 2000 with maxElapsedMs 3000 ends within the budget on a body that never ends', async () => {
    const client = createCustomersClient({
      baseUrl: servers.base('slow-body'),
      auth: AUTH.token,
      retry: { retries: 5, baseDelayMs: 1, maxDelayMs: 5, maxElapsedMs: 3000 },
      timeoutMs: 2000,
    });
    const outcome = await measured(() => client.deleteCustomer({ customerId: 'cst_1' }));
    expect(outcome.ok).toBe(false);
    expect((outcome as { error: unknown }).error).toMatchObject({ code: 'timeout', attempts: 2 });
    // Unclipped, the second attempt would run its whole 2000 ms (4000 ms in all); the slack is
    // for timers on a loaded machine.
    expect(outcome.ms).toBeLessThan(3800);
    expect(outcome.ms).toBeGreaterThanOrEqual(2900);
  });
});

describe('redirects of the happy path', () => {
  test('the token exchange, the delete and the key all stay on the base origin', async () => {
    const client = createCustomersClient({ baseUrl: servers.base('ok'), auth: AUTH.exchange });
    const result = await client.deleteBusinessCustomer({ customerId: 'cus_abc123xyz789' });
    expect(result).toMatchObject({ ok: true, status: 200 });
  });
});
