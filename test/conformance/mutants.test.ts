// The suite against the sandbox (every check applicable and passing), then against one mutant per
// checkable rule of the spec (test/conformance/mutants.ts), each caught by the named checks its
// rule lists; and the head-to-head: Schemathesis against the sandbox, the Prism mock and every
// mutant, both tools' catches, requests and seconds written to CONFORMANCE.md.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type CheckName, type ConformanceReport, runConformance } from '../../src/conformance/index.js';
import { CHECKABLE_RULES, RULES } from '../../src/conformance/rules.js';
import { type PrismServer, startPrism } from '../../src/mock/prism.js';
import { demoCredentials, type Sandbox } from '../../src/sandbox/index.js';
import { missingTool } from '../support/missing-tool.js';
import { type Handler, sandboxInner, sandboxPool, serve, type Wrapper } from './harness.js';
import { MUTANTS, type Mutant, prismLike } from './mutants.js';
import {
  findSchemathesis,
  ROOT,
  runSchemathesis,
  SCHEMATHESIS_FALSE_POSITIVES,
  SCHEMATHESIS_VERSION,
  type StFailure,
} from './schemathesis.js';

const SEED = 20_260_321;
/**
 * The suite's sandboxes allow this many requests per credential and 60 s: a run's other checks fit,
 * and rate_limit_enforced, which spends whatever is left to provoke a 429, spends little.
 */
const LIMIT = 140;
/** Schemathesis's sandboxes: a quota it never meets (it does not provoke 429s, so it would only be throttled). */
const ST_LIMIT = 100_000;
/** Runs at once (each has its own sandbox): enough to overlap waiting, few enough for 2 cores. */
const LANES = 3;
const [fullKey] = demoCredentials as [(typeof demoCredentials)[number]];

let pool: Awaited<ReturnType<typeof sandboxPool>>;
let stPool: Awaited<ReturnType<typeof sandboxPool>>;
beforeAll(async () => {
  [pool, stPool] = await Promise.all([
    sandboxPool(LANES, { rateLimit: { limit: LIMIT, windowSeconds: 60 } }),
    sandboxPool(LANES, { rateLimit: { limit: ST_LIMIT, windowSeconds: 60 } }),
  ]);
});
afterAll(() => Promise.all([pool?.close(), stPool?.close()]));

function targets(sb: Sandbox) {
  const own = sb.store.customerIds('acc_01HAcmePay0001');
  const foreign = sb.store.customerIds('acc_01HBetaBank002');
  return {
    individualIds: own.individuals.slice(0, 2),
    businessIds: own.businesses.slice(0, 2),
    foreignIds: [foreign.individuals[0] as string, foreign.businesses[0] as string],
  };
}

interface SuiteRun {
  report: ConformanceReport;
  requests: number;
  seconds: number;
  /** Requests sent up to and including the first one that failed a check, and the seconds to it. */
  first?: { requests: number; seconds: number };
}

/** The suite against `wrapper(sandbox)`, served over HTTP by the bridge. */
async function suiteAgainst(
  sb: Sandbox,
  wrapper: Wrapper,
  numRuns = 5,
  ids = targets(sb),
): Promise<SuiteRun> {
  const bridge = await serve(wrapper(sandboxInner(sb)), sb.url);
  const startedAt = Date.now();
  try {
    const report = await runConformance({
      baseUrl: bridge.url,
      apiKey: fullKey.apiKey,
      apiSecret: fullKey.apiSecret,
      ...ids,
      provokeRateLimit: true,
      seed: SEED,
      numRuns,
    });
    const failedIds = report.checks.flatMap((c) =>
      c.failures.map((f) => f.exchangeId ?? Number.POSITIVE_INFINITY),
    );
    const firstId = Math.min(...failedIds);
    const arrival = bridge.arrivals[firstId - 1];
    return {
      report,
      requests: bridge.requests,
      seconds: (Date.now() - startedAt) / 1000,
      ...(arrival !== undefined && { first: { requests: firstId, seconds: (arrival - startedAt) / 1000 } }),
    };
  } finally {
    await bridge.close();
  }
}

const identity: Wrapper = (inner: Handler) => inner;
const failed = (report: ConformanceReport) =>
  report.checks.filter((c) => c.status === 'failed').map((c) => c.name);

