// Authentication: picks, per operation, the first security alternative of the spec that the
// configured credentials satisfy, and manages the exchanged bearer token (cached until shortly
// before it expires, one shared in-flight exchange, invalidated on a 401). Which headers a call
// needs is worked out once per operation when the client is created, so a call with a static
// token or key only looks them up.
import { type OperationId, operationMeta, securitySchemes } from '../../generated/operations.js';
import type { Clock } from './clock.js';
import type { SecretSet } from './redact.js';
import type { FailureResult, Result } from './result.js';

/** Credentials: a static bearer token, an API key and secret to exchange, or an API key alone. */
export type AuthOptions =
  | { token: string }
  | { apiKey: string; apiSecret: string }
  | { apiKey: string; apiSecret?: undefined };

/** The operation that exchanges a key and secret for a bearer token. */
export const TOKEN_OPERATION = 'createAccessToken' satisfies OperationId;

type SchemeName = keyof typeof securitySchemes;
type Schemes = typeof securitySchemes;
type Meta = typeof operationMeta;

/** Whether credentials of type `A` can satisfy the scheme `S` (what `satisfiable` checks at run time). */
type Satisfies<A, S> = S extends { type: 'http'; scheme: 'bearer' }
  ? A extends { token: string } | { apiKey: string; apiSecret: string }
    ? true
    : false
  : S extends { type: 'apiKey'; in: 'header' }
    ? A extends { apiKey: string }
      ? true
      : false
    : false;

type AlternativeOk<A, Alt> = Alt extends readonly SchemeName[]
  ? false extends {
      [K in keyof Alt]: Alt[K] extends SchemeName ? Satisfies<A, Schemes[Alt[K]]> : false;
    }[number]
    ? false
    : true
  : false;

type OneAccepts<A, Op extends OperationId> = A extends undefined
  ? true // No credentials: none are sent, so middleware may authenticate instead.
  : Meta[Op]['security'] extends readonly []
    ? true
    : true extends { [K in keyof Meta[Op]['security']]: AlternativeOk<A, Meta[Op]['security'][K]> }[number]
      ? true
      : false;

/**
 * Whether some credentials of type `A` can authenticate `Op`. For a union of auth shapes (the
 * shape is only known at run time) it is true when any member can; the call then fails at run
 * time, before anything is sent, if the configured one cannot.
 */
export type Accepts<A, Op extends OperationId> = true extends (A extends unknown ? OneAccepts<A, Op> : never)
  ? true
  : false;

/** What the authenticator hands a call: headers to send, or why it cannot. */
export type CredentialOutcome =
  | { kind: 'headers'; headers: Readonly<Record<string, string>>; exchangedToken?: string }
  | { kind: 'exchange-failed'; result: FailureResult<typeof TOKEN_OPERATION> }
  | { kind: 'unsupported'; detail: string }
  | { kind: 'invalid'; detail: string };

/** Supplies each call's credentials; `invalidate` drops an exchanged token a server refused. */
export interface Authenticator {
  /** Synchronous when no exchange is needed (a static token or key, or a cached token). */
  credentialFor(operationId: OperationId): CredentialOutcome | Promise<CredentialOutcome>;
  invalidate(token: string): void;
}

type Exchange = (credentials: {
  apiKey: string;
  apiSecret: string;
}) => Promise<Result<typeof TOKEN_OPERATION>>;

/** The longest margin before expiresAt at which a cached token is exchanged again. */
const REFRESH_MARGIN_MS = 60_000;

/** A token or key goes into a header: visible ASCII only (RFC 9110 field values; RFC 6750 b64token). */
const visible = (value: unknown) => typeof value === 'string' && /^[!-~]+$/.test(value);

/** Why `auth` is unusable (naming the field, never its value), or undefined when it is fine. */
export function credentialProblem(auth: AuthOptions | undefined): string | undefined {
  if (auth === undefined) return undefined;
  if (typeof auth !== 'object' || auth === null)
    return 'auth must be { token }, { apiKey, apiSecret } or { apiKey }';
  const { token, apiKey, apiSecret } = auth as { token?: unknown; apiKey?: unknown; apiSecret?: unknown };
  if (token !== undefined) return visible(token) ? undefined : 'auth.token must be visible ASCII';
  if (!visible(apiKey)) return 'auth.apiKey must be visible ASCII';
  // A secret goes into a JSON body: any non-empty string without a control character.
  if (apiSecret !== undefined && !(typeof apiSecret === 'string' && /^\P{Cc}+$/u.test(apiSecret)))
    return 'auth.apiSecret must be a string without control characters';
  return undefined;
}

/** An access token as the spec documents it (AccessToken: JWS compact, 20..4096 chars, 1..3600 s). */
export function isAccessToken(
  value: unknown,
): value is { accessToken: string; tokenType: 'bearer'; expiresIn: number; expiresAt: string } {
  if (typeof value !== 'object' || value === null) return false;
  const { accessToken, tokenType, expiresIn, expiresAt } = value as Record<string, unknown>;
  return (
    typeof accessToken === 'string' &&
    accessToken.length >= 20 &&
    accessToken.length <= 4096 &&
    /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(accessToken) &&
    tokenType === 'bearer' &&
    typeof expiresIn === 'number' &&
    Number.isInteger(expiresIn) &&
    expiresIn >= 1 &&
    expiresIn <= 3600 &&
    typeof expiresAt === 'string'
  );
}

