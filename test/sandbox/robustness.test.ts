// Transport robustness: malformed requests, oversized headers, URLs and bodies, aborted clients and bursts
// never crash the sandbox; close() drains in-flight requests.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import { RateLimiter } from '../../src/sandbox/rate-limit.js';
import { call, fullKey, ids, sandbox } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await sandbox({ rateLimit: { limit: 100_000, windowSeconds: 60 } });
});
afterAll(async () => {
  expect(sb.stats.crashes).toBe(0);
  expect(sb.stats.selfCheckFailures).toBe(0);
  await sb.close();
});

/** Writes raw bytes to the sandbox and returns whatever it answers before closing. */
function raw(base: string, payload: string | Buffer, { end = true } = {}): Promise<string> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      answer += chunk;
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNRESET' ? resolve(answer) : reject(error),
    );
    socket.write(payload);
    if (end) socket.end();
  });
}

const alive = async () => expect((await call(sb.url, 'GET', '/openapi.json')).status).toBe(200);

describe('malformed and oversized requests', () => {
  test('garbage instead of HTTP gets a JSON 400 and the connection closes', async () => {
    const answer = await raw(sb.url, 'NOT HTTP AT ALL\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request/);
    expect(answer).toContain('"code":"invalid_request"');
    await alive();
  });

  test('headers over 16 KiB get 431', async () => {
    const answer = await raw(
      sb.url,
      `GET /openapi.json HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    await alive();
  });

  test('a URL over 16 KiB gets 431, never reaching a handler', async () => {
    const answer = await raw(
      sb.url,
      `DELETE /customers/cst_${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    await alive();
  });

  test('a long but acceptable id is a 400, not a crash', async () => {
    const answer = await call(sb.url, 'DELETE', `/customers/cst_${'a'.repeat(5000)}`, {
      'X-API-Key': fullKey.apiKey,
    });
    expect(answer.status).toBe(401);
    const token = await call(
      sb.url,
      'POST',
      '/auth/token',
      { 'Content-Type': 'application/json' },
      JSON.stringify({ apiKey: fullKey.apiKey, apiSecret: fullKey.apiSecret }),
    );
    const authed = await call(sb.url, 'DELETE', `/customers/cst_${'a'.repeat(5000)}`, {
      Authorization: `Bearer ${token.json.accessToken}`,
    });
    expect(authed.status).toBe(400);
  });

  test('a token body over 8 KiB is 400 and not read', async () => {
    const answer = await call(
      sb.url,
      'POST',
      '/auth/token',
      { 'Content-Type': 'application/json' },
      'x'.repeat(100_000),
    );
    expect(answer.status).toBe(400);
    expect(answer.json.message).toContain('8192 bytes');
  });

  test('a DELETE with a body is 400: the deletes take none', async () => {
    const answer = await call(
      sb.url,
      'DELETE',
      `/customers/business/${ids.northwind}`,
      { 'X-API-Key': fullKey.apiKey },
      '{}',
    );
    expect(answer.status).toBe(400);
    expect(answer.json.message).toBe('Invalid request: DELETE takes no request body.');
    expect(sb.store.retainedBusiness(ids.northwind)?.deletion).toBeUndefined();
  });
});

describe('slow, aborted and bursting clients', () => {
  test('a client that aborts during an injected delay does not crash the server', async () => {
    const controller = new AbortController();
    const pending = fetch(`${sb.url}/customers/business/cus_nope`, {
      method: 'DELETE',
      headers: { 'X-API-Key': fullKey.apiKey, Prefer: 'delay=500' },
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 600));
    await alive();
  });

  test('a client that sends half a token body and disconnects does not crash the server', async () => {
    await raw(
      sb.url,
      'POST /auth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"apiKey":',
    );
    await alive();
  });

  test('a client that sends its headers too slowly (slowloris) gets 408 and is disconnected', async () => {
    const own = await sandbox({ requestTimeoutMs: 300 });
    try {
      const started = performance.now();
      const answer = await raw(own.url, 'DELETE /customers/cst_x HTTP/1.1\r\nHost: x\r\n', { end: false });
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      expect(performance.now() - started).toBeLessThan(3000);
      expect(own.stats.crashes).toBe(0);
    } finally {
      await own.close();
    }
  });

  test('a burst of 400 concurrent requests is answered, each with a documented status', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 400 }, (_, i) =>
        call(sb.url, 'DELETE', i % 2 ? `/customers/business/cus_burst${i}` : '/customers/cst_x', {
          'X-API-Key': fullKey.apiKey,
        }).then((a) => a.status),
      ),
    );
    expect(new Set(statuses)).toEqual(new Set([401, 404]));
  });

  test('rate-limit buckets stay bounded however many credentials callers invent', () => {
    const limiter = new RateLimiter({ limit: 5, windowSeconds: 60 });
    for (let i = 0; i < 25_000; i++) limiter.take(`key:${i}`, 1000);
    expect(limiter.size).toBeLessThanOrEqual(10_000);
  });

  test('invented credentials never give a drained key its quota back', () => {
    const limiter = new RateLimiter({ limit: 5, windowSeconds: 60 });
    for (let i = 0; i < 5; i++) expect(limiter.take('key:victim', 1000).allowed).toBe(true);
    expect(limiter.take('key:victim', 1000).allowed).toBe(false);
    // 25,000 new buckets at the same moment and one second later: none of them may evict the drained one.
    for (let i = 0; i < 25_000; i++) limiter.take(`key:${i}`, 1000 + Math.floor(i / 12_500) * 1000);
    expect(limiter.size).toBeLessThanOrEqual(10_000);
    expect(limiter.take('key:victim', 2000).allowed).toBe(false);
    // Once the buckets have refilled, they are forgotten and newcomers get buckets of their own again.
    expect(limiter.take('key:late', 1000 + 61_000).allowed).toBe(true);
    expect(limiter.size).toBeLessThan(10_000);
  });
});

