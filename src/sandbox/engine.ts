// The sandbox engine: one request in, one response out, with no transport inside. Every request takes
// the same linear path, top to bottom in `pipeline` below:
//   route -> parse and validate -> credentials -> rate limit -> faults -> handler -> self-check -> response
// carrying one RequestContext. The transports (`fetch` in sandbox.ts, node:http in http.ts) only turn
// their request into an `Incoming` and write the `Outgoing` back.
import contentType from 'content-type';
import { addressBucket, type Credential, resolveCredential } from './auth.js';
import { type Errors, type ErrorTriple, errorBody, loadErrors, withMessage } from './errors.js';
import { GATEWAY_STATUSES, injectFault, parsePrefer } from './faults.js';
import { type Fixtures, loadDefaultFixtures } from './fixtures.js';
import type { HandlerContext } from './handlers.js';
import { loadMessages, type Messages } from './messages.js';
import { type RateDecision, RateLimiter, type RateLimitOptions } from './rate-limit.js';
import { requestIdFor } from './request-id.js';
import { basePaths, buildRoutes, type PathRoute, type Route } from './routes.js';
import { checkErrorResponse, checkOperationResponse } from './self-check.js';
import { Store } from './store.js';
import { TokenIssuer } from './tokens.js';

/** A request as a transport hands it to the engine. */
export interface Incoming {
  method: string;
  /** The request target: path and query as sent, e.g. `/v0.9/customers/cst_1?x=1`. */
  target: string;
  /** A request header by lower-case name (repeated headers joined with `, `). */
  header(name: string): string | undefined;
  /** The caller's network address (the rate-limit bucket of calls without a credential). */
  address: string | undefined;
  /** Whether the request announces a body (RFC 9112, section 6.3). */
  hasBody: boolean;
  /** The body as UTF-8 text, or undefined when it is larger than `limit` bytes (then it is not read). */
  readBody(limit: number): Promise<string | undefined>;
  /** Aborted when the client goes away; ends an injected delay early. */
  signal?: AbortSignal | undefined;
}

/** A response as the engine hands it to a transport. */
export interface Outgoing {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array;
  /** The request body was left unread: the transport must not reuse the connection. */
  close: boolean;
}

/** A static (non-API) response: the spec files and the docs. */
/** Reads one request header (lower-case name), as `Headers#get` does. */
export interface RequestHeaderReader {
  get(name: string): string | null;
}

export interface AssetResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array;
}

