// npm run check:breaking and npm run release as a user runs them: real processes, exit codes,
// the printed change with its impact, rule and openapi.yaml:LINE:COL, and a release into a scratch
// copy of the repository (never this one) that writes the changelog, the release copy and
// generated/, or, when the gate fails, changes nothing.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseDocument } from 'yaml';
import { lastReleaseFile } from '../../src/lifecycle/paths.js';
import { releaseRecordProblems } from '../../src/lifecycle/records.js';
import { runCaptured } from '../support/run.js';
import { repoRoot } from '../support/spec-copy.js';

let dir: string;
let specText: string;
const INDIVIDUAL = '/customers/{customerId}';

const script = (name: string, args: string[], cwd = repoRoot) =>
  runCaptured(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts', name), ...args], { cwd });

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lifecycle-cli-'));
  specText = await readFile(path.join(repoRoot, 'openapi.yaml'), 'utf8');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function copyWith(
  name: string,
  edit: (doc: ReturnType<typeof parseDocument>) => void,
): Promise<string> {
  const doc = parseDocument(specText);
  edit(doc);
  const file = path.join(dir, name, 'openapi.yaml');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, String(doc));
  return file;
}

const dropForbidden = (doc: ReturnType<typeof parseDocument>) =>
  doc.deleteIn(['paths', INDIVIDUAL, 'delete', 'responses', '403']);

describe.concurrent('npm run check:breaking', { timeout: 120_000 }, () => {
  test('a breaking edit: exit 1, the change with impact, rule and openapi.yaml:LINE:COL, and the ledger entry to add', async () => {
    const revision = await copyWith('breaking', dropForbidden);
    const run = await script('check-breaking.ts', ['--revision', revision, '--no-typescript']);
    expect(run.code).toBe(1);
    const line = run.stdout.split('\n').find((l) => l.includes('response-removed'));
    expect(line).toMatch(/major\s+response-removed\s+DELETE \/customers\/\{customerId\}\s+responses\/403/);
    // A removal points at the parent it was removed from in the revision, and where it was.
    const responsesLine = String(parseDocument(await readFile(revision, 'utf8'), { keepSourceTokens: false }))
      .split('\n')
      .findIndex(
        (l, i, all) =>
          l.trim() === 'responses:' && all.slice(0, i).some((x) => x.includes('/customers/{customerId}:')),
      );
    expect(run.stdout).toMatch(
      new RegExp(`at \\S*openapi\\.yaml:${responsesLine + 1}:\\d+ \\(removed; was at releases/`),
    );
    expect(run.stdout).toContain('rule: response-removed');
    expect(run.stdout).toContain('path: "#/paths/~1customers~1{customerId}/delete/responses/403"');
  }, 120_000);

  test('--format json and markdown', async () => {
    const revision = await copyWith('formats', dropForbidden);
    const [json, markdown] = await Promise.all([
      script('check-breaking.ts', ['--revision', revision, '--no-typescript', '--format', 'json']),
      script('check-breaking.ts', ['--revision', revision, '--no-typescript', '--format', 'markdown']),
    ]);
    expect([json.code, markdown.code]).toEqual([1, 1]);
    const report = JSON.parse(json.stdout) as {
      ok: boolean;
      changes: { rule: string; impact: string; blocking: boolean }[];
    };
    expect(report.ok).toBe(false);
    expect(report.changes).toContainEqual(
      expect.objectContaining({ rule: 'response-removed', impact: 'major', blocking: true }),
    );
    expect(markdown.stdout).toContain('| impact | rule | operation | field | change | location | verdict |');
    expect(markdown.stdout).toMatch(
      /\| major \| `response-removed` \| `DELETE \/customers\/\{customerId\}` \|/,
    );
  }, 120_000);

  test('usage errors exit 2 with the usage; --help exits 0', async () => {
    const runs = await Promise.all([
      script('check-breaking.ts', ['--format', 'xml']),
      script('check-breaking.ts', ['--bogus']),
      script('check-breaking.ts', ['--base', path.join(dir, 'missing.yaml')]),
      script('check-breaking.ts', ['--help']),
      script('release.ts', []),
      script('release.ts', ['v1']),
    ]);
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2, 0, 2, 2]);
    expect(runs[0]?.stderr).toContain('--format must be one of stylish, markdown, json');
    expect(runs[1]?.stderr).toContain('unknown flag --bogus');
    expect(runs[2]?.stderr).toContain('--base: no such file');
    expect(runs[3]?.stdout).toContain('Usage: npm run check:breaking');
    expect(runs[5]?.stderr).toContain('MAJOR.MINOR.PATCH');
    for (const run of runs) expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  }, 120_000);

  test('a package version that differs from info.version fails', async () => {
    const pkg = path.join(dir, 'package.json');
    await writeFile(pkg, JSON.stringify({ name: 'x', version: '0.0.7' }));
    const run = await script('check-breaking.ts', ['--package', pkg, '--no-typescript']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('must equal info.version');
  });
});

