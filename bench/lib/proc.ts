// Child processes for the benchmarks: timed command runs, and servers forked into their own process
// so the load generator and the server under test never share one event loop.
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (bench/lib/ is two levels down). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The outcome of one timed command. */
export interface TimedRun {
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `command args` to completion and measures wall time from spawn to exit. */
export function timeCommand(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<TimedRun> {
  return new Promise((done, fail) => {
    const start = process.hrtime.bigint();
    const child = spawn(command, args, {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.once('error', fail);
    child.once('close', (code) => {
      done({ ms: Number(process.hrtime.bigint() - start) / 1e6, code, stdout, stderr });
    });
  });
}

/** Like {@link timeCommand}, but rejects with the command's output when it exits non-zero. */
export async function timeCommandOk(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<TimedRun> {
  const run = await timeCommand(command, args, options);
  if (run.code !== 0) {
    throw new Error(
      `bench: \`${[command, ...args].join(' ')}\` exited ${run.code}:\n${(run.stderr || run.stdout).slice(-2000)}`,
    );
  }
  return run;
}

/** A server running in a forked child process. */
export interface ChildServer {
  url: string;
  /** Anything else the child reported when it was ready (e.g. credentials for the benchmark). */
  info: Record<string, unknown>;
  pid: number;
  /** Sends `{ ask: question }` over IPC and resolves with the child's `{ answer }`. */
  ask(question: string): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * Forks `entry` (a TypeScript file run through tsx) and waits for it to send `{ url, ...info }` over
 * IPC. The child must close itself on the `'close'` IPC message or on SIGTERM.
 */
export function forkServer(
  entry: string,
  args: readonly string[] = [],
  timeoutMs = 20_000,
): Promise<ChildServer> {
  const child: ChildProcess = fork(resolve(ROOT, entry), [...args], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const onParentExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', onParentExit);
  const close = async (): Promise<void> => {
    process.removeListener('exit', onParentExit);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      void close().then(() => fail(new Error(`bench: ${entry} did not report ready within ${timeoutMs} ms`)));
    }, timeoutMs);
    child.once('message', (message: { url?: string; error?: string } & Record<string, unknown>) => {
      clearTimeout(timer);
      if (typeof message.url !== 'string') {
        void close().then(() =>
          fail(new Error(`bench: ${entry} failed to start: ${message.error ?? 'no url'}`)),
        );
        return;
      }
      const { url, ...info } = message;
      const ask = (question: string): Promise<unknown> =>
        new Promise((answered) => {
          const onMessage = (reply: { answer?: unknown; to?: string }) => {
            if (reply.to !== question) return;
            child.off('message', onMessage);
            answered(reply.answer);
          };
          child.on('message', onMessage);
          child.send({ ask: question });
        });
      done({ url, info, pid: child.pid ?? -1, ask, close });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`bench: ${entry} exited with ${code} before it was ready`));
    });
  });
}

/** Polls `probe` until it returns true; resolves with the milliseconds since `start`. */
export async function pollUntil(
  start: bigint,
  probe: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return Number(process.hrtime.bigint() - start) / 1e6;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`bench: ${what} gave no successful response within ${timeoutMs} ms`);
}
