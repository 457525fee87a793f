// Result shapes: every documented status becomes a member of the typed union, anything else an
// ApiError; request ids, the client's identifying headers, unwrap, and middleware injection.
import type { Middleware } from 'openapi-fetch';
import { describe, expect, test } from 'vitest';
import { ApiError, createCustomersClient, PACKAGE_VERSION, unwrap } from '../../src/client/index.js';
import { MAX_BODY_CHARS } from '../../src/client/redact.js';
import {
  BASE_URL,
  businessDeletion,
  creds,
  deletedCustomer,
  errorBody,
  fakeFetch,
  json,
  newToken,
  tokenResponse,
} from './support.js';

function clientFor(handler: Parameters<typeof fakeFetch>[0], middleware: Middleware[] = []) {
  const server = fakeFetch(handler);
  const client = createCustomersClient({
    baseUrl: BASE_URL,
    auth: { token: 'static-token-1234' },
    fetch: server.fetch,
    middleware,
    retry: { retries: 0 },
  });
  return { client, server };
}

describe('success', () => {
  test('deleteCustomer resolves to {ok, status: 200, data, requestId}', async () => {
    const { client } = clientFor(() => json(200, deletedCustomer));
    const result = await client.deleteCustomer({ customerId: 'cst_01H9Xa8F5dN6mP3q' });
    expect(result).toEqual({ ok: true, status: 200, data: deletedCustomer, requestId: 'req_200' });
    expect(result.headers.get('Content-Type')).toBe('application/json');
  });

  test('deleteBusinessCustomer resolves to the deletion body', async () => {
    const { client } = clientFor(() => json(200, businessDeletion));
    const result = await client.deleteBusinessCustomer({ customerId: 'cus_abc123xyz789' });
    expect(result).toEqual({ ok: true, status: 200, data: businessDeletion, requestId: 'req_200' });
  });

  test('createAccessToken resolves to the token', async () => {
    const token = newToken();
    const { client, server } = clientFor(() => tokenResponse(token, 3600, 0));
    const result = await client.createAccessToken(creds);
    expect(result).toMatchObject({ ok: true, status: 200, data: { accessToken: token, expiresIn: 3600 } });
    expect(server.seen[0]?.headers.get('Content-Type')).toBe('application/json');
  });
});

describe('documented failures', () => {
  test.each([
    [400, 'customer_type_mismatch'],
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'customer_not_found'],
    [429, 'rate_limited'],
    [500, 'internal_error'],
  ])('a %i resolves to {ok: false, status, error, requestId}', async (status, code) => {
    const { client } = clientFor(() => json(status, errorBody(status, code, 'what went wrong')));
    const result = await client.deleteCustomer({ customerId: 'cst_1' });
    expect(result).toEqual({
      ok: false,
      status,
      error: { message: 'what went wrong', code, requestId: `req_${status}` },
      requestId: `req_${status}`,
    });
  });

  test("the seed's body without code or requestId gets the requestId from X-Request-Id", async () => {
    const { client } = clientFor(() =>
      json(404, { message: 'Customer not found' }, { 'X-Request-Id': 'req_hdr' }),
    );
    const result = await client.deleteBusinessCustomer({ customerId: 'cus_1' });
    expect(result).toEqual({
      ok: false,
      status: 404,
      error: { message: 'Customer not found', requestId: 'req_hdr' },
      requestId: 'req_hdr',
    });
  });
});

