// business_use_after_free: deleting a business customer answers 200 with its id, and deleting it
// again answers 404 customer_not_found (info.description, "Soft delete").
import { defineRequestCheck } from '../check.js';
import type { Difference } from '../types.js';
import { alreadyDeletedHint } from './reset-hint.js';

export const businessUseAfterFree = defineRequestCheck({
  name: 'business_use_after_free',
  stateful: true,
  needs: ['businessIds'],
  proves: 'delete gives `200` with `customerId`; a second delete gives `404 customer_not_found`',
  expectations: {
    deleted: { status: [200] },
    gone: { status: [404], code: 'customer_not_found' },
  },
  async run(ctx, io) {
    const headers = ctx.authHeaders('deleteBusinessCustomer') ?? {};
    for (const id of ctx.options.businessIds ?? []) {
      const send = (label: string) =>
        io.send({
          label,
          operationId: 'deleteBusinessCustomer',
          method: 'DELETE',
          path: ctx.pathFor('deleteBusinessCustomer', encodeURIComponent(id)),
          headers,
        });
      const first = await send(`delete business ${id}`);
      if (first.response?.status === 404) io.hint(alreadyDeletedHint(id, '--business-id'));
      const body = first.response?.json as { customerId?: unknown } | undefined;
      const extra: Difference[] =
        body?.customerId === id
          ? []
          : [
              {
                at: 'body/customerId',
                expected: JSON.stringify(id),
                actual: JSON.stringify(body?.customerId) ?? '(absent)',
              },
            ];
      if (io.expect(first, this.expectations.deleted, extra).length > 0) continue;
      io.expect(await send(`second delete of business ${id}`), this.expectations.gone);
    }
  },
});
