// startSandbox: the engine behind node:http. This adapter only translates: IncomingMessage -> Incoming,
// Outgoing -> ServerResponse; plus the transport's own concerns: connection limits (connection.ts),
// keep-alive, and draining in-flight requests on close.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { createLimitedServer } from './connection.js';
import { createEngine, type Incoming, type Outgoing, type SandboxOptions } from './engine.js';
import { fetchOf, type InProcessSandbox } from './sandbox.js';
import { DEFAULT_DOCS_DIR, serveStatic } from './static.js';

/** Options of `startSandbox`: the engine's, plus where and how to listen. */
export interface StartSandboxOptions extends SandboxOptions {
  /** Port; 0 picks a free one. Default 4020. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** Longest time a client may take to send a whole request (slow clients get 408). Default 15000 ms. */
  requestTimeoutMs?: number;
  /** How long `close()` waits for in-flight requests before cutting connections. Default 5000 ms. */
  drainTimeoutMs?: number;
  /**
   * Serves `wrap(sandbox.fetch)` instead of the engine directly, e.g. a test's deliberately broken
   * variant. Requests then cross WHATWG Request/Response objects, which costs throughput.
   */
  wrap?: (inner: FetchHandler) => FetchHandler;
}

/** A function from a WHATWG Request to a Response, like `sandbox.fetch`. */
export type FetchHandler = (request: Request) => Promise<Response>;

/** A sandbox listening on HTTP; its `fetch` reaches the same state without a socket. */
export interface Sandbox extends InProcessSandbox {
  /** Base URL, e.g. `http://127.0.0.1:4020` (the API is also served under `/v0.9`). */
  url: string;
  /** Stops accepting connections, lets in-flight requests finish (up to drainTimeoutMs), then resolves. */
  close(): Promise<void>;
}

/** Starts a sandbox on HTTP; resolves once it listens. Rejects on bad options or a busy port. */
export async function startSandbox(options: StartSandboxOptions = {}): Promise<Sandbox> {
  const docsDir = options.docsDir ?? DEFAULT_DOCS_DIR;
  const engine = createEngine(options, (path, headers) => serveStatic(path, docsDir, headers));
  let closing = false;

  const fetch = fetchOf(engine);
  const wrapped = options.wrap?.((request) => fetch(request));

  const server = createLimitedServer(options.requestTimeoutMs ?? 15_000, (req, res) => {
    if (wrapped) {
      serveWrapped(wrapped, req, res, () => closing, options.log);
      return;
    }
    engine.serve(new NodeIncoming(req, res)).then(
      (out) => {
        if (out) write(res, out, closing, req.method === 'HEAD');
      },
      // serve() answers its own exceptions; this only guards against a broken socket.
      () => res.destroy(),
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4020, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closed: Promise<void> | undefined;

  return {
    url: `http://${host}:${address.port}`,
    store: engine.store,
    stats: engine.stats,
    resetRateLimits: engine.resetRateLimits,
    reset() {
      engine.store.reset();
      engine.resetRateLimits();
    },
    fetch,
    close() {
      // Idempotent: every caller waits for the same drain.
      closed ??= new Promise<void>((resolve) => {
        closing = true;
        server.close(() => resolve());
        server.closeIdleConnections();
        // In-flight requests get drainTimeoutMs to finish; then their connections are cut.
        const force = setTimeout(() => server.closeAllConnections(), options.drainTimeoutMs ?? 5000);
        force.unref();
        server.once('close', () => clearTimeout(force));
      });
      return closed;
    },
  };
}

/** The engine's view of a node:http request (a class: no closures to allocate per request). */
class NodeIncoming implements Incoming {
  readonly method: string;
  readonly target: string;
  readonly address: string | undefined;
  readonly hasBody: boolean;
  private controller: AbortController | undefined;

  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
  ) {
    const { headers } = req;
    this.method = req.method ?? 'GET';
    this.target = req.url ?? '/';
    this.address = req.socket.remoteAddress;
    // RFC 9112, section 6.3: a body is announced by Content-Length or Transfer-Encoding.
    this.hasBody =
      (headers['content-length'] !== undefined && headers['content-length'] !== '0') ||
      headers['transfer-encoding'] !== undefined;
  }

  header(name: string): string | undefined {
    const value = this.req.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  }

  readBody(limit: number): Promise<string | undefined> {
    return readNodeBody(this.req, this.res, limit);
  }

  // Made on first use only (an injected delay), so ordinary requests pay nothing for it.
  get signal(): AbortSignal {
    if (!this.controller) {
      const controller = new AbortController();
      this.controller = controller;
      const { res } = this;
      res.once('close', () => {
        if (!res.writableFinished) controller.abort();
      });
      if (res.destroyed) controller.abort();
    }
    return this.controller.signal;
  }
}

/** Serves one request through a fetch-style handler: IncomingMessage -> Request, Response -> ServerResponse. */
function serveWrapped(
  handler: FetchHandler,
  req: IncomingMessage,
  res: ServerResponse,
  closing: () => boolean,
  log: ((line: string) => void) | undefined,
): void {
  const run = async () => {
    const method = req.method ?? 'GET';
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const announced = headers.has('content-length') || headers.has('transfer-encoding');
    const controller = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    // The body streams through unread: the engine reads it within its own size limit.
    const init: RequestInit & { duplex?: 'half' } = { method, headers, signal: controller.signal };
    if (announced && method !== 'GET' && method !== 'HEAD') {
      init.body = Readable.toWeb(req) as ReadableStream<Uint8Array>;
      init.duplex = 'half';
    }
    const request = new Request(new URL(req.url ?? '/', 'http://sandbox.local'), init);
    const response = await handler(request);
    const body = Buffer.from(await response.arrayBuffer());
    const out: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      out[name] = value;
    });
    // A body the handler left unread keeps the connection from being reused.
    const close = announced && !req.readableEnded;
    write(res, { status: response.status, headers: out, body, close }, closing(), method === 'HEAD');
  };
  run().catch((error: unknown) => {
    if (res.destroyed) return;
    (log ?? console.error)(
      `sandbox: the wrapped handler failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    res.destroy();
  });
}

/** Reads at most `limit` bytes; undefined (and the connection marked for closing) when there are more. */
function readNodeBody(req: IncomingMessage, res: ServerResponse, limit: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const tooLarge = () => {
      // Answer at once and close the connection instead of reading what we will not use.
      res.shouldKeepAlive = false;
      resolve(undefined);
    };
    if (Number(req.headers['content-length'] ?? 0) > limit) return tooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) {
        settled = true;
        tooLarge();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    // A client that disconnects mid-body: nothing will be written to it anyway.
    req.on('error', () => {
      if (!settled) tooLarge();
      settled = true;
    });
  });
}

/**
 * Writes status, headers (plus Content-Length) and body once; a response already sent or a closed socket
 * is left alone, and while the sandbox closes it asks the client to drop the connection.
 */
function write(res: ServerResponse, out: Outgoing, closing: boolean, head: boolean): void {
  if (res.headersSent || res.destroyed) return;
  if (closing || out.close) res.shouldKeepAlive = false;
  out.headers['Content-Length'] = String(Buffer.byteLength(out.body));
  res.writeHead(out.status, out.headers);
  // For HEAD, node:http sends the headers (Content-Length of the GET) and drops the body.
  res.end(head ? undefined : out.body);
}