describe('the conformance suite against the sandbox', () => {
  test('every check applies and passes, stateful ones included, and the self-check never fires', async () => {
    // Its own quota: 40 generated ids per endpoint need more than the mutant runs' LIMIT.
    const own = await sandboxPool(1, { rateLimit: { limit: 400, windowSeconds: 60 } });
    await own.use(async (sb) => {
      const before = sb.stats.requests;
      const report = await runConformance({
        baseUrl: sb.url,
        apiKey: fullKey.apiKey,
        apiSecret: fullKey.apiSecret,
        ...targets(sb),
        provokeRateLimit: true,
        seed: SEED,
        numRuns: 40,
      });
      expect(report.target.stateless).toBe(false);
      expect(report.checks.map((c) => [c.name, c.status, c.failures.length])).toEqual(
        report.checks.map((c) => [c.name, 'passed', 0]),
      );
      expect(report.summary.notApplicable).toBe(0);
      expect(sb.stats.selfCheckFailures).toBe(0);
      expect(sb.stats.crashes).toBe(0);
      expect(sb.stats.requests - before).toBe(report.summary.exchanges);
    });
    await own.close();
  }, 120_000);

  test('the same ids pass through the bridge, fail business_use_after_free on a rerun with a reset hint, and pass after store.reset()', async () => {
    await pool.use(async (sb) => {
      const ids = targets(sb);
      const first = await suiteAgainst(sb, identity, 3, ids);
      expect(failed(first.report)).toEqual([]);
      sb.resetRateLimits();
      const rerun = await suiteAgainst(sb, identity, 3, ids);
      expect(failed(rerun.report)).toEqual(['business_use_after_free']);
      const hints = rerun.report.checks.find((c) => c.name === 'business_use_after_free')?.hints ?? [];
      expect(hints.join('\n')).toMatch(
        /already deleted.*restart the sandbox.*store\.reset\(\).*--business-id/s,
      );
      expect(hints.join('\n')).toContain(ids.businessIds[0]);
      sb.store.reset();
      sb.resetRateLimits();
      expect(failed((await suiteAgainst(sb, identity, 3, ids)).report)).toEqual([]);
      expect(sb.stats.selfCheckFailures).toBe(0);
    });
  }, 120_000);

  test('without the opt-in, rate_limit_enforced is not applicable and no 429 is provoked', async () => {
    await pool.use(async (sb) => {
      const report = await runConformance({
        baseUrl: sb.url,
        token: 'not-needed-here',
        stateless: false,
        seed: 1,
        numRuns: 1,
      });
      const check = report.checks.find((c) => c.name === 'rate_limit_enforced');
      expect(check?.status).toBe('not_applicable');
      expect(check?.reason).toMatch(/--provoke-rate-limit/);
      expect(report.checks.flatMap((c) => c.failures).filter((f) => f.label.endsWith('-> 429'))).toEqual([]);
    });
  });
});

describe('one mutant per checkable rule', () => {
  test('every checkable rule has a mutant, and each mutant is caught only by checks its rule lists', () => {
    const names = MUTANTS.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...new Set(MUTANTS.map((m) => m.rule))].sort()).toEqual(CHECKABLE_RULES.map((r) => r.id).sort());
    for (const mutant of MUTANTS) {
      const rule = RULES.find((r) => r.id === mutant.rule);
      expect(rule, mutant.name).toBeDefined();
      expect(mutant.caughtBy.length, mutant.name).toBeGreaterThan(0);
      for (const check of mutant.caughtBy) expect(rule?.checks, `${mutant.name}: ${check}`).toContain(check);
    }
  });
});

/** What each tool did against each mutant, for CONFORMANCE.md. */
interface ToolResult {
  caught: string[];
  requests: number;
  seconds: number;
  first?: { requests: number; seconds: number };
}
const suiteResults = new Map<string, ToolResult>();

describe('the suite catches every mutant', () => {
  test.concurrent.each(MUTANTS.map((m) => [m.name, m] as const))(
    '%s',
    async (_name, mutant: Mutant) => {
      await pool.use(async (sb) => {
        const run = await suiteAgainst(sb, mutant.make({ sandbox: sb }));
        const caught = failed(run.report);
        suiteResults.set(mutant.name, {
          caught,
          requests: run.requests,
          seconds: run.seconds,
          ...(run.first && { first: run.first }),
        });
        for (const check of mutant.caughtBy)
          expect(caught, `${mutant.name} must fail ${check}`).toContain(check);
      });
    },
    180_000,
  );
});

/** Mutants a Prism-like target used to skip (stateful) or excuse (known exceptions). */
const MASQUERADING: [string, CheckName][] = [
  ['crossAccountAccess', 'cross_account_isolation'],
  ['repeatBusinessDeleteSucceeds', 'business_use_after_free'],
  ['individualStaysActive', 'individual_soft_delete'],
  ['acceptAlgNone', 'ignored_auth'],
];

