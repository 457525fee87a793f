// Secrets never leak: the token, API key, secret and exchanged tokens appear in no error
// message, toString(), JSON.stringify of an error or result, nor in what onRetry is told.
import { inspect } from 'node:util';
import { expect, test } from 'vitest';
import {
  ApiError,
  type AuthOptions,
  createCustomersClient,
  type RetryInfo,
  unwrap,
} from '../../src/client/index.js';
import { BASE_URL, creds, errorBody, fakeFetch, json, newToken, tokenResponse } from './support.js';

const STATIC = 'tok_live_9f8e7d6c5b4a39281706';

/** Every way a person or a logger may see `value`: String, JSON, util.inspect (what console.error prints), and the cause. */
function everyRendering(value: unknown): string {
  const parts = [String(value), JSON.stringify(value), inspect(value, { depth: 10 })];
  if (value instanceof Error) {
    parts.push(value.message, value.stack ?? '', String((value as ApiError).body));
    parts.push(String(value.cause), inspect(value.cause, { depth: 10 }), JSON.stringify(value.cause) ?? '');
  }
  return parts.join('\n');
}

function expectNoSecret(text: string, secrets: string[]) {
  for (const secret of secrets) expect(text).not.toContain(secret);
}

test.each([
  [
    'an undocumented status whose body echoes the credentials',
    () => new Response(`denied for ${STATIC} and ${creds.apiKey}`, { status: 418 }),
  ],
  [
    'a non-JSON 200 that echoes an Authorization header',
    () => new Response(`Authorization: Bearer ${STATIC}`, { status: 200 }),
  ],
  [
    'a network error whose message names the token',
    () => Promise.reject(new TypeError(`connect failed for ${STATIC}`)),
  ],
  [
    'a network error whose cause chain and properties name the token',
    () =>
      Promise.reject(
        Object.assign(
          new TypeError('fetch failed', {
            cause: Object.assign(new Error(`socket hang up; sent Authorization: Bearer ${STATIC}`), {
              code: 'ECONNRESET',
              header: STATIC,
            }),
          }),
          { request: { headers: { authorization: `Bearer ${STATIC}` } } },
        ),
      ),
  ],
  [
    'an undocumented status whose JSON code is the token',
    () => json(418, { message: 'teapot', code: STATIC }),
  ],
  [
    'an undocumented status whose JSON code embeds the token',
    () => json(418, { message: 'teapot', code: `bad ${STATIC}` }),
  ],
])('%s: the ApiError carries no secret', async (_name, respond) => {
  const server = fakeFetch(respond);
  const client = createCustomersClient({
    baseUrl: BASE_URL,
    auth: { token: STATIC },
    fetch: server.fetch,
    retry: { retries: 0 },
  });
  const error = await client.deleteCustomer({ customerId: 'cst_1' }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  expect(everyRendering(error)).toContain('[REDACTED]');
  expectNoSecret(everyRendering(error), [STATIC, creds.apiKey]);
});

test('a network error keeps a redacted copy of its cause: same class, code and chain, no secret', async () => {
  const original = new TypeError(`connect failed for ${STATIC}`, {
    cause: Object.assign(new Error(`connect ECONNREFUSED for ${STATIC}`), { code: 'ECONNREFUSED' }),
  });
  const client = createCustomersClient({
    baseUrl: BASE_URL,
    auth: { token: STATIC },
    fetch: () => Promise.reject(original),
    retry: { retries: 0 },
  });
  const error = (await client.deleteCustomer({ customerId: 'cst_1' }).catch((e: unknown) => e)) as ApiError;
  expect(error.code).toBe('network_error');
  expect(error.cause).not.toBe(original);
  expect(error.cause).toBeInstanceOf(TypeError);
  expect(String(error.cause)).toBe('TypeError: connect failed for [REDACTED]');
  expect((error.cause as Error).cause).toMatchObject({
    message: 'connect ECONNREFUSED for [REDACTED]',
    code: 'ECONNREFUSED',
  });
});

test.each([
  ['a server code shaped like a code but equal to the token', 'undocumented_status', STATIC],
  ['a server code that is not snake_case', 'undocumented_status', 'Bad Thing!'],
  ['a server code longer than 64 characters', 'undocumented_status', `a${'b'.repeat(64)}`],
  ['a plain snake_case server code', 'method_not_allowed', 'method_not_allowed'],
])('an undocumented status with %s gets code %s', async (_name, want, serverCode) => {
  const client = createCustomersClient({
    baseUrl: BASE_URL,
    auth: { token: STATIC },
    fetch: fakeFetch(() => json(405, { message: 'no', code: serverCode })).fetch,
    retry: { retries: 0 },
  });
  const error = (await client.deleteCustomer({ customerId: 'cst_1' }).catch((e: unknown) => e)) as ApiError;
  expect(error.code).toBe(want);
  expect(error.message).toContain(`[code ${want},`);
});

test.each([
  ['an unknown field', { message: 'no', code: 'forbidden', requestId: 'req_1', detail: `tok ${STATIC}` }],
  [
    'a nested unknown field',
    { message: 'no', code: 'forbidden', requestId: 'req_1', debug: { auth: STATIC } },
  ],
  ['the code', { message: 'no', code: `forbidden ${STATIC}`, requestId: 'req_1' }],
  ['the requestId', { message: 'no', code: 'forbidden', requestId: `req ${STATIC}` }],
  ['the message', { message: `no ${STATIC}`, code: 'forbidden', requestId: 'req_1' }],
])(
  'a documented error body that echoes the token in %s renders no secret, in the result or unwrap',
  async (_name, body) => {
    const client = createCustomersClient({
      baseUrl: BASE_URL,
      auth: { token: STATIC },
      fetch: fakeFetch(() => json(403, body)).fetch,
    });
    const result = await client.deleteCustomer({ customerId: 'cst_1' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.error).sort()).toEqual(['code', 'message', 'requestId']);
    const thrown = (() => {
      try {
        return unwrap(result);
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(ApiError);
    expectNoSecret(
      `${JSON.stringify(result)}\n${inspect(result, { depth: 10 })}\n${everyRendering(thrown)}`,
      [STATIC],
    );
  },
);

test('a documented error whose message echoes the API key is redacted in the result', async () => {
  const server = fakeFetch(() =>
    json(403, errorBody(403, 'forbidden', `Forbidden: key ${creds.apiKey} is read-only`)),
  );
  const client = createCustomersClient({
    baseUrl: BASE_URL,
    auth: { apiKey: creds.apiKey },
    fetch: server.fetch,
  });
  const result = await client.deleteBusinessCustomer({ customerId: 'cus_1' });
  expect(result.ok).toBe(false);
  expectNoSecret(JSON.stringify(result), [creds.apiKey]);
});

test('an exchanged token, the key and the secret never appear in an error after a failed replay', async () => {
  const tokens: string[] = [];
  const retries: RetryInfo[] = [];
  const server = fakeFetch((s) => {
    if (s.path === '/auth/token') {
      tokens.push(newToken());
      return tokenResponse(tokens.at(-1) ?? '');
    }
    return new Response(`bad gateway; saw ${s.headers.get('Authorization')} ${creds.apiSecret}`, {
      status: 502,
    });
  });
  const client = createCustomersClient({
    baseUrl: BASE_URL,
    auth: creds,
    fetch: server.fetch,
    retry: { baseDelayMs: 1, maxDelayMs: 1, onRetry: (info) => retries.push(info) },
  });
  const error = await client.deleteCustomer({ customerId: 'cst_1' }).catch((e: unknown) => e);
  expect(error).toMatchObject({ status: 502, attempts: 3 });
  expectNoSecret(everyRendering(error) + JSON.stringify(retries), [...tokens, creds.apiKey, creds.apiSecret]);
});

test('a token endpoint 200 that is not JSON does not leak the token it contains', async () => {
  const token = newToken();
  const server = fakeFetch(() => new Response(`{"accessToken":"${token}", broken`, { status: 200 }));
  const client = createCustomersClient({ baseUrl: BASE_URL, auth: creds, fetch: server.fetch });
  const error = await client.deleteCustomer({ customerId: 'cst_1' }).catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'invalid_response', operationId: 'deleteCustomer', requestId: '' });
  expect(String(error)).toContain('the token exchange failed');
  expectNoSecret(everyRendering(error), [token, creds.apiKey, creds.apiSecret]);
});

test('the client object itself renders no credential', () => {
  const client = createCustomersClient({ baseUrl: BASE_URL, auth: creds });
  expectNoSecret(`${String(client)} ${JSON.stringify(client)} ${Object.keys(client).join()}`, [
    creds.apiKey,
    creds.apiSecret,
  ]);
  expect(Object.keys(client).sort()).toEqual([
    'createAccessToken',
    'deleteBusinessCustomer',
    'deleteCustomer',
  ]);
});

test('the auth_unsupported error names the schemes, never the key', async () => {
  const client = createCustomersClient({
    baseUrl: BASE_URL,
    auth: { apiKey: creds.apiKey } as AuthOptions,
    fetch: fakeFetch(() => json(200, {})).fetch,
  });
  const error = await client.deleteCustomer({ customerId: 'cst_1' }).catch((e: unknown) => e);
  expectNoSecret(everyRendering(error), [creds.apiKey]);
});
