// Test helper: finds the Python and Go toolchains the SDK tests drive, and says how to install a
// missing one. Python is Debian's interpreter (/usr/bin/python3, which sees Debian's python3-httpx;
// the python3 first on PATH may be another installation that cannot), or SDK_PYTHON. Go is GO, the
// `go` on PATH, or the usual install folders. Go's caches live in the repo's gitignored .tmp/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { missingTool } from '../support/missing-tool.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface Toolchain {
  /** The interpreter or the go binary. */
  bin: string;
  version: string;
}

export type Found = { ok: true; tool: Toolchain } | { ok: false; reason: string };

function probe(bin: string, args: string[], env?: NodeJS.ProcessEnv): string | undefined {
  try {
    return execFileSync(bin, args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
      timeout: 30_000,
    })
      .toString()
      .trim();
  } catch {
    return undefined;
  }
}

/** A Python that can import httpx and make a venv that builds a package without the network. */
export function findPython(): Found {
  const bin = process.env.SDK_PYTHON || '/usr/bin/python3';
  const version = probe(bin, [
    '-c',
    'import sys, httpx, venv, ensurepip, setuptools, wheel; print(sys.version.split()[0], "httpx", httpx.__version__)',
  ]);
  if (version) return { ok: true, tool: { bin, version } };
  return {
    ok: false,
    reason: [
      `No usable Python for the SDK tests: ${bin} cannot import httpx, venv, ensurepip, setuptools and wheel.`,
      'Install them (as root): apt-get update && apt-get install -y python3 python3-httpx python3-venv python3-setuptools python3-wheel',
      'or point SDK_PYTHON at an interpreter that has them.',
    ].join('\n'),
  };
}

/** Environment for every go command: caches inside the repo's .tmp/, nothing fetched, no toolchain switch. */
export function goEnv(): NodeJS.ProcessEnv {
  const cache = path.join(ROOT, '.tmp', 'go');
  mkdirSync(path.join(cache, 'build'), { recursive: true });
  mkdirSync(path.join(cache, 'path'), { recursive: true });
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? cache,
    GOCACHE: path.join(cache, 'build'),
    GOPATH: path.join(cache, 'path'),
    GOFLAGS: '-mod=mod',
    GOTOOLCHAIN: 'local',
    // The generated module is standard library only and the test module replaces it with the local
    // folder, so nothing is ever downloaded.
    GOPROXY: 'off',
    GOENV: 'off',
    CGO_ENABLED: '0',
  };
}

/** A go binary of at least 1.21 (the generated module's floor). */
export function findGo(): Found {
  const candidates = [process.env.GO, 'go', '/usr/local/go/bin/go', '/usr/lib/go/bin/go'].filter(
    (c): c is string => Boolean(c),
  );
  const env = goEnv();
  for (const bin of candidates) {
    const version = probe(bin, ['env', 'GOVERSION'], env);
    const match = version?.match(/^go(\d+)\.(\d+)/);
    if (!match) continue;
    if (Number(match[1]) > 1 || Number(match[2]) >= 21)
      return { ok: true, tool: { bin, version: version ?? '' } };
  }
  return {
    ok: false,
    reason: [
      `No Go >= 1.21 for the SDK tests (tried ${candidates.join(', ')}).`,
      'Install one (as root): apt-get update && apt-get install -y golang-go, or set GO to a go binary.',
    ].join('\n'),
  };
}

/** gofmt beside the go binary (same release), else the one on PATH. */
export function gofmtFor(goBin: string): string {
  const resolved = probe(goBin, ['env', 'GOROOT'], goEnv());
  const beside = resolved ? path.join(resolved, 'bin', 'gofmt') : '';
  return beside && existsSync(beside) ? beside : 'gofmt';
}

/**
 * Declares the one test that reports a missing toolchain: a failure when CI is set (then nothing
 * proved that SDK), otherwise a loud warning and a check that the toolchain really is missing.
 */
export function reportMissing(name: string, found: Found & { ok: false }, recheck: () => Found): void {
  missingTool(
    `${name} client against the sandbox`,
    `The ${name} SDK tests could not run.\n${found.reason}`,
    () => !recheck().ok,
  );
}
