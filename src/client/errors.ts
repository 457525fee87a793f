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
  readonly operationId: string;
  /** HTTP status, or 0 when no response arrived (network error, timeout, abort). */
  readonly status: number;
  /** The server's error `code` when it sent one, else one of ClientErrorCode. */
  readonly code: ClientErrorCode | (string & {});
  /** The response's X-Request-Id, or the one the client sent when no response arrived; '' when no request was sent. */
  readonly requestId: string;
  /** The raw response body, redacted and cut to 1024 characters; '' when there was none. */
  readonly body: string;
  /** How many HTTP attempts were made (retries and the one 401 replay included). */
  readonly attempts: number;

  constructor(init: ApiErrorInit) {
    const what = init.status ? `answered ${init.status}` : init.attempts ? 'got no response' : 'was not sent';
    const id = init.requestId ? `, request id ${init.requestId}` : '';
    super(
      `${init.operationId} (${init.method} ${init.path}) ${what}: ${init.detail} [code ${init.code}${id}, ${init.attempts} attempt(s)]`,
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.operationId = init.operationId;
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.body = init.body;
    this.attempts = init.attempts;
  }

  /** The safe fields only (no cause, no stack): what JSON.stringify and loggers see. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      operationId: this.operationId,
      status: this.status,
      code: this.code,
      requestId: this.requestId,
      body: this.body,
      attempts: this.attempts,
    };
  }
}

/** Narrows `value` to ApiError (also across copies of this package). */
export function isApiError(value: unknown): value is ApiError {
  return (
    value instanceof ApiError || (value instanceof Error && value.name === 'ApiError' && 'requestId' in value)
  );
}
