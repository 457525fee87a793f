// Serving one routed operation: `Prefer` faults (delay, code), the customerId decoding, the request body or
// its absence, the credential and its rate-limit bucket, then the operation's handler.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { anonymousBucket, type Credential, resolveCredential } from './auth.js';
import { parsePrefer } from './faults.js';
import type { HandlerContext } from './handlers.js';
import { inject } from './inject.js';
import { messages } from './messages.js';
import { hasRequestBody, readJsonBody } from './request-body.js';
import { crash, errorBody, respond } from './respond.js';
import type { Route } from './routes.js';
import type { ServerState } from './state.js';
import type { Store } from './store.js';

/** Serves `route` for this request, after any `Prefer: delay`; `rawId` is the path's customerId as sent. */
export function serveOperation(
  state: ServerState,
  req: IncomingMessage,
  res: ServerResponse,
  route: Route,
  rawId: string,
  requestId: string,
  cors: boolean,
): void {
  const prefer = state.faults ? parsePrefer(req.headers.prefer, state.maxDelayMs) : {};
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
      crash(state, res, requestId, error);
    }
  };
  const handle = (body: unknown, bodyError: string | undefined) => {
    const at = state.now();
    const credential: Credential = route.hasBody
      ? tokenCredential(state.store, body, req.socket.remoteAddress)
      : resolveCredential(
          req.headers,
          route.acceptsApiKey,
          state.store,
          state.tokens,
          at,
          req.socket.remoteAddress,
        );
    const rate = state.limiter.take(credential.bucket, at);
    if (!rate.allowed) {
      const headers: Record<string, string> = {};
      if (!state.mutations.omitRetryAfter) headers['Retry-After'] = String(rate.retryAfter);
      respond(
        state,
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
      respond(state, res, route, requestId, cors, rate, 400, errorBody(prefer, 'invalid_request', requestId));
      return;
    }
    if (prefer.code !== undefined && prefer.code !== 200) {
      inject(state, res, route, requestId, cors, rate, prefer.code);
      return;
    }
    const ctx: HandlerContext = {
      requestId,
      now: at,
      customerId: badId ? '%' : customerId,
      body,
      credential,
      store: state.store,
      tokens: state.tokens,
      mutations: state.mutations,
    };
    if (bodyError !== undefined) ctx.bodyError = bodyError;
    const result = route.handler(ctx);
    respond(state, res, route, requestId, cors, rate, result.status, result.body, result.headers);
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
function tokenCredential(store: Store, body: unknown, address: string | undefined): Credential {
  const apiKey = (body as { apiKey?: unknown } | undefined)?.apiKey;
  const key = typeof apiKey === 'string' ? store.keyByApiKey(apiKey) : undefined;
  return key
    ? { ok: true, via: 'apiKey', key, bucket: `key:${key.id}` }
    : { ok: false, missing: true, message: '', challenge: '', bucket: anonymousBucket(address) };
}
