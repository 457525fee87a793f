// business_use_after_free: deleting a business customer answers 200, and deleting it again
// answers 404 customer_not_found (info.description, "Soft delete").
import { codeDifference, statusDifference } from '../context.js';
import type { Difference } from '../types.js';
import { NEEDS_CREDENTIALS, pathFor, type RequestCheck } from './common.js';

/** The business_use_after_free check. */
export const businessUseAfterFree: RequestCheck = {
  name: 'business_use_after_free',
  stateful: true,
  notApplicable(ctx) {
    if ((ctx.options.businessIds ?? []).length === 0)
      return 'needs business customer ids it may delete: pass --business-id cus_...';
    return ctx.authHeaders('deleteBusinessCustomer') ? undefined : NEEDS_CREDENTIALS;
  },
  async run(ctx) {
    const headers = ctx.authHeaders('deleteBusinessCustomer') ?? {};
    for (const id of ctx.options.businessIds ?? []) {
      const path = pathFor('deleteBusinessCustomer', encodeURIComponent(id));
      const send = (label: string) =>
        ctx.send({
          sentBy: 'business_use_after_free',
          label,
          operationId: 'deleteBusinessCustomer',
          method: 'DELETE',
          path,
          headers,
        });
      const first = await send(`delete business ${id}`);
      const differences: Difference[] = statusDifference(first, [200]);
      const body = first.response?.json as { customerId?: unknown; success?: unknown } | undefined;
      if (differences.length === 0 && body?.customerId !== id) {
        differences.push({
          at: 'body/customerId',
          expected: JSON.stringify(id),
          actual: JSON.stringify(body?.customerId) ?? '(absent)',
        });
      }
      ctx.fail('business_use_after_free', first, first.label, differences);
      if (differences.length > 0) continue;
      const again = await send(`second delete of business ${id}`);
      const afterFree = statusDifference(again, [404]);
      ctx.fail(
        'business_use_after_free',
        again,
        again.label,
        afterFree.length > 0 ? afterFree : codeDifference(again, 'customer_not_found'),
      );
    }
  },
};
