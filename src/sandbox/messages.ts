// Every error message the sandbox sends, taken verbatim from the examples in openapi.yaml where the spec
// has one, so clients see exactly the documented text.

/** Error messages, by situation. Never include a credential in any of them. */
export const messages = {
  customerNotFound: 'Customer not found',
  individualTypeMismatch:
    'Customer is not an individual type. Use DELETE /customers/business/{customerId} for business customers.',
  businessTypeMismatch:
    'Customer is not a business type. Use DELETE /customers/{customerId} for individual customers.',
  malformedIndividualId: 'Invalid customerId: must be cst_ followed by 1 to 64 base62 characters.',
  malformedBusinessId: 'Invalid customerId: must be cus_ followed by 1 to 64 base62 characters.',
  malformedApiKey: 'Invalid request body: apiKey must look like sk_live_... or sk_sdbx_....',
  invalidApiCredentials: 'Unauthorized: invalid API key or secret.',
  unauthorized: 'Unauthorized',
  missingCredentials:
    'Unauthorized: no credentials. Send Authorization: Bearer <token> with a token from POST /auth/token.',
  missingCredentialsBusiness:
    'Unauthorized: no credentials. Send Authorization: Bearer <token> with a token from POST /auth/token, or X-API-Key.',
  malformedAuthorization: "Unauthorized: the Authorization header must be 'Bearer <token>'.",
  invalidToken:
    'Unauthorized: the access token is invalid. Exchange your API key at POST /auth/token and retry.',
  expiredToken:
    'Unauthorized: the access token expired. Exchange your API key at POST /auth/token and retry.',
  invalidApiKey: 'Unauthorized: invalid API key.',
  apiKeyNotAccepted:
    'Unauthorized: DELETE /customers/{customerId} accepts only a bearer token. Exchange the API key at POST /auth/token.',
  forbidden: 'Forbidden: this API key may not delete customers.',
  rateLimited: 'Too many requests. Retry after the number of seconds in the Retry-After header.',
  internalError: 'Internal server error. Retry later, and quote the request id if it persists.',
  bodyNotJson: 'Invalid request body: must be a JSON object (Content-Type: application/json).',
  bodyTooLarge: 'Invalid request body: larger than the 8192 bytes this operation accepts.',
  deleteTakesNoBody: 'Invalid request: DELETE takes no request body.',
} as const;

/** The realm named in every `WWW-Authenticate` challenge (RFC 6750, section 3). */
export const REALM = 'customers-api';
