// The suite against a correct reference server (every check applicable and passing) and against
// each of the sandbox's ten mutants (issue 5): every mutant makes its named checks fail.
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, test } from 'vitest';
import { type CheckName, type ConformanceOptions, runConformance } from '../../src/conformance/index.js';
import { ACCOUNTS, type Mutation, startReferenceServer } from './reference-server.js';

/** Requests per credential: more than a run needs, so only rate_limit_enforced meets a 429. */
const QUOTA = 250;

function options(url: string): ConformanceOptions {
  return {
    baseUrl: url,
    apiKey: ACCOUNTS.a.apiKey,
    apiSecret: ACCOUNTS.a.apiSecret,
    individualIds: ['cst_a1'],
    businessIds: ['cus_a1'],
    foreignIds: ['cst_b1', 'cus_b1'],
    seed: 7,
    numRuns: 15,
    provokeRateLimit: true,
  };
}

async function run(mutations: Mutation[]) {
  const server = await startReferenceServer(mutations, QUOTA);
  try {
    return await runConformance(options(server.url));
  } finally {
    await server.close();
  }
}

/**
 * A reverse proxy that adds Prism's `sl-violations` header to every answer, as `prism proxy` in
 * front of a real server would: the suite then detects "Prism" but the bodies are the server's.
 */
async function prismLikeProxy(upstream: string): Promise<{ url: string; close(): Promise<void> }> {
  const target = new URL(upstream);
  const proxy = createServer((req, res) => {
    const forward = request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'sl-violations': '[]' });
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.writeHead(502).end());
    req.pipe(forward);
  });
  await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((done) => {
        proxy.closeAllConnections();
        proxy.close(() => done());
      }),
  };
}

describe('conformance suite against a correct implementation', () => {
  test('every check, stateful ones included, applies and passes', async () => {
    const report = await run([]);
    const failed = report.checks.filter((c) => c.status !== 'passed').map((c) => `${c.name}: ${c.reason}`);
    expect(failed).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.target).toEqual({ stateless: false, statelessBy: 'none', prism: false });
    expect(report.summary.knownExceptions).toEqual({});
  });
});

const MUTANTS: [Mutation, CheckName[]][] = [
  ['repeatBusinessDelete200', ['business_use_after_free']],
  ['individualStaysActive', ['individual_soft_delete', 'response_schema_conformance']],
  ['leakPii', ['no_pii_in_responses', 'response_schema_conformance']],
  ['acceptMissingCredentials', ['ignored_auth']],
  ['crossAccountDelete', ['cross_account_isolation']],
  ['malformedId500', ['not_a_server_error', 'negative_data_rejection']],
  ['noRequestId', ['response_headers_conformance']],
  ['wrongContentType', ['content_type_conformance']],
  ['wrongType404', ['wrong_customer_type']],
  ['rateLimitNoRetryAfter', ['response_headers_conformance', 'rate_limit_enforced']],
  ['acceptAnyCredential', ['ignored_auth']],
];

/** Mutants whose failures a Prism-like target used to skip (stateful) or excuse (known exceptions). */
const MASQUERADING: [Mutation, CheckName][] = [
  ['crossAccountDelete', 'cross_account_isolation'],
  ['repeatBusinessDelete200', 'business_use_after_free'],
  ['individualStaysActive', 'individual_soft_delete'],
  ['acceptAnyCredential', 'ignored_auth'],
];

describe('a broken server behind a proxy that adds sl-violations (looks like Prism)', () => {
  test.each(MASQUERADING)('mutant %s still fails %s', async (mutation, check) => {
    const server = await startReferenceServer([mutation], QUOTA);
    const proxy = await prismLikeProxy(server.url);
    try {
      const report = await runConformance({ ...options(proxy.url), provokeRateLimit: false });
      expect(report.target.prism).toBe(true);
      const result = report.checks.find((c) => c.name === check);
      expect(result?.status).toBe('failed');
      // No Prism exception excuses a body the real server wrote.
      expect(report.summary.knownExceptions).toEqual({});
      expect(report.target.statefulRunDespiteDetection).toContain('individual_soft_delete');
      expect(report.ok).toBe(false);
    } finally {
      await proxy.close();
      await server.close();
    }
  });
});

describe('conformance suite against the sandbox mutants', () => {
  test.each(MUTANTS)('mutant %s fails %j', async (mutation, checks) => {
    const report = await run([mutation]);
    const failed = report.checks.filter((c) => c.status === 'failed').map((c) => c.name);
    expect(failed).toEqual(expect.arrayContaining(checks));
    expect(report.ok).toBe(false);
  });

  test('without the opt-in, rate_limit_enforced is not applicable and no 429 is provoked', async () => {
    const server = await startReferenceServer([], QUOTA);
    try {
      const report = await runConformance({ ...options(server.url), provokeRateLimit: false });
      const check = report.checks.find((c) => c.name === 'rate_limit_enforced');
      expect(check?.status).toBe('not_applicable');
      expect(check?.reason).toMatch(/--provoke-rate-limit/);
      expect(report.ok).toBe(true);
    } finally {
      await server.close();
    }
  });

  test('a 429 without Retry-After is reported as a missing header on that 429', async () => {
    const report = await run(['rateLimitNoRetryAfter']);
    const headers = report.checks.find((c) => c.name === 'response_headers_conformance');
    const retryAfter = headers?.failures.find((f) => f.label.endsWith('-> 429'));
    expect(retryAfter?.differences).toContainEqual({
      at: 'header Retry-After',
      expected: 'present (required)',
      actual: '(absent)',
    });
  });
});