describe('a broken server behind a proxy that adds sl-violations (looks like Prism)', () => {
  test.concurrent.each(MASQUERADING)(
    'mutant %s still fails %s',
    async (name, check) => {
      const mutant = MUTANTS.find((m) => m.name === name) as Mutant;
      await pool.use(async (sb) => {
        const wrapped: Wrapper = (inner) => prismLike(mutant.make({ sandbox: sb })(inner));
        const { report } = await suiteAgainst(sb, wrapped);
        expect(report.target.prism).toBe(true);
        expect(report.checks.find((c) => c.name === check)?.status).toBe('failed');
        // No Prism exception excuses a body the real server wrote.
        expect(report.summary.knownExceptions).toEqual({});
        expect(report.target.statefulRunDespiteDetection).toContain('individual_soft_delete');
      });
    },
    180_000,
  );
});

describe('a 429 without Retry-After', () => {
  test('is reported as a missing header on that very 429', async () => {
    const mutant = MUTANTS.find((m) => m.name === 'omitRetryAfter') as Mutant;
    await pool.use(async (sb) => {
      const { report } = await suiteAgainst(sb, mutant.make({ sandbox: sb }), 1);
      const headers = report.checks.find((c) => c.name === 'response_headers_conformance');
      expect(headers?.failures.find((f) => f.label.endsWith('-> 429'))?.differences).toContainEqual({
        at: 'header Retry-After',
        expected: 'present (required)',
        actual: '(absent)',
      });
    });
  });
});

// ---- Schemathesis, head to head ----

const { st, reason: missing } = findSchemathesis();
// Without Schemathesis: one test says why (skipped outside CI, a failure in CI); the comparison is skipped.
if (!st)
  missingTool(
    `Schemathesis ${SCHEMATHESIS_VERSION} head to head`,
    missing ?? 'Schemathesis was not found',
    () => !findSchemathesis().st,
  );
const withSt = describe.runIf(Boolean(st));

/** A bearer token from the sandbox (or a bridge in front of it). */
async function tokenFrom(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/auth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ apiKey: fullKey.apiKey, apiSecret: fullKey.apiSecret }),
  });
  return ((await response.json()) as { accessToken: string }).accessToken;
}

const key = (f: StFailure) => `${f.check} ${f.operation}`;

/**
 * Schemathesis's phases against mutants. Its stateful phase is left out there (it runs against
 * the sandbox and Prism): the spec has no OpenAPI links, and the only link it infers (individual
 * delete -> business delete) is its false positive below, so the phase has nothing real to chain,
 * and it is the slowest; without it the head-to-head fits in npm test.
 */
const MUTANT_PHASES = 'examples,coverage,fuzzing';

const stResults = new Map<string, ToolResult>();
let stBaseline: string[] = [];
let stSandbox: { failures: string[]; seconds: number } | undefined;
let stPrism: { failures: string[]; seconds: number } | undefined;
let prismSuite: ConformanceReport | undefined;

