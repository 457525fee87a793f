// The suite against a second correct implementation, written apart from the sandbox
// (reference-server.ts): every check applies and passes, so no check leans on a sandbox quirk.
import { expect, test } from 'vitest';
import { runConformance } from '../../src/conformance/index.js';
import { ACCOUNTS, startReferenceServer } from './reference-server.js';

test('every check, stateful ones included, applies and passes against the reference server', async () => {
  const server = await startReferenceServer(250);
  try {
    const report = await runConformance({
      baseUrl: server.url,
      apiKey: ACCOUNTS.a.apiKey,
      apiSecret: ACCOUNTS.a.apiSecret,
      individualIds: ['cst_a1'],
      businessIds: ['cus_a1'],
      foreignIds: ['cst_b1', 'cus_b1'],
      seed: 7,
      numRuns: 15,
      provokeRateLimit: true,
    });
    expect(report.checks.filter((c) => c.status !== 'passed').map((c) => `${c.name}: ${c.reason}`)).toEqual(
      [],
    );
    expect(report.target).toEqual({ stateless: false, statelessBy: 'none', prism: false });
    expect(report.summary.knownExceptions).toEqual({});
  } finally {
    await server.close();
  }
});
