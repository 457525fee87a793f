// The suite against the real Prism mock (started once through src/mock/prism.ts): every stateless
// check passes, stateful checks are reported not applicable by name, and Prism's deviations
// from the spec are exactly the pinned known exceptions (a Prism upgrade that changes them fails here).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type ConformanceReport,
  formatReport,
  PRISM_KNOWN_EXCEPTIONS,
  runConformance,
  STATEFUL_CHECKS,
  STATELESS_REASON,
} from '../../src/conformance/index.js';
import { type PrismServer, startPrism } from '../../src/mock/prism.js';

let prism: PrismServer;
let report: ConformanceReport;

beforeAll(async () => {
  prism = await startPrism({ port: 0 });
  // The README's command: npm run conformance -- --base-url <prism> --token x prints a clean report.
  report = await runConformance({ baseUrl: prism.url, token: 'x', seed: 2026, numRuns: 25 });
});

afterAll(async () => {
  await prism?.close();
});

/** Prism 5.14.2's deviations from openapi.yaml, per check (see known-exceptions.ts). */
const PINNED: Record<string, string[]> = {
  content_type_conformance: ['prism_405_problem_json_without_allow'],
  response_headers_conformance: [
    'prism_405_problem_json_without_allow',
    'prism_invalid_json_error_body',
    'prism_request_id_not_echoed',
  ],
  response_schema_conformance: ['prism_405_problem_json_without_allow', 'prism_invalid_json_error_body'],
  ignored_auth: ['prism_accepts_any_credential'],
  negative_data_rejection: ['prism_first_example_error_code', 'prism_invalid_json_error_body'],
  unsupported_method: ['prism_405_problem_json_without_allow'],
};

describe('conformance suite against the Prism mock', () => {
  test('recognises Prism by its sl-violations header and treats it as stateless', () => {
    expect(report.target).toMatchObject({ prism: true, stateless: true, statelessBy: 'prism' });
    expect(report.target.prismEvidence).toMatch(/sl-violations/);
  });

  test('every stateless check passes (deviations only as pinned known exceptions)', () => {
    const stateless = report.checks.filter((c) => !c.stateful);
    expect(stateless.map((c) => [c.name, c.status, c.failures])).toEqual(
      stateless.map((c) => [c.name, 'passed', []]),
    );
    expect(stateless.every((c) => c.examined > 0)).toBe(true);
    expect(report.ok).toBe(true);
  });

  test('stateful checks are reported not applicable to a stateless mock, by name and count', () => {
    const na = report.checks.filter((c) => c.status === 'not_applicable');
    expect(na.map((c) => [c.name, c.reason])).toEqual(
      STATEFUL_CHECKS.map((name) => [name, STATELESS_REASON]),
    );
    expect(report.summary.notApplicable).toBe(STATEFUL_CHECKS.length);
    expect(report.summary.notApplicableChecks).toEqual([...STATEFUL_CHECKS]);
  });

  test("Prism's deviations are exactly the pinned known exceptions", () => {
    const seen: Record<string, string[]> = {};
    for (const check of report.checks) {
      const names = [...new Set(check.knownExceptions.map((f) => f.knownException ?? '?'))].sort();
      if (names.length > 0) seen[check.name] = names;
    }
    expect(seen).toEqual(PINNED);
    expect(Object.keys(report.summary.knownExceptions).sort()).toEqual(
      PRISM_KNOWN_EXCEPTIONS.map((k) => k.name).sort(),
    );
  });

  test('the printed report reads well: no doubled method, singulars, known-exception counts that add up', () => {
    const text = formatReport(report);
    expect(text).not.toMatch(/\b(GET|PUT|PATCH|POST|DELETE) \1 /);
    expect(text).not.toMatch(/\b1 (requests|failures|checks|deviations|responses)\b/);
    const listed = Object.values(report.summary.knownExceptions).reduce((a, b) => a + b, 0);
    expect(report.checks.reduce((n, c) => n + c.knownExceptions.length, 0)).toBe(listed);
    expect(report.summary.knownTotal).toBe(listed);
    expect(text).toContain(`${listed} deviations in `);
    for (const [name, count] of Object.entries(report.summary.knownExceptions))
      expect(text).toContain(`  ${name} (${count}): `);
  });

  test('a Prism 405 lacks the Allow header the spec requires', () => {
    const unsupported = report.checks.find((c) => c.name === 'unsupported_method');
    const get = unsupported?.knownExceptions.find((f) => f.label === 'GET /customers/{customerId}');
    expect(get?.differences).toContainEqual({ at: 'header Allow', expected: 'DELETE', actual: '(absent)' });
  });

  test('an explicit stateless option is honoured and named as the reason', async () => {
    const again = await runConformance({
      baseUrl: prism.url,
      token: 'x',
      stateless: true,
      seed: 1,
      numRuns: 2,
    });
    expect(again.target.statelessBy).toBe('option');
    expect(again.ok).toBe(true);
  });

  test('given ids and a key and secret, stateful checks run against Prism and report its statelessness', async () => {
    const given = await runConformance({
      baseUrl: prism.url,
      apiKey: 'sk_sdbx_4eC39HqLyjWDarjtT1zdp7dc',
      apiSecret: 'ss_9Fh2LmQ7pX4sT8vW1yZ3bC6dN0kR5jH2',
      individualIds: ['cst_01H9Xa8F5dN6mP3q'],
      businessIds: ['cus_abc123xyz789'],
      foreignIds: ['cst_other1'],
      seed: 1,
      numRuns: 2,
    });
    expect(given.target).toMatchObject({ prism: true, statefulRunDespiteDetection: expect.any(Array) });
    const status = new Map(given.checks.map((c) => [c.name, c.status]));
    // A stateless mock answers the second delete with the 200 example again: the spec says 404.
    expect(status.get('business_use_after_free')).toBe('failed');
    expect(status.get('cross_account_isolation')).toBe('failed');
    expect(given.ok).toBe(false);
  });
});
