// Recognises a Prism mock from what it really sends, so stateful checks that lack ids or credentials
// are reported not applicable to a stateless mock (a guess: given ids, they run anyway; see runner.ts).
import type { Exchange } from './types.js';

/** Prism's error types (problem+json `type`, RFC 9457) all start with this URL. */
export const PRISM_ERROR_TYPE = 'https://stoplight.io/prism/errors#';

/**
 * Evidence that the target is Prism, or undefined. Two signatures, both observed on Prism 5.14.2:
 * the `sl-violations` response header (sent whenever the request violates the spec, which the
 * suite's negative requests always do) and a problem+json body whose `type` is one of Prism's
 * error URLs (its 404/405/422 routing errors).
 */
export function detectPrism(exchanges: readonly Exchange[]): string | undefined {
  for (const exchange of exchanges) {
    const response = exchange.response;
    if (!response) continue;
    if (response.headers['sl-violations'] !== undefined)
      return `sl-violations header on exchange #${exchange.id}`;
    const type = (response.json as { type?: unknown } | undefined)?.type;
    if (typeof type === 'string' && type.startsWith(PRISM_ERROR_TYPE))
      return `Prism error type ${type} on exchange #${exchange.id}`;
  }
  return undefined;
}
