// The breaking-change gate on a table of spec edits: each edit is applied to a copy of openapi.yaml
// and compared with an unedited copy, and the gate's verdict (exit code, rule, impact, location)
// is asserted. Each breaking edit then passes once the ledger accepts it with a reason, and fails
// when the same entry has no reason. The gate runs in-process (src/lifecycle); redocly diff is its
// only child process per edit, and the cases run concurrently.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Document, parseDocument } from 'yaml';
import { redoclyDiff } from '../../src/lifecycle/diff.js';
import { formatReport } from '../../src/lifecycle/format.js';
import { runGate } from '../../src/lifecycle/gate.js';
import { repoRoot } from '../support/spec-copy.js';
import { EDITS, type SpecEdit } from './edits.js';

let dir: string;
let specText: string;
const NO_LEDGER = '/nonexistent/accepted-changes.yaml';

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'gate-'));
  specText = await readFile(path.join(repoRoot, 'openapi.yaml'), 'utf8');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes `<case>/release.yaml` (the base) and `<case>/openapi.yaml` (the edited revision). */
async function writeCase(
  name: string,
  edit: (doc: Document.Parsed) => void,
  setup?: (doc: Document.Parsed) => void,
): Promise<{ base: string; revision: string; caseDir: string }> {
  const caseDir = path.join(dir, name.replace(/[^\w]+/g, '-'));
  await mkdir(caseDir, { recursive: true });
  const base = parseDocument(specText);
  setup?.(base);
  const revision = parseDocument(specText);
  setup?.(revision);
  edit(revision);
  const files = {
    base: path.join(caseDir, 'release.yaml'),
    revision: path.join(caseDir, 'openapi.yaml'),
    caseDir,
  };
  await Promise.all([writeFile(files.base, String(base)), writeFile(files.revision, String(revision))]);
  return files;
}

function ledger(
  since: string,
  changes: { rule: string; path: string }[],
  reason: string | undefined,
): string {
  const lines = ['accepted:', `  - since: ${since}`, '    impact: minor', '    changes:'];
  for (const c of changes) lines.push(`      - rule: ${c.rule}`, `        path: ${JSON.stringify(c.path)}`);
  if (reason !== undefined) lines.push(`    reason: ${JSON.stringify(reason)}`);
  return `${lines.join('\n')}\n`;
}

test('the table has at least 20 edits', () => {
  expect(EDITS.length).toBeGreaterThanOrEqual(20);
});

describe.concurrent('a spec edit gets the expected verdict', { timeout: 120_000 }, () => {
  test.each(EDITS.map((e) => [e.name, e] as [string, SpecEdit]))(
    '%s',
    async (name, edit) => {
      const { base, revision, caseDir } = await writeCase(name, edit.edit, edit.setup);
      const diff = await redoclyDiff(base, revision);
      const report = await runGate({
        base,
        revision,
        ledger: NO_LEDGER,
        typescript: edit.typescript === true,
        diff,
      });
      const exitCode = report.ok ? 0 : 1;
      const found = report.changes.find((c) => c.rule === edit.expect.rule);
      expect({ exitCode, rule: found?.rule, impact: found?.impact }).toEqual({
        exitCode: edit.expect.code,
        rule: edit.expect.rule,
        impact: edit.expect.impact,
      });
      // The printed report names the impact and the rule, and the revision's file:LINE:COL.
      const printed = formatReport(report, 'stylish');
      expect(printed).toMatch(new RegExp(`${edit.expect.impact}\\s+${edit.expect.rule}\\s`));
      expect(printed).toContain(`${found?.revision?.file}:${found?.revision?.line}:${found?.revision?.col}`);
      // Every change points at a line of the revision (or, removed, the parent it was removed from).
      for (const change of report.changes) {
        expect(change.revision?.file).toBe(revision);
        expect(change.revision?.line).toBeGreaterThan(0);
      }
      const blocking = report.changes.filter((c) => c.blocking);
      if (edit.expect.code === 0) {
        expect(blocking).toEqual([]);
        return;
      }
      expect(blocking.map((c) => c.rule)).toContain(edit.expect.rule);
      if (edit.typescript) return; // acceptance is shown on the wire-level cases
      // Accepted with a reason: passes, and the reason is attached to each change.
      const since = report.base.version;
      const entries = blocking.map((c) => ({ rule: c.rule, path: c.path }));
      const withReason = path.join(caseDir, 'accepted.yaml');
      await writeFile(
        withReason,
        ledger(since, entries, `Accepted in the gate test: ${name}, no consumer breaks.`),
      );
      const accepted = await runGate({ base, revision, ledger: withReason, typescript: false, diff });
      expect(accepted.problems).toEqual([]);
      expect(accepted.ok).toBe(true);
      expect(accepted.changes.find((c) => c.rule === edit.expect.rule)?.accepted?.reason).toContain(name);
      // The same entry without a reason: the gate refuses the ledger.
      const noReason = path.join(caseDir, 'no-reason.yaml');
      await writeFile(noReason, ledger(since, entries, undefined));
      await expect(runGate({ base, revision, ledger: noReason, typescript: false, diff })).rejects.toThrow(
        /reason.*required/,
      );
      // An entry made against another release accepts nothing.
      const stale = path.join(caseDir, 'stale.yaml');
      await writeFile(
        stale,
        ledger('0.1.0', entries, 'Recorded against an older release, so it does not apply.'),
      );
      expect((await runGate({ base, revision, ledger: stale, typescript: false, diff })).ok).toBe(false);
    },
    180_000,
  );

  test('an example change is no change to the contract: no impact, exit 0', async () => {
    const { base, revision } = await writeCase('example change', (doc) =>
      doc.setIn(
        [
          'paths',
          '/customers/business/{customerId}',
          'delete',
          'responses',
          '200',
          'content',
          'application/json',
          'examples',
          'deleted',
          'value',
          'message',
        ],
        'Business customer deleted',
      ),
    );
    const report = await runGate({ base, revision, ledger: NO_LEDGER, typescript: false });
    expect(report.changes).toEqual([]);
    expect(report.summary).toEqual({ major: 0, minor: 0, patch: 0 });
    expect(report.ok).toBe(true);
  });
});

