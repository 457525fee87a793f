// wrong_customer_type: a cus_ id on the individual endpoint and a cst_ id on the business endpoint
// get 400 customer_type_mismatch, before any lookup (info.description, "Customer types").
import { codeDifference, statusDifference } from '../context.js';
import { DELETES, NEEDS_CREDENTIALS, pathFor, probeId, type RequestCheck } from './common.js';

/** The wrong_customer_type check. */
export const wrongCustomerType: RequestCheck = {
  name: 'wrong_customer_type',
  stateful: false,
  notApplicable: (ctx) =>
    DELETES.some((op) => ctx.authHeaders(op.operationId)) ? undefined : NEEDS_CREDENTIALS,
  async run(ctx) {
    for (const op of DELETES) {
      const auth = ctx.authHeaders(op.operationId);
      if (!auth) continue;
      const given = op.otherPrefix === 'cst_' ? ctx.options.individualIds : ctx.options.businessIds;
      // The spec's example id, a probe id, and the caller's real ids of the other type (a 400
      // deletes nothing, and a real id is what a lookup-first server would wrongly find).
      const ids = [
        op.otherPrefix === 'cst_' ? 'cst_01H9Xa8F5dN6mP3q' : 'cus_abc123xyz789',
        probeId(ctx, op.otherPrefix),
        ...(given ?? []),
      ];
      for (const id of ids) {
        const exchange = await ctx.send({
          sentBy: 'wrong_customer_type',
          label: `${id} on the ${op.kind} endpoint`,
          operationId: op.operationId,
          method: 'DELETE',
          path: pathFor(op.operationId, encodeURIComponent(id)),
          headers: auth,
        });
        const differences = statusDifference(exchange, [400]);
        ctx.fail(
          'wrong_customer_type',
          exchange,
          exchange.label,
          differences.length > 0 ? differences : codeDifference(exchange, 'customer_type_mismatch'),
        );
      }
    }
  },
};
