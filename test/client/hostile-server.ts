// A misbehaving node:http server for the client's hostile-server tests: the first path segment
// picks the behaviour (`/redirect-307/customers/...`), and a second server on another port (so
// another origin) records anything that reaches it. Both listen on 127.0.0.1 on free ports.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A token the server issues: JWS-shaped, as the spec documents it. */
export const ISSUED_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJob3N0aWxlIn0.c2VjcmV0VG9rZW5QYXJ0MTIzNDU2Nzg';

/** One request as a server saw it. */
export interface Hit {
  behaviour: string;
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface HostileServers {
  /** Base URL of the hostile server for a behaviour, e.g. `${base('redirect-307')}` + `/customers/x`. */
  base(behaviour: string): string;
  /** The other origin's base URL (redirect target). */
  otherOrigin: string;
  hits: Hit[];
  otherHits: Hit[];
  /** Called when the hostile server receives a request, before it answers. */
  onRequest: ((hit: Hit) => void) | undefined;
  /** How many response bytes the hostile server managed to write per behaviour. */
  written: Map<string, number>;
  close(): Promise<void>;
}

const CUSTOMER = JSON.stringify({
  success: true,
  message: 'Business customer deleted successfully',
  customerId: 'cus_abc123xyz789',
});

function tokenBody(): string {
  return JSON.stringify({
    accessToken: ISSUED_TOKEN,
    tokenType: 'bearer',
    expiresIn: 3600,
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => resolve(body));
    req.on('error', () => resolve(body));
  });
}

/** Writes `chunk` until `total` bytes (Infinity = forever) or the client goes away, honouring backpressure. */
function pump(res: ServerResponse, chunk: Buffer, total: number, count: (n: number) => void): void {
  let sent = 0;
  let stopped = false;
  res.on('close', () => {
    stopped = true;
  });
  const more = () => {
    while (!stopped && sent < total) {
      const piece = total - sent < chunk.length ? chunk.subarray(0, total - sent) : chunk;
      sent += piece.length;
      count(piece.length);
      if (!res.write(piece)) {
        res.once('drain', more);
        return;
      }
    }
    if (!stopped) res.end();
  };
  more();
}

function json(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'X-Request-Id': 'req_hostile', ...headers });
  res.end(body);
}

/** Starts both servers; close() stops them and every open connection. */
export async function startHostileServers(): Promise<HostileServers> {
  const hits: Hit[] = [];
  const otherHits: Hit[] = [];
  const written = new Map<string, number>();
  const sockets = new Set<Socket>();
  let port = 0;
  let otherPort = 0;
  const state: HostileServers = {
    base: (behaviour) => `http://127.0.0.1:${port}/${behaviour}`,
    otherOrigin: '',
    hits,
    otherHits,
    onRequest: undefined,
    written,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await Promise.all([stop(hostile), stop(other)]);
    },
  };
  const count = (behaviour: string) => (n: number) =>
    written.set(behaviour, (written.get(behaviour) ?? 0) + n);

  const other = createServer(async (req, res) => {
    otherHits.push({
      behaviour: 'other',
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body: await readBody(req),
    });
    json(res, 200, req.url?.includes('/auth/token') ? tokenBody() : CUSTOMER);
  });

  const hostile = createServer(async (req, res) => {
    const url = req.url ?? '/';
    const [, behaviour = '', ...rest] = url.split('/');
    const path = `/${rest.join('/')}`;
    const hit: Hit = {
      behaviour,
      method: req.method ?? '',
      url,
      headers: req.headers,
      body: await readBody(req),
    };
    hits.push(hit);
    state.onRequest?.(hit);
    const isToken = path.startsWith('/auth/token');
    const redirect = /^redirect-(\d{3})(-same)?$/.exec(behaviour);
    if (redirect) {
      const target = redirect[2] ? `/ok${path}` : `${state.otherOrigin}${path}`;
      res.writeHead(Number(redirect[1]), { Location: target, 'X-Request-Id': 'req_redirect' });
      res.end();
      return;
    }
    if (isToken && !behaviour.startsWith('token-')) {
      json(res, 200, tokenBody());
      return;
    }
    switch (behaviour) {
      case 'ok':
        json(res, 200, CUSTOMER);
        return;
      case 'endless-body':
        res.writeHead(200, { 'Content-Type': 'application/json' });
        pump(res, Buffer.alloc(64 * 1024, 0x20), Number.POSITIVE_INFINITY, count(behaviour));
        return;
      case 'slow-body': {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write('{"success":');
        const timer = setInterval(() => res.write(' '), 20);
        res.on('close', () => clearInterval(timer));
        return;
      }
      case 'huge-body':
        res.writeHead(200, {
          'Content-Type': 'application/json',
          'Content-Length': String(600 * 1024 * 1024),
        });
        pump(res, Buffer.alloc(256 * 1024, 0x20), 600 * 1024 * 1024, count(behaviour));
        return;
      case 'reset-mid-body':
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
        res.write('{"success":');
        setImmediate(() => res.socket?.destroy());
        return;
      case 'invalid-json':
        json(res, 200, '{"success": true, broken');
        return;
      case 'retry-after-huge':
        json(res, 429, JSON.stringify({ message: 'slow down', code: 'rate_limited' }), {
          'Retry-After': '999999',
        });
        return;
      case 'retry-after-past':
        json(res, 503, JSON.stringify({ message: 'unavailable' }), {
          'Retry-After': 'Wed, 21 Oct 2015 07:28:00 GMT',
        });
        return;
      case 'unavailable':
        json(res, 503, JSON.stringify({ message: 'unavailable' }));
        return;
      case 'unauthorized':
        json(res, 401, JSON.stringify({ message: `token ${ISSUED_TOKEN} refused`, code: 'unauthorized' }), {
          'WWW-Authenticate': 'Bearer error="invalid_token"',
        });
        return;
      case 'token-empty':
        json(res, 200, '{}');
        return;
      case 'token-null':
        json(res, 200, '{"accessToken": null}');
        return;
      case 'token-crlf':
        json(
          res,
          200,
          JSON.stringify({
            accessToken: `${ISSUED_TOKEN}\r\nX-Injected: 1`,
            tokenType: 'bearer',
            expiresIn: 3600,
            expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
          }),
        );
        return;
      case 'header-crlf': {
        // node:http refuses to write such a header, so write the response by hand.
        const socket = res.socket;
        res.detachSocket(socket as Socket);
        socket?.end(
          `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Request-Id: req_\r${ISSUED_TOKEN}\r\nContent-Length: ${CUSTOMER.length}\r\n\r\n${CUSTOMER}`,
        );
        return;
      }
      default:
        json(res, 404, JSON.stringify({ message: `no behaviour ${behaviour}`, code: 'not_found' }));
    }
  });
  hostile.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  other.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  port = await listen(hostile);
  otherPort = await listen(other);
  state.otherOrigin = `http://127.0.0.1:${otherPort}`;
  return state;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
