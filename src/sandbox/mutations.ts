// Test-only switches that break one behaviour each (issue 5, section 2), so a test can prove the
// conformance suite notices. Never set them outside tests: a mutated sandbox also skips its self-check.

/** One deliberately broken behaviour per flag. */
export interface Mutations {
  /** A repeat business delete answers 200 instead of 404. */
  repeatBusinessDeleteSucceeds?: boolean;
  /** An individual delete leaves `status: active`. */
  individualStaysActive?: boolean;
  /** The individual delete response leaks the write-only `birthDate`. */
  leakPii?: boolean;
  /** Requests without credentials are accepted as the first account's full-access key. */
  acceptMissingCredentials?: boolean;
  /** Customers of other accounts can be deleted (BOLA). */
  crossAccountAccess?: boolean;
  /** A malformed id answers 500 instead of 400. */
  malformedIdIsServerError?: boolean;
  /** Responses carry no `X-Request-Id`. */
  omitRequestId?: boolean;
  /** JSON bodies are labelled `text/plain`. */
  wrongContentType?: boolean;
  /** The other customer type's id answers 404 instead of 400 `customer_type_mismatch`. */
  wrongTypeIsNotFound?: boolean;
  /** 429 responses carry no `Retry-After`. */
  omitRetryAfter?: boolean;
}

/** The names of every mutation, for table-driven tests. */
export const mutationNames = [
  'repeatBusinessDeleteSucceeds',
  'individualStaysActive',
  'leakPii',
  'acceptMissingCredentials',
  'crossAccountAccess',
  'malformedIdIsServerError',
  'omitRequestId',
  'wrongContentType',
  'wrongTypeIsNotFound',
  'omitRetryAfter',
] as const satisfies readonly (keyof Mutations)[];

/** Whether any mutation is on (then responses are sent even when they fail the self-check). */
export function anyMutation(mutations: Mutations | undefined): boolean {
  return mutations !== undefined && Object.values(mutations).some(Boolean);
}
