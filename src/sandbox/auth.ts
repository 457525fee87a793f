// Resolves the credential of a request (bearer token or X-API-Key) to an API key, or to the 401 it gets
// with the RFC 6750 challenge to send. Also names the rate-limit bucket the request counts against.
import type { Errors, ErrorTriple } from './errors.js';
import { REALM } from './messages.js';
import type { KeyRecord, Store } from './store.js';
import type { TokenCheck, TokenIssuer } from './tokens.js';

/** A request's credential: accepted (with its key), or refused (with the 401 and its challenge). */
export type Credential =
  | { ok: true; via: 'token' | 'apiKey'; key: KeyRecord; bucket: string }
  | { ok: false; error: ErrorTriple<401, 'unauthorized'>; challenge: string; bucket: string };

// RFC 6750, section 2.1: "Bearer" 1*SP b64token; the scheme is case-insensitive (RFC 9110, section 11.1).
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;
const CHALLENGE = `Bearer realm="${REALM}"`;

/** The `WWW-Authenticate` value for a refused token (RFC 6750, section 3). */
export function invalidTokenChallenge(description: string): string {
  return `${CHALLENGE}, error="invalid_token", error_description="${description}"`;
}

/** The challenge sent with a 401 of the token endpoint (wrong key or secret). */
export const CREDENTIALS_CHALLENGE = `${CHALLENGE}, error="invalid_client", error_description="Invalid API key or secret"`;

/**
 * The bucket of callers without an accepted credential, and of every token exchange: the caller's own
 * address, so junk credentials share one bucket and nobody can spend another caller's quota.
 */
export function addressBucket(address: string | undefined): string {
  return `addr:${address ?? 'unknown'}`;
}

/** What credential resolution reads from the request and the sandbox. */
export interface CredentialInput {
  authorization: string | undefined;
  apiKey: string | undefined;
  /** True only for operations whose security allows `apiKeyAuth`. */
  acceptsApiKey: boolean;
  address: string | undefined;
  now: number;
  store: Store;
  tokens: TokenIssuer;
  errors: Errors;
}

/**
 * Finds who is calling. When both `Authorization` and `X-API-Key` are sent, `Authorization` decides: a
 * refused token is never rescued by a key. Answers at once unless a token is new to the sandbox.
 */
export function resolveCredential(input: CredentialInput): Credential | Promise<Credential> {
  const { authorization, apiKey, errors } = input;
  if (authorization !== undefined) {
    const match = BEARER.exec(authorization);
    if (!match)
      return refuse(
        input,
        errors.malformedAuthorization,
        invalidTokenChallenge('Malformed Authorization header'),
      );
    const check = input.tokens.verify(match[1] as string, input.now);
    return check instanceof Promise ? check.then((c) => fromToken(input, c)) : fromToken(input, check);
  }
  if (apiKey !== undefined) {
    if (!input.acceptsApiKey) return refuse(input, errors.apiKeyNotAccepted, CHALLENGE);
    const key = input.store.keyByApiKey(apiKey);
    if (!key) return refuse(input, errors.invalidApiKey, CHALLENGE);
    return { ok: true, via: 'apiKey', key, bucket: `key:${key.id}` };
  }
  return refuse(
    input,
    input.acceptsApiKey ? errors.missingCredentialsBusiness : errors.missingCredentials,
    CHALLENGE,
  );
}

function fromToken(input: CredentialInput, check: TokenCheck): Credential {
  const { errors } = input;
  if (!check.ok)
    return check.reason === 'expired'
      ? refuse(input, errors.expiredToken, invalidTokenChallenge('The access token expired'))
      : refuse(input, errors.invalidToken, invalidTokenChallenge('The access token is invalid'));
  // A token of a key that no longer exists (or moved account) is unknown.
  const key = input.store.keyById(check.claims.sub);
  if (!key || key.accountId !== check.claims.acc)
    return refuse(input, errors.invalidToken, invalidTokenChallenge('The access token is invalid'));
  return { ok: true, via: 'token', key, bucket: `key:${key.id}` };
}

function refuse(
  input: CredentialInput,
  error: ErrorTriple<401, 'unauthorized'>,
  challenge: string,
): Credential {
  return { ok: false, error, challenge, bucket: addressBucket(input.address) };
}
