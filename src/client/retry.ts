// When to retry and how long to wait: exponential backoff with full jitter, Retry-After in both
// of its forms, bounded by a number of retries and by the total time a call may take.

/** Retry settings of a client. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 2; 0 disables retries. */
  retries?: number;
  /** The backoff's first ceiling in ms, doubled per retry. Default 500. */
  baseDelayMs?: number;
  /** The backoff ceiling's upper bound in ms. Default 8000. */
  maxDelayMs?: number;
  /** No retry starts, and no wait runs, past this many ms after the call began. Default 60000. */
  maxElapsedMs?: number;
  /** Called before each wait, with why and how long; for logging and metrics. Never sees credentials. */
  onRetry?: (info: RetryInfo) => void;
}

/** What `onRetry` is told before the client waits and retries. */
export interface RetryInfo {
  operationId: string;
  /** 1 for the first retry. */
  retry: number;
  delayMs: number;
  /** The status that caused the retry, or 0 for a network error or timeout. */
  status: number;
  requestId: string;
}

/** RetryOptions with every default filled in. */
export type RetryPolicy = Required<Omit<RetryOptions, 'onRetry'>> & Pick<RetryOptions, 'onRetry'>;

/** The defaults: 2 retries, 500 ms doubling up to 8 s, 60 s in total. */
export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  return {
    retries: Math.max(0, Math.floor(options.retries ?? 2)),
    baseDelayMs: options.baseDelayMs ?? 500,
    maxDelayMs: options.maxDelayMs ?? 8_000,
    maxElapsedMs: options.maxElapsedMs ?? 60_000,
    onRetry: options.onRetry,
  };
}

/**
 * How an operation may be retried.
 * - `idempotent` (DELETE, PUT, GET...; RFC 9110, section 9.2.2): network errors, 408, 429, 500, 502, 503, 504.
 * - `token-exchange` (POST /auth/token, which the spec declares safe to retry): network errors, 429 and 5xx.
 * - `unsafe` (any other POST/PATCH): only 429, which says the request was not processed.
 */
export type RetryClass = 'idempotent' | 'token-exchange' | 'unsafe';

const IDEMPOTENT_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/** Whether a response with `status` may be retried for an operation of `retryClass`. */
export function isRetryableStatus(retryClass: RetryClass, status: number): boolean {
  if (retryClass === 'idempotent') return IDEMPOTENT_STATUSES.has(status);
  if (retryClass === 'token-exchange') return status === 429 || (status >= 500 && status <= 599);
  return status === 429;
}

/** Whether a network error or per-attempt timeout may be retried: the request may have been processed. */
export function isRetryableNetworkError(retryClass: RetryClass): boolean {
  return retryClass !== 'unsafe';
}

/**
 * Retry-After as milliseconds to wait from `now` (RFC 9110, section 10.2.3): either
 * delay-seconds or an HTTP-date. Undefined when absent or unparseable; a date in the past is 0.
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP-date always names a weekday or month (section 5.6.7); this keeps '-5' from parsing as a year.
  if (!/[A-Za-z]{3}/.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): uniform in [0, min(max, base * 2^retry)). */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}
