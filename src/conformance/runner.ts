// runConformance: sends every request check's requests, applies the response checks to every
// exchange, detects a stateless Prism target, sorts deviations into failures and known exceptions.
import * as project from '../spec/index.js';
import { loadSpec, type SpecIndex } from '../spec/index.js';
import { type Check, type RequestCheck, type ResponseCheck, unmetNeed } from './check.js';
import { tokenRequest } from './checks/deletes.js';
import { CHECKS, type CheckName, STATELESS_REASON } from './checks/index.js';
import { RunContext } from './context.js';
import { type KnownException, PRISM_KNOWN_EXCEPTIONS } from './known-exceptions.js';
import { plural } from './plural.js';
import { detectPrism, prismGenerated } from './prism.js';
import type { CheckResult, ConformanceOptions, ConformanceReport, Failure, TargetInfo } from './types.js';

/** Default generated malformed ids per delete endpoint. */
export const DEFAULT_NUM_RUNS = 40;

/** Why a response check has nothing to examine when no exchange got an HTTP response. */
const NO_RESPONSE_REASON = 'no response received';

/** The project's own spec, already loaded by src/spec. */
const PROJECT_SPEC: SpecIndex = {
  spec: project.spec,
  operations: project.operations,
  operation: project.operation,
  validateSchema: project.validateSchema,
  compileSchema: project.compileSchema,
  resolveRef: project.resolveRef,
};
const specCache = new WeakMap<Record<string, unknown>, SpecIndex>([[project.spec, PROJECT_SPEC]]);

/** The spec model for a document (the project's own by default), built once per document. */
function specIndex(document: Record<string, unknown> | undefined): SpecIndex {
  if (document === undefined) return PROJECT_SPEC;
  let found = specCache.get(document);
  if (!found) {
    found = loadSpec(document);
    specCache.set(document, found);
  }
  return found;
}

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
    ...tokenRequest(ctx.spec, JSON.stringify({ apiKey, apiSecret })),
  });
  const minted = (exchange.response?.json as { accessToken?: unknown } | undefined)?.accessToken;
  if (exchange.response?.status === 200 && typeof minted === 'string') ctx.bearer = minted;
}

function classify(
  ctx: RunContext,
  name: CheckName,
  exceptions: readonly KnownException[],
): Pick<CheckResult, 'failures' | 'knownExceptions'> {
  const failures: Failure[] = [];
  const knownExceptions: Failure[] = [];
  for (const failure of ctx.failures.get(name) ?? []) {
    const exchange = ctx.exchanges.find((e) => e.id === failure.exchangeId);
    // A Prism exception excuses only a response Prism provably generated, never a real server's
    // answer that merely passed through something Prism-like (prism proxy, a header-adding proxy).
    const known =
      exchange &&
      prismGenerated(ctx.spec, exchange) !== undefined &&
      exceptions.find((k) => k.checks.includes(name) && k.explains(failure, exchange));
    if (known) knownExceptions.push({ ...failure, knownException: known.name });
    else failures.push(failure);
  }
  return { failures, knownExceptions };
}

/** Judges every recorded exchange with one response check; the reason when it had nothing to judge. */
function runResponseCheck(ctx: RunContext, check: ResponseCheck): string | undefined {
  const answered = ctx.exchanges.filter((exchange) => exchange.response !== undefined);
  const examined = check.examinesUnanswered ? ctx.exchanges : answered;
  for (const exchange of examined) {
    const status = exchange.response ? String(exchange.response.status) : 'no response';
    const label = exchange.label.startsWith(`${exchange.request.method} `)
      ? exchange.label
      : `${exchange.request.method} ${exchange.label}`;
    ctx.fail(check.name, exchange, `${label} -> ${status}`, check.evaluate(exchange, ctx));
  }
  ctx.sent.set(check.name, examined.length);
  return !check.examinesUnanswered && answered.length === 0 ? NO_RESPONSE_REASON : undefined;
}

/**
 * The order request checks run in: the stateful ones first (a few requests each, so a broken state
 * shows early), then the stateless ones in report order, then `last` (it spends the quota).
 */
function runOrder(): RequestCheck[] {
  const requests = CHECKS.filter((c): c is (typeof CHECKS)[number] & RequestCheck => c.kind === 'request');
  const rank = (c: RequestCheck) => (c.runs === 'last' ? 2 : c.stateful ? 0 : 1);
  return [...requests].sort((a, b) => rank(a) - rank(b));
}

function reasonFor(
  check: Check,
  examined: number,
  result: Pick<CheckResult, 'failures' | 'knownExceptions'>,
) {
  const noun =
    check.kind === 'request'
      ? 'request sent'
      : check.name === 'not_a_server_error'
        ? 'request examined'
        : 'response examined';
  const [thing, verb] = noun.split(' ') as [string, string];
  if (result.failures.length > 0)
    return `${result.failures.length} of ${plural(examined, thing)} ${verb} failed`;
  const names = [...new Set(result.knownExceptions.map((f) => f.knownException))];
  const known =
    names.length > 0
      ? `; ${plural(result.knownExceptions.length, 'known deviation')} (${names.join(', ')})`
      : '';
  return `${plural(examined, thing)} ${verb}${known}`;
}

