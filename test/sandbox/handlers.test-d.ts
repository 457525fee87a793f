// Type test: handlers are typed by the generated operations, so an undocumented status, body or missing
// documented header does not compile, and the table must hold one handler per operationId.
import { expectTypeOf, test } from 'vitest';
import { type HandlerTable, handlers } from '../../src/sandbox/handlers.js';
import type { HandlerResult, OperationId } from '../../src/sandbox/types.js';

test('each handler returns exactly its operation documented responses', () => {
  expectTypeOf(handlers.deleteCustomer).returns.toEqualTypeOf<HandlerResult<'deleteCustomer'>>();
  expectTypeOf(handlers.deleteBusinessCustomer).returns.toEqualTypeOf<
    HandlerResult<'deleteBusinessCustomer'>
  >();
  expectTypeOf(handlers.createAccessToken).returns.resolves.toEqualTypeOf<
    HandlerResult<'createAccessToken'>
  >();
  expectTypeOf<HandlerResult<'deleteCustomer'>['status']>().toEqualTypeOf<
    200 | 400 | 401 | 403 | 404 | 429 | 500
  >();
});

test('the handler table names every operationId, and only those', () => {
  expectTypeOf<keyof typeof handlers>().toEqualTypeOf<OperationId>();
  const { deleteCustomer: _dropped, ...missing } = handlers;
  // @ts-expect-error a table without deleteCustomer is not a HandlerTable.
  const incomplete: HandlerTable = missing;
  expectTypeOf(incomplete).toBeObject();
});

test('a documented result compiles', () => {
  const notFound: HandlerResult<'deleteBusinessCustomer'> = {
    status: 404,
    body: { message: 'Customer not found', code: 'customer_not_found', requestId: 'req_1' },
  };
  expectTypeOf(notFound).toMatchTypeOf<HandlerResult<'deleteBusinessCustomer'>>();
});

test('undocumented results do not compile', () => {
  // @ts-expect-error 418 is not a documented status of deleteCustomer.
  const teapot: HandlerResult<'deleteCustomer'> = { status: 418, body: { message: 'teapot' } };
  const unsuccessful = { success: false as const, message: 'x', customerId: 'cus_1' };
  // @ts-expect-error the business delete's 200 body is BusinessCustomerDeletion, whose success is const true.
  const failed: HandlerResult<'deleteBusinessCustomer'> = { status: 200, body: unsuccessful };
  // @ts-expect-error a 401 must carry the WWW-Authenticate challenge the spec requires.
  const bare: HandlerResult<'deleteCustomer'> = { status: 401, body: { message: 'Unauthorized' } };
  // @ts-expect-error 403 is not documented for the token endpoint.
  const forbidden: HandlerResult<'createAccessToken'> = { status: 403, body: { message: 'Forbidden' } };
  // @ts-expect-error the token 200 must carry Cache-Control: no-store.
  const cached: HandlerResult<'createAccessToken'> = {
    status: 200,
    body: { accessToken: 'a.b.c', tokenType: 'bearer', expiresIn: 60, expiresAt: '2026-01-01T00:00:00Z' },
  };
  expectTypeOf([teapot, failed, bare, forbidden, cached]).toBeArray();
});
