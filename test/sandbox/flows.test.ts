// The seed flows over HTTP: token exchange, soft deletes, wrong endpoint, expiry, permissions, BOLA,
// request ids, rate limits, CORS and the API-wide 404/405 rules.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import { validateSchema } from '../../src/spec/index.js';
import {
  type Answer,
  bearer,
  call,
  exchange,
  fullKey,
  ids,
  otherAccountKey,
  readOnlyKey,
  sandbox,
  specExampleMessage,
} from './helpers.js';

let sb: Sandbox;
let token: string;
beforeAll(async () => {
  sb = await sandbox({ rateLimit: { limit: 10_000, windowSeconds: 60 } });
});
beforeEach(async () => {
  sb.store.reset();
  token = await exchange(sb.url);
});
afterAll(async () => {
  expect(sb.stats.selfCheckFailures).toBe(0);
  expect(sb.stats.crashes).toBe(0);
  await sb.close();
});

const del = (path: string, headers: Record<string, string> = bearer(token)) =>
  call(sb.url, 'DELETE', path, headers);
const tokenRequest = (
  body: unknown,
  headers: Record<string, string> = { 'Content-Type': 'application/json' },
) => call(sb.url, 'POST', '/auth/token', headers, typeof body === 'string' ? body : JSON.stringify(body));

function expectError(answer: Answer, status: number, code: string, message?: string) {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toBe('application/json');
  expect(answer.json.code).toBe(code);
  expect(answer.json.requestId).toBe(answer.headers.get('x-request-id'));
  if (message !== undefined) expect(answer.json.message).toBe(message);
}

describe('token exchange', () => {
  test('the demo key and secret give a bearer JWT (HS256, iss/aud/exp) that is never cached', async () => {
    const answer = await tokenRequest({ apiKey: fullKey.apiKey, apiSecret: fullKey.apiSecret });
    expect(answer.status).toBe(200);
    expect(validateSchema('AccessToken', answer.json)).toEqual([]);
    expect(answer.json).toMatchObject({ tokenType: 'bearer', expiresIn: 3600 });
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const [header, payload] = (answer.json.accessToken as string)
      .split('.')
      .slice(0, 2)
      .map((part) => {
        return JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>;
      }) as [Record<string, unknown>, Record<string, unknown>];
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toMatchObject({ aud: 'customers-api', iss: expect.any(String), exp: expect.any(Number) });
    expect(new Date(answer.json.expiresAt as string).getTime()).toBe((payload.exp as number) * 1000);
  });

  test.each([
    ['a wrong secret', { apiKey: fullKey.apiKey, apiSecret: 'ss_wrongwrongwrongwrong' }],
    ['an unknown key', { apiKey: 'sk_sdbx_UnknownKey000000000', apiSecret: fullKey.apiSecret }],
  ])(
    '%s is 401 with the spec message and a challenge, never saying which part was wrong',
    async (_, body) => {
      const answer = await tokenRequest(body);
      expectError(
        answer,
        401,
        'unauthorized',
        specExampleMessage('createAccessToken', 401, 'invalidCredentials'),
      );
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer realm="customers-api"/);
      expect(answer.text).not.toContain(body.apiSecret);
    },
  );

  test.each([
    [
      'a missing secret',
      { apiKey: fullKey.apiKey },
      specExampleMessage('createAccessToken', 400, 'missingSecret'),
    ],
    [
      'a malformed key',
      { apiKey: 'pk_test_123', apiSecret: fullKey.apiSecret },
      specExampleMessage('createAccessToken', 400, 'malformedKey'),
    ],
    [
      'invalid JSON',
      '{"apiKey": "sk_sdbx_',
      'Invalid request body: must be a JSON object (Content-Type: application/json).',
    ],
  ])('%s is 400 invalid_request with a precise message', async (_, body, message) => {
    const answer = await tokenRequest(body);
    expectError(answer, 400, 'invalid_request', message);
    expect(answer.text).not.toContain(fullKey.apiSecret);
  });

  test('a body sent as text/plain is 400, not parsed', async () => {
    const answer = await tokenRequest(
      { apiKey: fullKey.apiKey, apiSecret: fullKey.apiSecret },
      { 'Content-Type': 'text/plain' },
    );
    expectError(answer, 400, 'invalid_request');
  });
});

