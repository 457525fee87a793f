// Issue 5, section 2: the whole conformance suite passes against the sandbox (stateful checks included,
// self-check never tripped).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type CheckName, type ConformanceReport, runConformance } from '../../src/conformance/index.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { fullKey, sandbox } from './helpers.js';

const SEED = 20_260_321;
// Small enough for the opt-in rate_limit_enforced check to exhaust, large enough for every other check.
const LIMIT = { limit: 400, windowSeconds: 60 };

interface Targets {
  individualIds: string[];
  businessIds: string[];
}

function freshTargets(sb: Sandbox): Targets {
  const own = sb.store.customerIds('acc_01HAcmePay0001');
  return { individualIds: own.individuals.slice(0, 2), businessIds: own.businesses.slice(0, 2) };
}

async function conform(sb: Sandbox, numRuns: number, targets = freshTargets(sb)): Promise<ConformanceReport> {
  // rate_limit_enforced empties the key's bucket; start every run with full buckets.
  sb.resetRateLimits();
  const foreign = sb.store.customerIds('acc_01HBetaBank002');
  return runConformance({
    baseUrl: sb.url,
    apiKey: fullKey.apiKey,
    apiSecret: fullKey.apiSecret,
    ...targets,
    foreignIds: [foreign.individuals[0] as string, foreign.businesses[0] as string],
    provokeRateLimit: true,
    seed: SEED,
    numRuns,
  });
}

const failed = (report: ConformanceReport) =>
  report.checks.filter((c) => c.status === 'failed').map((c) => c.name);
const statusOf = (report: ConformanceReport, name: CheckName) =>
  report.checks.find((c) => c.name === name)?.status;

describe('the conformance suite against the sandbox', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await sandbox({ rateLimit: LIMIT });
  });
  afterAll(() => sb.close());

  test('every check applies and passes, stateful ones included, and the self-check never fires', async () => {
    const report = await conform(sb, 40);
    expect(report.target.stateless).toBe(false);
    expect(report.checks.map((c) => [c.name, c.status, c.failures.length])).toEqual(
      report.checks.map((c) => [c.name, 'passed', 0]),
    );
    expect(report.summary.notApplicable).toBe(0);
    expect(report.ok).toBe(true);
    expect(sb.stats.selfCheckFailures).toBe(0);
    expect(sb.stats.crashes).toBe(0);
    expect(sb.stats.requests).toBe(report.summary.exchanges);
  });

  test('the same ids pass again after store.reset(), and fail the stateful checks without it', async () => {
    sb.store.reset();
    const targets = freshTargets(sb);
    const first = await conform(sb, 5, targets);
    expect(failed(first)).toEqual([]);
    const repeat = await conform(sb, 5, targets);
    expect(failed(repeat)).toContain('business_use_after_free');
    sb.store.reset();
    const afterReset = await conform(sb, 5, targets);
    expect(failed(afterReset)).toEqual([]);
    expect(statusOf(afterReset, 'business_use_after_free')).toBe('passed');
    expect(sb.stats.selfCheckFailures).toBe(0);
  });
});
