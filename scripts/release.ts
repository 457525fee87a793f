// npm run release -- <version>: cuts a release of openapi.yaml. Runs the breaking-change gate for
// that version, sets info.version and the package version, writes the CHANGELOG.md section from
// the diff, stores releases/<version>.yaml, regenerates generated/, and prints the git commands to
// commit and tag. It never commits, pushes or publishes. On any failure every file it touched
// gets its previous bytes back.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, parseDocument } from 'yaml';
import { runCommand, UsageError } from '../src/cli/args.js';
import { changelogSection, firstReleaseSection, insertSection } from '../src/lifecycle/changelog.js';
import { formatReport } from '../src/lifecycle/format.js';
import { runGate } from '../src/lifecycle/gate.js';
import {
  CHANGELOG,
  LEDGER,
  RELEASES_DIR,
  ROOT,
  releasedVersions,
  releaseFile,
  SPEC,
} from '../src/lifecycle/paths.js';
import { compareVersions, parseVersion } from '../src/lifecycle/semver.js';

const usage = `Usage: npm run release -- <version> [flags]

Releases openapi.yaml as <version> (MAJOR.MINOR.PATCH, by the version rule in the README):
  1. runs the breaking-change gate with info.version set to <version> (nothing is written if it fails),
  2. sets info.version in openapi.yaml and the package version (package.json, package-lock.json,
     src/client/version.ts) to <version>,
  3. writes the ${CHANGELOG} section for <version> from the diff against the last release,
  4. stores the release copy ${RELEASES_DIR}/<version>.yaml,
  5. regenerates generated/ (npm run generate),
  6. prints the git commands to commit and tag. It never commits, pushes or publishes.
The first release (no ${RELEASES_DIR}/ yet) records openapi.yaml as it is.

Flags:
  --date YYYY-MM-DD   the release date written in the changelog (default: today, UTC)
  --root DIR          the repository to release (default: this one)
  -h, --help          this help

Exit codes: 0 released, 1 the gate or a step failed (nothing changed), 2 a usage error.`;

const command = {
  name: 'release',
  usage,
  positionals: true,
  flags: { date: { type: 'string' }, root: { type: 'string' } },
} as const;