describe('business customers', () => {
  test('deleting a business customer is 200 with the seed body; deleting it again is 404', async () => {
    const first = await del(`/customers/business/${ids.northwind}`);
    expect(first.status).toBe(200);
    expect(first.json).toEqual({
      success: true,
      message: specExampleMessage('deleteBusinessCustomer', 200, 'deleted'),
      customerId: ids.northwind,
    });
    expectError(
      await del(`/customers/business/${ids.northwind}`),
      404,
      'customer_not_found',
      specExampleMessage('deleteBusinessCustomer', 404, 'notFound'),
    );
  });

  test('the API key alone in X-API-Key deletes a business customer', async () => {
    const answer = await del(`/customers/business/${ids.blueHarbor}`, { 'X-API-Key': fullKey.apiKey });
    expect(answer.status).toBe(200);
  });

  test('an individual id on the business endpoint is 400 customer_type_mismatch, before any lookup', async () => {
    const answer = await del(`/customers/business/${ids.jane}`);
    expectError(
      answer,
      400,
      'customer_type_mismatch',
      specExampleMessage('deleteBusinessCustomer', 400, 'customerTypeMismatch'),
    );
    expect(sb.store.retainedIndividual(ids.jane)?.customer.status).toBe('active');
  });

  test.each([
    'cus_',
    'cus_abc-123',
    'cst',
    'CUS_abc',
    `cus_${'a'.repeat(65)}`,
    'cus_%2F..',
    'cus_%E2%9C%93',
    '%zz',
  ])('the malformed id %s is 400 invalid_request with the spec message', async (id) => {
    expectError(
      await del(`/customers/business/${id}`),
      400,
      'invalid_request',
      specExampleMessage('deleteBusinessCustomer', 400, 'malformedId'),
    );
  });
});

describe('individual customers', () => {
  test('deleting an individual sets status inactive and updatedAt; a repeat returns the same body', async () => {
    const before = sb.store.retainedIndividual(ids.jane)?.customer;
    const first = await del(`/customers/${ids.jane}`);
    expect(first.status).toBe(200);
    expect(validateSchema('DeletedCustomer', first.json)).toEqual([]);
    expect(first.json.status).toBe('inactive');
    expect(first.json.updatedAt).not.toBe(before?.updatedAt);
    expect({ ...first.json, status: 'active', updatedAt: before?.updatedAt }).toEqual(before);
    const second = await del(`/customers/${ids.jane}`);
    expect(second.status).toBe(200);
    expect(second.text).toBe(first.text);
  });

  test('a business id on the individual endpoint is 400 customer_type_mismatch', async () => {
    expectError(
      await del(`/customers/${ids.northwind}`),
      400,
      'customer_type_mismatch',
      specExampleMessage('deleteCustomer', 400, 'customerTypeMismatch'),
    );
  });

  test('a malformed id is 400 invalid_request with the spec message', async () => {
    expectError(
      await del('/customers/wlt_01H9Xb3K7nM2pQ4r'),
      400,
      'invalid_request',
      specExampleMessage('deleteCustomer', 400, 'malformedId'),
    );
  });

  test('an unknown id is 404 customer_not_found', async () => {
    expectError(
      await del('/customers/cst_doesNotExist'),
      404,
      'customer_not_found',
      specExampleMessage('deleteCustomer', 404, 'notFound'),
    );
  });

  test('the individual endpoint refuses X-API-Key alone with 401 (bearer only)', async () => {
    const answer = await del(`/customers/${ids.jane}`, { 'X-API-Key': fullKey.apiKey });
    expectError(answer, 401, 'unauthorized');
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });
});

