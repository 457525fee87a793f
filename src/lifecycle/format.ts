// The gate's report as text for a terminal (stylish), a pull request (markdown) or a program (json).
import type { GateReport, ReportedChange } from './gate.js';
import { displayPath } from './paths.js';

export const FORMATS = ['stylish', 'markdown', 'json'] as const;
export type Format = (typeof FORMATS)[number];

function where(change: ReportedChange): string {
  const parts: string[] = [];
  if (change.revision)
    parts.push(`${displayPath(change.revision.file)}:${change.revision.line}:${change.revision.col}`);
  if (change.base && change.kind === 'removed') {
    parts.push(`(removed; was at ${displayPath(change.base.file)}:${change.base.line}:${change.base.col})`);
  } else if (!change.revision && change.base) {
    parts.push(`${displayPath(change.base.file)}:${change.base.line}:${change.base.col}`);
  }
  return parts.join(' ');
}

function verdict(change: ReportedChange, withReason = true): string {
  if (change.accepted) {
    const as = change.accepted.impact === change.impact ? '' : ` as ${change.accepted.impact}`;
    return withReason
      ? `accepted${as}: ${change.accepted.reason}`
      : `accepted${as} by ledger entry ${change.accepted.entry + 1}`;
  }
  if (change.blocking) return 'NOT ACCEPTED: breaking, and neither versioned nor in the ledger';
  return '';
}

function stylish(report: GateReport): string {
  const lines: string[] = [
    `${displayPath(report.base.file)} (${report.base.version}) -> ${displayPath(report.revision.file)} (${report.revision.version})`,
    '',
  ];
  for (const change of report.changes) {
    const mark = change.blocking ? '✖' : change.impact === 'major' ? '!' : '·';
    const subject = [change.operation, change.field].filter(Boolean).join('  ');
    lines.push(`${mark} ${change.impact.padEnd(5)}  ${change.rule}  ${subject}`);
    lines.push(`    ${change.message}`);
    lines.push(`    at ${where(change)}`);
    const v = verdict(change, false);
    if (v) lines.push(`    ${v}`);
  }
  const used = new Map<number, string>();
  for (const change of report.changes)
    if (change.accepted) used.set(change.accepted.entry, change.accepted.reason);
  if (used.size > 0) {
    lines.push('', 'Ledger entries that record these changes:');
    for (const [entry, reason] of [...used].sort(([a], [b]) => a - b))
      lines.push(`  ${entry + 1}. ${reason}`);
  }
  if (report.changes.length === 0) lines.push('No changes.');
  lines.push('');
  lines.push(`${report.summary.major} major, ${report.summary.minor} minor, ${report.summary.patch} patch.`);
  lines.push(report.version.ok ? `Version: ${report.version.note}.` : `Version: ${report.version.message}.`);
  for (const warning of report.warnings) lines.push(`Warning: ${warning}`);
  if (report.ok) {
    lines.push('✔ No unaccepted breaking change.');
  } else {
    for (const problem of report.problems) lines.push(`✖ ${problem}`);
    const blocking = report.changes.filter((c) => c.blocking);
    if (blocking.length > 0) {
      lines.push('');
      lines.push(
        `Fix: undo the change, or release it as ${report.version.ok ? '' : (report.version as { expected: string }).expected} (npm run release -- <version>), or accept it in the ledger with a reason:`,
      );
      lines.push('accepted:');
      for (const change of blocking) if (change.ledgerTemplate) lines.push(change.ledgerTemplate);
    }
  }
  return lines.join('\n');
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function markdown(report: GateReport): string {
  const lines = [
    `### API changes: ${report.base.version} -> ${report.revision.version}`,
    '',
    report.ok ? '✅ No unaccepted breaking change.' : `❌ ${report.problems.map(cell).join('; ')}`,
    '',
  ];
  if (report.changes.length > 0) {
    lines.push('| impact | rule | operation | field | change | location | verdict |');
    lines.push('| --- | --- | --- | --- | --- | --- | --- |');
    for (const c of report.changes) {
      lines.push(
        `| ${c.impact} | \`${c.rule}\` | ${c.operation ? `\`${c.operation}\`` : ''} | \`${cell(c.field)}\` | ${cell(c.message)} | \`${where(c)}\` | ${cell(verdict(c))} |`,
      );
    }
    lines.push('');
  }
  lines.push(`${report.summary.major} major, ${report.summary.minor} minor, ${report.summary.patch} patch.`);
  for (const warning of report.warnings) lines.push(`Warning: ${cell(warning)}`);
  return lines.join('\n');
}

export function formatReport(report: GateReport, format: Format): string {
  if (format === 'json') return JSON.stringify(report, null, 2);
  return format === 'markdown' ? markdown(report) : stylish(report);
}
