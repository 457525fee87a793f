// Fault injection in Prism's style: `Prefer: code=503` answers with that status, `Prefer: delay=250`
// waits first (RFC 7240 preference syntax). Off when the sandbox runs with `faults: false`/`--no-faults`.
import { invalidTokenChallenge } from './auth.js';
import { type Errors, type ErrorTriple, errorBody, withMessage } from './errors.js';

/** What a request's `Prefer` header asks for. */
export interface Preferences {
  code?: number;
  delayMs?: number;
}

/** Statuses a gateway in front of any real deployment may answer, injectable although no operation documents them. */
export const GATEWAY_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

/**
 * Parses `Prefer` (RFC 7240, section 2): comma- or semicolon-separated `name=value` pairs, values
 * optionally quoted. Unknown preferences are ignored, as RFC 7240 asks. Returns an error message for a
 * malformed `code` or `delay`.
 */
export function parsePrefer(header: string | undefined, maxDelayMs: number): Preferences | string {
  const out: Preferences = {};
  if (header === undefined) return out;
  for (const part of header.split(/[,;]/)) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim().toLowerCase();
    const value = part
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    if (name === 'code') {
      if (!/^[1-5][0-9]{2}$/.test(value)) return 'Invalid Prefer header: code must be a 3-digit HTTP status.';
      out.code = Number(value);
    } else if (name === 'delay') {
      if (!/^[0-9]{1,6}$/.test(value) || Number(value) > maxDelayMs)
        return `Invalid Prefer header: delay must be 0 to ${maxDelayMs} milliseconds.`;
      out.delayMs = Number(value);
    }
  }
  return out;
}

/** The answer to `Prefer: code=N`: status, Error body, the headers it needs, and whether it was applied. */
export interface Injected {
  status: number;
  body: { message: string; code: ErrorTriple['code']; requestId: string };
  headers: Record<string, string>;
  /** False when the code is not injectable for this operation (then the answer is a 400). */
  applied: boolean;
}

/**
 * The operation's documented error for status `code` (or a gateway 502/503/504), marked as injected;
 * a 400 naming the injectable codes when the operation does not document `code` as an error.
 */
export function injectFault(
  code: number,
  operation: { operationId: string; statuses: string; documents(status: number): boolean },
  errors: Errors,
  requestId: string,
): Injected {
  const gateway = GATEWAY_STATUSES.has(code);
  if (!gateway && (!operation.documents(code) || code < 400)) {
    const message = `Invalid Prefer header: code=${code} is not a documented error of ${operation.operationId} (documented: ${operation.statuses}; 502, 503 and 504 are also injectable).`;
    return {
      status: 400,
      body: errorBody(withMessage(errors.invalidPrefer, message), requestId),
      headers: {},
      applied: false,
    };
  }
  const injected = `Injected by Prefer: code=${code}.`;
  const headers: Record<string, string> = {};
  const marked = (error: ErrorTriple, message = `${error.message} (${injected})`) =>
    errorBody(withMessage(error, message), requestId);
  let body = marked(errors.internalError);
  if (code === 400) body = marked(errors.invalidBody, `Invalid request (${injected})`);
  if (code === 401) {
    body = marked(errors.invalidToken);
    headers['WWW-Authenticate'] = invalidTokenChallenge(injected);
  }
  if (code === 403) body = marked(errors.forbidden);
  if (code === 404) body = marked(errors.customerNotFound, errors.customerNotFound.message);
  if (code === 429) {
    body = marked(errors.rateLimited, errors.rateLimited.message);
    headers['Retry-After'] = '1';
  }
  if (gateway) body = marked(errors.internalError, `Service unavailable. ${injected} Retry with backoff.`);
  return { status: code, body, headers, applied: true };
}
