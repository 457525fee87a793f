// individual_soft_delete and individual_delete_idempotent: deleting an individual customer
// answers 200 with status inactive, and deleting it again answers 200 with the same body
// (info.description, "Soft delete"; RFC 9110, section 9.2.2).
import { type RunContext, statusDifference } from '../context.js';
import { jsonDifferences } from '../json-diff.js';
import type { Difference, Exchange } from '../types.js';
import { NEEDS_CREDENTIALS, pathFor, type RequestCheck } from './common.js';

const FIRST = 'individual.first';

function ids(ctx: RunContext): string[] {
  return ctx.options.individualIds ?? [];
}

function notApplicable(ctx: RunContext): string | undefined {
  if (ids(ctx).length === 0)
    return 'needs individual customer ids it may delete: pass --individual-id cst_...';
  return ctx.authHeaders('deleteCustomer') ? undefined : NEEDS_CREDENTIALS;
}

function deleteIndividual(
  ctx: RunContext,
  sentBy: Exchange['sentBy'],
  id: string,
  label: string,
): Promise<Exchange> {
  return ctx.send({
    sentBy,
    label,
    operationId: 'deleteCustomer',
    method: 'DELETE',
    path: pathFor('deleteCustomer', encodeURIComponent(id)),
    headers: ctx.authHeaders('deleteCustomer') ?? {},
  });
}

/** The individual_soft_delete check. */
export const individualSoftDelete: RequestCheck = {
  name: 'individual_soft_delete',
  stateful: true,
  notApplicable,
  async run(ctx) {
    const first = new Map<string, Exchange>();
    ctx.notes.set(FIRST, first);
    for (const id of ids(ctx)) {
      const exchange = await deleteIndividual(ctx, 'individual_soft_delete', id, `delete individual ${id}`);
      first.set(id, exchange);
      const differences: Difference[] = statusDifference(exchange, [200]);
      if (differences.length === 0) {
        const body = exchange.response?.json as { id?: unknown; status?: unknown } | undefined;
        if (body?.status !== 'inactive') {
          differences.push({
            at: 'body/status',
            expected: '"inactive"',
            actual: JSON.stringify(body?.status) ?? '(absent)',
          });
        }
        if (body?.id !== id)
          differences.push({
            at: 'body/id',
            expected: JSON.stringify(id),
            actual: JSON.stringify(body?.id) ?? '(absent)',
          });
      }
      ctx.fail('individual_soft_delete', exchange, exchange.label, differences);
    }
  },
};

/** The individual_delete_idempotent check (runs after individual_soft_delete). */
export const individualDeleteIdempotent: RequestCheck = {
  name: 'individual_delete_idempotent',
  stateful: true,
  notApplicable,
  async run(ctx) {
    const first = (ctx.notes.get(FIRST) as Map<string, Exchange> | undefined) ?? new Map<string, Exchange>();
    for (const id of ids(ctx)) {
      const before =
        first.get(id) ??
        (await deleteIndividual(ctx, 'individual_delete_idempotent', id, `first delete of ${id}`));
      const again = await deleteIndividual(
        ctx,
        'individual_delete_idempotent',
        id,
        `second delete of individual ${id}`,
      );
      const differences = statusDifference(again, [200]);
      if (differences.length === 0) {
        if (before.response?.status !== 200) {
          differences.push({
            at: 'first delete',
            expected: '200',
            actual: String(before.response?.status ?? before.error),
          });
        } else {
          differences.push(...jsonDifferences(before.response.json, again.response?.json, 'body'));
        }
      }
      ctx.fail('individual_delete_idempotent', again, again.label, differences);
    }
  },
};
