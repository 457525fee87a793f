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
// Past this many buckets, full (idle) ones are dropped so random credentials cannot grow memory forever.
const MAX_BUCKETS = 10_000;

/** Token buckets keyed by credential. */
export class RateLimiter {
  readonly limit: number;
  readonly windowSeconds: number;
  /** `RateLimit-Policy` header value, the same on every response. */
  readonly policy: string;
  private readonly perMs: number;
  private readonly buckets = new Map<string, Bucket>();

  constructor(options: RateLimitOptions = {}) {
    this.limit = options.limit ?? 100;
    this.windowSeconds = options.windowSeconds ?? 60;
    if (!Number.isInteger(this.limit) || this.limit < 1 || this.limit > 999_999_999)
      throw new Error(
        `startSandbox: rateLimit.limit must be an integer from 1 to 999999999, got ${this.limit}`,
      );
    if (!Number.isInteger(this.windowSeconds) || this.windowSeconds < 1 || this.windowSeconds > 999_999_999)
      throw new Error(
        `startSandbox: rateLimit.windowSeconds must be an integer from 1 to 999999999, got ${this.windowSeconds}`,
      );
    this.perMs = this.limit / (this.windowSeconds * 1000);
    this.policy = `"${POLICY}";q=${this.limit};w=${this.windowSeconds}`;
  }

  /** Takes one token from `key`'s bucket at time `now` (ms). */
  take(key: string, now: number): RateDecision {
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      if (this.buckets.size >= MAX_BUCKETS) this.sweep(now);
      bucket = { tokens: this.limit, at: now };
      this.buckets.set(key, bucket);
    } else if (now > bucket.at) {
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

  /** How many buckets are held (bounded, whatever callers send). */
  get size(): number {
    return this.buckets.size;
  }

  /** Forgets every bucket (used by `store.reset()` callers between test runs). */
  clear(): void {
    this.buckets.clear();
  }

  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * this.perMs >= this.limit) this.buckets.delete(key);
    }
    // Every bucket busy: drop the oldest half rather than grow without bound.
    if (this.buckets.size >= MAX_BUCKETS) {
      let drop = this.buckets.size / 2;
      for (const key of this.buckets.keys()) {
        if (drop-- <= 0) break;
        this.buckets.delete(key);
      }
    }
  }
}
