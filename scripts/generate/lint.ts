// Lints the spec in-process with Redocly's engine and the repo's redocly.yaml, and formats each
// problem as `file:LINE:COL message` so an editor or a terminal can jump to it.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { type Config, getLineColLocation, lint } from '@redocly/openapi-core';

/** One lint problem, located in the spec file. */
export interface LocatedProblem {
  severity: 'error' | 'warn';
  rule: string;
  file: string;
  line: number;
  col: number;
  message: string;
}

/** Lints `specPath` with `config`; returns every problem with its line and column. */
export async function lintSpec(specPath: string, config: Config): Promise<LocatedProblem[]> {
  let problems: Awaited<ReturnType<typeof lint>>;
  try {
    problems = await lint({ ref: specPath, config });
  } catch (error) {
    const syntax = yamlSyntaxProblem(error, specPath);
    if (syntax) return [syntax];
    throw error;
  }
  return problems
    .filter((p) => p.severity === 'error' || p.severity === 'warn')
    .map((p) => {
      const first = p.location[0];
      const where = first ? getLineColLocation(first) : undefined;
      return {
        severity: p.severity === 'error' ? 'error' : 'warn',
        rule: p.ruleId,
        file: where ? path.relative(process.cwd(), where.source.absoluteRef) || specPath : specPath,
        line: where?.start.line ?? 1,
        col: where?.start.col ?? 1,
        message: p.message,
      };
    });
}

/** A YAML syntax error, which Redocly throws (with 1-based line and col) instead of reporting. */
function yamlSyntaxProblem(error: unknown, specPath: string): LocatedProblem | undefined {
  if (!(error instanceof Error)) return undefined;
  const { line, col, source, originalError } = error as Error & {
    line?: unknown;
    col?: unknown;
    source?: { absoluteRef?: string };
    originalError?: { reason?: unknown };
  };
  if (typeof line !== 'number' || typeof col !== 'number') return undefined;
  const file = source?.absoluteRef ? path.relative(process.cwd(), source.absoluteRef) : specPath;
  const reason = typeof originalError?.reason === 'string' ? originalError.reason : error.message;
  return { severity: 'error', rule: 'yaml-syntax', file: file || specPath, line, col, message: reason };
}

/** `openapi.yaml:12:7 message (rule)`: the format the generate script prints. */
export function formatProblem(p: LocatedProblem): string {
  return `${p.file}:${p.line}:${p.col} ${p.message} (${p.rule})`;
}

interface SpectralResult {
  code: string | number;
  message: string;
  severity: number;
  source?: string;
  range?: { start: { line: number; character: number } };
}

/** The Spectral CLI's entry file, found the way Node finds the package (works from any folder inside the repo). */
function spectralBin(): string {
  const manifest = createRequire(import.meta.url).resolve('@stoplight/spectral-cli/package.json');
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: string | Record<string, string> };
  return path.join(path.dirname(manifest), typeof bin === 'string' ? bin : (bin.spectral ?? ''));
}

const SPECTRAL_SEVERITY = ['error', 'warning', 'info', 'hint'];

/**
 * Lints `specPath` with the Spectral CLI and `ruleset` (the same run as `npm run lint:owasp` and the
 * spec tests, which accept zero results of any severity). Every result is returned as an error.
 */
export async function spectralLint(
  specPath: string,
  ruleset: string,
  { timeoutMs = 120_000 }: { timeoutMs?: number } = {},
): Promise<LocatedProblem[]> {
  const bin = spectralBin();
  const args = [
    'lint',
    specPath,
    '--ruleset',
    ruleset,
    '--format',
    'json',
    '--quiet',
    '--fail-severity',
    'hint',
  ];
  const { code, stdout, stderr, timedOut } = await new Promise<{
    code: number | null;
    stdout: string;
    stderr: string;
    timedOut: boolean;
  }>((done, fail) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      fail(new Error(`could not run Spectral (${bin}): ${error.message}; run npm ci`));
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      done({ code: exitCode, stdout: out, stderr: err, timedOut });
    });
  });
  if (timedOut) throw new Error(`Spectral did not finish linting ${specPath} within ${timeoutMs / 1000} s`);
  let results: SpectralResult[];
  try {
    results = JSON.parse(stdout) as SpectralResult[];
  } catch {
    const said = `${stdout}${stderr}`.trim().split('\n')[0] ?? '';
    throw new Error(`Spectral could not lint ${specPath} (exit ${code}): ${said}`);
  }
  return results.map((r) => ({
    severity: 'error',
    rule: `spectral ${r.code} ${SPECTRAL_SEVERITY[r.severity] ?? r.severity}`,
    file: r.source ? path.relative(process.cwd(), r.source) || specPath : specPath,
    line: (r.range?.start.line ?? 0) + 1,
    col: (r.range?.start.character ?? 0) + 1,
    message: r.message,
  }));
}
