// The run says what it is doing: a line per check, and a line for every 429 it waits out. Against
// a sandbox on its default quota (100 requests per 60 s) a whole run must wait; the sandbox and the
// suite share one fake clock, so the waits refill the sandbox's buckets without anyone sleeping.
import { describe, expect, test } from 'vitest';
import { formatReport, progressPrinter, runConformance } from '../../src/conformance/index.js';
import { demoCredentials, startSandbox } from '../../src/sandbox/index.js';

const [fullKey] = demoCredentials as [(typeof demoCredentials)[number]];

describe('progress', () => {
  test('a run against a default-quota sandbox prints a line per check and its 429 waits, and passes', async () => {
    let now = Date.parse('2026-03-20T12:00:00Z');
    const slept: number[] = [];
    const sandbox = await startSandbox({ port: 0, log: () => undefined, now: () => now });
    let printed = '';
    try {
      const own = sandbox.store.customerIds('acc_01HAcmePay0001');
      const report = await runConformance({
        baseUrl: sandbox.url,
        apiKey: fullKey.apiKey,
        apiSecret: fullKey.apiSecret,
        individualIds: own.individuals.slice(0, 1),
        businessIds: own.businesses.slice(0, 1),
        seed: 5,
        numRuns: 40,
        clock: {
          now: () => now,
          sleep: async (ms) => {
            slept.push(ms);
            now += ms;
          },
        },
        onProgress: progressPrinter({ write: (text) => (printed += text), live: false }),
      });
      expect(report.ok, formatReport(report)).toBe(true);
      expect(slept.length).toBeGreaterThan(0);
      const lines = printed.trimEnd().split('\n');
      // One line per check, numbered, and one per wait; no terminal control characters off a TTY.
      for (const check of report.checks)
        expect(printed).toMatch(new RegExp(`^\\[\\d+/16\\] ${check.name}: `, 'm'));
      expect(
        lines.filter((l) =>
          / got 429, waiting \d+(\.\d+)? s \(Retry-After: \d+\) until \d\d:\d\d:\d\d UTC, then retrying$/.test(
            l,
          ),
        ),
      ).toHaveLength(slept.length);
      expect(printed).not.toContain('\u001b');
    } finally {
      await sandbox.close();
    }
  });

  test('on a terminal one live line is redrawn, and each finished check leaves a plain line', () => {
    let out = '';
    const print = progressPrinter({ write: (text) => (out += text), live: true });
    print({ type: 'check', check: 'ignored_auth', index: 7, total: 16 });
    print({ type: 'request', check: 'ignored_auth', sent: 1 });
    print({ type: 'checked', check: 'ignored_auth', index: 7, total: 16, summary: '1 request sent' });
    expect(out).toContain('\r\u001b[2K[7/16] ignored_auth ...');
    expect(out.endsWith('\r\u001b[2K[7/16] ignored_auth: 1 request sent\n')).toBe(true);
  });
});
