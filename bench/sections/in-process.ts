// In-process sandbox: this client driving `createSandbox().fetch` (the engine in the bench process,
// no socket) beside the same client driving the HTTP sandbox (`startSandbox`, its own process), on the
// same deleteCustomer call, in interleaved rounds of the same run. Every call's result is checked
// (a typed 200), and both sandboxes validate every response they send against the spec.
import { createCustomersClient } from '../../src/client/index.js';
import { createSandbox } from '../../src/sandbox/index.js';
import { BENCH_RATE_LIMIT } from '../config.js';
import { type BenchContext, exchangeToken } from '../lib/context.js';
import { deletingKey } from '../lib/demo-key.js';
import { forkServer } from '../lib/proc.js';
import { CUSTOMER_ID, DELETE_PATH } from '../lib/request.js';
import { figure, type Section } from '../lib/results.js';
import { pairedRatio } from '../lib/stats.js';
import { checkDeleteAnswer } from '../lib/validate.js';
import { round } from './client-overhead.js';

/** Any origin reaches the in-process sandbox: only the path decides. */
const IN_PROCESS_ORIGIN = 'http://sandbox.invalid';

interface SandboxStatsView {
  requests: number;
  selfCheckFailures: number;
  crashes: number;
}

/** Runs the in-process section. */
export async function inProcess(ctx: BenchContext): Promise<Section> {
  const { concurrency, warmupRounds, rounds, roundMs } = ctx.config.inProcess;
  const key = deletingKey();
  const http = await forkServer('bench/servers/sandbox.ts');
  try {
    const local = createSandbox({ rateLimit: { ...BENCH_RATE_LIMIT } });
    const localFetch = (request: Request) => local.fetch(request);
    const httpFetch = (request: Request) => fetch(request);
    const targets = [
      { name: 'in-process (createSandbox().fetch)', baseUrl: IN_PROCESS_ORIGIN, fetch: localFetch },
      { name: 'HTTP (startSandbox)', baseUrl: http.url, fetch: httpFetch },
    ];
    const variants = [];
    for (const t of targets) {
      const token = await exchangeToken(t.baseUrl, key.apiKey, key.apiSecret, t.fetch);
      const init: RequestInit = {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      };
      const problems = await checkDeleteAnswer(t.baseUrl + DELETE_PATH, init, t.fetch);
      if (problems.length > 0)
        throw new Error(
          `bench: the ${t.name} sandbox answers the benchmark request wrongly: ${problems.join('; ')}`,
        );
      const client = createCustomersClient({ baseUrl: t.baseUrl, auth: { token }, fetch: t.fetch });
      let wrong = 0;
      variants.push({
        ...t,
        runs: [] as number[],
        wrong: () => wrong,
        call: async () => {
          const result = await client.deleteCustomer({ customerId: CUSTOMER_ID });
          if (!result.ok || result.status !== 200) {
            wrong++;
            throw new Error(`bench: ${t.name}: deleteCustomer answered ${result.status}`);
          }
        },
      });
    }
    for (let r = 0; r < warmupRounds; r++)
      for (const v of variants) await round(v.call, concurrency, roundMs);
    for (let r = 0; r < rounds; r++) {
      ctx.log(`in-process: round ${r + 1}/${rounds}`);
      for (let i = 0; i < variants.length; i++) {
        const v = variants[(r + i) % variants.length] as (typeof variants)[number];
        v.runs.push(await round(v.call, concurrency, roundMs));
      }
    }
    const [inProc, overHttp] = variants as [(typeof variants)[number], (typeof variants)[number]];
    const httpStats = (await http.ask('stats')) as SandboxStatsView;
    const localStats: SandboxStatsView = { ...local.stats };
    const ratio = pairedRatio(inProc.runs, overHttp.runs);
    const failures = httpStats.selfCheckFailures + localStats.selfCheckFailures;
    const crashes = httpStats.crashes + localStats.crashes;
    return {
      id: 'in-process',
      title: 'In-process sandbox',
      method: `This client (createCustomersClient({ baseUrl, auth: { token }, fetch })) calling deleteCustomer(${CUSTOMER_ID}) with ${concurrency} concurrent callers in the bench process, for ${roundMs} ms per round: once with fetch = createSandbox().fetch (src/sandbox/sandbox.ts: the engine in the same process, no socket), once against startSandbox (src/sandbox/http.ts, in its own process, over loopback HTTP with the global fetch). Both sandboxes run with the bench's raised rate limit, request and response validation on. ${warmupRounds} warm-up round(s), then ${rounds} interleaved rounds (order rotated); the ratio is the median of per-round ratios. Every call must return a typed 200, or the run fails.`,
      figures: [
        figure(`client + ${overHttp.name}`, 'throughput', 'ops/s', overHttp.runs, {
          baseline: `client + ${overHttp.name}`,
          ratio: 1,
        }),
        figure(`client + ${inProc.name}`, 'throughput', 'ops/s', inProc.runs, {
          baseline: `client + ${overHttp.name}`,
          ratio,
          target: { text: '>= 5x the HTTP sandbox', met: ratio >= 5 && failures === 0 && crashes === 0 },
        }),
        figure('both sandboxes', 'self-check failures + crashes', 'responses', [failures + crashes], {
          target: { text: '0: every response validated against the spec', met: failures + crashes === 0 },
        }),
      ],
      notes: [
        `The in-process sandbox served ${localStats.requests} requests and the HTTP sandbox ${httpStats.requests} (warm-up and checks included); self-check failures ${localStats.selfCheckFailures} and ${httpStats.selfCheckFailures}, crashes ${localStats.crashes} and ${httpStats.crashes}; calls that did not return a typed 200: ${inProc.wrong() + overHttp.wrong()}.`,
        'The in-process sandbox shares the bench process (one core) with the client; the HTTP sandbox has its own process and can use the second core, so the ratio understates what removing the socket saves per request.',
      ],
    };
  } finally {
    await http.close();
  }
}
