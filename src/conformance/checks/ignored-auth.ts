// ignored_auth: missing, malformed, wrong-scheme and invalid credentials get 401 on both deletes
// (components.securitySchemes; RFC 6750, section 3; RFC 9110, section 11.6.1).
import { codeDifference, statusDifference } from '../context.js';
import { DELETES, pathFor, probeId, type RequestCheck } from './common.js';

/** A JWS-shaped token with a signature no server issued (RFC 7515 compact serialization). */
const FORGED_TOKEN =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjb25mb3JtYW5jZSIsImV4cCI6NDEwMjQ0NDgwMH0.Zm9yZ2VkLXNpZ25hdHVyZS1ub3QtaXNzdWVk';
/** `alg: none`, which RFC 8725, section 3.1 says must be rejected. */
const ALG_NONE_TOKEN = 'eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJjb25mb3JtYW5jZSJ9.';

/** Each case: a label and the credential headers it sends (none of them valid). */
export const AUTH_CASES: readonly { label: string; headers: Record<string, string>; only?: string }[] = [
  { label: 'no credentials', headers: {} },
  { label: 'malformed Authorization: scheme without token', headers: { Authorization: 'Bearer' } },
  { label: 'malformed Authorization: token with spaces', headers: { Authorization: 'Bearer not a token' } },
  { label: 'wrong scheme: Basic', headers: { Authorization: 'Basic Y29uZm9ybWFuY2U6cGFzc3dvcmQ=' } },
  { label: 'invalid token: forged signature', headers: { Authorization: `Bearer ${FORGED_TOKEN}` } },
  { label: 'invalid token: alg none', headers: { Authorization: `Bearer ${ALG_NONE_TOKEN}` } },
  // The individual endpoint documents bearer only, so an API key there is the wrong scheme.
  {
    label: 'wrong scheme: X-API-Key on the bearer-only endpoint',
    headers: { 'X-API-Key': 'sk_sdbx_conformanceUnknownKey01' },
    only: 'deleteCustomer',
  },
  {
    label: 'invalid API key: unknown key',
    headers: { 'X-API-Key': 'sk_sdbx_conformanceUnknownKey01' },
    only: 'deleteBusinessCustomer',
  },
  { label: 'invalid API key: empty', headers: { 'X-API-Key': '' }, only: 'deleteBusinessCustomer' },
];

/** Labels of the cases a target can only refuse by actually validating the credential. */
export const UNVERIFIABLE_CREDENTIAL_CASES = new Set([
  'malformed Authorization: token with spaces',
  'invalid token: forged signature',
  'invalid token: alg none',
  'invalid API key: unknown key',
]);

/** The ignored_auth check. */
export const ignoredAuth: RequestCheck = {
  name: 'ignored_auth',
  stateful: false,
  notApplicable: () => undefined,
  async run(ctx) {
    for (const c of AUTH_CASES)
      for (const value of Object.values(c.headers)) ctx.publicCredentials.add(value);
    for (const op of DELETES) {
      for (const c of AUTH_CASES) {
        if (c.only !== undefined && c.only !== op.operationId) continue;
        const exchange = await ctx.send({
          sentBy: 'ignored_auth',
          label: `${c.label} (${op.kind})`,
          operationId: op.operationId,
          method: 'DELETE',
          path: pathFor(op.operationId, probeId(ctx, op.prefix)),
          headers: c.headers,
        });
        const differences = statusDifference(exchange, [401]);
        ctx.fail(
          'ignored_auth',
          exchange,
          exchange.label,
          differences.length > 0 ? differences : codeDifference(exchange, 'unauthorized'),
        );
      }
    }
  },
};
