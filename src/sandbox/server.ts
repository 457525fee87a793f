// The sandbox HTTP server on plain node:http: routing, request ids, rate limits, fault injection, CORS,
// the per-response self-check, transport limits and graceful shutdown. Operation logic is in handlers.ts.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type OperationSpec, operations } from '../spec/index.js';
import { anonymousBucket, type Credential, invalidTokenChallenge, resolveCredential } from './auth.js';
import { GATEWAY_STATUSES, parsePrefer } from './faults.js';
import { type Fixtures, loadDefaultFixtures } from './fixtures.js';
import type { HandlerContext } from './handlers.js';
import * as handlers from './handlers.js';
import { messages } from './messages.js';
import { anyMutation, type Mutations } from './mutations.js';
import { type RateDecision, RateLimiter, type RateLimitOptions } from './rate-limit.js';
import { requestIdFor } from './request-id.js';
import { checkErrorResponse, checkOperationResponse, type Outgoing } from './self-check.js';
import { DEFAULT_DOCS_DIR, serveStatic } from './static.js';
import { Store } from './store.js';
import { TokenIssuer } from './tokens.js';
import type { ErrorCode } from './types.js';

/** Options of `startSandbox`. Every one has a default that matches `npm run sandbox`. */
export interface SandboxOptions {
  /** Port; 0 picks a free one. Default 4020. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** Data to serve instead of src/sandbox/fixtures (validated the same way). */
  fixtures?: Fixtures;
  /** Lifetime of issued tokens, 1 to 3600 seconds. Default 3600 (the spec's `expiresIn`). */
  tokenTtlSeconds?: number;
  /** Token-bucket size and refill window per credential. Default 100 per 60 s. */
  rateLimit?: RateLimitOptions;
  /** Honour `Prefer: code=...` and `Prefer: delay=...`. Default true. */
  faults?: boolean;
  /** Upper bound of `Prefer: delay`, in ms. Default 10000. */
  maxDelayMs?: number;
  /** Test-only broken behaviours (see mutations.ts). */
  mutations?: Mutations;
  /** The clock, in ms since the epoch; inject one to expire tokens or refill buckets without waiting. */
  now?: () => number;
  /** Folder served at /docs. Default `docs/` at the repository root. */
  docsDir?: string;
  /** Longest time a client may take to send a whole request (slow clients get 408). Default 15000 ms. */
  requestTimeoutMs?: number;
  /** How long `close()` waits for in-flight requests before cutting connections. Default 5000 ms. */
  drainTimeoutMs?: number;
  /** Where bug reports (self-check failures, exceptions) go. Default console.error. */
  log?: (line: string) => void;
}

/** Counters a test can assert on. */
export interface SandboxStats {
  /** Requests received. */
  requests: number;
  /** Responses that failed the self-check and were replaced by a 500: must stay 0. */
  selfCheckFailures: number;
  /** Exceptions thrown while handling a request (answered 500): must stay 0. */
  crashes: number;
}

/** A running sandbox. */
export interface Sandbox {
  /** Base URL, e.g. `http://127.0.0.1:4020`. */
  url: string;
  /** The state behind the API: inspect retained records and the audit trail, or `reset()` it. */
  store: Store;
  /** Live counters. */
  stats: SandboxStats;
  /** Refills every rate-limit bucket (between test runs; `store.reset()` leaves quotas alone). */
  resetRateLimits(): void;
  /** Stops accepting connections, lets in-flight requests finish (up to drainTimeoutMs), then resolves. */
  close(): Promise<void>;
}

type Handler = (ctx: HandlerContext) => { status: number; body: unknown; headers?: Record<string, unknown> };

interface Route {
  op: OperationSpec;
  handler: Handler;
  acceptsApiKey: boolean;
  hasBody: boolean;
  statuses: string;
}

interface PathRoute {
  pattern: RegExp;
  template: string;
  byMethod: Map<string, Route>;
  allow: string;
}

const HANDLERS: Record<string, Handler> = {
  createAccessToken: handlers.createAccessToken,
  deleteCustomer: handlers.deleteCustomer,
  deleteBusinessCustomer: handlers.deleteBusinessCustomer,
};

