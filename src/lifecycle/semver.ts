// The version rule of openapi.yaml's info.version: SemVer 2.0.0 with its 0.x convention.
//
// - From 1.0.0: a breaking change bumps MAJOR, an addition MINOR, anything else PATCH.
// - Before 1.0.0 (0.MINOR.PATCH): a breaking change bumps MINOR, everything else bumps PATCH.
//   This is what npm's caret ranges already assume: `^0.9.0` takes 0.9.x, never 0.10.0.
// - 1.0.0 may follow any 0.x release (the API is declared stable), whatever the changes.
// - A release with no change to the description (a client- or docs-only release) is a PATCH.

export type Impact = 'patch' | 'minor' | 'major';
export const IMPACTS: readonly Impact[] = ['patch', 'minor', 'major'];

export interface Version {
  major: number;
  minor: number;
  patch: number;
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/** Parses MAJOR.MINOR.PATCH (no pre-release or build part); undefined when it is not one. */
export function parseVersion(text: string): Version | undefined {
  const match = SEMVER.exec(text.trim());
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

export function formatVersion(v: Version): string {
  return `${v.major}.${v.minor}.${v.patch}`;
}

export function compareVersions(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

export function maxImpact(impacts: Iterable<Impact>): Impact | undefined {
  let best: Impact | undefined;
  for (const impact of impacts) {
    if (best === undefined || IMPACTS.indexOf(impact) > IMPACTS.indexOf(best)) best = impact;
  }
  return best;
}

/** The version a release of `base` needs for changes of this impact (undefined: no change = patch). */
export function nextVersion(base: Version, impact: Impact | undefined): Version {
  const level = impact ?? 'patch';
  if (base.major === 0) {
    return level === 'major'
      ? { major: 0, minor: base.minor + 1, patch: 0 }
      : { major: 0, minor: base.minor, patch: base.patch + 1 };
  }
  if (level === 'major') return { major: base.major + 1, minor: 0, patch: 0 };
  if (level === 'minor') return { major: base.major, minor: base.minor + 1, patch: 0 };
  return { major: base.major, minor: base.minor, patch: base.patch + 1 };
}

/** The part of a version that names an incompatible line: `0.MINOR` before 1.0.0, `MAJOR` after. */
export function compatibilityLine(v: Version): string {
  return v.major === 0 ? `0.${v.minor}` : String(v.major);
}

export type VersionVerdict =
  | { ok: true; released: boolean; note: string }
  | { ok: false; message: string; expected: string };

/**
 * Checks the revision's info.version against the last release and the impact of the changes that
 * the ledger did not take out of the version requirement. `required` undefined = no change.
 */
export function checkVersion(
  baseText: string,
  revisionText: string,
  required: Impact | undefined,
): VersionVerdict {
  const base = parseVersion(baseText);
  const revision = parseVersion(revisionText);
  const expected = formatVersion(base ? nextVersion(base, required) : { major: 0, minor: 0, patch: 0 });
  if (!base)
    return {
      ok: false,
      message: `the last release's info.version ${JSON.stringify(baseText)} is not MAJOR.MINOR.PATCH`,
      expected,
    };
  if (!revision) {
    return {
      ok: false,
      message: `info.version ${JSON.stringify(revisionText)} is not MAJOR.MINOR.PATCH`,
      expected,
    };
  }
  const order = compareVersions(revision, base);
  if (order < 0) {
    return {
      ok: false,
      message: `info.version ${revisionText} is lower than the last release ${baseText}`,
      expected,
    };
  }
  if (order === 0) {
    if (required === undefined) return { ok: true, released: false, note: `no change since ${baseText}` };
    if (required === 'major') {
      return {
        ok: false,
        message: `info.version is still ${baseText}, the last release, but a breaking change needs ${expected}`,
        expected,
      };
    }
    return {
      ok: true,
      released: false,
      note: `unreleased changes since ${baseText}; the next release is ${expected}`,
    };
  }
  if (base.major === 0 && revision.major === 1 && revision.minor === 0 && revision.patch === 0) {
    return { ok: true, released: true, note: `${revisionText} declares the API stable` };
  }
  if (formatVersion(revision) !== expected) {
    const why =
      required === undefined
        ? 'no change to the description, so a patch release'
        : `the changes are ${required === 'major' ? 'breaking' : `at most ${required}`}`;
    return {
      ok: false,
      message: `info.version ${revisionText} does not follow ${baseText}: ${why} needs ${expected}`,
      expected,
    };
  }
  return { ok: true, released: true, note: `${revisionText} matches the changes since ${baseText}` };
}
