// The mutation harness: a mutant is a wrapper around a server function, `(inner) => handler`,
// that breaks one rule of the spec (it may keep state, rewrite requests, rewrite responses). A small
// node:http bridge on 127.0.0.1 serves any handler, so the conformance suite and Schemathesis test
// the very same mutant over HTTP. `inner` is a real sandbox behind fetch; switching to an
// in-process sandbox is `sandboxInner`.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';

/** A server as a function: the shape every mutant wraps. */
export type Handler = (request: Request) => Promise<Response>;
/** A deliberate deviation from the spec. */
export type Wrapper = (inner: Handler) => Handler;

/** Hop-by-hop and framing headers the bridge never copies (RFC 9110, section 7.6.1). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'host',
  'upgrade',
  'proxy-connection',
  'te',
  'trailer',
]);

/** A handler that forwards every request to a server at `baseUrl` (a real sandbox). */
export function forwardTo(baseUrl: string): Handler {
  return async (request) => {
    const url = new URL(request.url);
    const headers = new Headers();
    request.headers.forEach((value, name) => {
      if (!HOP_BY_HOP.has(name)) headers.set(name, value);
    });
    const body =
      request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
    return fetch(`${baseUrl}${url.pathname}${url.search}`, {
      method: request.method,
      headers,
      ...(body !== undefined && body.byteLength > 0 && { body }),
      redirect: 'manual',
    });
  };
}

/** The handler of a sandbox: its in-process `fetch` (the same engine its HTTP adapter serves). */
export function sandboxInner(sandbox: Sandbox): Handler {
  return (request) => sandbox.fetch(request);
}

function toRequest(req: IncomingMessage, origin: string, body: Buffer): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const bodyless = req.method === 'GET' || req.method === 'HEAD';
  return new Request(`${origin}${req.url ?? '/'}`, {
    method: req.method ?? 'GET',
    headers,
    ...(!bodyless && body.length > 0 && { body: new Uint8Array(body) }),
  });
}

/** A running bridge: its URL, how many requests it has served and when each arrived, and close(). */
export interface Bridge {
  url: string;
  readonly requests: number;
  /** Arrival time of each request, in ms since the epoch, in order. */
  readonly arrivals: readonly number[];
  close(): Promise<void>;
}

/** Passes a request on to `baseUrl` byte for byte (for methods a WHATWG Request cannot carry). */
function passThrough(req: IncomingMessage, res: ServerResponse, body: Buffer, baseUrl: string): void {
  const target = new URL(baseUrl);
  const forward = httpRequest(
    { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  forward.on('error', (error) => res.writeHead(502).end(`bridge: ${error.message}`));
  forward.end(body);
}

/**
 * Serves `handler` on a free port of 127.0.0.1, converting node:http to WHATWG Request/Response.
 * Fetch forbids some methods (TRACE, CONNECT, TRACK): those go to `passThroughTo` unchanged when
 * given (no wrapper sees them), else they get a 502.
 */
export async function serve(handler: Handler, passThroughTo?: string): Promise<Bridge> {
  const arrivals: number[] = [];
  const server = createServer((req, res) => {
    arrivals.push(Date.now());
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
        let request: Request;
        try {
          request = toRequest(req, origin, body);
        } catch (error) {
          if (passThroughTo) passThrough(req, res, body, passThroughTo);
          else
            res.writeHead(502, { 'Content-Type': 'text/plain' }).end(`bridge: ${(error as Error).message}`);
          return;
        }
        try {
          const response = await handler(request);
          const answer = Buffer.from(await response.arrayBuffer());
          const headers: Record<string, string> = {};
          response.headers.forEach((value, name) => {
            if (!HOP_BY_HOP.has(name)) headers[name] = value;
          });
          res.writeHead(response.status, headers).end(answer);
        } catch (error) {
          // A bug in a wrapper must show, not hang.
          res.writeHead(502, { 'Content-Type': 'text/plain' }).end(`bridge: ${(error as Error).message}`);
        }
      })();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get requests() {
      return arrivals.length;
    },
    arrivals,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** A new Response with `body` (JSON) and the status and headers of `response`, minus framing. */
export function jsonResponse(response: Response, body: unknown, status = response.status): Response {
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(JSON.stringify(body), { status, headers });
}

/** `response` with its JSON body rewritten by `edit` (non-JSON bodies pass through). */
export async function editJson(
  response: Response,
  edit: (body: Record<string, unknown>) => unknown,
): Promise<Response> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return new Response(text, { status: response.status, headers: response.headers });
  }
  return jsonResponse(response, edit(body as Record<string, unknown>));
}

/** `response` with its headers rewritten by `edit` (same body). */
export async function editHeaders(response: Response, edit: (headers: Headers) => void): Promise<Response> {
  const headers = new Headers(response.headers);
  edit(headers);
  headers.delete('content-length');
  return new Response(await response.arrayBuffer(), { status: response.status, headers });
}

/** Keeps `count` sandboxes and lends each to one task at a time, reset to the fixtures and full quotas. */
export async function sandboxPool(count: number, options: Parameters<typeof startSandbox>[0] = {}) {
  const free: Sandbox[] = await Promise.all(
    Array.from({ length: count }, () => startSandbox({ port: 0, log: () => undefined, ...options })),
  );
  const all = [...free];
  const waiting: ((sandbox: Sandbox) => void)[] = [];
  return {
    async use<T>(task: (sandbox: Sandbox) => Promise<T>): Promise<T> {
      const sandbox = free.pop() ?? (await new Promise<Sandbox>((give) => waiting.push(give)));
      sandbox.store.reset();
      sandbox.resetRateLimits();
      try {
        return await task(sandbox);
      } finally {
        const next = waiting.shift();
        if (next) next(sandbox);
        else free.push(sandbox);
      }
    },
    sandboxes: all,
    close: () => Promise.all(all.map((s) => s.close())).then(() => undefined),
  };
}
