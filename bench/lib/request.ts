// The one request every server and client benchmark sends, and the fixed 200 answer of the bare
// server, both taken from the spec so all servers are compared on the same bytes.
import { resolveRef } from '../../src/spec/index.js';

/** The individual customer the spec's code samples delete; deleting it again stays 200 (idempotent). */
export const CUSTOMER_ID = 'cst_01H9Xa8F5dN6mP3q';

/** The path of the benchmark request, below a server's base URL. */
export const DELETE_PATH = `/customers/${CUSTOMER_ID}`;

type Json = Record<string, unknown>;

/** The first documented 200 example of `DELETE /customers/{customerId}`, serialized as Prism sends it. */
export function deleteCustomerExample(): string {
  const paths = resolveRef({ $ref: '#/paths' }) as Record<string, Json>;
  const del = resolveRef(paths['/customers/{customerId}']).delete as Json;
  const ok = resolveRef((del.responses as Json)['200']);
  const media = (ok.content as Record<string, Json>)['application/json'] ?? {};
  const first = Object.values((media.examples ?? {}) as Json)[0];
  return JSON.stringify(resolveRef(first).value);
}