/** Options of the engine, shared by `createSandbox` and `startSandbox`. */
export interface SandboxOptions {
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
  /** The clock, in ms since the epoch; inject one to expire tokens or refill buckets without waiting. */
  now?: () => number;
  /** Folder served at /docs. Default `docs/` at the repository root. */
  docsDir?: string;
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

/** One sandbox: its state and the function that serves a request. */
export interface Engine {
  /** Serves one request; undefined when the client went away before the answer was ready. */
  serve(incoming: Incoming): Promise<Outgoing | undefined>;
  store: Store;
  stats: SandboxStats;
  /** Refills every rate-limit bucket. */
  resetRateLimits(): void;
}

// The token body is two short strings; anything near this size is a mistake or an attack.
const MAX_BODY_BYTES = 8192;
// Browsers may only read these response headers cross-origin when exposed (Fetch standard, CORS protocol).
const EXPOSED = 'X-Request-Id, RateLimit, RateLimit-Policy, Retry-After, WWW-Authenticate';
// The request headers a browser may send cross-origin, as the client and the spec's parameters use them.
const ALLOWED_REQUEST_HEADERS = 'Authorization, Content-Type, X-API-Key, X-Request-Id, X-Client, Prefer';

const NO_BODY = { body: undefined, bodyError: undefined } as const;

/** Everything one request carries through the pipeline. */
interface RequestContext {
  readonly req: Incoming;
  readonly requestId: string;
  readonly method: string;
  /** The path without query and without a documented base path such as `/v0.9`. */
  readonly path: string;
  /** The request came with `Origin`: answer with CORS headers. */
  readonly cors: boolean;
  route?: Route;
  rate?: RateDecision;
  preferenceApplied?: string;
  close: boolean;
}

/** Builds the engine: validates the options and fixtures (throwing on a bad one), then serves. */
export function createEngine(
  options: SandboxOptions,
  assets?: (path: string, headers: RequestHeaderReader) => Promise<AssetResponse | undefined>,
): Engine {
  const errors: Errors = loadErrors();
  const messages: Messages = loadMessages();
  const store = new Store(options.fixtures ?? loadDefaultFixtures());
  const tokens = new TokenIssuer(options.tokenTtlSeconds ?? 3600);
  const limiter = new RateLimiter(options.rateLimit);
  const faults = options.faults ?? true;
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  const now = options.now ?? Date.now;
  const log = options.log ?? ((line: string) => console.error(line));
  const routes: readonly PathRoute[] = buildRoutes();
  const prefixes = basePaths();
  const stats: SandboxStats = { requests: 0, selfCheckFailures: 0, crashes: 0 };

  async function serve(req: Incoming): Promise<Outgoing | undefined> {
    stats.requests++;
    const ctx = begin(req);
    try {
      return await pipeline(ctx);
    } catch (error) {
      if (req.signal?.aborted) return undefined;
      stats.crashes++;
      log(
        `sandbox bug: request ${ctx.requestId} threw ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      return internalError(ctx);
    }
  }

  async function pipeline(ctx: RequestContext): Promise<Outgoing | undefined> {
    const { req } = ctx;

    // 1. Route: an operation, a CORS preflight, a 405, the index, a static file, or a 404.
    let path: PathRoute | undefined;
    let match: RegExpExecArray | null = null;
    for (const candidate of routes) {
      match = candidate.pattern.exec(ctx.path);
      if (match) {
        path = candidate;
        break;
      }
    }
    const route = path?.byMethod.get(ctx.method);
    if (!path || !route) {
      if (path && ctx.method === 'OPTIONS' && ctx.cors && req.header('access-control-request-method'))
        return preflight(ctx, path.allow);
      if (!path && (ctx.method === 'GET' || ctx.method === 'HEAD')) {
        if (ctx.path === '/') return index(ctx);
        const asset = await assets?.(ctx.path, { get: (name) => req.header(name) ?? null });
        if (asset)
          return {
            ...asset,
            headers: withCors(ctx, { ...asset.headers, 'X-Request-Id': ctx.requestId }),
            close: false,
          };
      }
      // API errors outside the operations count against the caller's address.
      ctx.rate = limiter.take(addressBucket(req.address), now());
      if (!path) return replyError(ctx, errors.pathNotFound);
      // RFC 9110, section 15.5.6: 405 names the supported methods in Allow.
      const message = methodMessage(ctx.method, path);
      return replyError(ctx, withMessage(errors.methodNotAllowed, message), { Allow: path.allow });
    }
    ctx.route = route;

    // 2. Parse and validate what the transport gave: preferences, the path parameter, the body.
    const prefer = faults ? parsePrefer(req.header('prefer'), maxDelayMs) : {};
    const customerId = decodeParameter(match?.groups?.customerId ?? '');
    const { body, bodyError } = route.hasBody || req.hasBody ? await readBody(ctx, route) : NO_BODY;

    // 3. Credentials. A token exchange is charged to the caller's address, never to the key it names.
    const at = now();
    const resolving = route.hasBody
      ? exchangeCredential(req.address)
      : resolveCredential({
          authorization: req.header('authorization'),
          apiKey: req.header('x-api-key'),
          acceptsApiKey: route.acceptsApiKey,
          address: req.address,
          now: at,
          store,
          tokens,
          errors,
        });
    // (Steps that are synchronous on the hot path are awaited only when they really are pending.)
    const credential = resolving instanceof Promise ? await resolving : resolving;

    // 4. Rate limit.
    ctx.rate = limiter.take(credential.bucket, at);
    if (!ctx.rate.allowed)
      return replyError(ctx, errors.rateLimited, { 'Retry-After': String(ctx.rate.retryAfter) });

    // 5. Faults: a malformed Prefer, then `delay`, then `code`.
    if (typeof prefer === 'string') return replyError(ctx, withMessage(errors.invalidPrefer, prefer));
    if (prefer.delayMs) {
      await sleep(prefer.delayMs, req.signal);
      if (req.signal?.aborted) return undefined;
    }
    if (prefer.code !== undefined && prefer.code !== 200) {
      const injected = injectFault(prefer.code, route, errors, ctx.requestId);
      if (injected.applied) {
        // RFC 7240, section 3: tell the client its preference was honoured.
        ctx.preferenceApplied = `code=${prefer.code}`;
        // An injected 429 must look exhausted, so the RateLimit header reports no remaining quota.
        if (injected.status === 429)
          ctx.rate = { ...ctx.rate, rateLimit: ctx.rate.rateLimit.replace(/;r=\d+;/, ';r=0;') };
      }
      return reply(ctx, injected.status, injected.body, injected.headers);
    }

    // 6. The operation's handler.
    const handlerContext: HandlerContext = {
      requestId: ctx.requestId,
      now: at,
      customerId,
      body,
      bodyError,
      credential,
      store,
      tokens,
      errors,
      messages,
    };
    const handled = route.handler(handlerContext);
    const result = handled instanceof Promise ? await handled : handled;

    // 7 and 8. Self-check, then the response.
    return reply(ctx, result.status, result.body, result.headers);
  }

  /** The token exchange names no credential in headers; it counts against the caller's address. */
  function exchangeCredential(address: string | undefined): Credential {
    return { ok: false, error: errors.invalidApiCredentials, challenge: '', bucket: addressBucket(address) };
  }

  function begin(req: Incoming): RequestContext {
    const query = req.target.indexOf('?');
    let path = query < 0 ? req.target : req.target.slice(0, query);
    for (const prefix of prefixes) {
      if (path === prefix || path.startsWith(`${prefix}/`)) {
        path = path.slice(prefix.length) || '/';
        break;
      }
    }
    return {
      req,
      requestId: requestIdFor(req.header('x-request-id')),
      method: req.method,
      path,
      cors: req.header('origin') !== undefined,
      close: false,
    };
  }

  /** Reads the token exchange's JSON body; for the deletes, refuses any body without reading it. */
  async function readBody(
    ctx: RequestContext,
    route: Route,
  ): Promise<{ body: unknown; bodyError: ErrorTriple<400, 'invalid_request'> | undefined }> {
    const { req } = ctx;
    if (!route.hasBody) {
      if (!req.hasBody) return { body: undefined, bodyError: undefined };
      // The deletes take no body (openapi.yaml, info "Methods, CORS and bodies"); do not read one.
      ctx.close = true;
      return { body: undefined, bodyError: errors.deleteTakesNoBody };
    }
    const text = await req.readBody(MAX_BODY_BYTES);
    if (text === undefined) {
      ctx.close = true;
      return { body: undefined, bodyError: errors.bodyTooLarge };
    }
    if (mediaType(req.header('content-type')) !== 'application/json')
      return { body: undefined, bodyError: errors.bodyNotJson };
    try {
      return { body: JSON.parse(text), bodyError: undefined };
    } catch {
      // Never echo the parser's message: it quotes the body, which holds the secret.
      return { body: undefined, bodyError: errors.bodyNotJson };
    }
  }

  /** Adds the server headers, self-checks the response against the spec, and serializes it. */
  function reply(
    ctx: RequestContext,
    status: number,
    body: unknown,
    extra?: Record<string, unknown>,
  ): Outgoing {
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'X-Request-Id': ctx.requestId,
    };
    // The spec puts rate-limit headers on 2xx and 4xx only.
    if (status < 500 && ctx.rate) {
      headers.RateLimit = ctx.rate.rateLimit;
      headers['RateLimit-Policy'] = limiter.policy;
    }
    if (ctx.preferenceApplied) headers['Preference-Applied'] = ctx.preferenceApplied;
    if (extra) for (const name in extra) headers[name] = String(extra[name]);
    withCors(ctx, headers, true);
    const text = JSON.stringify(body);
    const out = { status, headers, body, text };
    // Injected gateway statuses are checked against the operation's 500, the closest documented shape.
    const problems = ctx.route
      ? checkOperationResponse(ctx.route.op.responses.get(GATEWAY_STATUSES.has(status) ? 500 : status), out)
      : checkErrorResponse(out);
    if (problems.length > 0) {
      stats.selfCheckFailures++;
      const what = ctx.route ? `${ctx.route.operationId} ${status}` : `${status} response`;
      log(
        `sandbox bug: ${what} failed its own spec check (request ${ctx.requestId}): ${problems.join('; ')}`,
      );
      return internalError(ctx);
    }
    return { status, headers, body: text, close: ctx.close };
  }

  /** Answers an error of the table with its full Error body. */
  function replyError(ctx: RequestContext, error: ErrorTriple, extra?: Record<string, unknown>): Outgoing {
    return reply(ctx, error.status, errorBody(error, ctx.requestId), extra);
  }

  /** The 500 `internal_error` of an exception or of a response that failed its self-check. */
  function internalError(ctx: RequestContext): Outgoing {
    const headers = withCors(ctx, { 'Content-Type': 'application/json', 'X-Request-Id': ctx.requestId });
    return {
      status: 500,
      headers,
      body: JSON.stringify(errorBody(errors.internalError, ctx.requestId)),
      close: ctx.close,
    };
  }

  function preflight(ctx: RequestContext, allow: string): Outgoing {
    // Fetch standard, CORS protocol: a preflight answer names what the actual request may use.
    return {
      status: 204,
      headers: {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': allow,
        'Access-Control-Allow-Headers': ALLOWED_REQUEST_HEADERS,
        'Access-Control-Max-Age': '600',
        'X-Request-Id': ctx.requestId,
      },
      body: '',
      close: false,
    };
  }

  /** `GET /`: where the docs and the spec are, and which base paths serve the API. */
  function index(ctx: RequestContext): Outgoing {
    const body = {
      name: 'Customers API sandbox',
      description:
        'A stateful sandbox of the Customers API on demo data. State lives in memory and resets on restart.',
      docs: '/docs/',
      openapi: { yaml: '/openapi.yaml', json: '/openapi.json' },
      basePaths: ['/', ...prefixes],
      operations: routes.flatMap((p) => [...p.byMethod.values()].map((r) => `${r.op.method} ${r.op.path}`)),
    };
    return {
      status: 200,
      headers: withCors(ctx, { 'Content-Type': 'application/json', 'X-Request-Id': ctx.requestId }),
      body: JSON.stringify(body),
      close: false,
    };
  }

  return { serve, store, stats, resetRateLimits: () => limiter.clear() };
}

function withCors(
  ctx: { cors: boolean },
  headers: Record<string, string>,
  expose = false,
): Record<string, string> {
  if (ctx.cors) {
    headers['Access-Control-Allow-Origin'] = '*';
    if (expose) headers['Access-Control-Expose-Headers'] = EXPOSED;
  }
  return headers;
}

/** RFC 3986, section 2.1: percent-encoded octets decode before validation; a bad escape never validates. */
function decodeParameter(raw: string): string {
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return '%';
  }
}

/** The media type of a Content-Type value (RFC 9110, section 8.3.1), lower-case; '' when malformed. */
function mediaType(header: string | undefined): string {
  if (header === undefined) return '';
  try {
    return contentType.parse(header).type;
  } catch {
    return '';
  }
}

function methodMessage(method: string, path: PathRoute): string {
  // An arbitrary method token is client text; only a plain upper-case one is quoted back.
  const shown = /^[A-Z]{1,20}$/.test(method) ? method : 'This method';
  return `Method ${shown} is not allowed on ${path.template}. Allowed: ${path.allow}.`;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
