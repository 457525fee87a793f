// CHANGELOG.md: one `## <version>` section per release, newest first, grouped as Breaking / Added /
// Changed / Fixed. Written by `npm run release` from the gate's report, never by hand.
import type { GateReport, ReportedChange } from './gate.js';
import type { Section } from './ledger.js';

export const CHANGELOG_HEADER = `# API changelog

Changes to the Customers API description (\`openapi.yaml\`), one section per released
\`info.version\`, newest first. Written by \`npm run release\` from the breaking-change gate's diff of
the release against the one before it; do not edit by hand.
`;

const TITLES: Record<Section, string> = {
  breaking: 'Breaking',
  added: 'Added',
  changed: 'Changed',
  fixed: 'Fixed',
};

function sectionOf(change: ReportedChange): Section {
  if (change.accepted?.section) return change.accepted.section;
  if (change.effectiveImpact === 'major') return 'breaking';
  if (change.kind === 'added') return 'added';
  return 'changed';
}

function subject(change: ReportedChange): string {
  return `${change.operation ? `\`${change.operation}\` ` : ''}\`${change.field}\``;
}

function describe(change: ReportedChange): string {
  const rule = change.rule === change.kind ? '' : ` (${change.rule})`;
  return `${subject(change)}: ${change.message.replace(/\s+/g, ' ').trim().replace(/\.$/, '')}${rule}`;
}

/** The section for `version`, from the gate's report of the release against the one before. */
export function changelogSection(version: string, date: string, report: GateReport): string {
  const lines = [`## ${version}`, '', `Released ${date}. Compared with ${report.base.version}.`, ''];
  const groups = new Map<Section, string[]>();
  const byEntry = new Map<number, ReportedChange[]>();
  const single: ReportedChange[] = [];
  for (const change of report.changes) {
    if (change.accepted)
      byEntry.set(change.accepted.entry, [...(byEntry.get(change.accepted.entry) ?? []), change]);
    else single.push(change);
  }
  const add = (section: Section, text: string) => groups.set(section, [...(groups.get(section) ?? []), text]);
  for (const changes of [...byEntry.entries()].sort(([a], [b]) => a - b).map(([, list]) => list)) {
    const first = changes[0];
    const accepted = first?.accepted;
    if (!first || !accepted) continue;
    const tail =
      accepted.impact !== 'major' && changes.some((c) => c.impact === 'major')
        ? ` Released as a ${accepted.impact} change: ${accepted.reason}`
        : ` ${accepted.reason}`;
    if (changes.length === 1) {
      add(sectionOf(first), `- ${describe(first)}.${tail}`);
    } else {
      add(sectionOf(first), `- ${accepted.reason}\n${changes.map((c) => `  - ${describe(c)}`).join('\n')}`);
    }
  }
  for (const change of single) add(sectionOf(change), `- ${describe(change)}`);
  if (groups.size === 0) lines.push('No change to the API description.', '');
  for (const section of ['breaking', 'added', 'changed', 'fixed'] as const) {
    const items = groups.get(section);
    if (!items) continue;
    lines.push(`### ${TITLES[section]}`, '', ...items, '');
  }
  return lines.join('\n');
}

/** The section of the first release: the operations it describes. */
export function firstReleaseSection(version: string, date: string, spec: unknown): string {
  const paths = ((
    spec as { paths?: Record<string, Record<string, { operationId?: string; summary?: string }>> }
  ).paths ?? {}) as Record<string, Record<string, { operationId?: string; summary?: string }>>;
  const ops: string[] = [];
  for (const [route, item] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!op || typeof op !== 'object' || !('operationId' in op)) continue;
      ops.push(
        `- \`${method.toUpperCase()} ${route}\` (\`${op.operationId}\`): ${op.summary ?? ''}`.trimEnd(),
      );
    }
  }
  return [`## ${version}`, '', `Released ${date}. The first release.`, '', '### Added', '', ...ops, ''].join(
    '\n',
  );
}

/** CHANGELOG.md with `section` inserted above the newest release. */
export function insertSection(current: string | undefined, section: string): string {
  const body = current ?? CHANGELOG_HEADER;
  const at = body.search(/^## /m);
  if (at < 0) return `${body.trimEnd()}\n\n${section}`;
  return `${body.slice(0, at)}${section}\n${body.slice(at)}`;
}