// Browsers may only read these response headers cross-origin when exposed (Fetch standard, CORS protocol).
const EXPOSED = 'X-Request-Id, RateLimit, RateLimit-Policy, Retry-After, WWW-Authenticate';
const ALLOWED_REQUEST_HEADERS = 'Authorization, Content-Type, X-API-Key, X-Request-Id, X-Client, Prefer';
const MAX_BODY_BYTES = 8192;
// Request line plus headers (RFC 9110, section 15.5.20 lets a server refuse larger ones with 431).
const MAX_HEADER_BYTES = 16_384;

function buildRoutes(): PathRoute[] {
  const byPath = new Map<string, PathRoute>();
  for (const op of operations) {
    const handler = HANDLERS[op.operationId];
    if (!handler)
      throw new Error(
        `src/sandbox/server.ts: no handler for operation ${op.operationId}; add one to handlers.ts`,
      );
    let path = byPath.get(op.path);
    if (!path) {
      path = { pattern: op.pathPattern, template: op.path, byMethod: new Map(), allow: '' };
      byPath.set(op.path, path);
    }
    path.byMethod.set(op.method, {
      op,
      handler,
      acceptsApiKey: op.security.some((alternative) => alternative.includes('apiKeyAuth')),
      hasBody: op.requestBody !== undefined,
      statuses: [...op.responses.keys()].join(', '),
    });
    path.allow = [...path.byMethod.keys()].join(', ');
  }
  return [...byPath.values()];
}

