// Fixtures for the "new operation" generation test: two operations to add to a copy of
// openapi.yaml (lint-clean under redocly.yaml and .spectral.yaml) and a file that calls them through the client.

/** Headers every 2xx and 4xx of this API documents (redocly.yaml, response-contains-header). */
const HEADERS = `
          headers:
            X-Request-Id:
              $ref: "#/components/headers/X-Request-Id"
            RateLimit:
              $ref: "#/components/headers/RateLimit"
            RateLimit-Policy:
              $ref: "#/components/headers/RateLimit-Policy"
            Access-Control-Allow-Origin:
              $ref: "#/components/headers/Access-Control-Allow-Origin"`;

/** The error responses the OWASP ruleset asks of every operation (400, 429, 500), besides 401. */
const ERRORS = `
        "400":
          $ref: "#/components/responses/CustomerBadRequest"
        "401":
          $ref: "#/components/responses/Unauthorized"`;
const LIMITS = `
        "429":
          $ref: "#/components/responses/TooManyRequests"
        "500":
          $ref: "#/components/responses/InternalError"`;

/** Two new operations under new paths, lint-clean under the repo's redocly.yaml and .spectral.yaml. */
export const NEW_PATHS = `  /notes:
    get:
      operationId: listNotes
      summary: List notes
      description: Counts the caller's notes.
      tags: [Customers]
      responses:
        "200":
          description: The number of notes.${HEADERS}
          content:
            application/json:
              schema:
                type: object
                additionalProperties: false
                required: [count]
                properties:
                  count:
                    type: integer
                    format: int32
                    minimum: 0
                    maximum: 1000000${ERRORS}${LIMITS}
  /notes/{noteId}:
    delete:
      operationId: deleteNote
      summary: Delete a note
      description: Deletes a note; the answer has no content.
      tags: [Customers]
      parameters:
        - name: noteId
          in: path
          required: true
          description: The note's id.
          schema:
            type: string
            maxLength: 68
            pattern: ^nte_[0-9A-Za-z]{1,64}$
      responses:
        "204":
          description: The note is deleted.${HEADERS}${ERRORS}
        "404":
          $ref: "#/components/responses/NotFound"${LIMITS}
`;

/** Calls both new methods through the client; must type-check against the temp generated/. */
export const USE = `import { createCustomersClient } from './src/client/index.js';

const seen: string[] = [];
const client = createCustomersClient({
  baseUrl: 'http://127.0.0.1:9/v0.9',
  auth: { token: 'tok_test_0123456789' },
  fetch: async (request) => {
    seen.push(\`\${request.method} \${new URL(request.url).pathname}\`);
    if (request.method === 'DELETE') {
      return new Response(null, { status: 204, headers: { 'X-Request-Id': 'req_204' } });
    }
    return Response.json({ count: 3 }, { headers: { 'X-Request-Id': 'req_200' } });
  },
});

const listed = await client.listNotes({});
const deleted = await client.deleteNote({ noteId: 'nte_1' });
if (!listed.ok || !deleted.ok) throw new Error('expected both calls to succeed');
const count: number = listed.data.count;
const status: 204 = deleted.status;
const nothing: undefined = deleted.data;
// Wrong uses, type-checked but never run.
export const wrongUses = () => [
  // @ts-expect-error noteId is required by the new operation's path parameter
  client.deleteNote({}),
  // @ts-expect-error a 204 has no data to read
  deleted.data.count,
];
console.log(JSON.stringify({ seen, count, status, hasData: 'data' in deleted, nothing: nothing === undefined, deleted }));
`;

/** `spec` with NEW_PATHS appended to its paths (they end where components begin). */
export function withNewOperations(spec: string): string {
  if (!spec.includes('\ncomponents:\n'))
    throw new Error('openapi.yaml has no top-level components: to insert before');
  return spec.replace('\ncomponents:\n', `\n${NEW_PATHS}components:\n`);
}
