// ignored_auth: missing, malformed, wrong-scheme and invalid credentials get 401 on both deletes
// (components.securitySchemes; RFC 6750, section 3; RFC 9110, section 11.6.1).
import { defineRequestCheck } from '../check.js';
import type { RunContext } from '../context.js';
import { DELETES } from './deletes.js';

/** A JWS-shaped token with a signature no server issued (RFC 7515 compact serialization). */
const FORGED_TOKEN =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjb25mb3JtYW5jZSIsImV4cCI6NDEwMjQ0NDgwMH0.Zm9yZ2VkLXNpZ25hdHVyZS1ub3QtaXNzdWVk';
/** `alg: none`, which RFC 8725, section 3.1 says must be rejected. */
const ALG_NONE_TOKEN = 'eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJjb25mb3JtYW5jZSJ9.';
const UNKNOWN_KEY = 'sk_sdbx_conformanceUnknownKey01';

/** One credential case: what it sends, where, and whether refusing it needs real validation. */
interface AuthCase {
  label: string;
  headers: (ctx: RunContext) => Record<string, string> | undefined;
  only?: 'deleteCustomer' | 'deleteBusinessCustomer';
  /** Only a server that knows which credentials are valid can refuse it (not a stateless mock). */
  needsValidation: boolean;
}

/** Each case sends credentials that must be refused on that endpoint. */
export const AUTH_CASES: readonly AuthCase[] = [
  { label: 'no credentials', headers: () => ({}), needsValidation: false },
  {
    label: 'malformed Authorization: scheme without token',
    headers: () => ({ Authorization: 'Bearer' }),
    needsValidation: false,
  },
  {
    label: 'malformed Authorization: token with spaces',
    headers: () => ({ Authorization: 'Bearer not a token' }),
    needsValidation: true,
  },
  {
    label: 'wrong scheme: Basic',
    headers: () => ({ Authorization: 'Basic Y29uZm9ybWFuY2U6cGFzc3dvcmQ=' }),
    needsValidation: false,
  },
  {
    label: 'invalid token: forged signature',
    headers: () => ({ Authorization: `Bearer ${FORGED_TOKEN}` }),
    needsValidation: true,
  },
  {
    label: 'invalid token: alg none',
    headers: () => ({ Authorization: `Bearer ${ALG_NONE_TOKEN}` }),
    needsValidation: true,
  },
  // The individual endpoint documents bearer only, so any API key there is the wrong scheme:
  // an unknown one, and the caller's own valid key.
  {
    label: 'wrong scheme: X-API-Key on the bearer-only endpoint',
    headers: () => ({ 'X-API-Key': UNKNOWN_KEY }),
    only: 'deleteCustomer',
    needsValidation: false,
  },
  {
    label: "wrong scheme: the caller's valid API key on the bearer-only endpoint",
    headers: (ctx) => (ctx.options.apiKey ? { 'X-API-Key': ctx.options.apiKey } : undefined),
    only: 'deleteCustomer',
    needsValidation: false,
  },
  {
    label: 'invalid API key: unknown key',
    headers: () => ({ 'X-API-Key': UNKNOWN_KEY }),
    only: 'deleteBusinessCustomer',
    needsValidation: true,
  },
  {
    label: 'invalid API key: empty',
    headers: () => ({ 'X-API-Key': '' }),
    only: 'deleteBusinessCustomer',
    needsValidation: false,
  },
];

/** The made-up credentials, safe to print in curl lines (the caller's own key is not among them). */
const PUBLIC_CREDENTIALS = [
  'Bearer',
  'Bearer not a token',
  'Basic Y29uZm9ybWFuY2U6cGFzc3dvcmQ=',
  `Bearer ${FORGED_TOKEN}`,
  `Bearer ${ALG_NONE_TOKEN}`,
  UNKNOWN_KEY,
  '',
];

export const ignoredAuth = defineRequestCheck({
  name: 'ignored_auth',
  stateful: false,
  needs: [],
  uses: 'the API key, for the valid-key-on-the-bearer-only-endpoint case',
  proves:
    "no credentials, `Bearer` without a token, a token with spaces, `Basic`, a forged and an `alg: none` JWS, an unknown and the caller's valid `X-API-Key` on the bearer-only endpoint, an unknown or empty API key: each `401 unauthorized`",
  expectations: { refused: { status: [401], code: 'unauthorized' } },
  async run(ctx, io) {
    for (const value of PUBLIC_CREDENTIALS) ctx.publicCredentials.add(value);
    for (const op of DELETES) {
      for (const c of AUTH_CASES) {
        if (c.only !== undefined && c.only !== op.operationId) continue;
        const headers = c.headers(ctx);
        if (!headers) continue;
        const exchange = await io.send({
          label: `${c.label} (${op.kind})`,
          operationId: op.operationId,
          method: 'DELETE',
          path: ctx.pathFor(op.operationId, ctx.absentId(op.prefix)),
          headers,
          credential: { case: c.label, needsValidation: c.needsValidation },
        });
        io.expect(exchange, this.expectations.refused);
      }
    }
  },
});