describe('ApiError, never undefined', () => {
  test.each([
    [
      'an undocumented 405 keeps the server code',
      () => json(405, errorBody(405, 'method_not_allowed')),
      405,
      'method_not_allowed',
    ],
    [
      'an undocumented 418 with text',
      () => new Response('teapot', { status: 418 }),
      418,
      'undocumented_status',
    ],
    [
      'a 204 where the operation documents none (no content is not enough to be documented)',
      () => new Response(null, { status: 204 }),
      204,
      'undocumented_status',
    ],
    [
      'a 200 that is not JSON',
      () => new Response('<html>ok</html>', { status: 200 }),
      200,
      'invalid_response',
    ],
    [
      'a 200 with an empty body',
      () => new Response(null, { status: 200, headers: { 'Content-Length': '0' } }),
      200,
      'invalid_response',
    ],
    [
      'a documented 500 from a proxy in HTML',
      () => new Response('<h1>Bad</h1>', { status: 500 }),
      500,
      'invalid_response',
    ],
    [
      'a documented 404 with an empty body',
      () => new Response(null, { status: 404 }),
      404,
      'invalid_response',
    ],
    [
      'a documented 400 whose JSON has no message',
      () => json(400, { error: 'bad' }),
      400,
      'invalid_response',
    ],
  ])('%s', async (_name, respond, status, code) => {
    const { client } = clientFor(respond);
    const error = await client.deleteCustomer({ customerId: 'cst_1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status, code, operationId: 'deleteCustomer', attempts: 1 });
    expect((error as ApiError).requestId).toMatch(/^req_/);
    expect((error as ApiError).message).toContain('deleteCustomer (DELETE /customers/{customerId})');
  });

  test('keeps the raw body, cut to a safe length', async () => {
    const { client } = clientFor(() => new Response('x'.repeat(5000), { status: 502 }));
    const error = (await client.deleteCustomer({ customerId: 'cst_1' }).catch((e: unknown) => e)) as ApiError;
    expect(error.body.startsWith('x'.repeat(MAX_BODY_CHARS))).toBe(true);
    expect(error.body.length).toBeLessThan(MAX_BODY_CHARS + 20);
    expect(error.body.endsWith('[truncated]')).toBe(true);
  });
});

describe('request ids and identification', () => {
  test('every request carries a generated X-Request-Id, reported when the response has none', async () => {
    const { client, server } = clientFor(
      () => new Response(JSON.stringify(deletedCustomer), { status: 200 }),
    );
    const result = await client.deleteCustomer({ customerId: 'cst_1' });
    const sent = server.seen[0]?.headers.get('X-Request-Id');
    expect(sent).toMatch(/^req_[0-9a-z]+$/);
    expect(result.requestId).toBe(sent);
  });

  test("a network error's ApiError carries the request id the client sent", async () => {
    const { client, server } = clientFor(() => {
      throw new TypeError('fetch failed');
    });
    const error = (await client.deleteCustomer({ customerId: 'cst_1' }).catch((e: unknown) => e)) as ApiError;
    expect(error.requestId).toBe(server.seen[0]?.headers.get('X-Request-Id'));
  });

  test("a caller's X-Request-Id is sent instead of a generated one", async () => {
    const { client, server } = clientFor(
      () => new Response(JSON.stringify(deletedCustomer), { status: 200 }),
    );
    const result = await client.deleteCustomer(
      { customerId: 'cst_1' },
      { headers: { 'X-Request-Id': 'req_mine' } },
    );
    expect(server.seen[0]?.headers.get('X-Request-Id')).toBe('req_mine');
    expect(result.requestId).toBe('req_mine');
  });

  test('User-Agent and X-Client name the package and version, after a caller product token', async () => {
    const server = fakeFetch(() => json(200, deletedCustomer));
    const client = createCustomersClient({
      baseUrl: BASE_URL,
      fetch: server.fetch,
      userAgent: 'billing-service/2.1',
    });
    await client.deleteCustomer({ customerId: 'cst_1' });
    const want = `billing-service/2.1 @spec-first/customers-api/${PACKAGE_VERSION}`;
    expect(server.seen[0]?.headers.get('User-Agent')).toBe(want);
    expect(server.seen[0]?.headers.get('X-Client')).toBe(want);
  });
});

describe('unwrap', () => {
  test('returns the data of a success', async () => {
    const { client } = clientFor(() => json(200, deletedCustomer));
    expect(unwrap(await client.deleteCustomer({ customerId: 'cst_1' })).status).toBe('inactive');
  });

  test('throws an ApiError with the status, code and request id of a failure', async () => {
    const { client } = clientFor(() => json(404, errorBody(404, 'customer_not_found', 'Customer not found')));
    const result = await client.deleteCustomer({ customerId: 'cst_1' });
    expect(() => unwrap(result)).toThrow(ApiError);
    expect(() => unwrap(result)).toThrow(
      expect.objectContaining({
        status: 404,
        code: 'customer_not_found',
        requestId: 'req_404',
        operationId: 'deleteCustomer',
      }),
    );
  });
});

describe('openapi-fetch middleware', () => {
  test('onRequest sees the request and may add headers', async () => {
    const { client, server } = clientFor(
      () => json(200, deletedCustomer),
      [
        {
          onRequest: ({ request }) => {
            request.headers.set('X-Trace', 'trace-1');
            return request;
          },
        },
      ],
    );
    await client.deleteCustomer({ customerId: 'cst_1' });
    expect(server.seen[0]?.headers.get('X-Trace')).toBe('trace-1');
  });

  test('onRequest may answer by itself, and the result is typed from that answer', async () => {
    const { client, server } = clientFor(
      () => json(500, errorBody(500, 'internal_error')),
      [{ onRequest: () => json(404, errorBody(404, 'customer_not_found', 'cached miss')) }],
    );
    const result = await client.deleteCustomer({ customerId: 'cst_1' });
    expect(result).toMatchObject({
      ok: false,
      status: 404,
      error: { message: 'cached miss' },
      requestId: 'req_404',
    });
    expect(server.seen).toHaveLength(0);
  });

  test('onRequest may answer a success by itself, and its body is decoded once', async () => {
    const { client, server } = clientFor(
      () => json(500, errorBody(500, 'internal_error')),
      [{ onRequest: () => json(200, deletedCustomer) }],
    );
    const result = await client.deleteCustomer({ customerId: 'cst_01H9Xa8F5dN6mP3q' });
    expect(result).toMatchObject({
      ok: true,
      status: 200,
      data: { id: 'cst_01H9Xa8F5dN6mP3q', status: 'inactive' },
    });
    expect(server.seen).toHaveLength(0);
  });

  test('onResponse may replace the response, and the result reflects it', async () => {
    const { client } = clientFor(
      () => json(500, errorBody(500, 'internal_error')),
      [{ onResponse: () => json(200, businessDeletion) }],
    );
    const result = await client.deleteBusinessCustomer({ customerId: 'cus_1' });
    expect(result).toMatchObject({ ok: true, data: businessDeletion });
  });

  test('onError may turn a network error into a response', async () => {
    const { client } = clientFor(() => {
      throw new TypeError('fetch failed');
    }, [{ onError: () => json(404, errorBody(404, 'customer_not_found')) }]);
    expect(await client.deleteCustomer({ customerId: 'cst_1' })).toMatchObject({ ok: false, status: 404 });
  });

  test("a middleware's own error is an ApiError middleware_error with a copy of it as cause, not retried", async () => {
    const { client, server } = clientFor(
      () => json(200, deletedCustomer),
      [
        {
          onResponse: () => {
            throw new RangeError('middleware bug');
          },
        },
      ],
    );
    const error = await client.deleteCustomer({ customerId: 'cst_1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'middleware_error', attempts: 1 });
    expect((error as ApiError).cause).toBeInstanceOf(RangeError);
    expect(server.seen).toHaveLength(1);
  });
});
