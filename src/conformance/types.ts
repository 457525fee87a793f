// The public shapes of the conformance suite: options, exchanges, failures, check results, report.

import type { CheckName } from './checks/index.js';

export type { CheckName } from './checks/index.js';

/** The clock a run reads the time from and waits on (429s); default: the system clock. */
export interface ConformanceClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** What a run reports as it goes (the CLI prints it: a live line on a TTY, plain lines in CI). */
export type ProgressEvent =
  /** A check starts sending (request checks) or judging (response checks). */
  | { type: 'check'; check: string; index: number; total: number }
  /** A check is done sending or judging; `summary` says what it did, e.g. `12 requests sent`. */
  | { type: 'checked'; check: string; index: number; total: number; summary: string }
  /** A request was sent; `sent` counts the check's requests so far. */
  | { type: 'request'; check: string; sent: number }
  /** The run waits `ms` for a 429's `Retry-After` before retrying. */
  | { type: 'wait'; check: string; ms: number; retryAfter: string }
  /** A check's final status, once the run is judged. */
  | { type: 'result'; check: string; status: CheckResult['status']; reason: string };

/** Options of `runConformance`. */
export interface ConformanceOptions {
  /** The server under test, e.g. `http://127.0.0.1:4010` (a path prefix such as `/v0.9` is kept). */
  baseUrl: string;
  /** A bearer token for both delete endpoints. */
  token?: string;
  /** An API key: exchanged (with `apiSecret`) for a token, or sent alone as `X-API-Key` (business only). */
  apiKey?: string;
  apiSecret?: string;
  /** Individual customer ids (`cst_`) the suite may delete. */
  individualIds?: string[];
  /** Business customer ids (`cus_`) the suite may delete. */
  businessIds?: string[];
  /** Ids (either type) that exist in another account: deleting them must be `404`. */
  foreignIds?: string[];
  /** The target keeps no state (a mock): stateful checks are reported not applicable. */
  stateless?: boolean;
  /** fast-check seed for generated malformed ids; default: random, always reported. */
  seed?: number;
  /** Generated malformed ids per delete endpoint; default 40. */
  numRuns?: number;
  /** Injected fetch (tests, an in-process server); default globalThis.fetch. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** The OpenAPI document to check against (bundled, refs inside it); default: this project's spec. */
  spec?: Record<string, unknown>;
  /** The clock for timestamps and 429 waits (tests wait without sleeping); default: the system clock. */
  clock?: ConformanceClock;
  /** Called as the run goes: each check, each request, each 429 wait, each result. */
  onProgress?: (event: ProgressEvent) => void;
  /** Per-request timeout in milliseconds; default 10 000. */
  timeoutMs?: number;
  /**
   * Opt in to `rate_limit_enforced`: exhaust the credential's quota (read from `RateLimit`) and
   * expect a 429 with `Retry-After`. Runs last, because afterwards the credential is throttled.
   */
  provokeRateLimit?: boolean;
  /** Most requests `rate_limit_enforced` sends looking for a 429; default 2 000. */
  maxRateLimitRequests?: number;
  /** Longest `Retry-After` the suite waits on a `429` before retrying (ms); default 5 000. */
  maxRetryAfterMs?: number;
  /**
   * Total time the suite may spend waiting out `429`s over the whole run (ms); default 120 000.
   * A rate-limited server is conforming, so its `429`s are waited out rather than counted against
   * the check that met them, but a throttling server cannot stall the suite for longer than this.
   */
  maxRateLimitWaitMs?: number;
}

/** A request exactly as sent. */
export interface SentRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** A response as received (header names lower-cased). */
export interface ReceivedResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The parsed body when it is JSON, else undefined (see `jsonError`). */
  json?: unknown;
  jsonError?: string;
}

/** One request/response pair, tagged with the check that sent it and what it was meant to hit. */
export interface Exchange {
  id: number;
  /** The check that sent it, or `setup` (token exchange before the checks). */
  sentBy: string;
  /** What the request tests, e.g. `no credentials`, `id "cst_%00"`. */
  label: string;
  /** The operation the request targets; undefined for an unsupported method. */
  operationId?: string;
  /** The request used a method the path does not document (API-wide 405 rule). */
  unsupportedMethod?: boolean;
  /**
   * An invalid credential ignored_auth sent; `needsValidation`: only a server that validates
   * credentials can refuse it (a stateless mock cannot tell a forged token from a real one).
   */
  credential?: { case: string; needsValidation: boolean };
  request: SentRequest;
  response?: ReceivedResponse;
  /** Network error or timeout, when there is no response. */
  error?: string;
}

/** One difference between what the spec says and what the server did. */
export interface Difference {
  /** Where: `status`, `header X-Request-Id`, `body/code`, a JSON pointer. */
  at: string;
  expected: string;
  actual: string;
}

/** One failed expectation, with the request to replay it. */
export interface Failure {
  check: string;
  label: string;
  /** The request as a curl line, secrets replaced by `$CONFORMANCE_*` variables. */
  curl: string;
  /** The first differences (at most 5; `moreDifferences` counts the rest). */
  differences: Difference[];
  moreDifferences: number;
  exchangeId?: number;
  /**
   * Set when this is a known, pinned deviation of Prism (see known-exceptions.ts); only for a
   * response Prism provably generated (see prism.ts).
   */
  knownException?: string;
}

/** The outcome of one named check. */
export interface CheckResult {
  name: CheckName;
  status: 'passed' | 'failed' | 'not_applicable';
  /** Why it passed, failed or does not apply, in one line. */
  reason: string;
  stateful: boolean;
  /** How many exchanges this check examined (response checks) or sent (request checks). */
  examined: number;
  /** Real failures: any one makes the run fail. */
  failures: Failure[];
  /** Deviations matched by a known exception of the detected target: reported, not failing. */
  knownExceptions: Failure[];
  /** How to make the check pass next time, when the target's state is the likely cause. */
  hints?: string[];
}

/** What the suite learned about the target. */
export interface TargetInfo {
  /** Stateful checks were skipped as not applicable to a stateless target. */
  stateless: boolean;
  /** Why: `option` (stateless: true), `prism` (detected, and the check lacked ids/credentials) or `none`. */
  statelessBy: 'option' | 'prism' | 'none';
  /** Prism was recognised, and how (its `sl-violations` header or its problem+json error types). */
  prism: boolean;
  prismEvidence?: string;
  /**
   * Stateful checks that ran although Prism was detected, because the caller supplied what they
   * need and did not say `stateless`: detection is a guess and must not hide real failures.
   */
  statefulRunDespiteDetection?: CheckName[];
}

/** The result of a whole run. */
export interface ConformanceReport {
  baseUrl: string;
  startedAt: string;
  durationMs: number;
  seed: number;
  numRuns: number;
  target: TargetInfo;
  ok: boolean;
  checks: CheckResult[];
  summary: {
    passed: number;
    failed: number;
    notApplicable: number;
    notApplicableChecks: CheckName[];
    /** Known exception name -> how many deviations it explained (they add up to `knownTotal`). */
    knownExceptions: Record<string, number>;
    /** Deviations explained by known exceptions, over all checks. */
    knownTotal: number;
    exchanges: number;
  };
}
