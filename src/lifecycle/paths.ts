// Where the life-cycle files live, relative to the repository root.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { compareVersions, parseVersion, type Version } from './semver.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const SPEC = 'openapi.yaml';
/** One committed copy per release, `releases/<version>.yaml`; the highest version is the last release. */
export const RELEASES_DIR = 'releases';
/** Changes recorded with a reason: what accepts a breaking change without a breaking version. */
export const LEDGER = 'releases/accepted-changes.yaml';
/** The project's `redocly diff` configuration (diff-recommended plus what this API needs). */
export const DIFF_CONFIG = 'redocly.diff.yaml';
export const CHANGELOG = 'CHANGELOG.md';
/** The lint config for generating a revision's client in the samples check: no rules. */
export const CONSUMER_CONFIG = 'src/lifecycle/consumer.redocly.yaml';

/** Every released version, lowest first, from the files in releases/. */
export function releasedVersions(root = ROOT): string[] {
  let names: string[];
  try {
    names = readdirSync(path.join(root, RELEASES_DIR));
  } catch {
    return [];
  }
  const versions: { text: string; version: Version }[] = [];
  for (const name of names) {
    const text = /^(\d+\.\d+\.\d+)\.yaml$/.exec(name)?.[1];
    const version = text === undefined ? undefined : parseVersion(text);
    if (text !== undefined && version) versions.push({ text, version });
  }
  return versions.sort((a, b) => compareVersions(a.version, b.version)).map((v) => v.text);
}

export function releaseFile(version: string): string {
  return `${RELEASES_DIR}/${version}.yaml`;
}

/** The path of the last release's copy (relative to the root), or undefined before the first release. */
export function lastReleaseFile(root = ROOT): string | undefined {
  const versions = releasedVersions(root);
  const last = versions[versions.length - 1];
  return last === undefined ? undefined : releaseFile(last);
}

/** `file` relative to the current directory when that is shorter, so printed locations are clickable. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), path.resolve(file));
  return relative.startsWith('..') ? path.resolve(file) : relative;
}
