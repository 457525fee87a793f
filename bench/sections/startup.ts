// Startup: time from process start to the first successful response, for the sandbox (compiled to
// JavaScript through tsx and through npm), Prism, and a bare node:http floor.
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort } from '../../src/mock/prism.js';
import type { BenchContext } from '../lib/context.js';
import { deletingKey } from '../lib/demo-key.js';
import { pollUntil, ROOT } from '../lib/proc.js';
import { type Figure, figure, type Section } from '../lib/results.js';
import { median, pairedRatio } from '../lib/stats.js';

/** One way of starting a server: the command, given a free port. */
interface Starter {
  subject: string;
  command(port: number): [string, string[]];
  runs: number[];
  target?: boolean;
}

const BARE_SERVER =
  "require('node:http').createServer((q,s)=>{q.resume();q.on('end',()=>{s.writeHead(200,{'content-type':'application/json'});s.end('{}')})}).listen(+process.argv[1],'127.0.0.1')";

/**
 * Spawns `command` (in its own process group) and polls `POST /auth/token` with the demo key every
 * 5 ms until it answers 200; returns the milliseconds from spawn, then kills the whole group.
 */
export async function timeToFirstResponse(
  command: [string, string[]],
  port: number,
  body: string,
): Promise<number> {
  const start = process.hrtime.bigint();
  const child: ChildProcess = spawn(command[0], command[1], {
    cwd: ROOT,
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, NO_COLOR: '1' },
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  try {
    return await pollUntil(
      start,
      async () => {
        if (child.exitCode !== null)
          throw new Error(`bench: \`${command.flat().join(' ')}\` exited ${child.exitCode}`);
        const res = await fetch(`http://127.0.0.1:${port}/auth/token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body,
          signal: AbortSignal.timeout(2000),
        });
        await res.arrayBuffer();
        return res.status === 200;
      },
      30_000,
      command.flat().join(' '),
    );
  } finally {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    await exited;
  }
}

/** Runs section 5. */
export async function startup(ctx: BenchContext): Promise<Section> {
  const { sandboxRuns, prismRuns } = ctx.config.startup;
  const key = deletingKey();
  const body = JSON.stringify({ apiKey: key.apiKey, apiSecret: key.apiSecret });
  const starters: Starter[] = [
    {
      subject: 'bare node:http (floor)',
      command: (p) => [process.execPath, ['-e', BARE_SERVER, String(p)]],
      runs: [],
    },
    {
      subject: 'sandbox, npm run sandbox',
      command: (p) => ['npm', ['run', '--silent', 'sandbox', '--', '--port', String(p)]],
      runs: [],
      target: true,
    },
    {
      subject: 'sandbox, node --import tsx scripts/sandbox.ts (what npm runs)',
      command: (p) => [process.execPath, ['--import', 'tsx', 'scripts/sandbox.ts', '--port', String(p)]],
      runs: [],
      target: true,
    },
    {
      subject: 'Prism (prism mock openapi.yaml)',
      command: (p) => [
        resolve(ROOT, 'node_modules/.bin/prism'),
        ['mock', resolve(ROOT, 'openapi.yaml'), '-h', '127.0.0.1', '-p', String(p)],
      ],
      runs: [],
    },
  ];
  const floor = starters[0] as Starter;
  const prism = starters[starters.length - 1] as Starter;
  // One unmeasured start of each warms the file cache and tsx's transpile cache.
  for (const s of starters) {
    const port = await freePort();
    await timeToFirstResponse(s.command(port), port, body);
  }
  const rounds = Math.max(sandboxRuns, prismRuns);
  for (let r = 0; r < rounds; r++) {
    for (const s of starters) {
      if (s === prism && r >= prismRuns) continue;
      if (s !== prism && r >= sandboxRuns) continue;
      const port = await freePort();
      ctx.log(`startup: round ${r + 1}/${rounds} ${s.subject}`);
      s.runs.push(await timeToFirstResponse(s.command(port), port, body));
    }
  }
  const figures: Figure[] = [];
  for (const s of starters) {
    const vsPrism = s === prism ? 1 : pairedRatio(s.runs.slice(0, prismRuns), prism.runs);
    const f = figure(s.subject, 'start to first 200', 'ms', s.runs, {
      baseline: 'Prism',
      ratio: vsPrism,
      ...(s.target && { target: { text: '< 500 ms', met: median(s.runs) < 500 } }),
    });
    figures.push(f);
  }
  figures.push(
    ...starters
      .filter((s) => s !== floor)
      .map((s) =>
        figure(s.subject, 'start to first 200', 'ms', s.runs, {
          baseline: 'bare node:http (floor)',
          ratio: pairedRatio(s.runs, floor.runs),
        }),
      ),
  );
  return {
    id: 'startup',
    title: 'Startup',
    method: `From spawn() to the first 200 answer to POST /auth/token with the first demo key (the same request for every server; Prism answers its example), polled every 5 ms. Each run uses a fresh free port and kills the process group after. One unmeasured start of each first (warms the file cache and tsx's transpile cache; a user's second \`npm run sandbox\` gets the same); then ${sandboxRuns} runs of the sandbox and bare floor, ${prismRuns} of Prism, interleaved. The sandbox rows are what npm runs (\`node --import tsx scripts/sandbox.ts\`) and what a person runs (\`npm run sandbox\`, npm on top); both are held to the target.`,
    figures,
    notes: [],
  };
}
