// Fault injection through Prism-style `Prefer` headers: documented errors with valid bodies and headers,
// gateway statuses for retry tests, bounded delays, and all of it off with `faults: false`.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import { operation } from '../../src/spec/index.js';
import { call, fullKey, ids, sandbox } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await sandbox({ rateLimit: { limit: 10_000, windowSeconds: 60 }, maxDelayMs: 2000 });
});
afterAll(async () => {
  expect(sb.stats.selfCheckFailures).toBe(0);
  await sb.close();
});

const key = { 'X-API-Key': fullKey.apiKey };
const path = `/customers/business/${ids.northwind}`;

describe('Prefer: code', () => {
  test.each([400, 401, 403, 404, 429, 500])(
    'code=%i answers that documented error with a body and headers the spec accepts',
    async (status) => {
      const answer = await call(sb.url, 'DELETE', path, { ...key, Prefer: `code=${status}` });
      expect(answer.status).toBe(status);
      expect(answer.headers.get('preference-applied')).toBe(`code=${status}`);
      const documented = operation('deleteBusinessCustomer').responses.get(status);
      expect(documented?.validateBody(answer.json)).toEqual([]);
      for (const header of documented?.headers ?? []) {
        const value = answer.headers.get(header.name);
        if (header.required) expect(value, header.name).not.toBeNull();
        if (value !== null) expect(header.validate(value), header.name).toEqual([]);
      }
      expect(answer.json.requestId).toBe(answer.headers.get('x-request-id'));
      // An injected error changes nothing.
      expect(sb.store.retainedBusiness(ids.northwind)?.deletion).toBeUndefined();
    },
  );

  test('code=429 carries Retry-After: 1 and an empty RateLimit', async () => {
    const answer = await call(sb.url, 'DELETE', path, { ...key, Prefer: 'code=429' });
    expect(answer.headers.get('retry-after')).toBe('1');
    expect(answer.headers.get('ratelimit')).toMatch(/;r=0;/);
  });

  test.each([502, 503, 504])(
    'the gateway status %i is injectable for retry tests, shaped like the 500',
    async (status) => {
      const answer = await call(sb.url, 'DELETE', path, { ...key, Prefer: `code=${status}` });
      expect(answer.status).toBe(status);
      expect(answer.json.code).toBe('internal_error');
      expect(operation('deleteBusinessCustomer').responses.get(500)?.validateBody(answer.json)).toEqual([]);
    },
  );

  test('an undocumented code is 400 naming the documented ones (not silently ignored)', async () => {
    const answer = await call(sb.url, 'DELETE', path, { ...key, Prefer: 'code=418' });
    expect(answer.status).toBe(400);
    expect(answer.json.code).toBe('invalid_request');
    expect(answer.json.message).toContain('code=418 is not a documented error of deleteBusinessCustomer');
  });

  test('code=200 is the normal behaviour: the request is really handled', async () => {
    const answer = await call(sb.url, 'DELETE', '/customers/business/cus_01HCr8Mn3Oq5St7U', {
      ...key,
      Prefer: 'code=200',
    });
    expect(answer.status).toBe(200);
    expect(sb.store.retainedBusiness('cus_01HCr8Mn3Oq5St7U')?.deletion).toBeDefined();
  });

  test('the token endpoint injects its own documented errors (401 with its challenge)', async () => {
    const answer = await call(
      sb.url,
      'POST',
      '/auth/token',
      { Prefer: 'code=401', 'Content-Type': 'application/json' },
      '{}',
    );
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer /);
  });
});

describe('Prefer: delay', () => {
  test('delay=ms holds the answer at least that long', async () => {
    const started = performance.now();
    const answer = await call(sb.url, 'DELETE', '/customers/business/cus_nope', {
      ...key,
      Prefer: 'delay=150',
    });
    expect(answer.status).toBe(404);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  test('a delay above the bound is 400 with the allowed range', async () => {
    const answer = await call(sb.url, 'DELETE', path, { ...key, Prefer: 'delay=999999' });
    expect(answer.status).toBe(400);
    expect(answer.json.message).toBe('Invalid Prefer header: delay must be 0 to 2000 milliseconds.');
  });

  test('code and delay combine (RFC 7240 list syntax)', async () => {
    const started = performance.now();
    const answer = await call(sb.url, 'DELETE', path, { ...key, Prefer: 'delay=100, code=503' });
    expect(answer.status).toBe(503);
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
  });
});

test('with faults off, Prefer is ignored and requests are handled normally', async () => {
  const off = await sandbox({ faults: false });
  try {
    const answer = await call(off.url, 'DELETE', path, { ...key, Prefer: 'code=503, delay=999999' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('preference-applied')).toBeNull();
  } finally {
    await off.close();
  }
});
