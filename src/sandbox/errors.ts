// Every error the sandbox answers, as (status, code, message) triples in one table. The messages come
// from the spec's examples (messages.ts); the statuses and codes are the ones openapi.yaml documents.
import { loadMessages, type Messages } from './messages.js';
import type { ErrorCode } from './types.js';

/** One error answer: its HTTP status, the Error schema's `code`, and the human `message`. */
export interface ErrorTriple<S extends number = number, C extends ErrorCode = ErrorCode> {
  readonly status: S;
  readonly code: C;
  readonly message: string;
}

const triple = <S extends number, C extends ErrorCode>(status: S, code: C, message: string) =>
  ({ status, code, message }) as ErrorTriple<S, C>;

function buildErrors(m: Messages) {
  return {
    bodyNotJson: triple(400, 'invalid_request', m.bodyNotJson),
    bodyTooLarge: triple(400, 'invalid_request', m.bodyTooLarge),
    deleteTakesNoBody: triple(400, 'invalid_request', m.deleteTakesNoBody),
    invalidBody: triple(400, 'invalid_request', m.bodyNotJson),
    invalidPrefer: triple(400, 'invalid_request', 'Invalid Prefer header.'),
    malformedApiKey: triple(400, 'invalid_request', m.malformedApiKey),
    malformedIndividualId: triple(400, 'invalid_request', m.malformedIndividualId),
    malformedBusinessId: triple(400, 'invalid_request', m.malformedBusinessId),
    individualTypeMismatch: triple(400, 'customer_type_mismatch', m.individualTypeMismatch),
    businessTypeMismatch: triple(400, 'customer_type_mismatch', m.businessTypeMismatch),
    invalidApiCredentials: triple(401, 'unauthorized', m.invalidApiCredentials),
    missingCredentials: triple(401, 'unauthorized', m.missingCredentials),
    missingCredentialsBusiness: triple(401, 'unauthorized', m.missingCredentialsBusiness),
    malformedAuthorization: triple(401, 'unauthorized', m.malformedAuthorization),
    invalidToken: triple(401, 'unauthorized', m.invalidToken),
    expiredToken: triple(401, 'unauthorized', m.expiredToken),
    invalidApiKey: triple(401, 'unauthorized', m.invalidApiKey),
    apiKeyNotAccepted: triple(401, 'unauthorized', m.apiKeyNotAccepted),
    forbidden: triple(403, 'forbidden', m.forbidden),
    customerNotFound: triple(404, 'customer_not_found', m.customerNotFound),
    pathNotFound: triple(404, 'invalid_request', m.notFound),
    methodNotAllowed: triple(405, 'method_not_allowed', 'Method not allowed.'),
    rateLimited: triple(429, 'rate_limited', m.rateLimited),
    internalError: triple(500, 'internal_error', m.internalError),
  } as const;
}

/** The error table, by situation. */
export type Errors = ReturnType<typeof buildErrors>;

let cached: Errors | undefined;

/** The error table, built on first use (reading the spec's examples); throws when an example is missing. */
export function loadErrors(): Errors {
  cached ??= buildErrors(loadMessages());
  return cached;
}

/** The same error with a more specific message (e.g. which body field failed). */
export function withMessage<S extends number, C extends ErrorCode>(
  error: ErrorTriple<S, C>,
  message: string,
): ErrorTriple<S, C> {
  return { status: error.status, code: error.code, message };
}

/** The Error body this API always sends in full: message, code and request id (openapi.yaml, Error). */
export function errorBody<C extends ErrorCode>(
  error: ErrorTriple<number, C>,
  requestId: string,
): { message: string; code: C; requestId: string } {
  return { message: error.message, code: error.code, requestId };
}