/**
 * Runs every named check against `options.baseUrl` and returns the report. Never throws for a
 * non-conforming server: that is what the report is for. Throws only for unusable options.
 */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  validate(options);
  const spec = specIndex(options.spec);
  const seed = options.seed ?? (Math.random() * 2 ** 31) | 0;
  const ctx = new RunContext(options, spec, seed, options.numRuns ?? DEFAULT_NUM_RUNS);
  const started = ctx.clock.now();
  const reasons = new Map<CheckName, string>();
  const total = CHECKS.length;
  let index = 0;

  await obtainToken(ctx);
  // A stateful check the caller gave everything it needs (ids, key and secret) runs unless they
  // said --stateless: detection only guesses, and a wrong guess would hide real failures. One
  // that lacks something is reported as not applicable to a stateless mock when the run's
  // answers turn out to be Prism's, else by what it lacks (decided once every request is sent).
  const lacking = new Map<CheckName, string>();
  const ranStateful: CheckName[] = [];
  for (const check of runOrder()) {
    const name = check.name as CheckName;
    const missing = check.needs.map((need) => unmetNeed(ctx, need)).find((why) => why !== undefined);
    const why = check.stateful && options.stateless ? STATELESS_REASON : missing;
    index += 1;
    ctx.progress({ type: 'check', check: name, index, total });
    if (why) {
      if (check.stateful && why !== STATELESS_REASON) lacking.set(name, why);
      else reasons.set(name, why);
      ctx.progress({ type: 'checked', check: name, index, total, summary: `not applicable (${why})` });
      continue;
    }
    if (check.stateful) ranStateful.push(name);
    await check.run(ctx, ctx.io(name));
    const sent = plural(ctx.sent.get(name) ?? 0, 'request');
    ctx.progress({ type: 'checked', check: name, index, total, summary: `${sent} sent` });
  }
  const prismEvidence = detectPrism(ctx.exchanges);
  for (const [name, why] of lacking) reasons.set(name, prismEvidence ? STATELESS_REASON : why);
  const ranDespiteDetection = prismEvidence ? ranStateful : [];
  for (const check of CHECKS) {
    if (check.kind !== 'response') continue;
    index += 1;
    ctx.progress({ type: 'check', check: check.name, index, total });
    const why = runResponseCheck(ctx, check);
    if (why) reasons.set(check.name, why);
    const failures = plural(ctx.failures.get(check.name)?.length ?? 0, 'deviation');
    const summary = why
      ? `not applicable (${why})`
      : `${plural(ctx.sent.get(check.name) ?? 0, 'response')} examined, ${failures}`;
    ctx.progress({ type: 'checked', check: check.name, index, total, summary });
  }
  const skippedAsStateless = [...reasons.values()].includes(STATELESS_REASON);
  const target: TargetInfo = {
    stateless: skippedAsStateless,
    statelessBy: options.stateless ? 'option' : prismEvidence && skippedAsStateless ? 'prism' : 'none',
    prism: prismEvidence !== undefined,
    ...(prismEvidence && { prismEvidence }),
    ...(ranDespiteDetection.length > 0 && { statefulRunDespiteDetection: ranDespiteDetection }),
  };

  const exceptions = target.prism ? PRISM_KNOWN_EXCEPTIONS : [];
  const checks: CheckResult[] = CHECKS.map((check): CheckResult => {
    const name = check.name as CheckName;
    const why = reasons.get(name);
    const examined = ctx.sent.get(name) ?? 0;
    const hints = ctx.hints.get(name);
    const base = { name, stateful: check.stateful, examined, ...(hints && { hints }) };
    if (why) return { ...base, status: 'not_applicable', reason: why, failures: [], knownExceptions: [] };
    const result = classify(ctx, name, exceptions);
    const despite = ranDespiteDetection.includes(name)
      ? ` (ran although the target looks like Prism: ${target.prismEvidence}; the needed ids/credentials were given)`
      : '';
    return {
      ...base,
      status: result.failures.length > 0 ? 'failed' : 'passed',
      reason: reasonFor(check, examined, result) + despite,
      ...result,
    };
  });
  for (const c of checks) ctx.progress({ type: 'result', check: c.name, status: c.status, reason: c.reason });

  const knownCounts: Record<string, number> = {};
  for (const check of checks) {
    for (const f of check.knownExceptions) {
      const key = f.knownException ?? '';
      knownCounts[key] = (knownCounts[key] ?? 0) + 1;
    }
  }
  const notApplicableChecks = checks.filter((c) => c.status === 'not_applicable').map((c) => c.name);
  const failed = checks.filter((c) => c.status === 'failed').length;
  return {
    baseUrl: options.baseUrl,
    startedAt: new Date(started).toISOString(),
    durationMs: Math.max(0, Math.round(ctx.clock.now() - started)),
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
      knownTotal: checks.reduce((n, c) => n + c.knownExceptions.length, 0),
      exchanges: ctx.exchanges.length,
    },
  };
}