describe.concurrent('the version rule (SemVer, 0.x: a breaking change bumps MINOR)', {
  timeout: 120_000,
}, () => {
  const dropForbidden = (doc: Document.Parsed) =>
    doc.deleteIn(['paths', '/customers/{customerId}', 'delete', 'responses', '403']);
  const setVersion = (version: string) => (doc: Document.Parsed) => doc.setIn(['info', 'version'], version);
  const setServers = (line: string) => (doc: Document.Parsed) => {
    doc.setIn(['servers', 0, 'url'], `https://api.polygon.technology/v${line}`);
    doc.setIn(['servers', 1, 'url'], `https://sandbox-api.polygon.technology/v${line}`);
  };
  const current = () => String(parseDocument(specText).getIn(['info', 'version']));
  const next = (level: 'patch' | 'minor') => {
    const [major, minor, patch] = current().split('.').map(Number) as [number, number, number];
    return level === 'patch' ? `${major}.${minor}.${patch + 1}` : `${major}.${minor + 1}.0`;
  };

  test('info.version bumped wrongly: a breaking change released as a patch fails', async () => {
    const { base, revision } = await writeCase('breaking as patch', (doc) => {
      dropForbidden(doc);
      setVersion(next('patch'))(doc);
    });
    const report = await runGate({ base, revision, ledger: NO_LEDGER, typescript: false });
    expect(report.ok).toBe(false);
    expect(report.problems.join('\n')).toContain(`needs ${next('minor')}`);
    expect(report.changes.find((c) => c.rule === 'response-removed')?.blocking).toBe(true);
  });

  test('info.version bumped wrongly: a description change released as a breaking version fails', async () => {
    const { base, revision } = await writeCase('patch as minor', (doc) => {
      doc.setIn(
        ['paths', '/customers/{customerId}', 'delete', 'summary'],
        'Soft-delete an individual customer',
      );
      setVersion(next('minor'))(doc);
    });
    const report = await runGate({ base, revision, ledger: NO_LEDGER, typescript: false });
    expect(report.ok).toBe(false);
    expect(report.problems.join('\n')).toContain(`needs ${next('patch')}`);
  });

  test('info.version bumped wrongly: a skipped version fails', async () => {
    const skipped = next('patch').replace(/\d+$/, (patch) => String(Number(patch) + 1));
    const { base, revision } = await writeCase('skipped version', (doc) => {
      doc.setIn(
        ['paths', '/customers/{customerId}', 'delete', 'summary'],
        'Soft-delete an individual customer',
      );
      setVersion(skipped)(doc);
    });
    const report = await runGate({ base, revision, ledger: NO_LEDGER, typescript: false });
    expect(report.ok).toBe(false);
    expect(report.problems.join('\n')).toContain(`${skipped} does not follow ${current()}`);
  });

  test('info.version lower than the last release fails', async () => {
    const { base, revision } = await writeCase('lower version', setVersion('0.0.1'));
    const report = await runGate({ base, revision, ledger: NO_LEDGER, typescript: false });
    expect(report.ok).toBe(false);
    expect(report.problems.join('\n')).toContain('lower than the last release');
  });

  test('a breaking change versioned as the next minor, served under the new /v0.MINOR, passes', async () => {
    const line = next('minor').split('.').slice(0, 2).join('.');
    const { base, revision } = await writeCase('breaking as minor', (doc) => {
      dropForbidden(doc);
      setVersion(next('minor'))(doc);
      setServers(line)(doc);
    });
    const report = await runGate({ base, revision, ledger: NO_LEDGER, typescript: false });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.changes.filter((c) => c.impact === 'major').map((c) => c.rule)).toContain(
      'response-removed',
    );
  });

  test('a breaking version whose server URLs still name the old version fails', async () => {
    const { base, revision } = await writeCase('breaking, old servers', (doc) => {
      dropForbidden(doc);
      setVersion(next('minor'))(doc);
    });
    const report = await runGate({ base, revision, ledger: NO_LEDGER, typescript: false });
    expect(report.ok).toBe(false);
    expect(report.problems.join('\n')).toMatch(/servers: .* is served under \/v0\.\d+/);
  });
});
