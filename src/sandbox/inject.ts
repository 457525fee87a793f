// The responses of `Prefer: code=...` (fault injection, see faults.ts): the operation's documented error
// for that status, or a gateway 502/503/504, marked as injected and answered with `Preference-Applied`.
import type { ServerResponse } from 'node:http';
import { invalidTokenChallenge } from './auth.js';
import { GATEWAY_STATUSES } from './faults.js';
import { messages } from './messages.js';
import type { RateDecision } from './rate-limit.js';
import { errorBody, respond } from './respond.js';
import type { Route } from './routes.js';
import type { ServerState } from './state.js';

/** Answers with the injected status `code`, or 400 when the operation does not document it as an error. */
export function inject(
  state: ServerState,
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
    respond(state, res, route, requestId, cors, rate, 400, errorBody(message, 'invalid_request', requestId));
    return;
  }
  // RFC 7240, section 3: tell the client its preference was honoured.
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
    if (!state.mutations.omitRetryAfter) headers['Retry-After'] = '1';
    // An injected 429 must look exhausted, so the RateLimit header reports no remaining quota.
    limit = { ...rate, rateLimit: rate.rateLimit.replace(/;r=\d+;/, ';r=0;') };
  }
  if (gateway)
    body = errorBody(`Service unavailable. ${injected} Retry with backoff.`, 'internal_error', requestId);
  respond(state, res, route, requestId, cors, limit, code, body, headers);
}
