// Renders a ConformanceReport for people: a summary table, then each failure with its curl line
// and first differences, the known exceptions, and the not-applicable checks by name and count.
import { PRISM_KNOWN_EXCEPTIONS } from './known-exceptions.js';
import { plural } from './plural.js';
import type { ConformanceReport, Failure } from './types.js';

/** How many failures per check are printed in full (the JSON report has all). */
const PRINTED_FAILURES = 10;

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function renderFailure(failure: Failure, indent: string): string[] {
  const lines = [`${indent}- ${failure.label}`, `${indent}  ${failure.curl}`];
  for (const d of failure.differences)
    lines.push(`${indent}    ${d.at}: expected ${d.expected}, got ${d.actual}`);
  if (failure.moreDifferences > 0)
    lines.push(`${indent}    ... and ${plural(failure.moreDifferences, 'more difference')}`);
  return lines;
}

/** The human-readable report printed by `npm run conformance`. */
export function formatReport(report: ConformanceReport): string {
  const { target, summary } = report;
  const lines: string[] = [
    `Conformance of ${report.baseUrl} (seed ${report.seed}, ${report.numRuns} generated ids per endpoint; replay with --seed ${report.seed})`,
    `Target: ${target.prism ? `Prism mock (${target.prismEvidence})` : 'not recognised as a mock'}; ${
      target.stateless
        ? `stateless (${target.statelessBy === 'option' ? '--stateless' : 'detected Prism'})`
        : 'stateful'
    }${
      target.statefulRunDespiteDetection
        ? `; ran anyway (ids/credentials given, no --stateless): ${target.statefulRunDespiteDetection.join(', ')}`
        : ''
    }`,
    '',
  ];
  const widths = [30, 15, 9, 9, 6];
  lines.push(
    [
      pad('check', widths[0] ?? 0),
      pad('status', widths[1] ?? 0),
      pad('examined', widths[2] ?? 0),
      pad('failures', widths[3] ?? 0),
      pad('known', widths[4] ?? 0),
      'reason',
    ].join(' '),
  );
  lines.push('-'.repeat(110));
  for (const c of report.checks) {
    lines.push(
      [
        pad(c.name, widths[0] ?? 0),
        pad(c.status === 'failed' ? 'FAILED' : c.status, widths[1] ?? 0),
        pad(String(c.examined), widths[2] ?? 0),
        pad(String(c.failures.length), widths[3] ?? 0),
        pad(String(c.knownExceptions.length), widths[4] ?? 0),
        c.reason,
      ].join(' '),
    );
  }
  for (const c of report.checks.filter((check) => check.failures.length > 0)) {
    lines.push('', `${c.name}: ${plural(c.failures.length, 'failure')}`);
    for (const hint of c.hints ?? []) lines.push(`  Hint: ${hint}`);
    for (const f of c.failures.slice(0, PRINTED_FAILURES)) lines.push(...renderFailure(f, '  '));
    if (c.failures.length > PRINTED_FAILURES)
      lines.push(`  ... and ${c.failures.length - PRINTED_FAILURES} more (write them all with --json)`);
  }
  const known = Object.entries(summary.knownExceptions);
  if (known.length > 0) {
    const inChecks = report.checks.filter((c) => c.knownExceptions.length > 0).length;
    lines.push(
      '',
      `Known exceptions of the detected target (reported, not failing): ${plural(summary.knownTotal, 'deviation')} in ${plural(inChecks, 'check')}, by exception:`,
    );
    for (const [name, count] of known) {
      const description = PRISM_KNOWN_EXCEPTIONS.find((k) => k.name === name)?.description ?? '';
      lines.push(`  ${name} (${count}): ${description}`);
      const example = report.checks.flatMap((c) => c.knownExceptions).find((f) => f.knownException === name);
      if (example) lines.push(...renderFailure(example, '    '));
    }
  }
  if (summary.notApplicable > 0) {
    lines.push(
      '',
      `${plural(summary.notApplicable, 'check')} not applicable: ${summary.notApplicableChecks.join(', ')}`,
    );
  }
  lines.push(
    '',
    `${report.ok ? 'PASS' : 'FAIL'}: ${summary.passed} passed, ${summary.failed} failed, ${summary.notApplicable} not applicable; ` +
      `${plural(summary.exchanges, 'request')} in ${report.durationMs} ms`,
  );
  return lines.join('\n');
}
