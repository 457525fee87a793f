// Per-credential token buckets and the IETF httpapi RateLimit / RateLimit-Policy header values
// (draft-ietf-httpapi-ratelimit-headers), as openapi.yaml's info "Rate limits" requires.

/** How many requests a credential may make per window; the bucket refills continuously. */
export interface RateLimitOptions {
  /** Bucket capacity, the `q` of `RateLimit-Policy` (1 to 999999999). Default 100. */
  limit?: number;
  /** Seconds to refill an empty bucket, the `w` of `RateLimit-Policy`. Default 60. */
  windowSeconds?: number;
}

/** The outcome of taking one token from a bucket. */
export interface RateDecision {
  allowed: boolean;
  /** `RateLimit` header value. */
  rateLimit: string;
  /** Seconds until one token is available again (for `Retry-After` on 429). */
  retryAfter: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

const POLICY = 'default';
// At most this many buckets are held (the overflow bucket included), whatever callers invent.
const MAX_BUCKETS = 10_000;
const MAX_OWN_BUCKETS = MAX_BUCKETS - 1;
// Callers that arrive while every held bucket is still refilling share this one bucket.
const OVERFLOW = '\0overflow';

/** Throws unless the options are a valid bucket size and window. */
export function checkRateLimit(options: RateLimitOptions = {}): void {
  const { limit = 100, windowSeconds = 60 } = options;
  if (!Number.isInteger(limit) || limit < 1 || limit > 999_999_999)
    throw new RangeError(`sandbox: rateLimit.limit must be an integer from 1 to 999999999, got ${limit}`);
  if (!Number.isInteger(windowSeconds) || windowSeconds < 1 || windowSeconds > 999_999_999)
    throw new RangeError(
      `sandbox: rateLimit.windowSeconds must be an integer from 1 to 999999999, got ${windowSeconds}`,
    );
}

/**
 * Token buckets keyed by credential (or by address for calls without one). Memory stays bounded: past
 * MAX_BUCKETS, only buckets that have refilled completely are forgotten (forgetting a full bucket
 * changes nothing, since a new one starts full). A drained bucket is never forgotten, so no number of
 * invented credentials gives a drained key its quota back; when no bucket is full, newcomers share
 * one overflow bucket until some bucket refills.
 */
export class RateLimiter {
  readonly limit: number;
  readonly windowSeconds: number;
  /** `RateLimit-Policy` header value, the same on every response. */
  readonly policy: string;
  private readonly perMs: number;
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep = Number.NEGATIVE_INFINITY;

  constructor(options: RateLimitOptions = {}) {
    checkRateLimit(options);
    this.limit = options.limit ?? 100;
    this.windowSeconds = options.windowSeconds ?? 60;
    this.perMs = this.limit / (this.windowSeconds * 1000);
    this.policy = `"${POLICY}";q=${this.limit};w=${this.windowSeconds}`;
  }

  /** Takes one token from `key`'s bucket at time `now` (ms). */
  take(key: string, now: number): RateDecision {
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      if (this.ownBuckets() >= MAX_OWN_BUCKETS) this.sweep(now);
      const id = this.ownBuckets() >= MAX_OWN_BUCKETS ? OVERFLOW : key;
      bucket = this.buckets.get(id);
      if (bucket === undefined) {
        bucket = { tokens: this.limit, at: now };
        this.buckets.set(id, bucket);
      }
    }
    if (now > bucket.at) {
      bucket.tokens = Math.min(this.limit, bucket.tokens + (now - bucket.at) * this.perMs);
      bucket.at = now;
    }
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    const remaining = Math.floor(bucket.tokens);
    const untilFull = Math.ceil((this.limit - bucket.tokens) / this.perMs / 1000);
    const retryAfter = allowed ? 0 : Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000));
    return { allowed, rateLimit: `"${POLICY}";r=${remaining};t=${untilFull}`, retryAfter };
  }

  private ownBuckets(): number {
    return this.buckets.size - (this.buckets.has(OVERFLOW) ? 1 : 0);
  }

  /** How many buckets are held (bounded, whatever callers send). */
  get size(): number {
    return this.buckets.size;
  }

  /** Forgets every bucket: every credential starts with a full quota again. */
  clear(): void {
    this.buckets.clear();
    this.lastSweep = Number.NEGATIVE_INFINITY;
  }

  // Drops the buckets that have refilled completely. At most once per second of clock, so a flood of
  // new credentials against a table of busy buckets costs one scan per second, not one per request.
  private sweep(now: number): void {
    if (now - this.lastSweep < 1000) return;
    this.lastSweep = now;
    for (const [key, bucket] of this.buckets) {
      if (key !== OVERFLOW && bucket.tokens + (now - bucket.at) * this.perMs >= this.limit)
        this.buckets.delete(key);
    }
  }
}
