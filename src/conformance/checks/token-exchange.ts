// token_exchange: an API key and secret give a bearer token that authenticates both deletes and
// expires `expiresIn` seconds from now; a wrong secret and an unknown key get the same 401; the
// key alone authenticates the business delete (paths./auth/token; components.securitySchemes).
import { defineRequestCheck } from '../check.js';
import { jsonDifferences } from '../json-diff.js';
import type { Difference } from '../types.js';
import { DELETES, tokenRequest } from './deletes.js';

/** How far `expiresAt` may be from now + `expiresIn` (clock skew between suite and server). */
const EXPIRY_TOLERANCE_MS = 5 * 60_000;

function expiryDifferences(json: unknown, sentAt: number): Difference[] {
  const body = json as { accessToken?: unknown; expiresIn?: unknown; expiresAt?: unknown } | undefined;
  if (typeof body?.accessToken !== 'string')
    return [
      {
        at: 'body/accessToken',
        expected: 'a string',
        actual: JSON.stringify(body?.accessToken) ?? '(absent)',
      },
    ];
  const expiresAt = typeof body.expiresAt === 'string' ? Date.parse(body.expiresAt) : Number.NaN;
  const expected = sentAt + Number(body.expiresIn) * 1000;
  if (Math.abs(expiresAt - expected) <= EXPIRY_TOLERANCE_MS) return [];
  return [
    {
      at: 'body/expiresAt',
      expected: `expiresIn (${JSON.stringify(body.expiresIn)}) seconds from now, ${Number.isNaN(expected) ? '?' : new Date(expected).toISOString()} (within 5 minutes)`,
      actual: JSON.stringify(body.expiresAt) ?? '(absent)',
    },
  ];
}

/** An API key of the documented shape that no server issued. */
const UNKNOWN_KEY = 'sk_sdbx_conformanceUnknownKey02';

export const tokenExchange = defineRequestCheck({
  name: 'token_exchange',
  stateful: true,
  needs: ['apiKeyAndSecret'],
  proves:
    'key and secret give a token (expiring `expiresIn` s from now) accepted on both deletes; the key alone works on the business delete; a wrong secret and an unknown key get the same `401`',
  expectations: {
    issued: { status: [200] },
    accepted: { status: [404], code: 'customer_not_found' },
    refused: { status: [401], code: 'unauthorized' },
  },
  async run(ctx, io) {
    const { apiKey = '', apiSecret = '' } = ctx.options;
    const sentAt = ctx.clock.now();
    const exchange = await io.send({
      label: 'exchange the API key and secret',
      ...tokenRequest(ctx.spec, JSON.stringify({ apiKey, apiSecret })),
    });
    io.expect(exchange, this.expectations.issued, expiryDifferences(exchange.response?.json, sentAt));
    const token = (exchange.response?.json as { accessToken?: unknown } | undefined)?.accessToken;
    if (typeof token === 'string') {
      for (const op of DELETES) {
        // An id that does not exist: 404 proves the token was accepted without deleting anything.
        const used = await io.send({
          label: `the exchanged token on the ${op.kind} endpoint`,
          operationId: op.operationId,
          method: 'DELETE',
          path: ctx.pathFor(op.operationId, ctx.absentId(op.prefix, 1)),
          headers: { Authorization: `Bearer ${token}` },
        });
        io.expect(used, this.expectations.accepted);
      }
    }
    const keyAlone = await io.send({
      label: 'the API key alone (X-API-Key) on the business endpoint',
      operationId: 'deleteBusinessCustomer',
      method: 'DELETE',
      path: ctx.pathFor('deleteBusinessCustomer', ctx.absentId('cus_', 2)),
      headers: { 'X-API-Key': apiKey },
    });
    io.expect(keyAlone, this.expectations.accepted);
    const wrongSecret =
      apiSecret.length < 128
        ? `${apiSecret}Z`
        : `${apiSecret.slice(0, -1)}${apiSecret.endsWith('Z') ? 'Y' : 'Z'}`;
    const refused = await io.send({
      label: 'the API key with a wrong secret',
      ...tokenRequest(ctx.spec, JSON.stringify({ apiKey, apiSecret: wrongSecret })),
    });
    io.expect(refused, this.expectations.refused);
    ctx.publicCredentials.add(UNKNOWN_KEY);
    const unknown = await io.send({
      label: 'an unknown API key with the secret',
      ...tokenRequest(ctx.spec, JSON.stringify({ apiKey: UNKNOWN_KEY, apiSecret })),
    });
    // "Unknown key or wrong secret (never says which)": the two refusals must not differ.
    const said = (json: unknown) => {
      const { requestId: _id, ...rest } = (json ?? {}) as Record<string, unknown>;
      return rest;
    };
    const same =
      refused.response?.status === 401 && unknown.response?.status === 401
        ? jsonDifferences(said(refused.response.json), said(unknown.response.json), 'body').map((d) => ({
            ...d,
            expected: `${d.expected} (as for the wrong secret: never say which)`,
          }))
        : [];
    io.expect(unknown, this.expectations.refused, same);
  },
});
