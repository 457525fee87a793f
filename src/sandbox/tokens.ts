// Access tokens: HS256 JWS compact serialization (RFC 7515, RFC 7519) signed with node:crypto, checked as
// RFC 8725 (JWT BCP) asks: algorithm allow-list, `iss`, `aud` and `exp` always verified.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The claims of a sandbox access token. */
export interface TokenClaims {
  iss: string;
  aud: string;
  /** The API key id the token was issued to. */
  sub: string;
  /** The account the key belongs to. */
  acc: string;
  iat: number;
  exp: number;
  jti: string;
}

/** Why a token was refused. */
export type TokenFailure = 'malformed' | 'invalid' | 'expired';

/** The result of verifying a token. */
export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; reason: TokenFailure };

const ISSUER = 'https://sandbox.customers-api.local';
const AUDIENCE = 'customers-api';
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
const SEGMENT = /^[A-Za-z0-9_-]+$/;
// Verified tokens are cached (exp is still checked every time) so the hot path skips HMAC and JSON.
const MAX_CACHED = 10_000;

/** Issues and verifies tokens with one random per-server key. */
export class TokenIssuer {
  private readonly key = randomBytes(32);
  private readonly cache = new Map<string, TokenClaims>();

  constructor(private readonly ttlSeconds: number) {
    if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > 3600)
      throw new Error(
        `startSandbox: tokenTtlSeconds must be an integer from 1 to 3600 (the spec's expiresIn range), got ${ttlSeconds}`,
      );
  }

  /** Signs a token for key `keyId` of account `accountId`, valid from `now` (ms) for the configured TTL. */
  issue(
    keyId: string,
    accountId: string,
    now: number,
  ): { token: string; expiresIn: number; expiresAt: Date } {
    const iat = Math.floor(now / 1000);
    const claims: TokenClaims = {
      iss: ISSUER,
      aud: AUDIENCE,
      sub: keyId,
      acc: accountId,
      iat,
      exp: iat + this.ttlSeconds,
      jti: randomBytes(12).toString('base64url'),
    };
    const signingInput = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    const token = `${signingInput}.${this.sign(signingInput)}`;
    return { token, expiresIn: this.ttlSeconds, expiresAt: new Date(claims.exp * 1000) };
  }

  /** Verifies signature, algorithm, issuer, audience and expiry at time `now` (ms). */
  verify(token: string, now: number): TokenCheck {
    let claims = this.cache.get(token);
    if (claims === undefined) {
      const checked = this.verifyUncached(token);
      if (!checked.ok) return checked;
      claims = checked.claims;
      if (this.cache.size >= MAX_CACHED) this.cache.clear();
      this.cache.set(token, claims);
    }
    // RFC 7519, section 4.1.4: not accepted on or after exp.
    if (now >= claims.exp * 1000) return { ok: false, reason: 'expired' };
    return { ok: true, claims };
  }

  private verifyUncached(token: string): TokenCheck {
    const parts = token.split('.');
    if (parts.length !== 3 || !parts.every((p) => SEGMENT.test(p))) return { ok: false, reason: 'malformed' };
    const [header, payload, signature] = parts as [string, string, string];
    // RFC 8725, section 3.1: accept only the algorithm we issue; `none` and RS/HS confusion never verify.
    if (header !== HEADER) {
      const decoded = parseSegment(header);
      if (decoded?.alg !== 'HS256' || 'crit' in decoded) return { ok: false, reason: 'invalid' };
    }
    const expected = Buffer.from(this.sign(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return { ok: false, reason: 'invalid' };
    const claims = parseSegment(payload);
    if (
      claims === undefined ||
      claims.iss !== ISSUER ||
      claims.aud !== AUDIENCE ||
      typeof claims.sub !== 'string' ||
      typeof claims.acc !== 'string' ||
      typeof claims.exp !== 'number'
    )
      return { ok: false, reason: 'invalid' };
    return { ok: true, claims: claims as unknown as TokenClaims };
  }

  private sign(input: string): string {
    return createHmac('sha256', this.key).update(input).digest('base64url');
  }
}

function parseSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
