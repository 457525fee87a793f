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
  /** Whether a 401 may be answered by exchanging again (only with a key and secret). */
  readonly canRefresh: boolean;
}

type Exchange = (credentials: {
  apiKey: string;
  apiSecret: string;
}) => Promise<Result<typeof TOKEN_OPERATION>>;

/** The longest margin before expiresAt at which a cached token is exchanged again. */
const REFRESH_MARGIN_MS = 60_000;

/** A token or key goes into a header: visible ASCII only (RFC 9110 field values; RFC 6750 b64token). */
const HEADER_CREDENTIAL = /^[!-~]+$/;

/** Whether `text` holds a C0 control character or DEL. */
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/** Why `auth` is unusable (naming the field, never its value), or undefined when it is fine. */
export function credentialProblem(auth: AuthOptions | undefined): string | undefined {
  if (auth === undefined) return undefined;
  if (typeof auth !== 'object' || auth === null)
    return 'auth must be { token }, { apiKey, apiSecret } or { apiKey }';
  const fields = auth as { token?: unknown; apiKey?: unknown; apiSecret?: unknown };
  if ('token' in fields && fields.token !== undefined) {
    if (typeof fields.token !== 'string' || !HEADER_CREDENTIAL.test(fields.token))
      return 'auth.token must be visible ASCII';
    return undefined;
  }
  if (typeof fields.apiKey !== 'string' || !HEADER_CREDENTIAL.test(fields.apiKey))
    return 'auth.apiKey must be visible ASCII';
  if (
    fields.apiSecret !== undefined &&
    (typeof fields.apiSecret !== 'string' || fields.apiSecret === '' || hasControl(fields.apiSecret))
  )
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

/** How one operation is authenticated, decided once per client. */
type Plan =
  | { kind: 'static'; outcome: CredentialOutcome }
  | { kind: 'bearer'; apiKeyHeader?: string }
  | { kind: 'fixed-outcome'; outcome: CredentialOutcome };

/** Builds the authenticator for `auth`; `exchange` calls POST /auth/token with the client's own policies. */
export function createAuthenticator(
  auth: AuthOptions | undefined,
  exchange: Exchange,
  clock: Clock,
  secrets: SecretSet,
): Authenticator {
  const problem = credentialProblem(auth);
  const fields = (auth ?? {}) as { token?: string; apiKey?: string; apiSecret?: string };
  const token = problem ? undefined : fields.token;
  const apiKey = problem || token !== undefined ? undefined : fields.apiKey;
  const apiSecret = apiKey === undefined ? undefined : fields.apiSecret;
  const canExchange = apiKey !== undefined && apiSecret !== undefined;
  // Remember every configured value, valid or not, so no message can quote one.
  if (typeof fields.token === 'string') secrets.add(fields.token);
  if (typeof fields.apiKey === 'string') secrets.add(fields.apiKey);
  if (typeof fields.apiSecret === 'string') secrets.add(fields.apiSecret);

  let cached: { token: string; refreshAt: number; outcome: CredentialOutcome } | undefined;
  let inflight: Promise<CredentialOutcome> | undefined;

  function satisfiable(name: SchemeName): boolean {
    const scheme = securitySchemes[name] as { type: string; scheme?: string; in?: string };
    if (scheme.type === 'http') return scheme.scheme === 'bearer' && (token !== undefined || canExchange);
    if (scheme.type === 'apiKey') return scheme.in === 'header' && apiKey !== undefined;
    return false;
  }

  function planFor(operationId: OperationId): Plan {
    const none: Plan = { kind: 'static', outcome: { kind: 'headers', headers: {} } };
    if (problem) return { kind: 'fixed-outcome', outcome: { kind: 'invalid', detail: problem } };
    const alternatives = operationMeta[operationId].security as readonly (readonly SchemeName[])[];
    if (auth === undefined || alternatives.length === 0) return none;
    for (const alternative of alternatives) {
      if (!alternative.every(satisfiable)) continue;
      const headers: Record<string, string> = {};
      let bearer = false;
      for (const name of alternative) {
        const scheme = securitySchemes[name] as { type: string; name?: string };
        if (scheme.type === 'apiKey' && scheme.name && apiKey !== undefined) headers[scheme.name] = apiKey;
        else bearer = true;
      }
      if (!bearer) return { kind: 'static', outcome: { kind: 'headers', headers } };
      if (token !== undefined)
        return {
          kind: 'static',
          outcome: { kind: 'headers', headers: { ...headers, Authorization: `Bearer ${token}` } },
        };
      const keyHeader = Object.keys(headers)[0];
      return keyHeader === undefined ? { kind: 'bearer' } : { kind: 'bearer', apiKeyHeader: keyHeader };
    }
    const accepted = alternatives.map((alt) => alt.join(' + ')).join(' or ');
    return {
      kind: 'fixed-outcome',
      outcome: {
        kind: 'unsupported',
        detail: `auth does not fit ${accepted}; no request was sent`,
      },
    };
  }

  const plans = Object.fromEntries(
    (Object.keys(operationMeta) as OperationId[]).map((id) => [id, planFor(id)]),
  ) as Record<OperationId, Plan>;

  async function exchangeOnce(credentials: {
    apiKey: string;
    apiSecret: string;
  }): Promise<CredentialOutcome> {
    const startedAt = clock.now();
    const result = await exchange(credentials);
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

  function bearerOutcome(): CredentialOutcome | Promise<CredentialOutcome> {
    if (cached && clock.now() < cached.refreshAt) return cached.outcome;
    // Single flight: concurrent calls share one exchange. It runs without any one caller's
    // signal, so a caller that gives up does not cancel the exchange for the others.
    inflight ??= exchangeOnce({ apiKey: apiKey as string, apiSecret: apiSecret as string }).finally(() => {
      inflight = undefined;
    });
    return inflight;
  }

  function withKey(outcome: CredentialOutcome, header: string | undefined): CredentialOutcome {
    if (header === undefined || outcome.kind !== 'headers') return outcome;
    return { ...outcome, headers: { [header]: apiKey as string, ...outcome.headers } };
  }

  return {
    canRefresh: canExchange,
    invalidate(refused) {
      if (cached?.token === refused) cached = undefined;
    },
    credentialFor(operationId) {
      const plan = plans[operationId];
      if (plan.kind !== 'bearer') return plan.outcome;
      const outcome = bearerOutcome();
      if (plan.apiKeyHeader === undefined) return outcome;
      const header = plan.apiKeyHeader;
      return outcome instanceof Promise ? outcome.then((o) => withKey(o, header)) : withKey(outcome, header);
    },
  };
}
