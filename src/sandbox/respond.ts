// Response writing: the server headers (request id, rate limit, CORS), the self-check of every response
// against the spec (a failure is counted, logged and replaced by a 500), and the final write.
import type { ServerResponse } from 'node:http';
import { GATEWAY_STATUSES } from './faults.js';
import { messages } from './messages.js';
import type { RateDecision } from './rate-limit.js';
import type { Route } from './routes.js';
import { checkErrorResponse, checkOperationResponse, type Outgoing } from './self-check.js';
import type { ServerState } from './state.js';
import type { ErrorCode } from './types.js';

// Browsers may only read these response headers cross-origin when exposed (Fetch standard, CORS protocol).
const EXPOSED = 'X-Request-Id, RateLimit, RateLimit-Policy, Retry-After, WWW-Authenticate';

/** The Error body this API always sends in full: message, code and request id (openapi.yaml, Error). */
export function errorBody(
  message: string,
  code: ErrorCode,
  requestId: string,
): { message: string; code: ErrorCode; requestId: string } {
  return { message, code, requestId };
}

/** Adds the server headers to an operation's response, self-checks it against the documented one, sends it. */
export function respond(
  state: ServerState,
  res: ServerResponse,
  route: Route,
  requestId: string,
  cors: boolean,
  rate: RateDecision,
  status: number,
  body: unknown,
  extra?: Record<string, unknown>,
): void {
  const { mutations } = state;
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Request-Id': requestId };
  // The spec puts rate-limit headers on 2xx and 4xx only.
  if (status < 500) {
    headers.RateLimit = rate.rateLimit;
    headers['RateLimit-Policy'] = state.limiter.policy;
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
  if (problems.length > 0 && !state.mutated) {
    selfCheckFailed(state, `${route.op.operationId} ${status}`, problems, requestId);
    sendInternalError(state, res, requestId, cors);
    return;
  }
  write(state, res, status, headers, JSON.stringify(body));
}

/** Sends an Error response outside the operations (404 path, 405), self-checked against the Error schema. */
export function sendError(
  state: ServerState,
  res: ServerResponse,
  requestId: string,
  cors: boolean,
  status: number,
  code: ErrorCode,
  message: string,
  rate: RateDecision,
  extra?: Record<string, string>,
): void {
  const { mutations } = state;
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'X-Request-Id': requestId,
    RateLimit: rate.rateLimit,
    'RateLimit-Policy': state.limiter.policy,
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
  if (problems.length > 0 && !state.mutated) {
    selfCheckFailed(state, `${status} response`, problems, requestId);
    sendInternalError(state, res, requestId, cors);
    return;
  }
  write(state, res, status, headers, JSON.stringify(body));
}

/** The 500 `internal_error` that replaces a response which failed its self-check. */
function sendInternalError(state: ServerState, res: ServerResponse, requestId: string, cors: boolean): void {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Request-Id': requestId };
  if (cors) headers['Access-Control-Allow-Origin'] = '*';
  write(
    state,
    res,
    500,
    headers,
    JSON.stringify(errorBody(messages.internalError, 'internal_error', requestId)),
  );
}

/**
 * Writes status, headers (plus Content-Length) and body once; a response already sent or a closed socket
 * is left alone, and while the sandbox closes it asks the client to drop the connection.
 */
export function write(
  state: ServerState,
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string | Buffer,
): void {
  if (res.headersSent || res.destroyed) return;
  if (state.closing) res.shouldKeepAlive = false;
  headers['Content-Length'] = String(Buffer.byteLength(body));
  res.writeHead(status, headers);
  res.end(body);
}

/** Answers 500 for an exception thrown while handling a request, counts it and logs the stack as a bug. */
export function crash(state: ServerState, res: ServerResponse, requestId: string, error: unknown): void {
  state.stats.crashes++;
  state.log(
    `sandbox bug: request ${requestId} threw ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  write(
    state,
    res,
    500,
    { 'Content-Type': 'application/json', 'X-Request-Id': requestId },
    JSON.stringify(errorBody(messages.internalError, 'internal_error', requestId)),
  );
}

function selfCheckFailed(state: ServerState, what: string, problems: string[], requestId: string): void {
  state.stats.selfCheckFailures++;
  state.log(`sandbox bug: ${what} failed its own spec check (request ${requestId}): ${problems.join('; ')}`);
}
