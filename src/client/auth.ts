// Authentication: picks, per operation, the first security alternative of the spec that the
// configured credentials satisfy, and manages the exchanged bearer token (cached until shortly
// before it expires, one shared in-flight exchange, invalidated on a 401).
import { type OperationId, operationMeta, securitySchemes } from '../../generated/operations.js';
import type { Clock } from './clock.js';
import type { SecretSet } from './redact.js';
import type { FailureResult, Result } from './result.js';
import { raceAbort } from './signal.js';

/** Credentials: a static bearer token, an API key and secret to exchange, or an API key alone. */
export type AuthOptions =
  | { token: string }
  | { apiKey: string; apiSecret: string }
  | { apiKey: string; apiSecret?: undefined };

/** The operation that exchanges a key and secret for a bearer token. */
export const TOKEN_OPERATION = 'createAccessToken' satisfies OperationId;

/** What the authenticator hands a call: headers to send, or why it cannot. */
export type CredentialOutcome =
  | { kind: 'headers'; headers: Record<string, string>; exchangedToken?: string }
  | { kind: 'exchange-failed'; result: FailureResult<typeof TOKEN_OPERATION> }
  | { kind: 'unsupported'; detail: string };

/** Supplies each call's credentials; `invalidate` drops an exchanged token a server refused. */
export interface Authenticator {
  credentialFor(operationId: OperationId, signal?: AbortSignal): Promise<CredentialOutcome>;
  invalidate(token: string): void;
  /** Whether a 401 may be answered by exchanging again (only with a key and secret). */
  readonly canRefresh: boolean;
}

type SchemeName = keyof typeof securitySchemes;
type Exchange = (credentials: {
  apiKey: string;
  apiSecret: string;
}) => Promise<Result<typeof TOKEN_OPERATION>>;

/** The longest margin before expiresAt at which a cached token is exchanged again. */
const REFRESH_MARGIN_MS = 60_000;

/** Builds the authenticator for `auth`; `exchange` calls POST /auth/token with the client's own policies. */
export function createAuthenticator(
  auth: AuthOptions | undefined,
  exchange: Exchange,
  clock: Clock,
  secrets: SecretSet,
): Authenticator {
  const token = auth && 'token' in auth ? auth.token : undefined;
  const apiKey = auth && 'apiKey' in auth ? auth.apiKey : undefined;
  const apiSecret = auth && 'apiSecret' in auth ? auth.apiSecret : undefined;
  const canExchange = apiKey !== undefined && apiSecret !== undefined;
  secrets.add(token);
  secrets.add(apiKey);
  secrets.add(apiSecret);

  let cached: { token: string; refreshAt: number } | undefined;
  let inflight: Promise<CredentialOutcome> | undefined;

  async function exchangeOnce(credentials: {
    apiKey: string;
    apiSecret: string;
  }): Promise<CredentialOutcome> {
    const startedAt = clock.now();
    const result = await exchange(credentials);
    if (!result.ok) return { kind: 'exchange-failed', result };
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
    cached = { token: accessToken, refreshAt: expiry - Math.min(REFRESH_MARGIN_MS, lifetime / 2) };
    return { kind: 'headers', headers: bearer(accessToken), exchangedToken: accessToken };
  }

  function bearer(value: string): Record<string, string> {
    return { Authorization: `Bearer ${value}` };
  }

  async function bearerHeaders(signal?: AbortSignal): Promise<CredentialOutcome> {
    if (token !== undefined) return { kind: 'headers', headers: bearer(token) };
    if (cached && clock.now() < cached.refreshAt) {
      return { kind: 'headers', headers: bearer(cached.token), exchangedToken: cached.token };
    }
    // Single flight: concurrent calls share one exchange. It runs without any one caller's
    // signal, so a caller that gives up does not cancel the exchange for the others.
    if (apiKey === undefined || apiSecret === undefined) return { kind: 'headers', headers: {} };
    inflight ??= exchangeOnce({ apiKey, apiSecret }).finally(() => {
      inflight = undefined;
    });
    return raceAbort(inflight, signal);
  }

  function satisfiable(name: SchemeName): boolean {
    const scheme = securitySchemes[name];
    if (scheme.type === 'http') return scheme.scheme === 'bearer' && (token !== undefined || canExchange);
    if (scheme.type === 'apiKey') return scheme.in === 'header' && apiKey !== undefined;
    return false;
  }

  return {
    canRefresh: canExchange && token === undefined,
    invalidate(refused) {
      if (cached?.token === refused) cached = undefined;
    },
    async credentialFor(operationId, signal) {
      const alternatives = operationMeta[operationId].security as readonly (readonly SchemeName[])[];
      // No credentials configured: send none, so middleware may authenticate instead.
      if (auth === undefined || alternatives.length === 0) return { kind: 'headers', headers: {} };
      for (const alternative of alternatives) {
        if (!alternative.every(satisfiable)) continue;
        let headers: Record<string, string> = {};
        let exchangedToken: string | undefined;
        for (const name of alternative) {
          const scheme = securitySchemes[name];
          if (scheme.type === 'apiKey' && apiKey !== undefined) headers[scheme.name] = apiKey;
          else {
            const outcome = await bearerHeaders(signal);
            if (outcome.kind !== 'headers') return outcome;
            headers = { ...headers, ...outcome.headers };
            exchangedToken = outcome.exchangedToken;
          }
        }
        return exchangedToken === undefined
          ? { kind: 'headers', headers }
          : { kind: 'headers', headers, exchangedToken };
      }
      const accepted = alternatives.map((alt) => alt.join(' + ')).join(' or ');
      return {
        kind: 'unsupported',
        detail: `the configured auth cannot authenticate it: it accepts ${accepted}. Configure auth as { token } or { apiKey, apiSecret } (an API key alone only works where the spec allows X-API-Key).`,
      };
    },
  };
}
