// cross_account_isolation: a customer of another account is reported exactly like a missing one,
// 404 customer_not_found, and is not deleted (info.description, "Errors").
import { codeDifference, statusDifference } from '../context.js';
import { deleteFor, NEEDS_CREDENTIALS, pathFor, type RequestCheck } from './common.js';

/** The cross_account_isolation check. */
export const crossAccountIsolation: RequestCheck = {
  name: 'cross_account_isolation',
  stateful: true,
  notApplicable(ctx) {
    if ((ctx.options.foreignIds ?? []).length === 0)
      return "needs ids of another account's customers: pass --foreign-id";
    return ctx.authHeaders('deleteCustomer') || ctx.authHeaders('deleteBusinessCustomer')
      ? undefined
      : NEEDS_CREDENTIALS;
  },
  async run(ctx) {
    for (const id of ctx.options.foreignIds ?? []) {
      const op = deleteFor(id);
      if (!op) {
        ctx.fail('cross_account_isolation', undefined, `foreign id ${id}`, [
          { at: 'option foreignIds', expected: 'a cst_ or cus_ id', actual: id },
        ]);
        continue;
      }
      const headers = ctx.authHeaders(op.operationId);
      if (!headers) continue;
      // Twice: a server that deletes on the first call and then says 404 is still caught.
      for (const attempt of ['first', 'second']) {
        const exchange = await ctx.send({
          sentBy: 'cross_account_isolation',
          label: `${attempt} delete of another account's ${op.kind} ${id}`,
          operationId: op.operationId,
          method: 'DELETE',
          path: pathFor(op.operationId, encodeURIComponent(id)),
          headers,
        });
        const differences = statusDifference(exchange, [404]);
        ctx.fail(
          'cross_account_isolation',
          exchange,
          exchange.label,
          differences.length > 0 ? differences : codeDifference(exchange, 'customer_not_found'),
        );
      }
    }
  },
};
