// Starts the real Prism CLI (`prism mock`, request validation on by default) from node_modules on a
// local port, waits until Prism itself logs that it listens, and kills its whole process group on close.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { portInUse } from '../cli/ports.js';

/** Options of {@link startPrism}. */
export interface PrismOptions {
  /** Port to listen on; 0 or omitted picks a free port. */
  port?: number;
  /** Host to bind; default 127.0.0.1 (never bind wider by accident). */
  host?: string;
  /** The OpenAPI document; default the repository's openapi.yaml. */
  specPath?: string;
  /** How long to wait for Prism to answer, in milliseconds; default 30 000. */
  startTimeoutMs?: number;
  /** Receives Prism's log lines (stdout and stderr); default: kept only for error messages. */
  onLog?: (line: string) => void;
}

/** A running Prism mock. */
export interface PrismServer {
  /** Base URL, e.g. `http://127.0.0.1:4010` (no trailing slash). */
  url: string;
  /** Process id of the Prism CLI (the leader of its own process group). */
  pid: number;
  /** Stops Prism and every process it started; resolves once it has exited. Safe to call twice. */
  close(): Promise<void>;
  /**
   * Settles when the Prism process exits for any reason (crash, kill, or {@link PrismServer.close}),
   * with its exit code or signal, so a long-running caller can notice a mock that died.
   */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Prism's most recent log lines (at most 50), for error messages. */
  lastLog(): string[];
}

/**
 * The line Prism 5.14.2 logs once its HTTP server is bound (prism-cli dist/util/createServer.js:
 * `Prism is listening on ${address}`, printed after `server.listen` resolved). Any other answer on
 * the port proves nothing: another server may hold it while Prism dies with EADDRINUSE.
 */
export const PRISM_LISTENING = /Prism is listening on (\S+)/;

/** Strips ANSI colour sequences (Prism colours its log even when asked not to, in some terminals). */
function plain(line: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts every ANSI sequence.
  return line.replace(/\u001b\[[0-9;]*m/g, '');
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PRISM_BIN = resolve(ROOT, 'node_modules', '.bin', 'prism');

/** Asks the kernel for a free TCP port on `host` (bind to port 0, read it, release it). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** URL host part: IPv6 literals need brackets (RFC 3986, section 3.2.2). */
function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    // Negative pid = the whole process group (the child is spawned detached, so it leads one).
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // Already gone.
    }
  }
}

/**
 * Starts `prism mock <spec> -h <host> -p <port>` and resolves once Prism logs that it listens on
 * that port ({@link PRISM_LISTENING}); rejects, naming the port and the fix, when Prism exits first.
 * Works offline: the spec is a local file and Prism fetches nothing.
 */
export async function startPrism(options: PrismOptions = {}): Promise<PrismServer> {
  const host = options.host ?? '127.0.0.1';
  const specPath = resolve(options.specPath ?? resolve(ROOT, 'openapi.yaml'));
  if (!existsSync(PRISM_BIN)) {
    throw new Error(
      `Prism is not installed (${PRISM_BIN} is missing): run npm ci (it installs @stoplight/prism-cli).`,
    );
  }
  if (!existsSync(specPath)) {
    throw new Error(`${specPath}: no such file. Pass the spec's path (--spec PATH).`);
  }
  const port = options.port ? options.port : await freePort(host);
  const url = `http://${urlHost(host)}:${port}`;
  // Prism answers a busy port with its whole yargs help; find it first and say it in one line.
  if (options.port && (await portInUse(port, host))) throw new Error(portBusy(port, host));
  const log: string[] = [];
  const child = spawn(PRISM_BIN, ['mock', specPath, '-h', host, '-p', String(port)], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  let listening: (() => void) | undefined;
  const ready = new Promise<void>((done) => {
    listening = done;
  });
  const onData = (chunk: Buffer): void => {
    for (const raw of chunk.toString('utf8').split('\n')) {
      const line = plain(raw);
      if (!line.trim()) continue;
      log.push(line);
      if (log.length > 50) log.shift();
      options.onLog?.(line);
      const address = PRISM_LISTENING.exec(line)?.[1];
      // Prism prints the address it bound; it must be our port (not a stale line of another run).
      if (address?.replace(/\/+$/, '').endsWith(`:${port}`)) listening?.();
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  // If this process dies first, do not leave an orphaned mock holding the port.
  const onParentExit = (): void => killGroup(child, 'SIGKILL');
  process.once('exit', onParentExit);

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      process.removeListener('exit', onParentExit);
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    })();
    return closing;
  };

  const timeoutMs = options.startTimeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    ready.then(() => 'ready' as const),
    exited.then((how) => `it exited (${how.signal ?? `code ${how.code}`}) before listening` as const),
    new Promise<string>((done) => {
      timer = setTimeout(() => done(`it did not log "Prism is listening" within ${timeoutMs} ms`), timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  if (outcome === 'ready') return { url, pid: child.pid ?? -1, close, exited, lastLog: () => [...log] };
  await close();
  // Taken between the check above and Prism's bind.
  if (log.some((line) => line.includes('EADDRINUSE'))) throw new Error(portBusy(port, host));
  const useful = log.filter((line) => !YARGS_HELP.test(line)).slice(-10);
  throw new Error(
    `Prism did not start on ${url}: ${outcome}. Is openapi.yaml valid (npm run lint:spec)?` +
      (useful.length > 0 ? ` Prism said:\n${useful.join('\n')}` : ''),
  );
}

function portBusy(port: number, host: string): string {
  return `Port ${port} on ${host} is already in use (EADDRINUSE): stop the other server or pick another port (--port / MOCK_PORT).`;
}

/** Lines of the usage text Prism's argument parser prints after any start-up error; they say nothing here. */
const YARGS_HELP =
  /^(\s+(-\w, )?--[\w-]+\s|\s{20,}\S|Options:|Positionals:|Commands:|prism mock |\s+(document|path)\s)/;
