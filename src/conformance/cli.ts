// The conformance CLI: parses flags (src/cli/args.ts), runs the suite with progress on stderr,
// prints the report, writes --json, sets the exit code (0 passed, 1 a check failed, 2 usage).
import { writeFile } from 'node:fs/promises';
import { type CliIo, integerFlag, runCommand, UsageError, urlFlag } from '../cli/args.js';
import { progressPrinter } from './progress.js';
import { formatReport } from './report.js';
import { runConformance } from './runner.js';
import type { ConformanceOptions } from './types.js';

const USAGE = `Usage: customers-api-conformance --base-url URL [options]
       (in this repository: npm run conformance -- --base-url URL [options])

  --base-url URL            the server under test (required; env CONFORMANCE_BASE_URL), e.g. http://127.0.0.1:4010
  --token T                 a bearer token (env CONFORMANCE_TOKEN)
  --api-key K               an API key (env CONFORMANCE_API_KEY)
  --api-secret S            its secret (env CONFORMANCE_API_SECRET); with --api-key, exchanged for a token
  --individual-id cst_...   an individual customer the suite may delete (repeatable)
  --business-id cus_...     a business customer the suite may delete (repeatable)
  --foreign-id ID           a customer of another account; must stay 404 (repeatable)
  --stateless               the target keeps no state: stateful checks are not applicable
  --provoke-rate-limit      run rate_limit_enforced: exhaust the credential's quota, expect 429 + Retry-After
  --seed N                  fast-check seed (printed on every run, to replay a failure)
  --num-runs N              generated malformed ids per endpoint (default 40)
  --json FILE               also write the full report as JSON
  --quiet                   no progress lines (the report only)
Progress goes to stderr: a live line on a terminal, one line per check otherwise (and when CI is set).
Exit code: 0 when no check failed, 1 when one did, 2 on a usage error.`;

const COMMAND = {
  name: 'customers-api-conformance',
  usage: USAGE,
  flags: {
    'base-url': { type: 'string' },
    token: { type: 'string' },
    'api-key': { type: 'string' },
    'api-secret': { type: 'string' },
    'individual-id': { type: 'string', multiple: true },
    'business-id': { type: 'string', multiple: true },
    'foreign-id': { type: 'string', multiple: true },
    stateless: { type: 'boolean' },
    'provoke-rate-limit': { type: 'boolean' },
    seed: { type: 'string' },
    'num-runs': { type: 'string' },
    json: { type: 'string' },
    quiet: { type: 'boolean' },
  },
} as const;

type Values = {
  [K in keyof typeof COMMAND.flags]?: (typeof COMMAND.flags)[K] extends { type: 'boolean' }
    ? boolean
    : (typeof COMMAND.flags)[K] extends { multiple: true }
      ? string[]
      : string;
};

/** Flag values and the environment as run options plus the JSON path; throws UsageError. */
export function conformanceOptions(
  values: Values,
  env: NodeJS.ProcessEnv = process.env,
): { options: ConformanceOptions; json?: string } {
  const baseUrl = values['base-url'] ?? env.CONFORMANCE_BASE_URL;
  if (!baseUrl) throw new UsageError('--base-url is required');
  urlFlag('--base-url', baseUrl);
  const token = values.token ?? env.CONFORMANCE_TOKEN;
  const apiKey = values['api-key'] ?? env.CONFORMANCE_API_KEY;
  const apiSecret = values['api-secret'] ?? env.CONFORMANCE_API_SECRET;
  if (apiSecret && !apiKey) throw new UsageError('--api-secret needs --api-key');
  for (const id of values['individual-id'] ?? [])
    if (!id.startsWith('cst_')) throw new UsageError(`--individual-id ${id} must start with cst_`);
  for (const id of values['business-id'] ?? [])
    if (!id.startsWith('cus_')) throw new UsageError(`--business-id ${id} must start with cus_`);
  const seed = integerFlag('--seed', values.seed, { min: -(2 ** 31), max: 2 ** 31 - 1 });
  const numRuns = integerFlag('--num-runs', values['num-runs'], { min: 0, max: 10_000 });
  const options: ConformanceOptions = {
    baseUrl,
    ...(token && { token }),
    ...(apiKey && { apiKey }),
    ...(apiSecret && { apiSecret }),
    ...(values['individual-id'] && { individualIds: values['individual-id'] }),
    ...(values['business-id'] && { businessIds: values['business-id'] }),
    ...(values['foreign-id'] && { foreignIds: values['foreign-id'] }),
    ...(values.stateless && { stateless: true }),
    ...(values['provoke-rate-limit'] && { provokeRateLimit: true }),
    ...(seed !== undefined && { seed }),
    ...(numRuns !== undefined && { numRuns }),
  };
  return { options, ...(values.json && { json: values.json }) };
}

/** Where progress goes: stderr, live only on a terminal outside CI. */
function stderrProgress(env: NodeJS.ProcessEnv) {
  return progressPrinter({
    write: (text) => process.stderr.write(text),
    live: process.stderr.isTTY === true && !env.CI,
  });
}

/** Runs the CLI; resolves to the process exit code. */
export function main(
  argv: readonly string[],
  io?: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  return runCommand(
    COMMAND,
    argv,
    async ({ values }, out) => {
      const { options, json } = conformanceOptions(values as Values, env);
      const report = await runConformance({
        ...options,
        ...(!values.quiet && { onProgress: stderrProgress(env) }),
      });
      out.out(formatReport(report));
      if (json) {
        await writeFile(json, `${JSON.stringify(report, null, 2)}\n`);
        out.out(`Report written to ${json}`);
      }
      return report.ok ? 0 : 1;
    },
    io,
  );
}
