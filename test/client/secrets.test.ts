// Secrets never leak: the token, API key, secret and exchanged tokens appear in no error
// message, toString(), JSON.stringify of an error or result, nor in what onRetry is told.
import { expect, test } from 'vitest';
import { ApiError, createCustomersClient, type RetryInfo } from '../../src/client/index.js';
import { BASE_URL, creds, errorBody, fakeFetch, json, newToken, tokenResponse } from './support.js';

const STATIC = 'tok_live_9f8e7d6c5b4a39281706';

function everyRendering(value: unknown): string {
  const parts = [String(value), JSON.stringify(value)];
  if (value instanceof Error) parts.push(value.message, value.stack ?? '', String((value as ApiError).body));
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
  expect(error).toMatchObject({ code: 'invalid_response', operationId: 'createAccessToken' });
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
    auth: { apiKey: creds.apiKey },
    fetch: fakeFetch(() => json(200, {})).fetch,
  });
  const error = await client.deleteCustomer({ customerId: 'cst_1' }).catch((e: unknown) => e);
  expectNoSecret(everyRendering(error), [creds.apiKey]);
});
