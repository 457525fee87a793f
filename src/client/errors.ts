// ApiError: the one exception the client throws, for everything that is not a documented
// response (an undocumented status, a body that is not the documented JSON, a network failure or
// timeout after retries, a cancelled call, or credentials that cannot authenticate an operation).

/** Codes the client itself assigns; a server's `code` (for example `method_not_allowed`) is kept as is. */
export type ClientErrorCode =
  | 'network_error'
  | 'timeout'
  | 'aborted'
  | 'invalid_response'
  | 'undocumented_status'
  | 'unexpected_redirect'
  | 'response_too_large'
  | 'invalid_credentials'
  | 'invalid_request'
  | 'middleware_error'
  | 'auth_unsupported';

/** What an ApiError is made of. */
export interface ApiErrorInit {
  operationId: string;
  method: string;
  path: string;
  /** HTTP status, or 0 when no response arrived. */
  status: number;
  code: ClientErrorCode | (string & {});
  requestId: string;
  /** The raw response body, already redacted and cut to a safe length; '' when there was none. */
  body: string;
  attempts: number;
  detail: string;
  cause?: unknown;
}

/** A call that did not end in a documented response. Carries no credential, in any form. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** The operationId of the call, for example `deleteCustomer`. */
  declare readonly operationId: string;
  /** HTTP status, or 0 when no response arrived (network error, timeout, abort). */
  declare readonly status: number;
  /** The server's error `code` when it sent one, else one of ClientErrorCode. */
  declare readonly code: ClientErrorCode | (string & {});
  /** The response's X-Request-Id, or the one the client sent when no response arrived; '' when no request was sent. */
  declare readonly requestId: string;
  /** The raw response body, redacted and cut to 1024 characters; '' when there was none. */
  declare readonly body: string;
  /** How many HTTP attempts were made (retries and the one 401 replay included). */
  declare readonly attempts: number;

  constructor({
    operationId,
    method,
    path,
    status,
    code,
    requestId,
    body,
    attempts,
    detail,
    cause,
  }: ApiErrorInit) {
    const what = status ? `answered ${status}` : attempts ? 'got no response' : 'was not sent';
    const id = requestId ? `, request id ${requestId}` : '';
    super(
      `${operationId} (${method} ${path}) ${what}: ${detail} [code ${code}${id}, ${attempts} attempt(s)]`,
      cause === undefined ? undefined : { cause },
    );
    Object.assign(this, { operationId, status, code, requestId, body, attempts });
  }

  /** The safe fields only (no cause, no stack): what JSON.stringify and loggers see. */
  toJSON(): Record<string, unknown> {
    // Own enumerable fields: name and the six above (message, cause and stack are not enumerable).
    return { name: this.name, message: this.message, ...(this as object) };
  }
}

/** Narrows `value` to ApiError (also across copies of this package). */
export function isApiError(value: unknown): value is ApiError {
  return (
    value instanceof ApiError || (value instanceof Error && value.name === 'ApiError' && 'requestId' in value)
  );
}
