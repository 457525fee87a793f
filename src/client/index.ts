// The package's root export: the typed client, its error, its result types and helpers.

export type { Accepts, AuthOptions } from './auth.js';
export type {
  CallOptions,
  CredentialsNotAccepted,
  CustomersClient,
  CustomersClientOptions,
  OperationInput,
} from './client.js';
export { createCustomersClient, DEFAULT_MAX_RESPONSE_BYTES } from './client.js';
export type { Clock } from './clock.js';
export type { ApiErrorInit, ClientErrorCode } from './errors.js';
export { ApiError, isApiError } from './errors.js';
export type { AnyResult, DataOf, ErrorBody, FailureResult, Result, SuccessResult } from './result.js';
export { unwrap } from './result.js';
export type { RetryInfo, RetryOptions } from './retry.js';
export { PACKAGE_NAME, PACKAGE_VERSION } from './version.js';
