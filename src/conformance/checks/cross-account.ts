// cross_account_isolation: a customer of another account is reported exactly like a missing one,
// 404 customer_not_found, and is not deleted (info.description, "Errors").
import { defineRequestCheck } from '../check.js';
import { deleteFor } from './deletes.js';

export const crossAccountIsolation = defineRequestCheck({
  name: 'cross_account_isolation',
  stateful: true,
  needs: ['foreignIds'],
  proves: "another account's customer is `404 customer_not_found`, twice",
  expectations: { hidden: { status: [404], code: 'customer_not_found' } },
  async run(ctx, io) {
    for (const id of ctx.options.foreignIds ?? []) {
      const op = deleteFor(id);
      if (!op) {
        io.fail(undefined, `foreign id ${id}`, [
          { at: 'option foreignIds', expected: 'a cst_ or cus_ id', actual: id },
        ]);
        continue;
      }
      const headers = ctx.authHeaders(op.operationId);
      if (!headers) continue;
      // Twice: a server that deletes on the first call and then says 404 is still caught.
      for (const attempt of ['first', 'second']) {
        const exchange = await io.send({
          label: `${attempt} delete of another account's ${op.kind} ${id}`,
          operationId: op.operationId,
          method: 'DELETE',
          path: ctx.pathFor(op.operationId, encodeURIComponent(id)),
          headers,
        });
        io.expect(exchange, this.expectations.hidden);
      }
    }
  },
});
