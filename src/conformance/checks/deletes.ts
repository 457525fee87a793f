// The two delete operations, with the prefix their ids take (info.description, "Customer types
// and identifiers"), and the token request every check that needs one sends.
import type { SpecIndex } from '../../spec/index.js';

/** The two deletes: operationId, own id prefix, the other type's prefix, and a word for labels. */
export const DELETES = [
  { operationId: 'deleteCustomer', prefix: 'cst_', otherPrefix: 'cus_', kind: 'individual' },
  { operationId: 'deleteBusinessCustomer', prefix: 'cus_', otherPrefix: 'cst_', kind: 'business' },
] as const;

/** One of {@link DELETES}. */
export type DeleteOperation = (typeof DELETES)[number];

/** The operation that deletes ids of this prefix. */
export function deleteFor(id: string): DeleteOperation | undefined {
  return DELETES.find((d) => id.startsWith(d.prefix));
}

/** The request that exchanges a key and secret for a token (setup, token_exchange, negative data). */
export function tokenRequest(spec: SpecIndex, body: string, contentType = 'application/json') {
  const { method, path } = spec.operation('createAccessToken');
  return { operationId: 'createAccessToken', method, path, headers: { 'Content-Type': contentType }, body };
}
