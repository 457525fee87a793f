// The public shapes of the conformance suite: options, exchanges, failures, check results, report.

/** The named checks, exactly as issue 4 lists them, plus `cross_account_isolation` and `rate_limit_enforced`. */
export const CHECK_NAMES = [
  'status_code_conformance',
  'content_type_conformance',
  'response_headers_conformance',
  'response_schema_conformance',
  'not_a_server_error',
  'no_pii_in_responses',
  'ignored_auth',
  'negative_data_rejection',
  'unsupported_method',
  'wrong_customer_type',
  'individual_soft_delete',
  'individual_delete_idempotent',
  'business_use_after_free',
  'cross_account_isolation',
  'token_exchange',
  'rate_limit_enforced',
] as const;

/** One check's name. */
export type CheckName = (typeof CHECK_NAMES)[number];

/** Checks that change or need server state; never run against a stateless target. */
export const STATEFUL_CHECKS: readonly CheckName[] = [
  'individual_soft_delete',
  'individual_delete_idempotent',
  'business_use_after_free',
  'cross_account_isolation',
  'token_exchange',
  'rate_limit_enforced',
];

/** The reason stateful checks give against Prism or with `stateless: true`. */
export const STATELESS_REASON = 'not applicable to a stateless mock';

/** Options of `runConformance` (contract 3 of the team brief). */
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
  /** Injected fetch (tests); default globalThis.fetch. */
  fetch?: typeof fetch;
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
  sentBy: CheckName | 'setup';
  /** What the request tests, e.g. `no credentials`, `id "cst_%00"`. */
  label: string;
  /** The operation the request targets; undefined for an unsupported method. */
  operationId?: string;
  /** The request used a method the path does not document (API-wide 405 rule). */
  unsupportedMethod?: boolean;
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
  check: CheckName;
  label: string;
  /** The request as a curl line, secrets replaced by `$CONFORMANCE_*` variables. */
  curl: string;
  /** The first differences (at most 5; `moreDifferences` counts the rest). */
  differences: Difference[];
  moreDifferences: number;
  exchangeId?: number;
  /**
   * Set when this is a known, pinned deviation of Prism (see known-exceptions.ts); only for a
   * response Prism provably generated (see prism-origin.ts).
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
    /** Known exception name -> how many deviations it explained. */
    knownExceptions: Record<string, number>;
    exchanges: number;
  };
}
