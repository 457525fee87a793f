// The traceability table: every rule openapi.yaml states about what a server does (the info
// sections, the operation descriptions, the schemas and headers), where it says so, and the named
// checks that verify it, or why no black-box check can. The README's table is rendered from this
// list, and the mutation test plants one deviation per checkable rule and expects exactly these
// checks to catch it, so the table, the checks and the tests cannot drift apart.
import type { CheckName } from './checks/index.js';

/** One rule of the spec. */
export interface Rule {
  /** A stable kebab-case id (mutants name the rule they break). */
  id: string;
  /** The rule, as the spec states it. */
  rule: string;
  /** Where the spec says it (a section of info.description, or a location in the document). */
  where: string;
  /** The checks that verify it; empty when `unchecked` says why none can. */
  checks: readonly CheckName[];
  /** Why no black-box check verifies it, and what does instead. */
  unchecked?: string;
}

const INFO = 'info.description';
const DELETE_INDIVIDUAL = 'paths./customers/{customerId}.delete';
const DELETE_BUSINESS = 'paths./customers/business/{customerId}.delete';
const TOKEN = 'paths./auth/token.post';

/** Every rule, in the order the spec states them. */
export const RULES: readonly Rule[] = [
  {
    id: 'version-in-server-url',
    rule: 'The version lives in the server URL; paths carry none',
    where: `${INFO} § Versioning`,
    checks: [],
    unchecked:
      'a property of the document, not of a server: the suite takes the base URL as given (the spec lint checks the paths)',
  },
  {
    id: 'malformed-id-invalid-request',
    rule: 'Any malformed id is `400` with code `invalid_request` (ids: prefix + 1 to 64 base62 characters)',
    where: `${INFO} § Customer types and identifiers; components.schemas.CustomerId, BusinessCustomerId`,
    checks: ['negative_data_rejection'],
  },
  {
    id: 'malformed-id-not-server-error',
    rule: 'A malformed id is a client error, never a `5xx`',
    where: `${INFO} § Customer types and identifiers; the documented 400s`,
    checks: ['negative_data_rejection', 'not_a_server_error'],
  },
  {
    id: 'wrong-type-mismatch',
    rule: 'An id of the other customer type is `400 customer_type_mismatch` before any lookup, never `404`',
    where: `${INFO} § Customer types and identifiers; ${DELETE_INDIVIDUAL}.description; ${DELETE_BUSINESS}.description`,
    checks: ['wrong_customer_type'],
  },
  {
    id: 'individual-becomes-inactive',
    rule: 'Deleting an individual customer returns it with `status: inactive` (and the same id)',
    where: `${INFO} § Soft delete; ${DELETE_INDIVIDUAL}.description; components.schemas.DeletedCustomer`,
    checks: ['individual_soft_delete', 'response_schema_conformance'],
  },
  {
    id: 'individual-updated-at',
    rule: '`updatedAt` is set to the time of the deletion',
    where: `${DELETE_INDIVIDUAL}.description`,
    checks: ['individual_soft_delete'],
  },
  {
    id: 'individual-repeat-same-body',
    rule: 'Deleting an inactive individual customer again returns `200` with the same body',
    where: `${INFO} § Soft delete; ${DELETE_INDIVIDUAL}.description`,
    checks: ['individual_delete_idempotent'],
  },
  {
    id: 'individual-stays-listable',
    rule: 'An inactive customer stays listable and keeps its wallets and endorsements',
    where: `${INFO} § Soft delete; ${DELETE_INDIVIDUAL}.description`,
    checks: [],
    unchecked: 'this API has no list or read operation; the sandbox store tests cover it',
  },
  {
    id: 'business-deleted-response',
    rule: 'Deleting a business customer returns `200` with `success: true` and its `customerId`',
    where: `${DELETE_BUSINESS}.responses.200; components.schemas.BusinessCustomerDeletion`,
    checks: ['business_use_after_free', 'response_schema_conformance'],
  },
  {
    id: 'business-repeat-404',
    rule: 'A deleted business customer is no longer retrievable: deleting it again returns `404`',
    where: `${INFO} § Soft delete; ${DELETE_BUSINESS}.description`,
    checks: ['business_use_after_free'],
  },
  {
    id: 'business-cascade',
    rule: 'A business delete also soft-deletes its KYB data, documents, shareholders and wallets; its email and phone become free',
    where: `${INFO} § Soft delete; ${DELETE_BUSINESS}.description`,
    checks: [],
    unchecked:
      'none of these records is readable or creatable through this API; the sandbox store tests cover it',
  },
  {
    id: 'retained-for-compliance',
    rule: 'Deleted records are retained internally for compliance and audit, never erased',
    where: `${INFO} § Soft delete; ${DELETE_BUSINESS}.description`,
    checks: [],
    unchecked: 'not observable over HTTP; the sandbox store tests cover it (retainedBusiness, auditTrail)',
  },
  {
    id: 'token-issued',
    rule: 'A valid API key and secret get `200` with a bearer token and `Cache-Control: no-store`',
    where: `${TOKEN}.responses.200; components.headers.Cache-Control`,
    checks: ['token_exchange', 'response_headers_conformance'],
  },
  {
    id: 'token-expiry',
    rule: 'The token lives `expiresIn` seconds (60 minutes): `expiresAt` is that long from now',
    where: `${INFO} § Authentication; ${TOKEN}.description; components.schemas.AccessToken`,
    checks: ['token_exchange'],
  },
  {
    id: 'token-accepted',
    rule: 'The exchanged token authenticates both deletes (`Authorization: Bearer <token>`)',
    where: `${INFO} § Authentication; components.securitySchemes.bearerAuth`,
    checks: ['token_exchange'],
  },
  {
    id: 'token-wrong-secret',
    rule: 'An unknown or revoked key, or a wrong secret, gets `401 unauthorized`',
    where: `${TOKEN}.responses.401; components.responses.InvalidApiCredentials`,
    checks: ['token_exchange'],
  },
  {
    id: 'token-never-says-which',
    rule: 'Unknown key and wrong secret get the same answer (never says which)',
    where: 'components.responses.InvalidApiCredentials (example invalidCredentials)',
    checks: ['token_exchange'],
  },
  {
    id: 'token-request-validated',
    rule: 'A token request that is not a JSON object with a well-formed `apiKey` and `apiSecret` is `400 invalid_request`',
    where: `${TOKEN}.requestBody; components.responses.TokenBadRequest; components.schemas.AccessTokenRequest`,
    checks: ['negative_data_rejection'],
  },
  {
    id: 'token-expired-401',
    rule: 'An expired token gets `401`; tokens are never accepted after they expire',
    where: `${INFO} § Authentication; components.securitySchemes.bearerAuth`,
    checks: [],
    unchecked:
      'a run would have to wait out the token lifetime (60 minutes); the sandbox tests cover it with an injected clock',
  },
  {
    id: 'missing-credentials-401',
    rule: 'Missing or malformed credentials, or the wrong scheme, get `401 unauthorized`',
    where: `${INFO} § Authentication; components.responses.Unauthorized`,
    checks: ['ignored_auth'],
  },
  {
    id: 'invalid-token-401',
    rule: 'An unknown token (forged signature, `alg: none`) gets `401`',
    where: 'components.securitySchemes.bearerAuth (RFC 8725)',
    checks: ['ignored_auth'],
  },
  {
    id: 'token-claims-checked',
    rule: 'Tokens are signed with an allow-listed algorithm and checked for `iss`, `aud` and `exp`',
    where: 'components.securitySchemes.bearerAuth (RFC 8725)',
    checks: [],
    unchecked:
      "forging a token with a wrong `iss` or `aud` needs the server's signing key; the forged and `alg: none` cases of ignored_auth are the black-box part",
  },
  {
    id: 'www-authenticate-on-401',
    rule: 'Every `401` carries a `WWW-Authenticate` challenge naming the bearer scheme',
    where: 'components.securitySchemes.bearerAuth; components.headers.WWW-Authenticate',
    checks: ['response_headers_conformance'],
  },
  {
    id: 'api-key-business',
    rule: 'The business delete also accepts the API key alone in `X-API-Key`',
    where: `${INFO} § Authentication; ${DELETE_BUSINESS}.security; components.securitySchemes.apiKeyAuth`,
    checks: ['token_exchange'],
  },
  {
    id: 'unknown-api-key-401',
    rule: 'An unknown or empty API key gets `401`',
    where: 'components.securitySchemes.apiKeyAuth; components.responses.Unauthorized',
    checks: ['ignored_auth'],
  },
  {
    id: 'bearer-only-individual',
    rule: 'The individual delete takes a bearer token only: an API key there, even a valid one, gets `401`',
    where: `${DELETE_INDIVIDUAL} (global security: bearerAuth); components.securitySchemes.apiKeyAuth`,
    checks: ['ignored_auth'],
  },
  {
    id: 'forbidden-403',
    rule: 'Valid credentials without permission to delete get `403 forbidden`',
    where: 'components.responses.Forbidden',
    checks: [],
    unchecked:
      'needs a read-only credential, which the suite does not take; the sandbox tests cover it with the read-only demo key',
  },
  {
    id: 'errors-are-json',
    rule: 'Every error is an `application/json` Error object',
    where: `${INFO} § Errors; components.schemas.ApiErrorBody`,
    checks: ['content_type_conformance', 'response_schema_conformance'],
  },
  {
    id: 'error-code-and-request-id',
    rule: 'Error bodies always carry `code` and `requestId`',
    where: `${INFO} § Errors; components.schemas.ApiErrorBody.description`,
    checks: ['response_schema_conformance'],
  },
  {
    id: 'error-code-per-status',
    rule: 'Each `code` goes with its status (`unauthorized` 401, `customer_not_found` 404, ...)',
    where: 'components.schemas.ApiErrorBody.properties.code.description',
    checks: ['response_schema_conformance', 'ignored_auth'],
  },
  {
    id: 'cross-account-404',
    rule: "Another account's customer is reported exactly like a missing one, `404 customer_not_found`, and is not deleted",
    where: `${INFO} § Errors; ${DELETE_INDIVIDUAL}.description; ${DELETE_BUSINESS}.description; components.responses.NotFound`,
    checks: ['cross_account_isolation'],
  },
  {
    id: 'unknown-id-404',
    rule: 'An id that never existed is `404 customer_not_found`',
    where: 'components.responses.NotFound',
    checks: ['token_exchange'],
  },
  {
    id: 'request-id-on-every-response',
    rule: 'Every response carries `X-Request-Id`',
    where: `${INFO} § Request ids; components.headers.X-Request-Id`,
    checks: ['response_headers_conformance'],
  },
  {
    id: 'request-id-echoed',
    rule: 'A valid client `X-Request-Id` is echoed',
    where: `${INFO} § Request ids; components.headers.X-Request-Id`,
    checks: ['response_headers_conformance'],
  },
  {
    id: 'request-id-invalid-replaced',
    rule: 'An invalid client `X-Request-Id` is not echoed: the server generates one',
    where: `${INFO} § Request ids; components.schemas.RequestId`,
    checks: ['response_headers_conformance'],
  },
  {
    id: 'request-id-in-error-body',
    rule: "An error body's `requestId` equals the `X-Request-Id` header",
    where: 'components.headers.X-Request-Id',
    checks: ['response_headers_conformance'],
  },
  {
    id: 'rate-limit-headers',
    rule: "Every `2xx` and `4xx` carries `RateLimit` and `RateLimit-Policy` in the draft's shape",
    where: `${INFO} § Rate limits; components.headers.RateLimit, RateLimit-Policy`,
    checks: ['response_headers_conformance'],
  },
  {
    id: 'rate-limit-enforced',
    rule: 'Limits are a token bucket: once the announced quota is spent, requests get `429 rate_limited`',
    where: `${INFO} § Rate limits; components.responses.TooManyRequests`,
    checks: ['rate_limit_enforced'],
  },
  {
    id: 'retry-after-on-429',
    rule: 'A `429` carries `Retry-After` in seconds',
    where: `${INFO} § Rate limits; components.headers.Retry-After`,
    checks: ['rate_limit_enforced', 'response_headers_conformance'],
  },
  {
    id: 'rate-limit-per-credential',
    rule: 'Limits are per credential (token or API key)',
    where: `${INFO} § Rate limits`,
    checks: [],
    unchecked:
      'needs a second credential whose quota stays full while the first is spent; the suite takes one; the sandbox rate-limit tests cover it',
  },
  {
    id: 'no-idempotency-key',
    rule: 'The deletes take no `Idempotency-Key` header (and need none)',
    where: `${INFO} § Retries and idempotency`,
    checks: ['individual_soft_delete', 'business_use_after_free'],
  },
  {
    id: 'retry-safe',
    rule: 'Deletes are idempotent and the token exchange safe to retry on network errors, `429` and `5xx`',
    where: `${INFO} § Retries and idempotency; ${TOKEN}.description`,
    checks: ['individual_delete_idempotent', 'business_use_after_free'],
  },
  {
    id: 'unsupported-method-405',
    rule: 'An undocumented method gets `405 method_not_allowed` with `Allow` listing the documented methods',
    where: `${INFO} § Methods, CORS and bodies (RFC 9110, 15.5.6)`,
    checks: ['unsupported_method', 'response_headers_conformance'],
  },
  {
    id: 'cors-allow-origin',
    rule: '`Access-Control-Allow-Origin: *` is sent when the request carries `Origin`',
    where: `${INFO} § Methods, CORS and bodies; components.headers.Access-Control-Allow-Origin`,
    checks: ['response_headers_conformance'],
  },
  {
    id: 'delete-takes-no-body',
    rule: 'The delete operations take no request body',
    where: `${INFO} § Methods, CORS and bodies`,
    checks: [],
    unchecked:
      'a rule for clients: the spec does not say what a server answers to a body, so there is nothing to expect (the suite never sends one)',
  },
  {
    id: 'no-pii',
    rule: 'The PII fields are never returned by any response',
    where: `${INFO} § Personal data; components.schemas.Customer.description`,
    checks: ['no_pii_in_responses', 'response_schema_conformance'],
  },
  {
    id: 'documented-statuses',
    rule: 'A server answers only the statuses documented for the operation',
    where: 'paths.*.*.responses',
    checks: ['status_code_conformance'],
  },
  {
    id: 'documented-content-type',
    rule: 'Each response has the documented `Content-Type`',
    where: 'paths.*.*.responses.*.content',
    checks: ['content_type_conformance'],
  },
  {
    id: 'body-schemas',
    rule: 'Each body validates against its schema (`additionalProperties: false`, patterns, `const`)',
    where: 'components.schemas',
    checks: ['response_schema_conformance'],
  },
];

/** The rules a black-box check verifies. */
export const CHECKABLE_RULES: readonly Rule[] = RULES.filter((r) => r.checks.length > 0);
