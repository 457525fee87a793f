// Port checks for the commands that start servers: find a busy port before doing any slow work, and
// say which flag or environment variable moves it.
import { createServer } from 'node:net';

/** Resolves true when `port` on `host` is already bound by another process (EADDRINUSE). */
export function portInUse(port: number, host: string): Promise<boolean> {
  if (port === 0) return Promise.resolve(false);
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') done(true);
      else fail(error);
    });
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => done(false)));
  });
}

/** One server a command is about to start, and how its user moves it elsewhere. */
export interface PlannedServer {
  /** What it is, e.g. `the sandbox`. */
  what: string;
  port: number;
  host: string;
  /** The flag and variable that choose the port, e.g. `--port / SANDBOX_PORT`. */
  fix: string;
}

/** One line per busy port (empty when all are free), e.g. `port 4020 on 127.0.0.1 (the sandbox) is in use: ...`. */
export async function busyPorts(servers: readonly PlannedServer[]): Promise<string[]> {
  const busy = await Promise.all(servers.map((server) => portInUse(server.port, server.host)));
  return servers
    .filter((_, i) => busy[i])
    .map(
      (s) =>
        `port ${s.port} on ${s.host} (${s.what}) is already in use: stop the other server or pick another port with ${s.fix}.`,
    );
}
