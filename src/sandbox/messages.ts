// Every text the sandbox sends. Where openapi.yaml has an example for the situation, the text is read
// from that example (once, on first use, never at import), so the sandbox cannot drift from the
// documented wording.
import { resolveRef, spec } from '../spec/index.js';

/**
 * The `message` of example `example` of `components/responses/<response>` in the spec. Throws, naming
 * the place in openapi.yaml, when that example is missing (renamed or removed in the spec).
 */
export function specErrorMessage(response: string, example: string): string {
  const place = `components/responses/${response}/content/application/json/examples/${example}`;
  const responses = (spec.components as { responses?: Record<string, unknown> } | undefined)?.responses;
  const content = resolveRef(responses?.[response]).content as
    | Record<string, { examples?: Record<string, unknown> }>
    | undefined;
  const value = resolveRef(content?.['application/json']?.examples?.[example]).value as
    | { message?: unknown }
    | undefined;
  if (typeof value?.message !== 'string')
    throw new Error(
      `openapi.yaml: ${place} has no value.message; src/sandbox/messages.ts reads it. Restore the example or change messages.ts, then run npm run generate.`,
    );
  return value.message;
}

/** The business delete's success message: the `deleted` example of its 200 response. */
function businessDeletedMessage(): string {
  const place = 'paths./customers/business/{customerId}.delete.responses.200 example deleted';
  const op = resolveRef((spec.paths as Record<string, unknown>)['/customers/business/{customerId}']).delete;
  const ok = resolveRef(resolveRef(op).responses)['200'];
  const media = (
    resolveRef(ok).content as Record<string, { examples?: Record<string, unknown> }> | undefined
  )?.['application/json'];
  const message = (resolveRef(media?.examples?.deleted).value as { message?: unknown } | undefined)?.message;
  if (typeof message !== 'string')
    throw new Error(`openapi.yaml: ${place} has no value.message; src/sandbox/messages.ts reads it.`);
  return message;
}

function readMessages() {
  return {
    businessDeleted: businessDeletedMessage(),
    customerNotFound: specErrorMessage('NotFound', 'notFound'),
    individualTypeMismatch: specErrorMessage('CustomerBadRequest', 'customerTypeMismatch'),
    businessTypeMismatch: specErrorMessage('BusinessCustomerBadRequest', 'customerTypeMismatch'),
    malformedIndividualId: specErrorMessage('CustomerBadRequest', 'malformedId'),
    malformedBusinessId: specErrorMessage('BusinessCustomerBadRequest', 'malformedId'),
    malformedApiKey: specErrorMessage('TokenBadRequest', 'malformedKey'),
    invalidApiCredentials: specErrorMessage('InvalidApiCredentials', 'invalidCredentials'),
    unauthorized: specErrorMessage('Unauthorized', 'unauthorized'),
    expiredToken: specErrorMessage('Unauthorized', 'expiredToken'),
    forbidden: specErrorMessage('Forbidden', 'forbidden'),
    rateLimited: specErrorMessage('TooManyRequests', 'rateLimited'),
    internalError: specErrorMessage('InternalError', 'internalError'),
    // No example in the spec documents these situations; the wording follows the examples' style.
    missingCredentials:
      'Unauthorized: no credentials. Send Authorization: Bearer <token> with a token from POST /auth/token.',
    missingCredentialsBusiness:
      'Unauthorized: no credentials. Send Authorization: Bearer <token> with a token from POST /auth/token, or X-API-Key.',
    malformedAuthorization: "Unauthorized: the Authorization header must be 'Bearer <token>'.",
    invalidToken:
      'Unauthorized: the access token is invalid. Exchange your API key at POST /auth/token and retry.',
    invalidApiKey: 'Unauthorized: invalid API key.',
    apiKeyNotAccepted:
      'Unauthorized: DELETE /customers/{customerId} accepts only a bearer token. Exchange the API key at POST /auth/token.',
    bodyNotJson: 'Invalid request body: must be a JSON object (Content-Type: application/json).',
    bodyTooLarge: 'Invalid request body: larger than the 8192 bytes this operation accepts.',
    deleteTakesNoBody: 'Invalid request: DELETE takes no request body.',
    // The path and headers are the client's text (a key may be in them), so no message quotes them.
    notFound: 'Not found: no operation at this path. The operations are listed at /openapi.json.',
  } as const;
}

/** The sandbox's texts, by situation. Never include a credential, a path or a header value in any of them. */
export type Messages = ReturnType<typeof readMessages>;

let cached: Messages | undefined;

/** The texts, read from the spec on first use; throws (naming the place in openapi.yaml) when one is missing. */
export function loadMessages(): Messages {
  cached ??= readMessages();
  return cached;
}

/** The realm named in every `WWW-Authenticate` challenge (RFC 6750, section 3). */
export const REALM = 'customers-api';
