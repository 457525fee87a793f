// Section 1: throughput and latency of the sandbox, the Prism mock and a bare node:http server,
// each loaded in turn by the same autocannon settings with the same DELETE request.
import { cpus } from 'node:os';
import { startPrism } from '../../src/mock/prism.js';
import { BENCH_RATE_LIMIT } from '../config.js';
import { type BenchContext, exchangeToken } from '../lib/context.js';
import { type LoadRun, type LoadSettings, load } from '../lib/load.js';
import { forkServer } from '../lib/proc.js';
import { DELETE_PATH } from '../lib/request.js';
import { type Figure, figure, type Section } from '../lib/results.js';
import { pairedRatio } from '../lib/stats.js';
import { checkDeleteAnswer } from '../lib/validate.js';

interface Target {
  name: 'bare node:http' | 'sandbox' | 'Prism';
  url: string;
  pid: number;
  close(): Promise<void>;
  runs: LoadRun[];
}

/** Runs section 1 and returns its figures. */
export async function mockServers(ctx: BenchContext): Promise<Section> {
  const { connections, warmupSeconds, durationSeconds, runs } = ctx.config.mock;
  const targets: Target[] = [];
  const notes: string[] = [];
  try {
    const bare = await forkServer('bench/servers/bare.ts');
    targets.push({
      name: 'bare node:http',
      url: bare.url + DELETE_PATH,
      pid: bare.pid,
      close: bare.close,
      runs: [],
    });
    const sandbox = await forkServer('bench/servers/sandbox.ts');
    targets.push({
      name: 'sandbox',
      url: sandbox.url + DELETE_PATH,
      pid: sandbox.pid,
      close: sandbox.close,
      runs: [],
    });
    const prism = await startPrism();
    targets.push({
      name: 'Prism',
      url: prism.url + DELETE_PATH,
      pid: prism.pid,
      close: prism.close,
      runs: [],
    });

    const token = await exchangeToken(
      sandbox.url,
      String(sandbox.info.apiKey),
      String(sandbox.info.apiSecret),
    );
    const settings: LoadSettings = {
      connections,
      durationSeconds,
      method: 'DELETE',
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
    };
    const init: RequestInit = { method: 'DELETE', headers: settings.headers };

    for (const t of targets) {
      const problems = await checkDeleteAnswer(t.url, init);
      if (problems.length > 0)
        throw new Error(`bench: ${t.name} answers the benchmark request wrongly: ${problems.join('; ')}`);
      ctx.log(`mock: warm-up ${t.name} ${warmupSeconds}s`);
      await load(t.url, { ...settings, durationSeconds: warmupSeconds });
    }
    // Interleaved rounds, rotating the order, so drift on the shared machine hits every server alike.
    for (let round = 0; round < runs; round++) {
      for (let i = 0; i < targets.length; i++) {
        const t = targets[(round + i) % targets.length] as Target;
        ctx.log(`mock: round ${round + 1}/${runs} ${t.name} ${durationSeconds}s`);
        t.runs.push(await load(t.url, settings, t.pid));
      }
    }
    for (const t of targets) {
      const problems = await checkDeleteAnswer(t.url, init);
      if (problems.length > 0)
        notes.push(`${t.name}: answer after load differs from the spec: ${problems.join('; ')}`);
      const failed = t.runs.reduce((n, r) => n + r.non2xx + r.errors, 0);
      if (failed > 0)
        notes.push(`${t.name}: ${failed} non-2xx responses or errors under load (the run is not valid).`);
    }

    const stats = (await sandbox.ask('stats')) as {
      requests: number;
      selfCheckFailures: number;
      crashes: number;
    };
    const sentToSandbox = targets[1]?.runs.reduce((n, r) => n + r.total, 0) ?? 0;
    const [bareT, sandboxT, prismT] = targets as [Target, Target, Target];
    const thr = (t: Target) => t.runs.map((r) => r.throughput);
    const failedRuns = (t: Target) => t.runs.reduce((n, r) => n + r.non2xx + r.errors, 0);
    const sandboxVsPrism = pairedRatio(thr(sandboxT), thr(prismT));
    const sandboxVsBare = pairedRatio(thr(sandboxT), thr(bareT));
    const figures: Figure[] = [
      figure('bare node:http', 'throughput', 'req/s', thr(bareT), { baseline: 'bare node:http', ratio: 1 }),
      figure('sandbox', 'throughput', 'req/s', thr(sandboxT), {
        baseline: 'bare node:http',
        ratio: sandboxVsBare,
        target: { text: '>= 0.5x bare node:http', met: sandboxVsBare >= 0.5 && failedRuns(sandboxT) === 0 },
      }),
      figure('sandbox', 'throughput', 'req/s', thr(sandboxT), {
        baseline: 'Prism',
        ratio: sandboxVsPrism,
        target: { text: '>= 15x Prism', met: sandboxVsPrism >= 15 && failedRuns(sandboxT) === 0 },
      }),
      figure('Prism', 'throughput', 'req/s', thr(prismT), {
        baseline: 'bare node:http',
        ratio: pairedRatio(thr(prismT), thr(bareT)),
      }),
    ];
    for (const metric of ['p50', 'p99'] as const) {
      for (const t of targets) {
        const values = t.runs.map((r) => r[metric]);
        figures.push(
          figure(t.name, `${metric} latency`, 'ms', values, {
            baseline: 'bare node:http',
            ratio: pairedRatio(
              values,
              bareT.runs.map((r) => r[metric]),
            ),
          }),
        );
      }
    }
    // CPU per run: shows which side saturates (the server, or autocannon on the other core).
    for (const t of targets) {
      figures.push(
        figure(
          t.name,
          'server CPU (% of one core)',
          '%',
          t.runs.map((r) => r.serverCpu),
        ),
        figure(
          t.name,
          'load generator CPU (% of one core)',
          '%',
          t.runs.map((r) => r.loadCpu),
        ),
      );
    }
    figures.push(
      figure('sandbox', 'self-check failures', 'responses', [stats.selfCheckFailures], {
        target: {
          text: '0: every response validated against the spec',
          met: stats.selfCheckFailures === 0 && stats.crashes === 0,
        },
      }),
    );
    for (const t of targets) {
      figures.push(
        figure(
          t.name,
          'non-2xx + errors',
          'responses',
          t.runs.map((r) => r.non2xx + r.errors),
          {
            target: { text: '0 (every response 200 and valid)', met: failedRuns(t) === 0 },
          },
        ),
      );
    }
    notes.push(
      `Sandbox started with rateLimit ${JSON.stringify(BENCH_RATE_LIMIT)} (its documented startSandbox option) so the per-credential bucket never empties; its request and response validation stay on, and any response failing its own spec check would be a 500, counted above.`,
      `The sandbox counted ${stats.requests} requests in all (the measured rounds sent ${sentToSandbox}; the rest are warm-up and checks) and validated every response against the spec before sending it: ${stats.selfCheckFailures} self-check failures, ${stats.crashes} crashes.`,
      `CPU rows: user+system time of the server's process (from /proc) and of the bench process (autocannon) over each run, in % of one core. On this ${cpus().length}-core machine, when the server stays below 100% while autocannon is near it, the figure is bounded by the load generator: the bare server's throughput is then a floor of what it can serve, and ratios to it are as seen through this load generator (lower against an unbounded one).`,
      `Every server answered the benchmark request with a spec-valid 200 (status, body and documented headers, checked with src/spec) before and after the load.`,
    );
    return {
      id: 'mock-servers',
      title: 'Mock servers',
      method: `autocannon ${JSON.stringify({ connections, pipelining: 1, durationSeconds })} as a library, in the bench process; each server in its own process. Request: DELETE ${DELETE_PATH} with a valid sandbox bearer token (Prism and the bare server accept it too). Warm-up ${warmupSeconds}s per server, then ${runs} interleaved rounds (order rotated each round). Throughput = 2xx responses / run duration. Figures are medians of the rounds; ratios are medians of the per-round ratios.`,
      figures,
      notes,
    };
  } finally {
    await Promise.all(targets.map((t) => t.close().catch(() => undefined)));
  }
}
