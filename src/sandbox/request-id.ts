// X-Request-Id: echo a valid incoming id, otherwise generate one (openapi.yaml, info "Request ids").
import { randomBytes } from 'node:crypto';

// The RequestId schema's pattern, inlined because this runs on every request (kept equal by a test).
const VALID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

// A per-process random prefix plus a counter: unique, cheap, and no randomness spent per request.
const prefix = Array.from(randomBytes(8), (b) => BASE62[b % 62]).join('');
let counter = 0;

/** The request id of a response: the client's `X-Request-Id` when valid, else a new `req_...` id. */
export function requestIdFor(incoming: string | string[] | undefined): string {
  if (typeof incoming === 'string' && VALID.test(incoming)) return incoming;
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  return `req_${prefix}${counter.toString(36)}`;
}

/** The pattern a request id must match (the spec's RequestId schema). */
export const REQUEST_ID_PATTERN = VALID;
