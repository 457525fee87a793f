// The known, named ways Prism 5.14.2 deviates from this spec. They apply only when the target was
// recognised as Prism and only to a response Prism provably generated (prism.ts); each is
// reported (never hidden) and pinned by test/conformance/prism.test.ts,
// so a Prism upgrade that changes its behaviour makes that test fail.

import { PRISM_ERROR_TYPE } from './prism.js';
import type { CheckName, Exchange, Failure } from './types.js';

/** One pinned deviation of the mock. */
export interface KnownException {
  name: string;
  /** What Prism does, what the spec says, and where it is tracked. */
  description: string;
  checks: readonly CheckName[];
  /** True when this exception explains every difference of `failure`. */
  explains(failure: Failure, exchange: Exchange): boolean;
}

function bodyOf(exchange: Exchange): Record<string, unknown> | undefined {
  const json = exchange.response?.json;
  return json !== null && typeof json === 'object' ? (json as Record<string, unknown>) : undefined;
}

/** Prism's known exceptions, in report order. */
export const PRISM_KNOWN_EXCEPTIONS: readonly KnownException[] = [
  {
    name: 'prism_405_problem_json_without_allow',
    description:
      'Prism answers an undocumented method with 405 application/problem+json (NO_METHOD_MATCHED_ERROR) without Allow, ' +
      'X-Request-Id or rate-limit headers; the spec requires Allow and an application/json Error (stoplightio/prism#1929).',
    checks: [
      'unsupported_method',
      'content_type_conformance',
      'response_headers_conformance',
      'response_schema_conformance',
    ],
    explains: (_failure, exchange) =>
      exchange.unsupportedMethod === true &&
      exchange.response?.status === 405 &&
      String(bodyOf(exchange)?.type ?? '').startsWith(`${PRISM_ERROR_TYPE}NO_METHOD_MATCHED_ERROR`),
  },
  {
    name: 'prism_accepts_any_credential',
    description:
      'Prism only checks that a credential of a documented scheme is present: a forged, alg-none or space-containing ' +
      'bearer token, or an unknown API key, gets the 200 example; a stateless mock cannot know which tokens are valid.',
    checks: ['ignored_auth'],
    explains: (_failure, exchange) =>
      exchange.response?.status === 200 && exchange.credential?.needsValidation === true,
  },
  {
    name: 'prism_first_example_error_code',
    description:
      'Prism answers every invalid request with the first example of the documented 400, so a malformed id gets code ' +
      'customer_type_mismatch where the spec says invalid_request (Prism picks examples by order, or by a Prefer header).',
    checks: ['negative_data_rejection'],
    explains: (failure, exchange) =>
      exchange.response?.status === 400 &&
      failure.differences.every(
        (d) =>
          d.at === 'body/code' && d.expected === 'invalid_request' && d.actual === '"customer_type_mismatch"',
      ),
  },
  {
    name: 'prism_request_id_not_echoed',
    description:
      "Prism sends the example X-Request-Id (req_01H9Xc4L8pN3qR5s) instead of echoing the client's valid X-Request-Id.",
    checks: ['response_headers_conformance'],
    explains: (failure) =>
      failure.differences.every((d) => d.at === 'header X-Request-Id' && d.expected.includes('echoed')) &&
      failure.moreDifferences === 0,
  },
  {
    name: 'prism_invalid_json_error_body',
    description:
      'Prism answers a request body that is not JSON with its own 400 {"error":{"code":"invalid_json"}} without ' +
      'X-Request-Id or rate-limit headers, instead of the documented Error.',
    checks: ['negative_data_rejection', 'response_headers_conformance', 'response_schema_conformance'],
    explains: (_failure, exchange) =>
      exchange.response?.status === 400 &&
      (bodyOf(exchange)?.error as { code?: unknown } | undefined)?.code === 'invalid_json',
  },
];