test('an exception while handling (even after a delay) is a logged 500 internal_error, and serving goes on', async () => {
  let broken = false;
  const lines: string[] = [];
  const own = await sandbox({
    now: () => {
      if (broken) throw new Error('clock failure');
      return Date.now();
    },
    log: (line) => lines.push(line),
  });
  try {
    broken = true;
    for (const headers of [{}, { Prefer: 'delay=20' }] as Record<string, string>[]) {
      const answer = await call(own.url, 'DELETE', '/customers/cst_x', headers);
      expect(answer.status).toBe(500);
      expect(answer.json).toMatchObject({
        code: 'internal_error',
        requestId: answer.headers.get('x-request-id'),
      });
    }
    expect(own.stats.crashes).toBe(2);
    expect(lines.join('\n')).toContain('clock failure');
    broken = false;
    expect((await call(own.url, 'DELETE', '/customers/cst_x')).status).toBe(401);
  } finally {
    await own.close();
  }
});

describe('graceful shutdown', () => {
  test('close() lets an in-flight request finish, then refuses new connections', async () => {
    const own = await sandbox();
    const inFlight = call(own.url, 'DELETE', `/customers/business/${ids.northwind}`, {
      'X-API-Key': fullKey.apiKey,
      Prefer: 'delay=300',
    });
    await new Promise((r) => setTimeout(r, 50));
    const started = performance.now();
    await own.close();
    expect(performance.now() - started).toBeGreaterThanOrEqual(200);
    expect((await inFlight).status).toBe(200);
    await expect(fetch(`${own.url}/openapi.json`)).rejects.toThrow();
  });

  test('idle keep-alive connections do not hold close() up', async () => {
    const own = await sandbox({ drainTimeoutMs: 10_000 });
    await call(own.url, 'GET', '/openapi.json');
    const started = performance.now();
    await own.close();
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
