// Lints the spec in-process with Redocly's engine and the repo's redocly.yaml, and formats each
// problem as `file:LINE:COL message` so an editor or a terminal can jump to it.
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
