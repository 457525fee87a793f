// The breaking-change gate: `redocly diff` between the last release and the revision, the
// TypeScript consumers' checks, the ledger of accepted changes and the version rule, in one report.
import { readFileSync } from 'node:fs';
import { type Change, type DiffResult, redoclyDiff } from './diff.js';
import { entryTemplate, findEntry, type LedgerEntry, readLedger, type Section } from './ledger.js';
import { indexYaml } from './positions.js';
import {
  checkVersion,
  compatibilityLine,
  type Impact,
  maxImpact,
  parseVersion,
  type VersionVerdict,
} from './semver.js';
import { removedSchemaChanges, sampleChanges } from './typescript.js';

export interface GateOptions {
  base: string;
  revision: string;
  ledger: string;
  /** package.json to hold to the version rule (its version must equal info.version); omit to skip. */
  packageJson?: string;
  /** Type-check the base's TypeScript samples against the revision's client (default true). */
  typescript?: boolean;
  /** A `redoclyDiff` result of the same two files, to apply another ledger without diffing again. */
  diff?: DiffResult;
}

export interface ReportedChange extends Change {
  /** The impact the version rule counts: the ledger entry's when one accepts the change. */
  effectiveImpact: Impact;
  accepted?: { reason: string; impact: Impact; section?: Section; entry: number };
  /** True when this change is why the gate fails: breaking, not accepted, and the version does not allow it. */
  blocking: boolean;
  /** For a blocking change: the ledger entry that would accept it. */
  ledgerTemplate?: string;
}

export interface GateReport {
  ok: boolean;
  base: { file: string; version: string };
  revision: { file: string; version: string };
  changes: ReportedChange[];
  summary: Record<Impact, number>;
  /** The impact the version rule applies (undefined: no change). */
  required?: Impact;
  version: VersionVerdict;
  problems: string[];
  warnings: string[];
}

const SEVERITY: Record<Impact, number> = { major: 0, minor: 1, patch: 2 };

function infoVersion(value: unknown): string {
  const version = (value as { info?: { version?: unknown } } | null)?.info?.version;
  return typeof version === 'string' ? version : String(version ?? '');
}

export async function runGate(options: GateOptions): Promise<GateReport> {
  const files = { base: options.base, revision: options.revision };
  const base = indexYaml(options.base);
  const revision = indexYaml(options.revision);
  const entries = readLedger(options.ledger);

  const [diff, samples] = await Promise.all([
    options.diff
      ? Promise.resolve(structuredClone(options.diff))
      : redoclyDiff(options.base, options.revision),
    options.typescript === false ? Promise.resolve([]) : sampleChanges(base, revision, files),
  ]);
  const removedSchemas = removedSchemaChanges(base, revision, files);
  const replaced = new Set(removedSchemas.map((c) => c.path));
  const changes: Change[] = [
    ...diff.changes.filter((c) => !(c.kind === 'removed' && replaced.has(c.path))),
    ...removedSchemas,
    ...samples,
  ];
  // A removal has no place in the revision: point at the nearest surviving parent there.
  for (const change of changes) {
    if (change.revision || !change.base) continue;
    const at = revision.locate(change.base.pointer);
    change.revision = { file: options.revision, pointer: at.pointer, ...at.position };
  }

  const baseVersion = infoVersion(base.value);
  const revisionVersion = infoVersion(revision.value);
  const used = new Set<LedgerEntry>();
  const reported: ReportedChange[] = changes.map((change) => {
    const entry = findEntry(entries, baseVersion, change);
    if (entry) used.add(entry);
    return {
      ...change,
      effectiveImpact: entry?.impact ?? change.impact,
      ...(entry
        ? {
            accepted: {
              reason: entry.reason,
              impact: entry.impact,
              entry: entries.indexOf(entry),
              ...(entry.section ? { section: entry.section } : {}),
            },
          }
        : {}),
      blocking: false,
    };
  });
  reported.sort(
    (a, b) =>
      SEVERITY[a.effectiveImpact] - SEVERITY[b.effectiveImpact] ||
      (a.operation ?? '').localeCompare(b.operation ?? '') ||
      a.path.localeCompare(b.path),
  );

  const required = maxImpact(reported.map((c) => c.effectiveImpact));
  const version = checkVersion(baseVersion, revisionVersion, required);
  const problems: string[] = [];
  const warnings: string[] = [];
  if (!version.ok) {
    problems.push(`version: ${version.message}`);
    for (const change of reported) {
      if (change.effectiveImpact === 'major' && !change.accepted && required === 'major') {
        change.blocking = true;
        change.ledgerTemplate = entryTemplate(baseVersion, change);
      }
    }
  }

  const parsedRevision = parseVersion(revisionVersion);
  if (parsedRevision) {
    const line = compatibilityLine(parsedRevision);
    const servers =
      (revision.value as { servers?: { url?: unknown; 'x-internal'?: unknown }[] }).servers ?? [];
    for (const server of servers) {
      if (server['x-internal'] === true || typeof server.url !== 'string') continue;
      const match = /\/v(\d+(?:\.\d+)?)\/?$/.exec(server.url);
      if (match && match[1] !== line) {
        problems.push(
          `servers: ${server.url} names version v${match[1]}, but info.version ${revisionVersion} is served under /v${line}`,
        );
      }
    }
  }

  if (options.packageJson) {
    const pkg = JSON.parse(readFileSync(options.packageJson, 'utf8')) as { version?: string };
    if (pkg.version !== revisionVersion) {
      problems.push(
        `package: ${options.packageJson} has version ${pkg.version}, but its version must equal info.version ${revisionVersion} (npm run release sets both)`,
      );
    }
  }

  for (const entry of entries) {
    if (entry.since === baseVersion && !used.has(entry)) {
      const what = entry.changes.map((c) => `${c.rule} at ${c.path}`).join(', ');
      warnings.push(`ledger: the entry for ${what} (since ${entry.since}) matches no change`);
    }
  }

  const summary: Record<Impact, number> = { major: 0, minor: 0, patch: 0 };
  for (const change of reported) summary[change.impact] += 1;
  return {
    ok: problems.length === 0,
    base: { file: options.base, version: baseVersion },
    revision: { file: options.revision, version: revisionVersion },
    changes: reported,
    summary,
    ...(required ? { required } : {}),
    version,
    problems,
    warnings,
  };
}