withSt(`Schemathesis ${SCHEMATHESIS_VERSION} head to head${st ? '' : ` (skipped: ${missing})`}`, () => {
  test('against the sandbox: nothing beyond its written-down false positives', async () => {
    await stPool.use(async (sb) => {
      sb.resetRateLimits();
      const run = await runSchemathesis(st as string, sb.url, {
        headers: { Authorization: `Bearer ${await tokenFrom(sb.url)}` },
      });
      const failures = run.failures.map(key);
      stSandbox = { failures, seconds: run.seconds };
      expect(
        failures.filter((f) => !(f in SCHEMATHESIS_FALSE_POSITIVES)),
        run.tail,
      ).toEqual([]);
      expect(sb.stats.selfCheckFailures).toBe(0);
    });
  }, 120_000);

  test('through the bridge with no mutant: the same as against the sandbox (the baseline for mutants)', async () => {
    await stPool.use(async (sb) => {
      const bridge = await serve(sandboxInner(sb), sb.url);
      try {
        const run = await runSchemathesis(st as string, bridge.url, {
          headers: { Authorization: `Bearer ${await tokenFrom(bridge.url)}` },
          phases: MUTANT_PHASES,
        });
        stBaseline = run.failures.map(key);
        expect(
          stBaseline.filter((f) => !(f in SCHEMATHESIS_FALSE_POSITIVES)),
          run.tail,
        ).toEqual([]);
      } finally {
        await bridge.close();
      }
    });
  }, 120_000);

  test('against the Prism mock: which of its known deviations each tool reports', async () => {
    let prism: PrismServer | undefined;
    try {
      prism = await startPrism({ port: 0 });
      const [run, report] = await Promise.all([
        runSchemathesis(st as string, prism.url, { headers: { Authorization: 'Bearer x' } }),
        runConformance({ baseUrl: prism.url, token: 'x', seed: SEED, numRuns: 5 }),
      ]);
      stPrism = { failures: run.failures.map(key), seconds: run.seconds };
      prismSuite = report;
      // Both tools see Prism's missing Allow header on its 405s.
      expect(report.summary.knownExceptions.prism_405_problem_json_without_allow).toBeGreaterThan(0);
      expect(
        stPrism.failures.some((f) => f.startsWith('unsupported_method') || f.startsWith('allow_header')),
      ).toBe(true);
    } finally {
      await prism?.close();
    }
  }, 120_000);

  test.concurrent.each(MUTANTS.map((m) => [m.name, m] as const))(
    'against mutant %s',
    async (_name, mutant: Mutant) => {
      await stPool.use(async (sb) => {
        const bridge = await serve(mutant.make({ sandbox: sb })(sandboxInner(sb)), sb.url);
        try {
          const token = await tokenFrom(sb.url);
          const before = bridge.requests;
          const run = await runSchemathesis(st as string, bridge.url, {
            headers: { Authorization: `Bearer ${token}` },
          });
          const fresh = run.failures.filter(
            (f) => !stBaseline.includes(key(f)) && !(key(f) in SCHEMATHESIS_FALSE_POSITIVES),
          );
          const firstAt = Math.min(...fresh.map((f) => f.firstAt));
          const arrivals = bridge.arrivals.slice(before);
          stResults.set(mutant.name, {
            caught: fresh.map(key),
            requests: arrivals.length,
            seconds: run.seconds,
            ...(fresh.length > 0 && {
              first: {
                requests: arrivals.filter((t) => t <= firstAt).length,
                seconds: (firstAt - run.startedAt) / 1000,
              },
            }),
          });
          expect(run.exitCode, run.tail).not.toBeNull();
        } finally {
          await bridge.close();
        }
      });
    },
    300_000,
  );

  afterAll(() => {
    if (stResults.size !== MUTANTS.length || suiteResults.size !== MUTANTS.length) return;
    writeConformanceMd();
  });
});

function cells(result: ToolResult | undefined, names: (caught: string[]) => string[]): string[] {
  if (!result) return ['?', '?', '?'];
  const by = [...new Set(names(result.caught))];
  return [
    by.length > 0 ? by.map((c) => `\`${c}\``).join(', ') : '**no**',
    result.first ? `${result.first.requests} of ${result.requests}` : `- of ${result.requests}`,
    result.first
      ? `${result.first.seconds.toFixed(1)} of ${result.seconds.toFixed(1)}`
      : `- of ${result.seconds.toFixed(1)}`,
  ];
}

