// rate_limit_enforced (opt-in): spends the credential's remaining quota, as announced by the
// `RateLimit` header, and expects a 429 with `Retry-After` (info.description, "Rate limits";
// draft-ietf-httpapi-ratelimit-headers; RFC 6585, section 4).
import { defineRequestCheck } from '../check.js';
import type { Difference, Exchange } from '../types.js';

/** `r=<remaining>` of a RateLimit field value. */
function remaining(value: string | undefined): number | undefined {
  const match = value === undefined ? null : /;\s*r=(\d+)/.exec(value);
  return match ? Number(match[1]) : undefined;
}

export const rateLimitEnforced = defineRequestCheck({
  name: 'rate_limit_enforced',
  stateful: true,
  needs: ['provokeRateLimit', 'credentials'],
  // Afterwards the credential is throttled.
  runs: 'last',
  proves: 'after the remaining quota announced by `RateLimit` (`r=`), a `429` with `Retry-After` arrives',
  expectations: { limited: { status: [429], code: 'rate_limited' } },
  async run(ctx, io) {
    const operationId = ctx.authHeaders('deleteCustomer') ? 'deleteCustomer' : 'deleteBusinessCustomer';
    const prefix = operationId === 'deleteCustomer' ? 'cst_' : 'cus_';
    const send = (n: number) =>
      io.send({
        label: `request ${n} spending the quota`,
        operationId,
        method: 'DELETE',
        // An id that does not exist: every request is a harmless 404 until the limit bites.
        path: ctx.pathFor(operationId, ctx.absentId(prefix, 3)),
        headers: ctx.authHeaders(operationId) ?? {},
        retry429: false,
      });
    const first = await send(1);
    const left = remaining(first.response?.headers.ratelimit);
    if (left === undefined) {
      io.fail(first, first.label, [
        {
          at: 'header RateLimit',
          expected: '"<policy>";r=<remaining>;t=<reset>',
          actual: first.response?.headers.ratelimit ?? '(absent)',
        },
      ]);
      return;
    }
    // Token buckets refill while we spend: allow some slack over the announced remainder, plus what
    // the policy (`q` per `w` seconds) refills in the time spent, up to maxRateLimitRequests.
    const policy = /;\s*q=(\d+);\s*w=(\d+)/.exec(first.response?.headers['ratelimit-policy'] ?? '');
    const perMs = policy ? Number(policy[1]) / (Number(policy[2]) * 1000) : 0;
    const started = ctx.clock.now();
    const cap = ctx.options.maxRateLimitRequests ?? 2000;
    const budget = () =>
      Math.min(left + 6 + Math.ceil(left / 10) + Math.ceil((ctx.clock.now() - started) * perMs), cap);
    let last: Exchange = first;
    for (let n = 2; n <= budget() && last.response?.status !== 429 && last.response !== undefined; n++)
      last = await send(n);
    if (last.response?.status !== 429) {
      io.fail(last, last.label, [
        {
          at: 'status',
          expected: `429 within ${budget()} requests (RateLimit said r=${left})`,
          actual: last.response ? String(last.response.status) : (last.error ?? 'no response'),
        },
      ]);
      return;
    }
    const retryAfter: Difference[] = /^\d+$/.test(last.response.headers['retry-after']?.trim() ?? '')
      ? []
      : [
          {
            at: 'header Retry-After',
            expected: 'delay-seconds',
            actual: last.response.headers['retry-after'] ?? '(absent)',
          },
        ];
    io.expect(last, this.expectations.limited, retryAfter);
  },
});
