// The one Prism detector. Two questions, one set of fingerprints (all observed on Prism 5.14.2):
// is the target Prism (so stateful checks without ids are not applicable to a stateless mock), and
// did Prism itself generate this very response (so a pinned known exception may excuse it)? The
// second is stricter: a real server behind `prism proxy`, or any proxy adding `sl-violations`,
// must have its real failures reported, never excused.
import { isDeepStrictEqual } from 'node:util';
import type { SpecIndex } from '../spec/index.js';
import type { Exchange } from './types.js';

/** Prism's error types (problem+json `type`, RFC 9457) all start with this URL. */
export const PRISM_ERROR_TYPE = 'https://stoplight.io/prism/errors#';

/**
 * The fixed body Prism's HTTP server sends for a request body that is not JSON (observed:
 * `400 application/json`). It is no example of this spec, so no conforming server sends it.
 */
export const PRISM_INVALID_JSON_BODY = { error: { code: 'invalid_json', message: 'Invalid JSON' } };

/** Every example value the spec documents for `operationId` answering `status` (any media type). */
export function documentedExamples(spec: SpecIndex, operationId: string, status: number): unknown[] {
  const op = spec.operation(operationId);
  const paths = spec.spec.paths as Record<string, Record<string, { responses?: Record<string, unknown> }>>;
  const raw = paths[op.path]?.[op.method.toLowerCase()]?.responses?.[String(status)];
  const out: unknown[] = [];
  if (raw === undefined) return out;
  const content = (spec.resolveRef(raw).content ?? {}) as Record<string, Record<string, unknown>>;
  for (const media of Object.values(content)) {
    // OpenAPI 3.1 section 4.8.14 (Media Type Object): `example` or a map of Example Objects.
    if ('example' in media) out.push(media.example);
    for (const example of Object.values((media.examples ?? {}) as Record<string, unknown>)) {
      const resolved = spec.resolveRef(example);
      if ('value' in resolved) out.push(resolved.value);
    }
  }
  return out;
}

function problemType(exchange: Exchange): string | undefined {
  const type = (exchange.response?.json as { type?: unknown } | null | undefined)?.type;
  return typeof type === 'string' && type.startsWith(PRISM_ERROR_TYPE) ? type : undefined;
}

/**
 * Evidence that the target is Prism, or undefined: the `sl-violations` response header (sent
 * whenever a request violates the spec, which the suite's negative requests always do) or a body
 * whose `type` is one of Prism's error URLs (its 404/405/422 routing errors).
 */
export function detectPrism(exchanges: readonly Exchange[]): string | undefined {
  for (const exchange of exchanges) {
    if (!exchange.response) continue;
    if (exchange.response.headers['sl-violations'] !== undefined)
      return `sl-violations header on exchange #${exchange.id}`;
    const type = problemType(exchange);
    if (type) return `Prism error type ${type} on exchange #${exchange.id}`;
  }
  return undefined;
}

/**
 * Why this response is provably Prism's own, or undefined: a problem+json body with a Prism error
 * `type`, Prism's fixed invalid-JSON body, or a body deep-equal to one of the spec's examples for
 * that operation and status (what a stateless mock returns).
 */
export function prismGenerated(spec: SpecIndex, exchange: Exchange): string | undefined {
  const response = exchange.response;
  if (!response || response.json === undefined) return undefined;
  const contentType = response.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  const type = problemType(exchange);
  if (contentType === 'application/problem+json' && type) return `Prism problem type ${type}`;
  if (isDeepStrictEqual(response.json, PRISM_INVALID_JSON_BODY)) return "Prism's invalid-JSON body";
  if (exchange.operationId !== undefined) {
    const examples = documentedExamples(spec, exchange.operationId, response.status);
    if (examples.some((example) => isDeepStrictEqual(response.json, example)))
      return `the spec's ${response.status} example of ${exchange.operationId}`;
  }
  return undefined;
}