/** How one operation is authenticated, decided once per client: an outcome, or an exchanged bearer token (with an API key header). */
type Plan = CredentialOutcome | { kind: 'bearer'; key: string | undefined };

/** Builds the authenticator for `auth`; `exchange` calls POST /auth/token with the client's own policies. */
export function createAuthenticator(
  auth: AuthOptions | undefined,
  exchange: Exchange,
  clock: Clock,
  secrets: SecretSet,
): Authenticator {
  const problem = credentialProblem(auth);
  const fields = (auth ?? {}) as { token?: string; apiKey?: string; apiSecret?: string };
  // Remember every configured value, valid or not, so no message can quote one.
  for (const value of [fields.token, fields.apiKey, fields.apiSecret])
    if (typeof value === 'string') secrets.add(value);
  const token = problem ? undefined : fields.token;
  const apiKey = problem || token !== undefined ? undefined : fields.apiKey;
  const apiSecret = apiKey === undefined ? undefined : fields.apiSecret;
  const bearerOk = token !== undefined || apiSecret !== undefined;

  let cached: { token: string; refreshAt: number; outcome: CredentialOutcome } | undefined;
  let inflight: Promise<CredentialOutcome> | undefined;

  function planFor(operationId: OperationId): Plan {
    if (problem) return { kind: 'invalid', detail: problem };
    const alternatives = operationMeta[operationId].security as readonly (readonly SchemeName[])[];
    if (auth === undefined || alternatives.length === 0) return { kind: 'headers', headers: {} };
    next: for (const alternative of alternatives) {
      const headers: Record<string, string> = {};
      let bearer = false;
      for (const name of alternative) {
        const scheme = securitySchemes[name] as { type: string; scheme?: string; in?: string; name?: string };
        if (scheme.type === 'http' && scheme.scheme === 'bearer' && bearerOk) bearer = true;
        else if (scheme.in === 'header' && scheme.name && apiKey !== undefined) headers[scheme.name] = apiKey;
        else continue next;
      }
      if (!bearer) return { kind: 'headers', headers };
      if (token !== undefined)
        return { kind: 'headers', headers: { ...headers, Authorization: `Bearer ${token}` } };
      return { kind: 'bearer', key: Object.keys(headers)[0] };
    }
    const accepted = alternatives.map((alt) => alt.join(' + ')).join(' or ');
    return { kind: 'unsupported', detail: `auth does not fit ${accepted}; no request was sent` };
  }

  const plans = {} as Record<OperationId, Plan>;
  for (const id in operationMeta) plans[id as OperationId] = planFor(id as OperationId);

  async function exchangeOnce(): Promise<CredentialOutcome> {
    const startedAt = clock.now();
    const result = await exchange({ apiKey: apiKey as string, apiSecret: apiSecret as string });
    if (!result.ok) return { kind: 'exchange-failed', result };
    // The client's decoder has already checked the body is a documented AccessToken.
    const { accessToken, expiresIn, expiresAt } = result.data;
    secrets.addToken(accessToken);
    // expiresIn is measured on our own clock, so a skewed local clock cannot make a fresh
    // token look expired; expiresAt only shortens the lifetime when it is earlier.
    const byExpiresIn = startedAt + expiresIn * 1000;
    const byExpiresAt = Date.parse(expiresAt);
    const expiry = Number.isNaN(byExpiresAt)
      ? byExpiresIn
      : Math.min(byExpiresIn, Math.max(byExpiresAt, startedAt));
    const lifetime = Math.max(0, expiry - startedAt);
    const outcome: CredentialOutcome = {
      kind: 'headers',
      headers: { Authorization: `Bearer ${accessToken}` },
      exchangedToken: accessToken,
    };
    cached = { token: accessToken, refreshAt: expiry - Math.min(REFRESH_MARGIN_MS, lifetime / 2), outcome };
    return outcome;
  }

  function withKey(outcome: CredentialOutcome, header: string | undefined): CredentialOutcome {
    if (header === undefined || outcome.kind !== 'headers') return outcome;
    return { ...outcome, headers: { [header]: apiKey as string, ...outcome.headers } };
  }

  return {
    invalidate(refused) {
      if (cached?.token === refused) cached = undefined;
    },
    credentialFor(operationId) {
      const plan = plans[operationId];
      if (plan.kind !== 'bearer') return plan;
      if (cached && clock.now() < cached.refreshAt) return withKey(cached.outcome, plan.key);
      // Single flight: concurrent calls share one exchange. It runs without any one caller's
      // signal, so a caller that gives up does not cancel the exchange for the others.
      inflight ??= exchangeOnce().finally(() => {
        inflight = undefined;
      });
      const { key } = plan;
      return key === undefined ? inflight : inflight.then((o) => withKey(o, key));
    },
  };
}