describe('credentials and permissions', () => {
  test.each([
    ['no credentials', {}],
    ['a malformed Authorization header', { Authorization: 'Bearer' }],
    ['a wrong scheme', { Authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }],
    ['a token that is not a JWT', { Authorization: 'Bearer not-a-jwt' }],
    ['an unknown X-API-Key', { 'X-API-Key': 'sk_sdbx_UnknownKey000000000' }],
  ])('%s is 401 with WWW-Authenticate on both deletes', async (_, headers: Record<string, string>) => {
    for (const path of [`/customers/${ids.jane}`, `/customers/business/${ids.northwind}`]) {
      const answer = await del(path, headers);
      expectError(answer, 401, 'unauthorized');
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer realm="customers-api"/);
    }
    expect(sb.store.auditTrail()).toEqual([]);
  });

  test.each([
    ['a tampered signature', (t: string) => `${t.slice(0, -2)}${t.endsWith('AA') ? 'BB' : 'AA'}`],
    [
      'alg none',
      (t: string) =>
        `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${t.split('.')[1]}.${t.split('.')[2]}`,
    ],
    [
      'a changed audience',
      (t: string) => {
        const [h, p, s] = t.split('.') as [string, string, string];
        const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
        return `${h}.${Buffer.from(JSON.stringify({ ...claims, aud: 'other' })).toString('base64url')}.${s}`;
      },
    ],
  ])('a token with %s is 401 (RFC 8725)', async (_, forge) => {
    const answer = await del(`/customers/${ids.jane}`, bearer(forge(token)));
    expectError(answer, 401, 'unauthorized');
    expect(answer.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  test('an expired token is 401 with the spec message; exchanging the key again works', async () => {
    let clock = Date.now();
    const short = await sandbox({ tokenTtlSeconds: 60, now: () => clock });
    try {
      const old = await exchange(short.url);
      clock += 61_000;
      const expired = await call(short.url, 'DELETE', `/customers/${ids.jane}`, bearer(old));
      expectError(expired, 401, 'unauthorized', specExampleMessage('deleteCustomer', 401, 'expiredToken'));
      expect(expired.headers.get('www-authenticate')).toContain(
        'error_description="The access token expired"',
      );
      const fresh = await exchange(short.url);
      expect((await call(short.url, 'DELETE', `/customers/${ids.jane}`, bearer(fresh))).status).toBe(200);
    } finally {
      await short.close();
    }
  });

  test('tokens of another sandbox (another signing key) are 401', async () => {
    const other = await sandbox();
    try {
      const foreign = await exchange(other.url);
      expectError(await del(`/customers/${ids.jane}`, bearer(foreign)), 401, 'unauthorized');
    } finally {
      await other.close();
    }
  });

  test('the read-only key is 403 on both deletes, by token or X-API-Key, and deletes nothing', async () => {
    const readOnly = await exchange(sb.url, readOnlyKey);
    const message = specExampleMessage('deleteCustomer', 403, 'forbidden');
    expectError(await del(`/customers/${ids.jane}`, bearer(readOnly)), 403, 'forbidden', message);
    expectError(
      await del(`/customers/business/${ids.northwind}`, bearer(readOnly)),
      403,
      'forbidden',
      message,
    );
    const byKey = await del(`/customers/business/${ids.northwind}`, { 'X-API-Key': readOnlyKey.apiKey });
    expectError(byKey, 403, 'forbidden', message);
    expect(sb.store.auditTrail()).toEqual([]);
  });

  test("another account's customers are 404 exactly like unknown ones (BOLA) and stay untouched", async () => {
    const foreign = await del(`/customers/${ids.otherAccountIndividual}`);
    const unknown = await del('/customers/cst_neverExisted');
    expect(foreign.status).toBe(404);
    expect({ ...foreign.json, requestId: '' }).toEqual({ ...unknown.json, requestId: '' });
    expectError(await del(`/customers/business/${ids.otherAccountBusiness}`), 404, 'customer_not_found');
    expect(sb.store.retainedIndividual(ids.otherAccountIndividual)?.customer.status).toBe('active');
    expect(sb.store.retainedBusiness(ids.otherAccountBusiness)?.deletion).toBeUndefined();
    const owner = await exchange(sb.url, otherAccountKey);
    expect((await del(`/customers/business/${ids.otherAccountBusiness}`, bearer(owner))).status).toBe(200);
  });
});

describe('request ids', () => {
  test('a valid X-Request-Id is echoed in the header and the error body', async () => {
    const answer = await del('/customers/cst_nope', { ...bearer(token), 'X-Request-Id': 'client-42.a:b_c' });
    expect(answer.headers.get('x-request-id')).toBe('client-42.a:b_c');
    expect(answer.json.requestId).toBe('client-42.a:b_c');
  });

  test.each([
    ['empty', ''],
    ['starting with a dash', '-abc'],
    ['too long', 'a'.repeat(129)],
    ['with a space', 'a b'],
  ])('an invalid X-Request-Id (%s) is replaced by a generated one', async (_, value) => {
    const answer = await del('/customers/cst_nope', { ...bearer(token), 'X-Request-Id': value });
    const generated = answer.headers.get('x-request-id') ?? '';
    expect(generated).not.toBe(value);
    expect(validateSchema('RequestId', generated)).toEqual([]);
  });

  test('generated request ids are unique', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => del('/customers/cst_nope')));
    expect(new Set(answers.map((a) => a.headers.get('x-request-id'))).size).toBe(20);
  });
});

