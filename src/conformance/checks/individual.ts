// individual_soft_delete and individual_delete_idempotent: deleting an individual customer
// answers 200 with status inactive and updatedAt set to the time of the deletion, and deleting it
// again answers 200 with the same body (info.description, "Soft delete"; RFC 9110, section 9.2.2).
import { type CheckIo, defineRequestCheck } from '../check.js';
import type { RunContext } from '../context.js';
import { jsonDifferences } from '../json-diff.js';
import type { Difference, Exchange } from '../types.js';
import { alreadyDeletedHint } from './reset-hint.js';

/** How far `updatedAt` of a fresh delete may be from the suite's clock (clock skew, slow servers). */
const UPDATED_AT_TOLERANCE_MS = 15 * 60_000;

function deleteIndividual(ctx: RunContext, send: CheckIo['send'], id: string, label: string) {
  return send({
    label,
    operationId: 'deleteCustomer',
    method: 'DELETE',
    path: ctx.pathFor('deleteCustomer', encodeURIComponent(id)),
    headers: ctx.authHeaders('deleteCustomer') ?? {},
  });
}

function bodyDifferences(exchange: Exchange, id: string, sentAt: number): Difference[] {
  const body = exchange.response?.json as { id?: unknown; status?: unknown; updatedAt?: unknown } | undefined;
  const out: Difference[] = [];
  if (body?.status !== 'inactive')
    out.push({
      at: 'body/status',
      expected: '"inactive"',
      actual: JSON.stringify(body?.status) ?? '(absent)',
    });
  if (body?.id !== id)
    out.push({ at: 'body/id', expected: JSON.stringify(id), actual: JSON.stringify(body?.id) ?? '(absent)' });
  const updatedAt = typeof body?.updatedAt === 'string' ? Date.parse(body.updatedAt) : Number.NaN;
  if (!(Math.abs(updatedAt - sentAt) <= UPDATED_AT_TOLERANCE_MS))
    out.push({
      at: 'body/updatedAt',
      expected: `the time of the deletion (${new Date(sentAt).toISOString()}, within 15 minutes)`,
      actual: JSON.stringify(body?.updatedAt) ?? '(absent)',
    });
  return out;
}

export const individualSoftDelete = defineRequestCheck({
  name: 'individual_soft_delete',
  stateful: true,
  needs: ['individualIds'],
  proves: 'delete gives `200`, `status: inactive`, same id, `updatedAt` set to the time of the deletion',
  expectations: { deleted: { status: [200] } },
  async run(ctx, io) {
    for (const id of ctx.options.individualIds ?? []) {
      const sentAt = ctx.clock.now();
      const exchange = await deleteIndividual(ctx, io.send, id, `delete individual ${id}`);
      ctx.firstIndividualDeletes.set(id, exchange);
      if (exchange.response?.status === 404) io.hint(alreadyDeletedHint(id, '--individual-id'));
      const differences = io.expect(exchange, this.expectations.deleted);
      if (differences.length === 0) io.fail(exchange, exchange.label, bodyDifferences(exchange, id, sentAt));
    }
  },
});

export const individualDeleteIdempotent = defineRequestCheck({
  name: 'individual_delete_idempotent',
  stateful: true,
  needs: ['individualIds'],
  proves: 'a second delete gives `200` with the same body',
  expectations: { again: { status: [200] } },
  async run(ctx, io) {
    for (const id of ctx.options.individualIds ?? []) {
      const before =
        ctx.firstIndividualDeletes.get(id) ??
        (await deleteIndividual(ctx, io.send, id, `first delete of ${id}`));
      const again = await deleteIndividual(ctx, io.send, id, `second delete of individual ${id}`);
      const extra: Difference[] =
        before.response?.status !== 200
          ? [{ at: 'first delete', expected: '200', actual: String(before.response?.status ?? before.error) }]
          : jsonDifferences(before.response.json, again.response?.json, 'body');
      io.expect(again, this.expectations.again, extra);
    }
  },
});
