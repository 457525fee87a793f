// What a conformance check is: a declaration (name, stateful or not, what it needs, what it
// expects) plus the code that sends requests (request checks) or judges every exchange (response
// checks). Every list of check names, the report's order and the README's check table are derived
// from these declarations (checks/index.ts).
import type { RequestSpec, RunContext } from './context.js';
import type { Difference, Exchange } from './types.js';

/** Something a check cannot run without; each has one reason the report gives when it is missing. */
export type Need =
  /** A bearer token (or an API key for the business delete) for at least one delete. */
  | 'credentials'
  /** Individual customer ids the suite may delete, and credentials for that endpoint. */
  | 'individualIds'
  /** Business customer ids the suite may delete, and credentials for that endpoint. */
  | 'businessIds'
  /** Ids of another account's customers, and credentials. */
  | 'foreignIds'
  /** An API key and its secret (the token exchange itself is under test). */
  | 'apiKeyAndSecret'
  /** The opt-in to spend the credential's quota. */
  | 'provokeRateLimit';

/** What a response must be: one of `status`, and (for those statuses) the error `code`. */
export interface Expectation {
  status: readonly number[];
  /** The body's `code`: one for every allowed status, or per status (a status not listed: any code). */
  code?: string | Readonly<Partial<Record<number, string>>>;
}

/** `status` differs from the allowed ones (or there is no response at all). */
export function statusDifference(exchange: Exchange, allowed: readonly number[]): Difference[] {
  if (!exchange.response)
    return [{ at: 'response', expected: 'an HTTP response', actual: exchange.error ?? 'none' }];
  if (allowed.includes(exchange.response.status)) return [];
  return [{ at: 'status', expected: allowed.join(' or '), actual: String(exchange.response.status) }];
}

/** The error body's `code` differs from `code`. */
export function codeDifference(exchange: Exchange, code: string): Difference[] {
  const actual = (exchange.response?.json as { code?: unknown } | undefined)?.code;
  if (actual === code) return [];
  return [
    { at: 'body/code', expected: code, actual: actual === undefined ? '(absent)' : JSON.stringify(actual) },
  ];
}

/** The one expectation helper: a status difference, else (when the status is right) a code difference. */
export function expectResponse(exchange: Exchange, expectation: Expectation): Difference[] {
  const status = statusDifference(exchange, expectation.status);
  if (status.length > 0 || expectation.code === undefined) return status;
  const code =
    typeof expectation.code === 'string'
      ? expectation.code
      : expectation.code[exchange.response?.status ?? 0];
  return code === undefined ? [] : codeDifference(exchange, code);
}

/** What a request check's `run` may do: send (tagged with the check), record failures, leave a hint. */
export interface CheckIo {
  send(request: Omit<RequestSpec, 'sentBy'>): Promise<Exchange>;
  /** Records a failure (no-op when `differences` is empty). */
  fail(exchange: Exchange | undefined, label: string, differences: Difference[]): void;
  /**
   * Judges `exchange` against `expectation` and records any failure: a status difference alone,
   * else the code difference plus `extra` (differences that only mean something on the right status).
   */
  expect(exchange: Exchange, expectation: Expectation, extra?: Difference[]): Difference[];
  /** A sentence for the report on how to make the check pass next time (e.g. reset the target). */
  hint(text: string): void;
}

interface CheckBase<N extends string> {
  name: N;
  /** Changes or needs server state: never run against a stateless target. */
  stateful: boolean;
  /** What the check cannot run without (then it is reported not applicable, with the reason). */
  needs: readonly Need[];
  /** What it proves, in one sentence (the README's check table). */
  proves: string;
  /** What it uses when given, without needing it (the README's check table). */
  uses?: string;
}

/** A check that sends its own requests. */
export interface RequestCheck<N extends string = string, K extends string = string> extends CheckBase<N> {
  kind: 'request';
  /** `last`: after every other check (it spends the quota). Otherwise stateful checks run first. */
  runs?: 'last';
  /** Its expectations by case, declared here and used by `run` through `io.expect`. */
  expectations: Readonly<Record<K, Expectation>>;
  run(ctx: RunContext, io: CheckIo): Promise<void>;
}

/** A check applied to every exchange the run recorded. */
export interface ResponseCheck<N extends string = string> extends CheckBase<N> {
  kind: 'response';
  /** Also examines exchanges that got no response (a dropped connection is its failure). */
  examinesUnanswered?: boolean;
  evaluate(exchange: Exchange, ctx: RunContext): Difference[];
}

/** Any check. */
export type Check<N extends string = string> = RequestCheck<N> | ResponseCheck<N>;

/** Identity, for inference of the literal name. */
export function defineRequestCheck<const N extends string, K extends string>(
  check: Omit<RequestCheck<N, K>, 'kind'>,
): RequestCheck<N, K> {
  return { kind: 'request', ...check };
}

/** Identity, for inference of the literal name. */
export function defineResponseCheck<const N extends string>(
  check: Omit<ResponseCheck<N>, 'kind' | 'stateful' | 'needs'>,
): ResponseCheck<N> {
  return { kind: 'response', stateful: false, needs: [], ...check };
}

/** The reason a need is unmet with these options, else undefined. */
export function unmetNeed(ctx: RunContext, need: Need): string | undefined {
  const auth = (op: 'deleteCustomer' | 'deleteBusinessCustomer') => ctx.authHeaders(op) !== undefined;
  const anyAuth = auth('deleteCustomer') || auth('deleteBusinessCustomer');
  switch (need) {
    case 'credentials':
      return anyAuth ? undefined : NEEDS_CREDENTIALS;
    case 'individualIds':
      if ((ctx.options.individualIds ?? []).length === 0)
        return 'needs individual customer ids it may delete: pass --individual-id cst_...';
      return auth('deleteCustomer') ? undefined : NEEDS_CREDENTIALS;
    case 'businessIds':
      if ((ctx.options.businessIds ?? []).length === 0)
        return 'needs business customer ids it may delete: pass --business-id cus_...';
      return auth('deleteBusinessCustomer') ? undefined : NEEDS_CREDENTIALS;
    case 'foreignIds':
      if ((ctx.options.foreignIds ?? []).length === 0)
        return "needs ids of another account's customers: pass --foreign-id";
      return anyAuth ? undefined : NEEDS_CREDENTIALS;
    case 'apiKeyAndSecret':
      return ctx.options.apiKey && ctx.options.apiSecret
        ? undefined
        : 'needs an API key and secret: pass --api-key and --api-secret';
    case 'provokeRateLimit':
      return ctx.options.provokeRateLimit
        ? undefined
        : "opt-in (it exhausts the credential's quota): pass --provoke-rate-limit";
  }
}

/** How a need reads in the README's check table. */
export const NEED_TEXT: Readonly<Record<Need, string>> = {
  credentials: 'credentials',
  individualIds: '`--individual-id`',
  businessIds: '`--business-id`',
  foreignIds: '`--foreign-id`',
  apiKeyAndSecret: '`--api-key --api-secret`',
  provokeRateLimit: 'opt-in `--provoke-rate-limit`',
};

/** Reason used when a check needs credentials the options do not give. */
export const NEEDS_CREDENTIALS = 'needs credentials: pass --token, or --api-key with --api-secret';
