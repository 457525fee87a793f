// rate_limit_enforced (opt-in): spends the credential's remaining quota, as announced by the
// `RateLimit` header, and expects a 429 with `Retry-After` (info.description, "Rate limits";
// draft-ietf-httpapi-ratelimit-headers; RFC 6585, section 4).
import type { Difference } from '../types.js';
import { NEEDS_CREDENTIALS, pathFor, probeId, type RequestCheck } from './common.js';

/** `r=<remaining>` of a RateLimit field value. */
function remaining(value: string | undefined): number | undefined {
  const match = value === undefined ? null : /;\s*r=(\d+)/.exec(value);
  return match ? Number(match[1]) : undefined;
}

/** The rate_limit_enforced check. */
export const rateLimitEnforced: RequestCheck = {
  name: 'rate_limit_enforced',
  stateful: true,
  notApplicable(ctx) {
    if (!ctx.options.provokeRateLimit)
      return "opt-in (it exhausts the credential's quota): pass --provoke-rate-limit";
    return ctx.authHeaders('deleteCustomer') || ctx.authHeaders('deleteBusinessCustomer')
      ? undefined
      : NEEDS_CREDENTIALS;
  },
  async run(ctx) {
    const operationId = ctx.authHeaders('deleteCustomer') ? 'deleteCustomer' : 'deleteBusinessCustomer';
    const prefix = operationId === 'deleteCustomer' ? 'cst_' : 'cus_';
    const send = (n: number) =>
      ctx.send({
        sentBy: 'rate_limit_enforced',
        label: `request ${n} spending the quota`,
        operationId,
        method: 'DELETE',
        // A probe id that does not exist: every request is a harmless 404 until the limit bites.
        path: pathFor(operationId, probeId(ctx, prefix, 3)),
        headers: ctx.authHeaders(operationId) ?? {},
        retry429: false,
      });
    const first = await send(1);
    const left = remaining(first.response?.headers.ratelimit);
    if (left === undefined) {
      const actual = first.response?.headers.ratelimit ?? '(absent)';
      ctx.fail('rate_limit_enforced', first, first.label, [
        { at: 'header RateLimit', expected: '"<policy>";r=<remaining>;t=<reset>', actual },
      ]);
      return;
    }
    // Token buckets refill while we spend, so allow some slack over the announced remainder.
    const budget = Math.min(left + 6 + Math.ceil(left / 10), ctx.options.maxRateLimitRequests ?? 2000);
    let last = first;
    for (let n = 2; n <= budget && last.response?.status !== 429 && last.response !== undefined; n++)
      last = await send(n);
    const differences: Difference[] = [];
    if (last.response?.status !== 429) {
      differences.push({
        at: 'status',
        expected: `429 within ${budget} requests (RateLimit said r=${left})`,
        actual: last.response ? String(last.response.status) : (last.error ?? 'no response'),
      });
    } else if (!/^\d+$/.test(last.response.headers['retry-after']?.trim() ?? '')) {
      differences.push({
        at: 'header Retry-After',
        expected: 'delay-seconds',
        actual: last.response.headers['retry-after'] ?? '(absent)',
      });
    }
    ctx.fail('rate_limit_enforced', last, last.label, differences);
  },
};
