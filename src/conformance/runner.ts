// runConformance: sends every check's requests, applies the response checks to every exchange,
// detects a stateless Prism target, sorts deviations into failures and known exceptions.
import { businessUseAfterFree } from './checks/business.js';
import type { RequestCheck } from './checks/common.js';
import { crossAccountIsolation } from './checks/cross-account.js';
import { ignoredAuth } from './checks/ignored-auth.js';
import { individualDeleteIdempotent, individualSoftDelete } from './checks/individual.js';
import { negativeDataRejection } from './checks/negative-data.js';
import { rateLimitEnforced } from './checks/rate-limit.js';
import { RESPONSE_CHECKS, runResponseChecks } from './checks/response.js';
import { tokenExchange } from './checks/token-exchange.js';
import { unsupportedMethod } from './checks/unsupported-method.js';
import { wrongCustomerType } from './checks/wrong-customer-type.js';
import { RunContext } from './context.js';
import { detectPrism } from './detect.js';
import { type KnownException, PRISM_KNOWN_EXCEPTIONS } from './known-exceptions.js';
import { prismGenerated } from './prism-origin.js';
import {
  CHECK_NAMES,
  type CheckName,
  type CheckResult,
  type ConformanceOptions,
  type ConformanceReport,
  STATEFUL_CHECKS,
  STATELESS_REASON,
  type TargetInfo,
} from './types.js';

/** Stateless request checks, in the order they run. */
const STATELESS_REQUEST_CHECKS: readonly RequestCheck[] = [
  ignoredAuth,
  negativeDataRejection,
  unsupportedMethod,
  wrongCustomerType,
];
/** Stateful request checks, run after the target is known not to be a stateless mock. */
const STATEFUL_REQUEST_CHECKS: readonly RequestCheck[] = [
  individualSoftDelete,
  individualDeleteIdempotent,
  businessUseAfterFree,
  crossAccountIsolation,
  tokenExchange,
  // Last: afterwards the credential is throttled.
  rateLimitEnforced,
];

/** Default generated malformed ids per delete endpoint. */
export const DEFAULT_NUM_RUNS = 40;

function validate(options: ConformanceOptions): void {
  let url: URL;
  try {
    url = new URL(options.baseUrl);
  } catch {
    throw new Error(
      `runConformance: baseUrl ${JSON.stringify(options.baseUrl)} is not a URL; pass e.g. http://127.0.0.1:4010`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error('runConformance: baseUrl must be http: or https:');
  if (options.apiSecret && !options.apiKey)
    throw new Error('runConformance: apiSecret needs apiKey (--api-key)');
  for (const id of options.individualIds ?? []) {
    if (!id.startsWith('cst_'))
      throw new Error(`runConformance: individual id ${id} must start with cst_ (--individual-id)`);
  }
  for (const id of options.businessIds ?? []) {
    if (!id.startsWith('cus_'))
      throw new Error(`runConformance: business id ${id} must start with cus_ (--business-id)`);
  }
}

/** Exchanges the key and secret for a token when no token was given, so deletes can authenticate. */
async function obtainToken(ctx: RunContext): Promise<void> {
  const { token, apiKey, apiSecret } = ctx.options;
  if (token || !apiKey || !apiSecret) return;
  const exchange = await ctx.send({
    sentBy: 'setup',
    label: 'obtain a token for the run',
    operationId: 'createAccessToken',
    method: 'POST',
    path: '/auth/token',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ apiKey, apiSecret }),
  });
  const minted = (exchange.response?.json as { accessToken?: unknown } | undefined)?.accessToken;
  if (exchange.response?.status === 200 && typeof minted === 'string') ctx.bearer = minted;
}

function classify(
  ctx: RunContext,
  name: CheckName,
  exceptions: readonly KnownException[],
): Pick<CheckResult, 'failures' | 'knownExceptions'> {
  const failures = [];
  const knownExceptions = [];
  for (const failure of ctx.failures.get(name) ?? []) {
    const exchange = ctx.exchanges.find((e) => e.id === failure.exchangeId);
    // A Prism exception excuses only a response Prism provably generated, never a real server's
    // answer that merely passed through something Prism-like (prism proxy, a header-adding proxy).
    const known =
      exchange &&
      prismGenerated(exchange) !== undefined &&
      exceptions.find((k) => k.checks.includes(name) && k.explains(failure, exchange));
    if (known) knownExceptions.push({ ...failure, knownException: known.name });
    else failures.push(failure);
  }
  return { failures, knownExceptions };
}

