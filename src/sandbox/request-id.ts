// X-Request-Id: echo a valid incoming id, otherwise generate one (openapi.yaml, info "Request ids").
import { resolveRef } from '../spec/index.js';

/** The spec's RequestId pattern, compiled on first use: this runs on every request, Ajv would be slower. */
function specPattern(): RegExp {
  const { pattern } = resolveRef({ $ref: '#/components/schemas/RequestId' });
  if (typeof pattern !== 'string')
    throw new Error(
      'openapi.yaml: components/schemas/RequestId has no pattern; src/sandbox/request-id.ts needs one to check X-Request-Id. Restore it, then run npm run generate.',
    );
  // `u`: JSON Schema patterns are ECMA-262 regular expressions with Unicode semantics, as Ajv compiles them.
  return new RegExp(pattern, 'u');
}

let valid: RegExp | undefined;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
let prefix: string | undefined;
let counter = 0;

/** The pattern a request id must match: the spec's `RequestId` schema pattern, read from the spec. */
export function requestIdPattern(): RegExp {
  valid ??= specPattern();
  return valid;
}

/** The request id of a response: the client's `X-Request-Id` when valid, else a new `req_...` id. */
export function requestIdFor(incoming: string | undefined): string {
  if (incoming !== undefined && requestIdPattern().test(incoming)) return incoming;
  // A per-process random prefix plus a counter: unique, cheap, and no randomness spent per request.
  prefix ??= Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => BASE62[b % 62]).join('');
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  return `req_${prefix}${counter.toString(36)}`;
}
