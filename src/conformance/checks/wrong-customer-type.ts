// wrong_customer_type: a cus_ id on the individual endpoint and a cst_ id on the business endpoint
// get 400 customer_type_mismatch, before any lookup (info.description, "Customer types").
import { defineRequestCheck } from '../check.js';
import { DELETES } from './deletes.js';

/** The spec's example ids (info and operation examples), which a lookup-first server would find. */
const EXAMPLE_IDS = { cst_: 'cst_01H9Xa8F5dN6mP3q', cus_: 'cus_abc123xyz789' } as const;

export const wrongCustomerType = defineRequestCheck({
  name: 'wrong_customer_type',
  stateful: false,
  needs: ['credentials'],
  uses: 'the given ids of the other type (a 400 deletes nothing)',
  proves:
    '`cus_` ids on the individual endpoint and `cst_` ids on the business endpoint get `400 customer_type_mismatch`',
  expectations: { mismatch: { status: [400], code: 'customer_type_mismatch' } },
  async run(ctx, io) {
    for (const op of DELETES) {
      const auth = ctx.authHeaders(op.operationId);
      if (!auth) continue;
      const given = op.otherPrefix === 'cst_' ? ctx.options.individualIds : ctx.options.businessIds;
      const ids = [EXAMPLE_IDS[op.otherPrefix], ctx.absentId(op.otherPrefix), ...(given ?? [])];
      for (const id of ids) {
        const exchange = await io.send({
          label: `${id} on the ${op.kind} endpoint`,
          operationId: op.operationId,
          method: 'DELETE',
          path: ctx.pathFor(op.operationId, encodeURIComponent(id)),
          headers: auth,
        });
        io.expect(exchange, this.expectations.mismatch);
      }
    }
  },
});
