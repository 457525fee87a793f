// Runs `redocly diff` (Redocly CLI's own change detection and impact rating) with the project's
// config and turns its JSON report into one item per rule verdict, each with a file position.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DIFF_CONFIG, ROOT } from './paths.js';
import type { Impact } from './semver.js';

interface RedoclyLocation {
  file: string;
  pointer: string;
  line: number;
  col: number;
}

interface RedoclyChange {
  path: string;
  typeName?: string;
  kind: 'added' | 'removed' | 'modified';
  impact: Impact;
  property?: string;
  verdicts: { ruleId: string; impact: Impact; message: string; location?: RedoclyLocation }[];
  base?: Partial<RedoclyLocation>;
  revision?: Partial<RedoclyLocation>;
}

interface RedoclyReport {
  infoVersions: { base: string; revision: string };
  changes: RedoclyChange[];
}

/** One change as the gate reports it. */
export interface Change {
  /** The diff rule that rated it (`redocly diff`'s ruleId, or one of the gate's TypeScript rules); the change kind when no rule fired. */
  rule: string;
  impact: Impact;
  kind: 'added' | 'removed' | 'modified';
  /** The logical path of the change in the description, e.g. `#/paths/~1auth~1token/post/responses/400`. */
  path: string;
  /** `POST /auth/token`, or undefined for a change outside the operations (info, servers, components). */
  operation?: string;
  /** What changed inside the operation or object, e.g. `responses/200/content/application/json/schema/properties/tokenType · enum`. */
  field: string;
  message: string;
  /** Where it is in the revision (for a removal: where it was removed from) and, when it was there, in the base. */
  revision?: RedoclyLocation;
  base?: RedoclyLocation;
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace', 'query']);

function unescapeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Splits `#/paths/~1auth~1token/post/responses/400` into `POST /auth/token` and `responses/400`. */
export function describePath(pointer: string): { operation?: string; field: string } {
  const segments = pointer.replace(/^#\//, '').split('/').map(unescapeSegment);
  const method = segments[2] ?? '';
  if (segments[0] === 'paths' && HTTP_METHODS.has(method)) {
    return { operation: `${method.toUpperCase()} ${segments[1]}`, field: segments.slice(3).join('/') };
  }
  if (segments[0] === 'paths' && segments.length >= 2) {
    return { operation: undefined, field: `paths/${segments.slice(1).join('/')}` };
  }
  return { operation: undefined, field: segments.join('/') };
}

/** A location, its file named exactly as the caller named the base or revision (redocly relativizes some). */
function located(files: readonly string[]) {
  return (location: Partial<RedoclyLocation> | undefined): RedoclyLocation | undefined => {
    if (!location?.file || location.line === undefined || location.col === undefined || !location.pointer) {
      return undefined;
    }
    const given = location.file;
    const file = files.find((f) => path.resolve(f) === path.resolve(given)) ?? given;
    return { file, pointer: location.pointer, line: location.line, col: location.col };
  };
}

function defaultMessage(change: RedoclyChange): string {
  if (change.property && change.property !== 'key') return `\`${change.property}\` ${change.kind}.`;
  if (change.property === 'key') return `Renamed (was \`${change.base?.pointer ?? ''}\`).`;
  return `${change.typeName ?? 'Definition'} ${change.kind}.`;
}

export interface DiffResult {
  versions: { base: string; revision: string };
  changes: Change[];
}

/** Runs `redocly diff base revision` with the project's diff config; paths relative to the repo root or absolute. */
export async function redoclyDiff(base: string, revision: string): Promise<DiffResult> {
  const dir = await mkdtemp(path.join(tmpdir(), 'check-breaking-'));
  const output = path.join(dir, 'diff.json');
  try {
    const bin = path.join(ROOT, 'node_modules/@redocly/cli/bin/cli.js');
    const args = [bin, 'diff', base, revision, '--config', path.join(ROOT, DIFF_CONFIG)];
    args.push('--format', 'json', '--output', output, '--fail-on', 'none', '--lint-config', 'off');
    const run = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, args, {
        cwd: process.cwd(),
        env: {
          ...process.env,
          REDOCLY_SUPPRESS_NOTIFICATIONS: 'true',
          REDOCLY_TELEMETRY: 'off',
          NO_COLOR: '1',
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr }));
    });
    let report: RedoclyReport;
    try {
      report = JSON.parse(await readFile(output, 'utf8')) as RedoclyReport;
    } catch {
      const lines = run.stderr
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '' && !/^[║╔╚]/.test(line));
      throw new Error(
        `redocly diff failed (exit ${run.code}): ${lines.slice(-6).join(' | ') || 'no output'}`,
      );
    }
    const full = located([base, revision]);
    const changes: Change[] = [];
    for (const change of report.changes) {
      if (change.path === '#/info' && change.property === 'version') continue; // the version is checked on its own
      const { operation, field } = describePath(change.path);
      // A rule's message names the property; a change without a rule says it in its message.
      const fieldText =
        change.verdicts.length > 0 && change.property && change.property !== 'key'
          ? `${field} · ${change.property}`
          : field;
      const was = full(change.base);
      const rev = full(change.revision);
      if (change.verdicts.length === 0) {
        changes.push({
          rule: change.kind,
          impact: change.impact,
          kind: change.kind,
          path: change.path,
          operation,
          field: fieldText,
          message: defaultMessage(change),
          revision: rev,
          base: was,
        });
        continue;
      }
      for (const verdict of change.verdicts) {
        const at = full(verdict.location);
        const inRevision = at && rev && at.file === rev.file ? at : rev;
        changes.push({
          rule: verdict.ruleId,
          impact: verdict.impact,
          kind: change.kind,
          path: change.path,
          operation,
          field: fieldText,
          message: verdict.message,
          revision: inRevision,
          base: at && was && at.file === was.file ? at : was,
        });
      }
    }
    return { versions: report.infoVersions, changes };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