/**
 * Runs every named check against `options.baseUrl` and returns the report (contract 3 of the
 * team brief). Never throws for a non-conforming server: that is what the report is for. Throws
 * only for unusable options.
 */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  validate(options);
  const started = Date.now();
  const seed = options.seed ?? (Math.random() * 2 ** 31) | 0;
  const ctx = new RunContext(options, seed, options.numRuns ?? DEFAULT_NUM_RUNS);
  const reasons = new Map<CheckName, string>();

  await obtainToken(ctx);
  for (const check of STATELESS_REQUEST_CHECKS) {
    const why = check.notApplicable(ctx);
    if (why) reasons.set(check.name, why);
    else await check.run(ctx);
  }
  const prismEvidence = detectPrism(ctx.exchanges);
  // A stateful check the caller gave everything it needs (ids, key and secret) runs unless they
  // said --stateless: detection only guesses, and a wrong guess would hide real failures.
  const ranDespiteDetection: CheckName[] = [];
  for (const check of STATEFUL_REQUEST_CHECKS) {
    const missing = check.notApplicable(ctx);
    const why = options.stateless ? STATELESS_REASON : prismEvidence && missing ? STATELESS_REASON : missing;
    if (why) {
      reasons.set(check.name, why);
      continue;
    }
    if (prismEvidence) ranDespiteDetection.push(check.name);
    await check.run(ctx);
  }
  const skippedAsStateless = [...reasons.values()].includes(STATELESS_REASON);
  const target: TargetInfo = {
    stateless: skippedAsStateless,
    statelessBy: options.stateless ? 'option' : prismEvidence && skippedAsStateless ? 'prism' : 'none',
    prism: prismEvidence !== undefined,
    ...(prismEvidence && { prismEvidence }),
    ...(ranDespiteDetection.length > 0 && { statefulRunDespiteDetection: ranDespiteDetection }),
  };
  for (const [name, why] of runResponseChecks(ctx)) reasons.set(name, why);

  const exceptions = target.prism ? PRISM_KNOWN_EXCEPTIONS : [];
  const checks: CheckResult[] = CHECK_NAMES.map((name) => {
    const stateful = STATEFUL_CHECKS.includes(name);
    const why = reasons.get(name);
    const examined = ctx.sent.get(name) ?? 0;
    if (why)
      return {
        name,
        status: 'not_applicable',
        reason: why,
        stateful,
        examined,
        failures: [],
        knownExceptions: [],
      };
    const { failures, knownExceptions } = classify(ctx, name, exceptions);
    // not_a_server_error also examines requests that got no response at all.
    const noun =
      name === 'not_a_server_error'
        ? 'requests examined'
        : RESPONSE_CHECKS.includes(name)
          ? 'responses examined'
          : 'requests sent';
    const known = [...new Set(knownExceptions.map((f) => f.knownException))];
    const despite = target.statefulRunDespiteDetection?.includes(name)
      ? ` (ran although the target looks like Prism: ${target.prismEvidence}; the needed ids/credentials were given)`
      : '';
    const reason =
      (failures.length > 0
        ? `${failures.length} of ${examined} ${noun} failed`
        : `${examined} ${noun}${known.length > 0 ? `; ${knownExceptions.length} known deviations (${known.join(', ')})` : ''}`) +
      despite;
    return {
      name,
      status: failures.length > 0 ? 'failed' : 'passed',
      reason,
      stateful,
      examined,
      failures,
      knownExceptions,
    };
  });

  const knownCounts: Record<string, number> = {};
  for (const check of checks) {
    for (const f of check.knownExceptions)
      knownCounts[f.knownException ?? ''] = (knownCounts[f.knownException ?? ''] ?? 0) + 1;
  }
  const notApplicableChecks = checks.filter((c) => c.status === 'not_applicable').map((c) => c.name);
  const failed = checks.filter((c) => c.status === 'failed').length;
  return {
    baseUrl: options.baseUrl,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    seed,
    numRuns: ctx.numRuns,
    target,
    ok: failed === 0,
    checks,
    summary: {
      passed: checks.filter((c) => c.status === 'passed').length,
      failed,
      notApplicable: notApplicableChecks.length,
      notApplicableChecks,
      knownExceptions: knownCounts,
      exchanges: ctx.exchanges.length,
    },
  };
}
