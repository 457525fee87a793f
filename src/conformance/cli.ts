// The conformance CLI: parses flags, runs the suite, prints the table, writes --json, sets the exit code.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { formatReport } from './report.js';
import { runConformance } from './runner.js';
import type { ConformanceOptions } from './types.js';

/** The usage text printed for --help and on a flag error. */
export const USAGE = `Usage: customers-api-conformance --base-url URL [options]
       (in this repository: npm run conformance -- --base-url URL [options])

  --base-url URL            the server under test (required), e.g. http://127.0.0.1:4010
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
Exit code: 0 when no check failed, 1 when one did, 2 on a usage error.`;

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) throw new Error(`--${name} must be an integer, got ${JSON.stringify(value)}`);
  return Number(value);
}

/** Parses argv (without node and script) and the environment into options plus the JSON path. */
export function parseConformanceArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): { options: ConformanceOptions; json?: string; help: boolean } {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
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
      help: { type: 'boolean', short: 'h' },
    },
  });
  const baseUrl = values['base-url'] ?? env.CONFORMANCE_BASE_URL;
  if (!values.help && !baseUrl) throw new Error('--base-url is required');
  const token = values.token ?? env.CONFORMANCE_TOKEN;
  const apiKey = values['api-key'] ?? env.CONFORMANCE_API_KEY;
  const apiSecret = values['api-secret'] ?? env.CONFORMANCE_API_SECRET;
  const seed = integer('seed', values.seed);
  const numRuns = integer('num-runs', values['num-runs']);
  const options: ConformanceOptions = {
    baseUrl: baseUrl ?? '',
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
  return { options, ...(values.json && { json: values.json }), help: values.help === true };
}

/** Runs the CLI; resolves to the process exit code. */
export async function main(
  argv: readonly string[],
  out: (text: string) => void = console.log,
): Promise<number> {
  let parsed: ReturnType<typeof parseConformanceArgs>;
  try {
    parsed = parseConformanceArgs(argv);
  } catch (error) {
    out(`conformance: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    out(USAGE);
    return 0;
  }
  try {
    const report = await runConformance(parsed.options);
    out(formatReport(report));
    if (parsed.json) {
      await writeFile(parsed.json, `${JSON.stringify(report, null, 2)}\n`);
      out(`Report written to ${parsed.json}`);
    }
    return report.ok ? 0 : 1;
  } catch (error) {
    out(`conformance: ${(error as Error).message}`);
    return 2;
  }
}