function writeConformanceMd(): void {
  const rows = MUTANTS.map((m) => {
    const ours = cells(suiteResults.get(m.name), (c) => c);
    const theirs = cells(stResults.get(m.name), (c) => c.map((f) => f.split(' ')[0] as string));
    return `| \`${m.name}\` | ${m.does} | ${ours.join(' | ')} | ${theirs.join(' | ')} |`;
  });
  const caught = (results: Map<string, ToolResult>) =>
    MUTANTS.filter((m) => (results.get(m.name)?.caught.length ?? 0) > 0);
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const total = (results: Map<string, ToolResult>) =>
    sum(MUTANTS.map((m) => results.get(m.name)?.requests ?? 0));
  const toFirst = (results: Map<string, ToolResult>, among: Mutant[]) =>
    sum(among.map((m) => results.get(m.name)?.first?.requests ?? 0));
  const oursCaught = caught(suiteResults);
  const theirsCaught = caught(stResults);
  const both = oursCaught.filter((m) => theirsCaught.includes(m));
  const onlyTheirs = theirsCaught.filter((m) => !oursCaught.includes(m)).map((m) => m.name);
  // Which Schemathesis failures against Prism correspond to each of this suite's Prism exceptions.
  const seenBySt: Record<string, (failure: string) => boolean> = {
    prism_405_problem_json_without_allow: (f) => /^(unsupported_method|allow_header_conformance) /.test(f),
    prism_accepts_any_credential: (f) => f.startsWith('ignored_auth '),
    prism_invalid_json_error_body: (f) =>
      /^response_(schema|headers)_conformance POST \/auth\/token$/.test(f),
    prism_request_id_not_echoed: () => false,
    prism_first_example_error_code: () => false,
  };
  const prismRows = Object.entries(prismSuite?.summary.knownExceptions ?? {}).map(([name, count]) => {
    const matched = (stPrism?.failures ?? []).filter((f) => seenBySt[name]?.(f));
    return `| \`${name}\` | ${count} | ${matched.length > 0 ? matched.map((f) => `\`${f}\``).join(', ') : '**not reported**'} |`;
  });
  const prismKnown = Object.entries(prismSuite?.summary.knownExceptions ?? {})
    .map(([name, count]) => `\`${name}\` (${count})`)
    .join(', ');
  const text = `# Conformance: this suite against Schemathesis

Written by \`test/conformance/mutants.test.ts\` (do not edit by hand; \`npx vitest run test/conformance/mutants.test.ts\` rewrites it).
Schemathesis ${SCHEMATHESIS_VERSION} runs \`st run generated/openapi.json --checks all --max-examples 5 --seed 1 --no-shrink\`
with a bearer token (against mutants \`--phases ${MUTANT_PHASES}\`: the spec has no links, and the stateful phase's one
inferred link is its false positive below): its default checks plus \`ignored_auth\`, \`unsupported_method\`, \`negative_data_rejection\`,
\`positive_data_acceptance\`, \`use_after_free\` and the rest. This suite runs as documented (key and secret, ids it may
delete, foreign ids, \`--provoke-rate-limit\`, \`--num-runs 5\`), on a sandbox allowing ${LIMIT} requests per 60 s (what
rate_limit_enforced spends to provoke a 429 is what is left of that); Schemathesis, which never provokes a 429, gets a quota
it never meets. Each mutant is the sandbox behind a wrapper that breaks one
rule (\`test/conformance/mutants.ts\`), served over HTTP by the same bridge for both tools; requests are counted at the bridge.
Seconds are wall time on the test machine, with up to ${LANES} runs at once, so they compare within a row, not across runs.

## Against the sandbox

- This suite: every check applies and passes (\`npm test\`).
- Schemathesis: ${stSandbox ? `${stSandbox.failures.length === 0 ? 'no failures' : stSandbox.failures.map((f) => `\`${f}\``).join(', ')} in ${stSandbox.seconds.toFixed(1)} s` : 'not run'}.
${Object.entries(SCHEMATHESIS_FALSE_POSITIVES)
  .map(([what, why]) => `  - \`${what}\`: a Schemathesis false positive: ${why}.`)
  .join('\n')}
- \`use_after_free\` cannot apply: the spec has no operation that reads a customer back and no OpenAPI links, so
  Schemathesis has nothing to call after a delete except the inferred link above (this suite's
  \`business_use_after_free\` and \`individual_delete_idempotent\` cover it).

## Against the Prism mock

- This suite: every stateless check passes; Prism's deviations are its pinned known exceptions: ${prismKnown || 'none'}.
- Schemathesis: ${stPrism ? stPrism.failures.map((f) => `\`${f}\``).join(', ') || 'no failures' : 'not run'}${stPrism ? ` (${stPrism.seconds.toFixed(1)} s)` : ''}.

| Prism deviation (this suite's known exception) | responses | what Schemathesis reports for it |
| --- | --- | --- |
${prismRows.join('\n')}

## Against every mutant

- This suite caught ${oursCaught.length} of ${MUTANTS.length} mutants (${total(suiteResults)} requests in all runs); Schemathesis caught ${theirsCaught.length} of ${MUTANTS.length} (${total(stResults)} requests)${onlyTheirs.length > 0 ? `; only Schemathesis: ${onlyTheirs.join(', ')}` : ''}.
- On the ${both.length} mutants both caught, requests up to the first one that exposed the mutant: this suite ${toFirst(suiteResults, both)}, Schemathesis ${toFirst(stResults, both)}.

A Schemathesis catch is a failed (check, operation) it does not also report against the unmutated sandbox
behind the same bridge. "first of all" columns: requests (and seconds) up to the first request that failed
a check, of the whole run; a run does not stop at its first catch.

| mutant | what it breaks | this suite: failed checks | requests, first of all | s, first of all | Schemathesis: failed checks | requests, first of all | s, first of all |
| --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}
`;
  writeFileSync(path.join(ROOT, 'CONFORMANCE.md'), text);
}

test('CONFORMANCE.md exists and names every mutant (written by the head-to-head above)', () => {
  const text = readFileSync(path.join(ROOT, 'CONFORMANCE.md'), 'utf8');
  for (const m of MUTANTS) expect(text).toContain(`\`${m.name}\``);
});