/** Starts a sandbox; resolves once it listens. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const fixtures = options.fixtures ?? loadDefaultFixtures();
  const store = new Store(fixtures);
  const tokens = new TokenIssuer(options.tokenTtlSeconds ?? 3600);
  const limiter = new RateLimiter(options.rateLimit);
  const faults = options.faults ?? true;
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  const mutations: Mutations = { ...options.mutations };
  const mutated = anyMutation(mutations);
  const now = options.now ?? Date.now;
  const docsDir = options.docsDir ?? DEFAULT_DOCS_DIR;
  const log = options.log ?? ((line: string) => console.error(line));
  const routes = buildRoutes();
  const stats: SandboxStats = { requests: 0, selfCheckFailures: 0, crashes: 0 };
  let closing = false;

  const requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
  // connectionsCheckingInterval: how often Node enforces the timeouts below (its default is 30 s).
  const checkEveryMs = Math.min(1000, requestTimeoutMs);
  const server = createServer(
    { maxHeaderSize: MAX_HEADER_BYTES, connectionsCheckingInterval: checkEveryMs },
    (req, res) => {
      stats.requests++;
      const requestId = requestIdFor(req.headers['x-request-id']);
      try {
        dispatch(req, res, requestId);
      } catch (error) {
        crash(res, requestId, error);
      }
    },
  );
  // Slow clients (slowloris) are cut off; idle keep-alive sockets are reclaimed.
  server.headersTimeout = Math.min(10_000, requestTimeoutMs);
  server.requestTimeout = requestTimeoutMs;
  server.keepAliveTimeout = 5_000;
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const [status, reason, message] =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? [
            431,
            'Request Header Fields Too Large',
            `Request line and headers exceed ${MAX_HEADER_BYTES} bytes.`,
          ]
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'Request Timeout', 'The request was not received in time.']
          : [400, 'Bad Request', 'Malformed HTTP request.'];
    const requestId = requestIdFor(undefined);
    const body = JSON.stringify({ message, code: 'invalid_request', requestId });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  });

  function dispatch(req: IncomingMessage, res: ServerResponse, requestId: string): void {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query < 0 ? url : url.slice(0, query);
    const method = req.method ?? 'GET';
    const cors = req.headers.origin !== undefined;
    for (const candidate of routes) {
      const match = candidate.pattern.exec(path);
      if (!match) continue;
      const route = candidate.byMethod.get(method);
      if (route) {
        serveOperation(req, res, route, match.groups?.customerId ?? '', requestId, cors);
        return;
      }
      if (method === 'OPTIONS' && cors && req.headers['access-control-request-method'] !== undefined) {
        preflight(res, candidate.allow, requestId);
        return;
      }
      // RFC 9110, section 15.5.6: 405 names the supported methods in Allow.
      const rate = limiter.take(anonymousBucket(req.socket.remoteAddress), now());
      sendError(res, requestId, cors, 405, 'method_not_allowed', methodMessage(method, candidate), rate, {
        Allow: candidate.allow,
      });
      return;
    }
    if (method === 'GET' || method === 'HEAD') {
      serveStatic(path, docsDir).then(
        (found) => {
          if (found) {
            const headers: Record<string, string> = { ...found.headers, 'X-Request-Id': requestId };
            if (cors) headers['Access-Control-Allow-Origin'] = '*';
            // For HEAD, node:http sends the headers (Content-Length of the GET) and drops the body.
            write(res, found.status, headers, found.body);
          } else notFoundPath(req, res, requestId, cors, method, path);
        },
        (error: unknown) => crash(res, requestId, error),
      );
      return;
    }
    notFoundPath(req, res, requestId, cors, method, path);
  }

  function notFoundPath(
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
    cors: boolean,
    method: string,
    path: string,
  ): void {
    const rate = limiter.take(anonymousBucket(req.socket.remoteAddress), now());
    const shown = path.length > 100 ? `${path.slice(0, 100)}...` : path;
    const message = `Not found: no operation at ${method} ${shown.replace(/[^\x20-\x7E]/g, '?')}. The operations are listed at /openapi.json.`;
    sendError(res, requestId, cors, 404, 'invalid_request', message, rate);
  }

  function serveOperation(
    req: IncomingMessage,
    res: ServerResponse,
    route: Route,
    rawId: string,
    requestId: string,
    cors: boolean,
  ): void {
    const prefer = faults ? parsePrefer(req.headers.prefer, maxDelayMs) : {};
    let customerId = rawId;
    let badId = false;
    try {
      // RFC 3986, section 2.1: percent-encoded octets decode before validation.
      if (rawId.includes('%')) customerId = decodeURIComponent(rawId);
    } catch {
      badId = true;
    }
    // Runs later (after a delay or the body) outside dispatch's try, so it guards itself.
    const proceed = (body: unknown, bodyError: string | undefined) => {
      try {
        handle(body, bodyError);
      } catch (error) {
        crash(res, requestId, error);
      }
    };
    const handle = (body: unknown, bodyError: string | undefined) => {
      const at = now();
      const credential: Credential = route.hasBody
        ? tokenCredential(body, req.socket.remoteAddress)
        : resolveCredential(req.headers, route.acceptsApiKey, store, tokens, at, req.socket.remoteAddress);
      const rate = limiter.take(credential.bucket, at);
      if (!rate.allowed) {
        const headers: Record<string, string> = {};
        if (!mutations.omitRetryAfter) headers['Retry-After'] = String(rate.retryAfter);
        respond(
          res,
          route,
          requestId,
          cors,
          rate,
          429,
          errorBody(messages.rateLimited, 'rate_limited', requestId),
          headers,
        );
        return;
      }
      if (typeof prefer === 'string') {
        respond(res, route, requestId, cors, rate, 400, errorBody(prefer, 'invalid_request', requestId));
        return;
      }
      if (prefer.code !== undefined && prefer.code !== 200) {
        inject(res, route, requestId, cors, rate, prefer.code);
        return;
      }
      const ctx: HandlerContext = {
        requestId,
        now: at,
        customerId: badId ? '%' : customerId,
        body,
        credential,
        store,
        tokens,
        mutations,
      };
      if (bodyError !== undefined) ctx.bodyError = bodyError;
      const result = route.handler(ctx);
      respond(res, route, requestId, cors, rate, result.status, result.body, result.headers);
    };
    const start = () => {
      if (route.hasBody) readJsonBody(req, res, proceed);
      else if (hasRequestBody(req)) {
        // The deletes take no body (openapi.yaml, info "Methods, CORS and bodies"); do not read one.
        res.shouldKeepAlive = false;
        proceed(undefined, messages.deleteTakesNoBody);
      } else proceed(undefined, undefined);
    };
    const delay = typeof prefer === 'object' ? (prefer.delayMs ?? 0) : 0;
    if (delay > 0) {
      const timer = setTimeout(start, delay);
      res.on('close', () => clearTimeout(timer));
    } else start();
  }

  /** Bucket for a token exchange: the key it names when that key exists, else the caller's address. */
  function tokenCredential(body: unknown, address: string | undefined): Credential {
    const apiKey = (body as { apiKey?: unknown } | undefined)?.apiKey;
    const key = typeof apiKey === 'string' ? store.keyByApiKey(apiKey) : undefined;
    return key
      ? { ok: true, via: 'apiKey', key, bucket: `key:${key.id}` }
      : { ok: false, missing: true, message: '', challenge: '', bucket: anonymousBucket(address) };
  }

  function inject(
    res: ServerResponse,
    route: Route,
    requestId: string,
    cors: boolean,
    rate: RateDecision,
    code: number,
  ): void {
    const gateway = GATEWAY_STATUSES.has(code);
    if (!gateway && (!route.op.responses.has(code) || code < 400)) {
      const message = `Invalid Prefer header: code=${code} is not a documented error of ${route.op.operationId} (documented: ${route.statuses}; 502, 503 and 504 are also injectable).`;
      respond(res, route, requestId, cors, rate, 400, errorBody(message, 'invalid_request', requestId));
      return;
    }
    res.setHeader('Preference-Applied', `code=${code}`);
    const injected = `Injected by Prefer: code=${code}.`;
    const headers: Record<string, string> = {};
    let body = errorBody(`${messages.internalError} (${injected})`, 'internal_error', requestId);
    let limit = rate;
    if (code === 400) body = errorBody(`Invalid request (${injected})`, 'invalid_request', requestId);
    if (code === 401) {
      body = errorBody(`${messages.invalidToken} (${injected})`, 'unauthorized', requestId);
      headers['WWW-Authenticate'] = invalidTokenChallenge(injected);
    }
    if (code === 403) body = errorBody(`${messages.forbidden} (${injected})`, 'forbidden', requestId);
    if (code === 404) body = errorBody(messages.customerNotFound, 'customer_not_found', requestId);
    if (code === 429) {
      body = errorBody(messages.rateLimited, 'rate_limited', requestId);
      if (!mutations.omitRetryAfter) headers['Retry-After'] = '1';
      limit = { ...rate, rateLimit: rate.rateLimit.replace(/;r=\d+;/, ';r=0;') };
    }
    if (gateway)
      body = errorBody(`Service unavailable. ${injected} Retry with backoff.`, 'internal_error', requestId);
    respond(res, route, requestId, cors, limit, code, body, headers);
  }

  /** Adds the server headers, self-checks against the operation's documented response, and sends. */
  function respond(
    res: ServerResponse,
    route: Route,
    requestId: string,
    cors: boolean,
    rate: RateDecision,
    status: number,
    body: unknown,
    extra?: Record<string, unknown>,
  ): void {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Request-Id': requestId };
    // The spec puts rate-limit headers on 2xx and 4xx only.
    if (status < 500) {
      headers.RateLimit = rate.rateLimit;
      headers['RateLimit-Policy'] = limiter.policy;
    }
    if (cors) {
      headers['Access-Control-Allow-Origin'] = '*';
      headers['Access-Control-Expose-Headers'] = EXPOSED;
    }
    if (extra) for (const name in extra) headers[name] = String(extra[name]);
    if (mutations.omitRequestId) delete headers['X-Request-Id'];
    if (mutations.wrongContentType) headers['Content-Type'] = 'text/plain';
    // Injected gateway statuses are checked against the operation's 500, the closest documented shape.
    const documented = route.op.responses.get(GATEWAY_STATUSES.has(status) ? 500 : status);
    const out: Outgoing = { status, headers, body };
    const problems = checkOperationResponse(documented, out);
    if (problems.length > 0 && !mutated) {
      selfCheckFailed(`${route.op.operationId} ${status}`, problems, requestId);
      const fallback: Record<string, string> = {
        'Content-Type': 'application/json',
        'X-Request-Id': requestId,
      };
      if (cors) fallback['Access-Control-Allow-Origin'] = '*';
      write(
        res,
        500,
        fallback,
        JSON.stringify(errorBody(messages.internalError, 'internal_error', requestId)),
      );
      return;
    }
    write(res, status, headers, JSON.stringify(body));
  }

  function sendError(
    res: ServerResponse,
    requestId: string,
    cors: boolean,
    status: number,
    code: ErrorCode,
    message: string,
    rate: RateDecision,
    extra?: Record<string, string>,
  ): void {
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'X-Request-Id': requestId,
      RateLimit: rate.rateLimit,
      'RateLimit-Policy': limiter.policy,
      ...extra,
    };
    if (cors) {
      headers['Access-Control-Allow-Origin'] = '*';
      headers['Access-Control-Expose-Headers'] = EXPOSED;
    }
    if (mutations.omitRequestId) delete headers['X-Request-Id'];
    if (mutations.wrongContentType) headers['Content-Type'] = 'text/plain';
    const body = errorBody(message, code, requestId);
    const problems = checkErrorResponse({ status, headers, body });
    if (problems.length > 0 && !mutated) {
      selfCheckFailed(`${status} response`, problems, requestId);
      write(
        res,
        500,
        { 'Content-Type': 'application/json', 'X-Request-Id': requestId },
        JSON.stringify(errorBody(messages.internalError, 'internal_error', requestId)),
      );
      return;
    }
    write(res, status, headers, JSON.stringify(body));
  }

  function preflight(res: ServerResponse, allow: string, requestId: string): void {
    // Fetch standard, CORS protocol: a preflight answer names what the actual request may use.
    write(
      res,
      204,
      {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': allow,
        'Access-Control-Allow-Headers': ALLOWED_REQUEST_HEADERS,
        'Access-Control-Max-Age': '600',
        'X-Request-Id': requestId,
      },
      '',
    );
  }

  function write(
    res: ServerResponse,
    status: number,
    headers: Record<string, string>,
    body: string | Buffer,
  ): void {
    if (res.headersSent || res.destroyed) return;
    if (closing) res.shouldKeepAlive = false;
    headers['Content-Length'] = String(Buffer.byteLength(body));
    res.writeHead(status, headers);
    res.end(body);
  }

  function selfCheckFailed(what: string, problems: string[], requestId: string): void {
    stats.selfCheckFailures++;
    log(`sandbox bug: ${what} failed its own spec check (request ${requestId}): ${problems.join('; ')}`);
  }

  function crash(res: ServerResponse, requestId: string, error: unknown): void {
    stats.crashes++;
    log(
      `sandbox bug: request ${requestId} threw ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    write(
      res,
      500,
      { 'Content-Type': 'application/json', 'X-Request-Id': requestId },
      JSON.stringify(errorBody(messages.internalError, 'internal_error', requestId)),
    );
  }

  /** Reads at most MAX_BODY_BYTES of JSON; calls back once with the value or the 400 message. */
  function readJsonBody(
    req: IncomingMessage,
    res: ServerResponse,
    done: (body: unknown, error: string | undefined) => void,
  ): void {
    const type = req.headers['content-type'] ?? '';
    const media = type.split(';', 1)[0]?.trim().toLowerCase();
    const chunks: Buffer[] = [];
    let size = 0;
    let finished = false;
    const finish = (body: unknown, error: string | undefined) => {
      if (finished) return;
      finished = true;
      done(body, error);
    };
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      // Answer at once and close the connection instead of reading what we will not use.
      res.shouldKeepAlive = false;
      finish(undefined, messages.bodyTooLarge);
      return;
    }
    req.on('data', (chunk: Buffer) => {
      if (finished) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        res.shouldKeepAlive = false;
        finish(undefined, messages.bodyTooLarge);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (media !== 'application/json') return finish(undefined, messages.bodyNotJson);
      try {
        finish(JSON.parse(Buffer.concat(chunks).toString('utf8')), undefined);
      } catch {
        // Never echo the parser's message: it quotes the body, which holds the secret.
        finish(undefined, messages.bodyNotJson);
      }
    });
    req.on('error', () => {
      finished = true;
    });
  }

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
    store,
    stats,
    resetRateLimits: () => limiter.clear(),
    close() {
      closed ??= new Promise<void>((resolve) => {
        closing = true;
        server.close(() => resolve());
        server.closeIdleConnections();
        const force = setTimeout(() => server.closeAllConnections(), options.drainTimeoutMs ?? 5000);
        force.unref();
        server.once('close', () => clearTimeout(force));
      });
      return closed;
    },
  };
}

function errorBody(message: string, code: ErrorCode, requestId: string) {
  return { message, code, requestId };
}

function methodMessage(method: string, route: PathRoute): string {
  const shown = /^[A-Z]{1,20}$/.test(method) ? method : 'This method';
  return `Method ${shown} is not allowed on ${route.template}. Allowed: ${route.allow}.`;
}

function hasRequestBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}
