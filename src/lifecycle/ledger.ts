// The ledger of accepted changes (releases/accepted-changes.yaml): changes made since a release
// that the maintainers recorded with a reason. An entry matches a change by the release it is made
// against (`since`), its rule and its path, exactly as the gate prints them. A matched breaking
// change is accepted: it counts with the entry's `impact` for the version rule instead of
// `major`. Every matched entry's reason is written into the changelog beside its change.
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Change } from './diff.js';
import { IMPACTS, type Impact, parseVersion } from './semver.js';

export const SECTIONS = ['breaking', 'added', 'changed', 'fixed'] as const;
export type Section = (typeof SECTIONS)[number];

export interface LedgerEntry {
  since: string;
  /** The changes it records, each by its rule and path as the gate prints them. */
  changes: { rule: string; path: string }[];
  impact: Impact;
  reason: string;
  /** The changelog section; by default derived from the impact and the kind of change. */
  section?: Section;
}

const MIN_REASON = 20;

/** Reads and validates the ledger; a missing file is an empty ledger. Throws naming the entry at fault. */
export function readLedger(file: string): LedgerEntry[] {
  if (!existsSync(file)) return [];
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (doc === null || doc === undefined) return [];
  const list = (doc as { accepted?: unknown }).accepted;
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw new Error(`${file}: \`accepted\` must be a list of entries`);
  return list.map((raw, i) => {
    const where = `${file}: accepted[${i}]`;
    const e = (raw ?? {}) as Record<string, unknown>;
    for (const key of ['since', 'impact', 'reason']) {
      if (typeof e[key] !== 'string' || (e[key] as string).trim() === '') {
        throw new Error(`${where}: \`${key}\` is required (a non-empty string)`);
      }
    }
    if (!parseVersion(e.since as string))
      throw new Error(`${where}: \`since\` must be a released version such as 0.9.0`);
    if (!IMPACTS.includes(e.impact as Impact))
      throw new Error(`${where}: \`impact\` must be patch, minor or major`);
    if ((e.reason as string).trim().length < MIN_REASON) {
      throw new Error(
        `${where}: \`reason\` must say why the change is acceptable (at least ${MIN_REASON} characters)`,
      );
    }
    if (e.section !== undefined && !SECTIONS.includes(e.section as Section)) {
      throw new Error(`${where}: \`section\` must be one of ${SECTIONS.join(', ')}`);
    }
    const changes: { rule: string; path: string }[] = [];
    const single = e.rule !== undefined || e.path !== undefined;
    if (single && e.changes !== undefined)
      throw new Error(`${where}: give either \`rule\` and \`path\`, or \`changes\``);
    const list = single ? [{ rule: e.rule, path: e.path }] : e.changes;
    if (!Array.isArray(list) || list.length === 0) {
      throw new Error(
        `${where}: \`rule\` and \`path\` (or a list of \`changes\`, each with both) are required`,
      );
    }
    list.forEach((item, j) => {
      const c = (item ?? {}) as Record<string, unknown>;
      if (
        typeof c.rule !== 'string' ||
        c.rule === '' ||
        typeof c.path !== 'string' ||
        !c.path.startsWith('#/')
      ) {
        throw new Error(
          `${where}${single ? '' : `.changes[${j}]`}: needs a \`rule\` and a \`path\` (a JSON pointer such as "#/paths/...")`,
        );
      }
      changes.push({ rule: c.rule, path: c.path });
    });
    const known = new Set(['since', 'rule', 'path', 'changes', 'impact', 'reason', 'section']);
    const extra = Object.keys(e).filter((key) => !known.has(key));
    if (extra.length > 0) throw new Error(`${where}: unknown field ${extra.join(', ')}`);
    return {
      since: e.since as string,
      changes,
      impact: e.impact as Impact,
      reason: (e.reason as string).trim().replace(/\s+/g, ' '),
      ...(e.section ? { section: e.section as Section } : {}),
    };
  });
}

export function findEntry(
  entries: readonly LedgerEntry[],
  since: string,
  change: Change,
): LedgerEntry | undefined {
  return entries.find(
    (e) => e.since === since && e.changes.some((c) => c.rule === change.rule && c.path === change.path),
  );
}

/** The YAML of an entry that would accept `change`, printed for the person who means to accept it. */
export function entryTemplate(since: string, change: Change): string {
  return [
    `  - since: ${since}`,
    `    rule: ${change.rule}`,
    `    path: ${JSON.stringify(change.path)}`,
    '    impact: minor   # the impact it is released under: patch, minor or major',
    '    reason: >-',
    '      Why no consumer breaks, or why breaking them without a breaking version is right.',
  ].join('\n');
}
