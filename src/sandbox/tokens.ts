// Access tokens: HS256 JWTs signed and verified by `jose`, checked as RFC 8725 (JWT BCP) asks: only
// HS256 accepted, `iss`, `aud` and `exp` always verified, against the sandbox's (injectable) clock.
import { base64url, errors, jwtVerify, SignJWT } from 'jose';

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
export type TokenFailure = 'invalid' | 'expired';

/** The result of verifying a token. */
export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; reason: TokenFailure };

const ISSUER = 'https://sandbox.customers-api.local';
const AUDIENCE = 'customers-api';
// Verified tokens are cached (exp is still checked every time) so the hot path skips HMAC and JSON.
const MAX_CACHED = 10_000;

/** Throws unless `ttlSeconds` is an allowed token lifetime (the spec's `expiresIn` range). */
export function checkTokenTtl(ttlSeconds: number): void {
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > 3600)
    throw new RangeError(
      `sandbox: tokenTtlSeconds must be an integer from 1 to 3600 (the spec's expiresIn range), got ${ttlSeconds}`,
    );
}

/** Issues and verifies tokens with one random per-sandbox key. */
export class TokenIssuer {
  private readonly key = crypto.getRandomValues(new Uint8Array(32));
  private readonly cache = new Map<string, TokenClaims>();

  constructor(private readonly ttlSeconds: number) {
    checkTokenTtl(ttlSeconds);
  }

  /** Signs a token for key `keyId` of account `accountId`, valid from `now` (ms) for the configured TTL. */
  async issue(
    keyId: string,
    accountId: string,
    now: number,
  ): Promise<{ token: string; expiresIn: number; expiresAt: Date }> {
    const iat = Math.floor(now / 1000);
    const exp = iat + this.ttlSeconds;
    const token = await new SignJWT({ acc: accountId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(keyId)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .setJti(base64url.encode(crypto.getRandomValues(new Uint8Array(12))))
      .sign(this.key);
    return { token, expiresIn: this.ttlSeconds, expiresAt: new Date(exp * 1000) };
  }

  /**
   * Verifies signature, algorithm, issuer, audience and expiry at time `now` (ms). A token verified
   * before answers at once (only its expiry is checked again); a new one is verified by jose.
   */
  verify(token: string, now: number): TokenCheck | Promise<TokenCheck> {
    const claims = this.cache.get(token);
    return claims === undefined ? this.verifyNew(token, now) : expiry(claims, now);
  }

  private async verifyNew(token: string, now: number): Promise<TokenCheck> {
    let claims: TokenClaims;
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
        requiredClaims: ['sub', 'exp'],
        currentDate: new Date(now),
      });
      if (typeof payload.sub !== 'string' || typeof payload.acc !== 'string')
        return { ok: false, reason: 'invalid' };
      claims = payload as unknown as TokenClaims;
    } catch (error) {
      return { ok: false, reason: error instanceof errors.JWTExpired ? 'expired' : 'invalid' };
    }
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    this.cache.set(token, claims);
    return expiry(claims, now);
  }
}

// RFC 7519, section 4.1.4: not accepted on or after exp.
function expiry(claims: TokenClaims, now: number): TokenCheck {
  return now >= claims.exp * 1000 ? { ok: false, reason: 'expired' } : { ok: true, claims };
}
