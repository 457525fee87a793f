// Resolves the credential of a request (bearer token or X-API-Key) to an API key, or to the reason it is
// refused with the RFC 6750 challenge to send. Also names the rate-limit bucket the request counts against.
import type { IncomingHttpHeaders } from 'node:http';
import { messages, REALM } from './messages.js';
import type { KeyRecord, Store } from './store.js';
import type { TokenIssuer } from './tokens.js';

/** A request's credential: accepted (with its key), or refused (with why). */
export type Credential =
  | { ok: true; via: 'token' | 'apiKey'; key: KeyRecord; bucket: string }
  | { ok: false; missing: boolean; message: string; challenge: string; bucket: string };

// RFC 6750, section 2.1: "Bearer" 1*SP b64token; the scheme is case-insensitive (RFC 9110, section 11.1).
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;
const CHALLENGE = `Bearer realm="${REALM}"`;

/** The `WWW-Authenticate` value for a refused token (RFC 6750, section 3). */
export function invalidTokenChallenge(description: string): string {
  return `${CHALLENGE}, error="invalid_token", error_description="${description}"`;
}

/** Bucket for callers without an accepted credential: their address, so junk credentials share one. */
export function anonymousBucket(address: string | undefined): string {
  return `anon:${address ?? 'unknown'}`;
}

/**
 * Finds who is calling. `acceptsApiKey` is true only for operations whose security allows `apiKeyAuth`.
 * When both are sent, `Authorization` decides: a refused token is never rescued by a key.
 */
export function resolveCredential(
  headers: IncomingHttpHeaders,
  acceptsApiKey: boolean,
  store: Store,
  tokens: TokenIssuer,
  now: number,
  address: string | undefined,
): Credential {
  const authorization = headers.authorization;
  const apiKey = headers['x-api-key'];
  if (authorization !== undefined) {
    const match = BEARER.exec(authorization);
    if (!match)
      return refuse(messages.malformedAuthorization, invalidTokenChallenge('Malformed Authorization header'));
    const check = tokens.verify(match[1] as string, now);
    if (!check.ok)
      return check.reason === 'expired'
        ? refuse(messages.expiredToken, invalidTokenChallenge('The access token expired'))
        : refuse(messages.invalidToken, invalidTokenChallenge('The access token is invalid'));
    // A token of a key that no longer exists (or moved account) is unknown.
    const key = store.keyById(check.claims.sub);
    if (!key || key.accountId !== check.claims.acc)
      return refuse(messages.invalidToken, invalidTokenChallenge('The access token is invalid'));
    return { ok: true, via: 'token', key, bucket: `key:${key.id}` };
  }
  if (typeof apiKey === 'string') {
    if (!acceptsApiKey) return refuse(messages.apiKeyNotAccepted, CHALLENGE);
    const key = store.keyByApiKey(apiKey);
    if (!key) return refuse(messages.invalidApiKey, CHALLENGE);
    return { ok: true, via: 'apiKey', key, bucket: `key:${key.id}` };
  }
  return {
    ok: false,
    missing: true,
    message: acceptsApiKey ? messages.missingCredentialsBusiness : messages.missingCredentials,
    challenge: CHALLENGE,
    bucket: anonymousBucket(address),
  };

  function refuse(message: string, challenge: string): Credential {
    return { ok: false, missing: false, message, challenge, bucket: anonymousBucket(address) };
  }
}

/** The challenge sent with a 401 of the token endpoint (wrong key or secret). */
export const CREDENTIALS_CHALLENGE = `${CHALLENGE}, error="invalid_client", error_description="Invalid API key or secret"`;
