// The release records must agree with each other: every releases/<version>.yaml has that
// info.version and a `## <version>` section in CHANGELOG.md, and every section has its release
// copy. A hand-written changelog section or a copied release file shows up here.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { CHANGELOG, releasedVersions, releaseFile } from './paths.js';

export function releaseRecordProblems(root: string): string[] {
  const problems: string[] = [];
  const versions = releasedVersions(root);
  for (const version of versions) {
    const file = releaseFile(version);
    const doc = parse(readFileSync(path.join(root, file), 'utf8')) as { info?: { version?: unknown } } | null;
    if (String(doc?.info?.version) !== version) {
      problems.push(`releases: ${file} has info.version ${String(doc?.info?.version)}, not ${version}`);
    }
  }
  const changelogFile = path.join(root, CHANGELOG);
  const sections = existsSync(changelogFile)
    ? [...readFileSync(changelogFile, 'utf8').matchAll(/^## (\S+)\s*$/gm)].map((m) => m[1] ?? '')
    : [];
  for (const version of versions) {
    if (!sections.includes(version)) problems.push(`changelog: ${CHANGELOG} has no section for ${version}`);
  }
  for (const section of sections) {
    if (!versions.includes(section)) {
      problems.push(
        `changelog: ${CHANGELOG} has a section ${section} without ${releaseFile(section)} (sections are written by npm run release only)`,
      );
    }
  }
  return problems;
}
