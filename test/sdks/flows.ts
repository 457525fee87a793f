// What the seed flows must show through a generated client in any language. The Python script
// (python/flows.py) and the Go program (go/flows/main.go) run the same calls against a fresh
// sandbox and print the same JSON report; checkFlows holds both to the spec and the sandbox.
import { expect } from 'vitest';
import { demoCredentials } from '../../src/sandbox/index.js';
import { operation } from '../../src/spec/index.js';

/** The spec's sample customers, held by the first demo account. */
export const INDIVIDUAL_ID = 'cst_01H9Xa8F5dN6mP3q';
export const BUSINESS_ID = 'cus_abc123xyz789';

/** The environment both flow programs read. */
export function flowEnv(sandboxUrl: string): Record<string, string> {
  const credential = demoCredentials.find((c) => c.canDelete);
  if (!credential) throw new Error('src/sandbox has no demo credential that can delete');
  return {
    SANDBOX_URL: sandboxUrl,
    API_KEY: credential.apiKey,
    API_SECRET: credential.apiSecret,
    INDIVIDUAL_ID,
    BUSINESS_ID,
  };
}

interface Outcome {
  ok: boolean;
  type?: string;
  body?: Record<string, unknown>;
  status?: number;
  code?: string | null;
  message?: string | null;
  requestId?: string | null;
  headerRequestId?: string | null;
  retryAfter?: string | null;
  attempts: number | null;
  elapsedMs: number;
  error?: string;
}

export interface FlowReport {
  exchange: { ok: boolean; tokenType: string | null; expiresIn: number | null; hasToken: boolean };
  businessDelete: Outcome;
  businessRepeat: Outcome;
  individualFirst: Outcome;
  individualSecond: Outcome;
  individualSameBody: boolean;
  wrongType: Outcome;
  noCredentials: Outcome;
  retried503: Outcome;
  rateLimited: Outcome;
  rateLimitedRetried: Outcome;
}

/** The report a flow program printed on its last stdout line. */
export function parseReport(stdout: string, where: string): FlowReport {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line) as FlowReport;
  } catch {
    throw new Error(`${where} printed no JSON report:\n${stdout}`);
  }
}

/** An error as the caller sees it: the status, the body's code and requestId, the header's request id. */
function expectError(
  outcome: Outcome,
  status: number,
  code: string | undefined,
  attempts: number,
  where: string,
) {
  expect(outcome.ok, `${where}: ${JSON.stringify(outcome)}`).toBe(false);
  expect(outcome.status, where).toBe(status);
  if (code) expect(outcome.code, where).toBe(code);
  else expect(outcome.code, where).toMatch(/^[a-z][a-z0-9_]*$/);
  expect(outcome.message, where).toEqual(expect.any(String));
  expect(outcome.requestId, where).toMatch(/^req_/);
  // The body's requestId is the one in the X-Request-Id header of the same response.
  expect(outcome.headerRequestId, where).toBe(outcome.requestId);
  expect(outcome.attempts, `${where}: attempts`).toBe(attempts);
}

function expectBody(outcome: Outcome, operationId: string, where: string) {
  expect(outcome.ok, `${where}: ${JSON.stringify(outcome)}`).toBe(true);
  const validate = operation(operationId).responses.get(200)?.validateBody;
  expect(validate, `${operationId} documents a 200`).toBeDefined();
  // The typed value, written back in its wire shape, is still a valid response of the spec.
  expect(validate?.(outcome.body), `${where}: the decoded body against the spec`).toEqual([]);
  expect(outcome.attempts, `${where}: attempts`).toBe(1);
}

export function checkFlows(report: FlowReport, lang: string): void {
  const at = (name: string) => `${lang} ${name}`;
  expect(report.exchange, at('exchange')).toMatchObject({ ok: true, tokenType: 'bearer', hasToken: true });
  expect(report.exchange.expiresIn, at('exchange')).toBeGreaterThan(0);

  expectBody(report.businessDelete, 'deleteBusinessCustomer', at('business delete'));
  expect(report.businessDelete.body, at('business delete')).toMatchObject({
    success: true,
    customerId: BUSINESS_ID,
  });
  expectError(report.businessRepeat, 404, 'customer_not_found', 1, at('business delete again'));

  expectBody(report.individualFirst, 'deleteCustomer', at('individual delete'));
  expect(report.individualFirst.body, at('individual delete')).toMatchObject({
    id: INDIVIDUAL_ID,
    status: 'inactive',
  });
  expectBody(report.individualSecond, 'deleteCustomer', at('individual delete again'));
  expect(report.individualSecond.body, at('individual delete again')).toEqual(report.individualFirst.body);
  expect(report.individualSameBody, at('individual delete twice: equal typed values')).toBe(true);

  expectError(
    report.wrongType,
    400,
    'customer_type_mismatch',
    1,
    at('business id on the individual endpoint'),
  );
  expectError(report.noCredentials, 401, undefined, 1, at('no credentials'));

  // Prefer: code=503 on every attempt: the client retried (2 retries) and then surfaced the 503.
  expectError(report.retried503, 503, undefined, 3, at('Prefer: code=503'));
  // Prefer: code=429 without retries: the 429 and its Retry-After reach the caller.
  expectError(report.rateLimited, 429, 'rate_limited', 1, at('Prefer: code=429'));
  expect(report.rateLimited.retryAfter, at('Prefer: code=429 Retry-After')).toBe('1');
  // With one retry the client waits the Retry-After second before trying again.
  expectError(report.rateLimitedRetried, 429, 'rate_limited', 2, at('Prefer: code=429 retried'));
  expect(report.rateLimitedRetried.elapsedMs, at('waited Retry-After')).toBeGreaterThanOrEqual(1000);
}

/** checkFlows must reject a report that differs from the spec in any of the flows it checks. */
export function expectChecksCanFail(report: FlowReport, lang: string): void {
  const mutants: [string, (r: FlowReport) => void][] = [
    [
      'a repeated business delete that succeeds',
      (r) => Object.assign(r.businessRepeat, { ok: true, status: 200 }),
    ],
    [
      'a second individual delete with another body',
      (r) => Object.assign(r.individualSecond.body ?? {}, { status: 'active' }),
    ],
    [
      'a wrong-type delete with another code',
      (r) => Object.assign(r.wrongType, { code: 'customer_not_found' }),
    ],
    ['a 503 that was not retried', (r) => Object.assign(r.retried503, { attempts: 1 })],
    ['a 429 without Retry-After', (r) => Object.assign(r.rateLimited, { retryAfter: null })],
    ['an error without its requestId', (r) => Object.assign(r.noCredentials, { requestId: null })],
  ];
  for (const [name, mutate] of mutants) {
    const copy = structuredClone(report);
    mutate(copy);
    expect(() => checkFlows(copy, lang), name).toThrow();
  }
}
