// Type tests of the client: each operation's 200 data type comes from the spec, the error type
// narrows by status, and wrong uses (missing options, wrong input) do not compile.
import { describe, expectTypeOf, test } from 'vitest';
import type { components } from '../../generated/schema.js';
import {
  type ApiError,
  type AuthOptions,
  type CustomersClient,
  createCustomersClient,
  type Result,
  unwrap,
} from '../../src/client/index.js';
import type { Schemas } from '../../src/types.js';

declare const client: CustomersClient;
type ErrorCode = components['schemas']['ApiErrorBody']['code'];

describe('success data', () => {
  test("deleteCustomer's 200 is the DeletedCustomer, whose status is exactly 'inactive'", async () => {
    const result = await client.deleteCustomer({ customerId: 'cst_1' });
    if (result.ok) {
      expectTypeOf(result.status).toEqualTypeOf<200>();
      expectTypeOf(result.data).toEqualTypeOf<components['schemas']['DeletedCustomer']>();
      expectTypeOf(result.data.status).toEqualTypeOf<'inactive'>();
      expectTypeOf(result.data.id).toEqualTypeOf<string>();
      expectTypeOf(result.requestId).toEqualTypeOf<string>();
      expectTypeOf(result.headers).toEqualTypeOf<Headers>();
    }
  });

  test("deleteBusinessCustomer's 200 is the BusinessCustomerDeletion, success exactly true", async () => {
    const result = await client.deleteBusinessCustomer({ customerId: 'cus_1' });
    if (result.ok) {
      expectTypeOf(result.data).toEqualTypeOf<Schemas['BusinessCustomerDeletion']>();
      expectTypeOf(result.data.success).toEqualTypeOf<true>();
    }
  });

  test("createAccessToken's 200 is the AccessToken with tokenType 'bearer'", async () => {
    const result = await client.createAccessToken({ apiKey: 'k', apiSecret: 's' });
    if (result.ok) {
      expectTypeOf(result.data).toEqualTypeOf<Schemas['AccessToken']>();
      expectTypeOf(result.data.tokenType).toEqualTypeOf<'bearer'>();
    }
  });

  test('unwrap returns the 200 data', async () => {
    expectTypeOf(unwrap(await client.deleteCustomer({ customerId: 'cst_1' }))).toEqualTypeOf<
      Schemas['DeletedCustomer']
    >();
  });
});

describe('failures narrow by status', () => {
  test('the statuses are exactly the documented ones', async () => {
    const result = await client.deleteCustomer({ customerId: 'cst_1' });
    expectTypeOf(result.status).toEqualTypeOf<200 | 400 | 401 | 403 | 404 | 429 | 500>();
    if (!result.ok) {
      expectTypeOf(result.status).toEqualTypeOf<400 | 401 | 403 | 404 | 429 | 500>();
      expectTypeOf(result.error.message).toEqualTypeOf<string>();
      expectTypeOf(result.error.code).toEqualTypeOf<ErrorCode>();
      expectTypeOf(result.error.requestId).toEqualTypeOf<string>();
      // @ts-expect-error a failure has no data
      result.data;
    }
  });

  test('narrowing on 404 leaves a failure, and the token exchange has no 403 or 404', async () => {
    const result = await client.deleteBusinessCustomer({ customerId: 'cus_1' });
    if (result.status === 404) {
      expectTypeOf(result.ok).toEqualTypeOf<false>();
      expectTypeOf(result.error.code).toEqualTypeOf<ErrorCode>();
    }
    const token = await client.createAccessToken({ apiKey: 'k', apiSecret: 's' });
    expectTypeOf(token.status).toEqualTypeOf<200 | 400 | 401 | 429 | 500>();
    // @ts-expect-error 404 is not a documented status of createAccessToken
    if (token.status === 404) return;
  });

  test('Result<Op> is the union the methods resolve to', () => {
    expectTypeOf(client.deleteCustomer).returns.resolves.toEqualTypeOf<Result<'deleteCustomer'>>();
  });

  test('ApiError carries status, code, requestId and body', () => {
    expectTypeOf<ApiError['status']>().toEqualTypeOf<number>();
    expectTypeOf<ApiError['requestId']>().toEqualTypeOf<string>();
    expectTypeOf<ApiError['body']>().toEqualTypeOf<string>();
  });
});

describe('wrong uses do not compile', () => {
  test('inputs and options', () => {
    // @ts-expect-error customerId is required
    client.deleteCustomer({});
    // @ts-expect-error the input itself is required
    client.deleteCustomer();
    // @ts-expect-error customerId is a string, not a number
    client.deleteCustomer({ customerId: 42 });
    // @ts-expect-error apiSecret is required by the token exchange
    client.createAccessToken({ apiKey: 'k' });
    // @ts-expect-error signal must be an AbortSignal
    client.deleteCustomer({ customerId: 'cst_1' }, { signal: 'stop' });
    // @ts-expect-error there is no such operation in openapi.yaml
    client.getCustomer({ customerId: 'cst_1' });
  });

  test('client options', () => {
    // @ts-expect-error baseUrl is required
    createCustomersClient({});
    // @ts-expect-error an API secret without its key is not a valid auth
    createCustomersClient({ baseUrl: 'http://127.0.0.1:1', auth: { apiSecret: 's' } });
    // @ts-expect-error retries is a number
    createCustomersClient({ baseUrl: 'http://127.0.0.1:1', retry: { retries: 'two' } });
    expectTypeOf(
      createCustomersClient({ baseUrl: 'http://127.0.0.1:1', auth: { apiKey: 'k', apiSecret: 's' } }),
    ).toEqualTypeOf<CustomersClient<{ apiKey: string; apiSecret: string }>>();
  });
});

describe('credentials no security alternative accepts do not compile', () => {
  const keyOnly = createCustomersClient({ baseUrl: 'http://127.0.0.1:1', auth: { apiKey: 'k' } });
  const token = createCustomersClient({ baseUrl: 'http://127.0.0.1:1', auth: { token: 't' } });
  const exchanged = createCustomersClient({
    baseUrl: 'http://127.0.0.1:1',
    auth: { apiKey: 'k', apiSecret: 's' },
  });
  const none = createCustomersClient({ baseUrl: 'http://127.0.0.1:1' });
  const wide = createCustomersClient({ baseUrl: 'http://127.0.0.1:1', auth: {} as AuthOptions });

  test('an API key alone cannot call the bearer-only deleteCustomer', () => {
    // @ts-expect-error deleteCustomer accepts only bearerAuth, which an API key alone cannot satisfy
    keyOnly.deleteCustomer({ customerId: 'cst_1' });
    expectTypeOf(keyOnly.deleteCustomer).returns.resolves.toBeNever();
    expectTypeOf(keyOnly.deleteBusinessCustomer).returns.resolves.toEqualTypeOf<
      Result<'deleteBusinessCustomer'>
    >();
    expectTypeOf(keyOnly.createAccessToken).returns.resolves.toEqualTypeOf<Result<'createAccessToken'>>();
  });

  test('a token, a key with its secret, no auth, and the wide AuthOptions type can call every operation', () => {
    for (const c of [token, exchanged, none, wide]) {
      expectTypeOf(c.deleteCustomer).returns.resolves.toEqualTypeOf<Result<'deleteCustomer'>>();
      expectTypeOf(c.deleteBusinessCustomer).returns.resolves.toEqualTypeOf<
        Result<'deleteBusinessCustomer'>
      >();
    }
  });
});