test('the release records agree: a hand-written changelog section or a mislabelled release copy is reported', async () => {
  expect(releaseRecordProblems(repoRoot)).toEqual([]);
  const root = path.join(dir, 'records');
  await mkdir(root, { recursive: true });
  await cp(path.join(repoRoot, 'releases'), path.join(root, 'releases'), { recursive: true });
  const changelog = await readFile(path.join(repoRoot, 'CHANGELOG.md'), 'utf8');
  await writeFile(path.join(root, 'CHANGELOG.md'), changelog.replace(/^## /m, '## 9.9.9\n\nBy hand.\n\n## '));
  await writeFile(path.join(root, 'releases/0.0.1.yaml'), specText);
  const problems = releaseRecordProblems(root).join('\n');
  expect(problems).toContain('a section 9.9.9 without releases/9.9.9.yaml');
  expect(problems).toContain('releases/0.0.1.yaml has info.version');
  expect(problems).toContain('no section for 0.0.1');
});

describe.concurrent('npm run release', () => {
  /** A scratch repository: the files a release reads and writes, copied from this one. */
  async function scratchRepo(
    name: string,
    edit: (doc: ReturnType<typeof parseDocument>) => void,
  ): Promise<string> {
    const root = path.join(dir, name);
    await mkdir(path.join(root, 'src/client'), { recursive: true });
    await Promise.all(
      ['package.json', 'package-lock.json', 'CHANGELOG.md', 'releases', 'src/client/version.ts'].map((f) =>
        cp(path.join(repoRoot, f), path.join(root, f), { recursive: true }),
      ),
    );
    const doc = parseDocument(specText);
    edit(doc);
    await writeFile(path.join(root, 'openapi.yaml'), String(doc));
    return root;
  }
  const last = () => path.basename(lastReleaseFile() ?? '', '.yaml');
  const nextPatch = () => last().replace(/\d+$/, (p) => String(Number(p) + 1));

  test('releases an addition: info.version, package version, changelog section, release copy, generated/, git commands', async () => {
    const root = await scratchRepo('release-ok', (doc) => {
      doc.setIn(
        ['paths', INDIVIDUAL, 'delete', 'responses', '409'],
        doc.createNode({ $ref: '#/components/responses/NotFound' }),
      );
    });
    const version = nextPatch();
    const run = await script('release.ts', [version, '--root', root, '--date', '2030-01-02']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [spec, pkg, lock, client, changelog, copy, generated] = await Promise.all(
      [
        'openapi.yaml',
        'package.json',
        'package-lock.json',
        'src/client/version.ts',
        'CHANGELOG.md',
        `releases/${version}.yaml`,
        'generated/schema.d.ts',
      ].map((f) => readFile(path.join(root, f), 'utf8')),
    );
    expect(parseDocument(spec ?? '').getIn(['info', 'version'])).toBe(version);
    expect(JSON.parse(pkg ?? '').version).toBe(version);
    expect(JSON.parse(lock ?? '').packages[''].version).toBe(version);
    expect(client).toContain(`PACKAGE_VERSION = '${version}'`);
    expect(copy).toBe(spec);
    expect(generated).toMatch(/\b409: components\["responses"\]\["NotFound"\]/);
    // The new section sits above the previous one and names the operation and the field.
    const section =
      changelog?.slice(changelog.indexOf(`## ${version}`), changelog.indexOf(`## ${last()}`)) ?? '';
    expect(section).toContain('Released 2030-01-02.');
    expect(section).toContain('### Added');
    expect(section).toContain('`DELETE /customers/{customerId}` `responses/409`');
    expect(run.stdout).toContain(`git tag -a v${version}`);
    expect(run.stdout).not.toMatch(/git push|npm publish/);
  }, 180_000);

  test('a breaking change released as a patch: the gate fails and nothing changes', async () => {
    const root = await scratchRepo('release-refused', dropForbidden);
    const files = [
      'openapi.yaml',
      'package.json',
      'package-lock.json',
      'CHANGELOG.md',
      'src/client/version.ts',
    ];
    const before = await Promise.all(files.map((f) => readFile(path.join(root, f), 'utf8')));
    const run = await script('release.ts', [nextPatch(), '--root', root]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('response-removed');
    expect(run.stderr).toContain('the gate failed');
    expect(await Promise.all(files.map((f) => readFile(path.join(root, f), 'utf8')))).toEqual(before);
    await expect(readFile(path.join(root, `releases/${nextPatch()}.yaml`))).rejects.toThrow();
  }, 180_000);
});