/** Files the release rewrites, with their bytes before it (undefined: did not exist). */
class Transaction {
  private readonly before = new Map<string, Buffer | undefined>();
  async write(file: string, content: string): Promise<void> {
    if (!this.before.has(file)) this.before.set(file, existsSync(file) ? await readFile(file) : undefined);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  async remember(file: string): Promise<void> {
    if (!this.before.has(file)) this.before.set(file, existsSync(file) ? await readFile(file) : undefined);
  }
  async rollback(): Promise<void> {
    for (const [file, bytes] of this.before) {
      if (bytes === undefined) await rm(file, { force: true });
      else await writeFile(file, bytes);
    }
  }
}

/** Replaces the scalar at `keys` in a YAML text in place, keeping every other byte. */
function setYamlScalar(text: string, keys: string[], value: string): string {
  const doc = parseDocument(text);
  const node = doc.getIn(keys, true) as { range?: [number, number, number] } | undefined;
  if (!node?.range) throw new Error(`${keys.join('.')} not found`);
  return `${text.slice(0, node.range[0])}${value}${text.slice(node.range[1])}`;
}

/** Replaces the first `count` `"version": "..."` values of a JSON text, keeping its formatting. */
function setJsonVersion(text: string, version: string, count: number): string {
  let left = count;
  return text.replace(/("version":\s*")[^"]*(")/g, (match, a: string, b: string) => {
    if (left <= 0) return match;
    left -= 1;
    return `${a}${version}${b}`;
  });
}

function run(args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

process.exitCode = await runCommand(command, process.argv.slice(2), async ({ values, positionals }, io) => {
  if (positionals.length !== 1)
    throw new UsageError('give exactly one version, e.g. npm run release -- 0.9.1');
  const version = positionals[0] ?? '';
  const parsed = parseVersion(version);
  if (!parsed || version.trim() !== version) {
    throw new UsageError(`the version must be MAJOR.MINOR.PATCH, got ${JSON.stringify(version)}`);
  }
  const date = values.date ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
    throw new UsageError(`--date must be YYYY-MM-DD, got ${JSON.stringify(date)}`);
  const root = path.resolve(values.root ?? ROOT);
  const spec = path.join(root, SPEC);
  if (!existsSync(spec)) throw new UsageError(`--root: no ${SPEC} in ${root}`);

  const released = releasedVersions(root);
  const last = released[released.length - 1];
  if (released.includes(version))
    throw new Error(`${version} is already released (${releaseFile(version)}); pick the next version`);
  const lastVersion = last === undefined ? undefined : parseVersion(last);
  if (last && lastVersion && compareVersions(parsed, lastVersion) < 0) {
    throw new Error(`${version} is lower than the last release ${last}`);
  }

  const tx = new Transaction();
  try {
    const original = await readFile(spec, 'utf8');
    const updated = setYamlScalar(original, ['info', 'version'], version);
    await tx.write(spec, updated);

    let section: string;
    if (last) {
      const report = await runGate({
        base: path.join(root, releaseFile(last)),
        revision: spec,
        ledger: path.join(root, LEDGER),
      });
      io.out(formatReport(report, 'stylish'));
      if (!report.ok) throw new Error(`the gate failed for ${version}; nothing was changed`);
      section = changelogSection(version, date, report);
    } else {
      section = firstReleaseSection(version, date, parse(updated));
    }

    const pkgFile = path.join(root, 'package.json');
    await tx.write(pkgFile, setJsonVersion(await readFile(pkgFile, 'utf8'), version, 1));
    const lockFile = path.join(root, 'package-lock.json');
    if (existsSync(lockFile))
      await tx.write(lockFile, setJsonVersion(await readFile(lockFile, 'utf8'), version, 2));
    const versionTs = path.join(root, 'src/client/version.ts');
    if (existsSync(versionTs)) {
      const text = await readFile(versionTs, 'utf8');
      const next = text.replace(/(PACKAGE_VERSION = ')[^']*(')/, `$1${version}$2`);
      if (next === text && !text.includes(`PACKAGE_VERSION = '${version}'`)) {
        throw new Error(`${versionTs}: no PACKAGE_VERSION to update`);
      }
      await tx.write(
        versionTs,
        next.replace(/(\/\*\* `@spec-first\/customers-api\/)[^`]*(`)/, `$1${version}$2`),
      );
    }

    const changelog = path.join(root, CHANGELOG);
    const current = existsSync(changelog) ? readFileSync(changelog, 'utf8') : undefined;
    await tx.write(changelog, insertSection(current, section));
    await tx.write(path.join(root, releaseFile(version)), updated);

    const generated = path.join(root, 'generated');
    for (const name of ['openapi.json', 'schema.d.ts', 'operations.ts'])
      await tx.remember(path.join(generated, name));
    const gen = await run(
      [
        '--import',
        'tsx',
        path.join(ROOT, 'scripts/generate.ts'),
        '--spec',
        spec,
        '--out',
        generated,
        '--config',
        path.join(ROOT, 'redocly.yaml'),
      ],
      ROOT,
    );
    if (gen.code !== 0) throw new Error(`npm run generate failed:\n${gen.output.trim()}`);
  } catch (error) {
    await tx.rollback();
    throw error;
  }

  const rel = (file: string) => path.relative(process.cwd(), path.join(root, file)) || '.';
  io.out(
    `\nReleased ${version}${last ? ` (after ${last})` : ' (the first release)'}. Review, then commit and tag:\n`,
  );
  const files = [
    SPEC,
    'package.json',
    'package-lock.json',
    'src/client/version.ts',
    CHANGELOG,
    releaseFile(version),
    'generated',
  ];
  const existing = files.filter((f) => existsSync(path.join(root, f)));
  if (existsSync(path.join(root, LEDGER))) existing.push(LEDGER);
  io.out(`  git add ${existing.map(rel).join(' ')}`);
  io.out(`  git commit -m "Release ${version}"`);
  io.out(`  git tag -a v${version} -m "Customers API ${version}"`);
  io.out('\nNothing was committed, pushed or published.');
  return 0;
});