describe('rate limits', () => {
  test('every 2xx and 4xx carries RateLimit headers; the bucket empties into 429 with Retry-After', async () => {
    const tight = await sandbox({ rateLimit: { limit: 3, windowSeconds: 30 } });
    try {
      const key = { 'X-API-Key': fullKey.apiKey };
      const answers: Answer[] = [];
      for (let i = 0; i < 4; i++)
        answers.push(await call(tight.url, 'DELETE', '/customers/business/cus_nope', key));
      expect(answers.map((a) => a.status)).toEqual([404, 404, 404, 429]);
      expect(answers.map((a) => a.headers.get('ratelimit'))).toEqual([
        '"default";r=2;t=10',
        '"default";r=1;t=20',
        '"default";r=0;t=30',
        '"default";r=0;t=30',
      ]);
      for (const a of answers) expect(a.headers.get('ratelimit-policy')).toBe('"default";q=3;w=30');
      const limited = answers[3] as Answer;
      expectError(
        limited,
        429,
        'rate_limited',
        specExampleMessage('deleteBusinessCustomer', 429, 'rateLimited'),
      );
      expect(limited.headers.get('retry-after')).toBe('10');
      // Per credential: another key still has its whole bucket.
      const other = await call(tight.url, 'DELETE', '/customers/business/cus_nope', {
        'X-API-Key': otherAccountKey.apiKey,
      });
      expect(other.status).toBe(404);
    } finally {
      await tight.close();
    }
  });

  test('the bucket refills with time (token bucket, injectable clock)', async () => {
    let clock = 1_000_000;
    const tight = await sandbox({ rateLimit: { limit: 2, windowSeconds: 10 }, now: () => clock });
    try {
      const send = () =>
        call(tight.url, 'DELETE', '/customers/business/cus_nope', { 'X-API-Key': fullKey.apiKey });
      expect([(await send()).status, (await send()).status, (await send()).status]).toEqual([404, 404, 429]);
      clock += 5_000;
      expect((await send()).status).toBe(404);
      expect((await send()).status).toBe(429);
    } finally {
      await tight.close();
    }
  });
});

describe('methods, paths, CORS and static routes', () => {
  test.each(['GET', 'PUT', 'PATCH', 'POST', 'HEAD'])(
    '%s on a delete path is 405 with Allow: DELETE',
    async (method) => {
      const answer = await call(sb.url, method, `/customers/${ids.jane}`, bearer(token));
      expect(answer.status).toBe(405);
      expect(answer.headers.get('allow')).toBe('DELETE');
      if (method !== 'HEAD') expectError(answer, 405, 'method_not_allowed');
    },
  );

  test('DELETE on the token path is 405 with Allow: POST', async () => {
    const answer = await call(sb.url, 'DELETE', '/auth/token');
    expect(answer.headers.get('allow')).toBe('POST');
    expectError(answer, 405, 'method_not_allowed');
  });

  test('an unknown path is a JSON 404 naming where the operations are listed', async () => {
    const answer = await call(sb.url, 'GET', '/v1/customers');
    expectError(answer, 404, 'invalid_request');
    expect(answer.json.message).toContain('/openapi.json');
  });

  test('a request with Origin gets Access-Control-Allow-Origin: * and exposed headers; without, none', async () => {
    const cross = await del('/customers/cst_nope', { ...bearer(token), Origin: 'https://app.example' });
    expect(cross.headers.get('access-control-allow-origin')).toBe('*');
    expect(cross.headers.get('access-control-expose-headers')).toContain('X-Request-Id');
    const same = await del('/customers/cst_nope');
    expect(same.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('a CORS preflight is 204 naming the methods and headers a browser may send', async () => {
    const answer = await call(sb.url, 'OPTIONS', `/customers/business/${ids.northwind}`, {
      Origin: 'https://app.example',
      'Access-Control-Request-Method': 'DELETE',
      'Access-Control-Request-Headers': 'authorization,x-api-key',
    });
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    expect(answer.headers.get('access-control-allow-methods')).toBe('DELETE');
    // Every header the client sends must be allowed, or browsers refuse the DELETE.
    for (const header of ['Authorization', 'X-API-Key', 'X-Request-Id', 'X-Client']) {
      expect(answer.headers.get('access-control-allow-headers')).toContain(header);
    }
  });

  test('/openapi.json and /openapi.yaml serve the spec; /docs serves the docs or says how to build them', async () => {
    const json = await call(sb.url, 'GET', '/openapi.json');
    expect(json.status).toBe(200);
    expect(json.json.openapi).toBe('3.1.0');
    const yaml = await call(sb.url, 'GET', '/openapi.yaml');
    expect(yaml.headers.get('content-type')).toBe('application/yaml');
    expect(yaml.text).toMatch(/^openapi: 3\.1\.0/);
    const missing = await sandbox({ docsDir: '/nonexistent/docs' });
    try {
      const docs = await call(missing.url, 'GET', '/docs/');
      expect(docs.status).toBe(404);
      expect(docs.text).toContain('npm run docs');
      expect((await call(missing.url, 'GET', '/docs/../../package.json')).status).toBe(404);
    } finally {
      await missing.close();
    }
  });
});
