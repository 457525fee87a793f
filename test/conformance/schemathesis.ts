// Runs Schemathesis (the PyPI package, pinned in .ci/run) against a base URL and reads which of
// its checks failed on which operation from its NDJSON event stream.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
/** The version .ci/run installs. */
export const SCHEMATHESIS_VERSION = '4.32.5';
/** Where .ci/run installs it: a virtualenv in the git-ignored .tmp/. */
const VENV_ST = path.join(ROOT, '.tmp', 'schemathesis', 'bin', 'st');

/** The `st` executable, or undefined with the reason it is missing. */
export function findSchemathesis(): { st?: string; reason?: string } {
  if (existsSync(VENV_ST)) return { st: VENV_ST };
  return {
    reason: `Schemathesis is not installed at .tmp/schemathesis (run: python3 -m venv .tmp/schemathesis && .tmp/schemathesis/bin/pip install schemathesis==${SCHEMATHESIS_VERSION})`,
  };
}

/**
 * Schemathesis's reports against the unmutated sandbox that are its own false positives, each with
 * the reason (Schemathesis 4.32.5, seed 1). A mutant counts as caught by Schemathesis only when it
 * reports something beyond these.
 */
export const SCHEMATHESIS_FALSE_POSITIVES: Record<string, string> = {
  'positive_data_acceptance DELETE /customers/business/{customerId}':
    "its stateful phase infers a link from the individual delete's `id` (a `cst_` id) to the business delete's `customerId`, and sends that value without checking it against the target's schema (`^cus_`); the sandbox's `400 customer_type_mismatch` is what the spec requires, so 'schema-valid request rejected' is wrong",
};

/** One failed check of one operation (stateful cases are named by the request that failed). */
export interface StFailure {
  check: string;
  operation: string;
  /** When Schemathesis first reported it (end of the scenario), in ms since the epoch. */
  firstAt: number;
}

export interface StRun {
  failures: StFailure[];
  exitCode: number | null;
  seconds: number;
  /** When the process started, in ms since the epoch. */
  startedAt: number;
  /** Schemathesis's own last lines, for a failing assertion's message. */
  tail: string;
}

interface Scenario {
  recorder?: {
    label?: string;
    cases?: Record<string, { value?: { method?: string; path?: string } }>;
    checks?: Record<string, { name: string; status: string }[]>;
  };
}

/** Every (check, operation) that failed in an NDJSON event stream, sorted and unique. */
export function failuresOf(ndjson: string): StFailure[] {
  const found = new Map<string, StFailure>();
  for (const line of ndjson.split('\n')) {
    if (!line.includes('"ScenarioFinished"')) continue;
    const finished = (JSON.parse(line) as { ScenarioFinished: Scenario & { timestamp?: number } })
      .ScenarioFinished;
    const recorder = finished.recorder;
    const at = (finished.timestamp ?? 0) * 1000;
    for (const [caseId, checks] of Object.entries(recorder?.checks ?? {})) {
      for (const check of checks) {
        if (check.status !== 'failure') continue;
        const value = recorder?.cases?.[caseId]?.value;
        const operation = value?.method ? `${value.method} ${value.path}` : (recorder?.label ?? '?');
        const key = `${check.name} ${operation}`;
        if (!found.has(key)) found.set(key, { check: check.name, operation, firstAt: at });
      }
    }
  }
  return [...found.values()].sort((a, b) =>
    `${a.check} ${a.operation}`.localeCompare(`${b.check} ${b.operation}`),
  );
}

/**
 * Runs `st run` on the bundled spec against `baseUrl` with every check (`--checks all`: its
 * defaults plus ignored_auth, unsupported_method, negative_data_rejection,
 * positive_data_acceptance, use_after_free and the rest), a fixed seed and few examples.
 */
export function runSchemathesis(
  st: string,
  baseUrl: string,
  {
    headers = {},
    maxExamples = 5,
    seed = 1,
    phases,
  }: { headers?: Record<string, string>; maxExamples?: number; seed?: number; phases?: string } = {},
): Promise<StRun> {
  const dir = mkdtempSync(path.join(ROOT, '.tmp', 'st-run-'));
  const ndjson = path.join(dir, 'events.ndjson');
  const args = [
    'run',
    path.join(ROOT, 'generated', 'openapi.json'),
    '--url',
    baseUrl,
    '--checks',
    'all',
    '--max-examples',
    String(maxExamples),
    '--seed',
    String(seed),
    '--no-shrink',
    ...(phases ? ['--phases', phases] : []),
    '--workers',
    '1',
    '--report',
    'ndjson',
    '--report-ndjson-path',
    ndjson,
    ...Object.entries(headers).flatMap(([name, value]) => ['-H', `${name}: ${value}`]),
  ];
  const started = performance.now();
  const startedAt = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(st, args, {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1', SCHEMATHESIS_TELEMETRY: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8000);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('error', reject);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      const seconds = (performance.now() - started) / 1000;
      try {
        const events = existsSync(ndjson) ? readFileSync(ndjson, 'utf8') : '';
        resolve({ failures: failuresOf(events), exitCode, seconds, startedAt, tail: output.slice(-3000) });
      } catch (error) {
        reject(error);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
