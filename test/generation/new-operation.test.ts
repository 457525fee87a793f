// Adding an operation to openapi.yaml and re-running the generator is all a new typed method
// needs: a copy of the spec gains a GET and a DELETE documented as 204 (no content), the
// generator writes a facade and operationMeta with both, the repo's tsc type-checks (and emits)
// a file that calls them through the unchanged client sources, and running it with node
// resolves the 204 to `{ok: true, status: 204, data: undefined, requestId}`.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'customers-new-operation-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Headers every 2xx and 4xx of this API documents (redocly.yaml, response-contains-header). */
const HEADERS = `
          headers:
            X-Request-Id:
              $ref: "#/components/headers/X-Request-Id"
            RateLimit:
              $ref: "#/components/headers/RateLimit"
            RateLimit-Policy:
              $ref: "#/components/headers/RateLimit-Policy"`;

/** Two new operations under new paths, lint-clean under the repo's redocly.yaml. */
const NEW_PATHS = `  /notes:
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
                    minimum: 0
        "401":
          $ref: "#/components/responses/Unauthorized"
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
            pattern: ^nte_[0-9A-Za-z]{1,64}$
      responses:
        "204":
          description: The note is deleted.${HEADERS}
        "401":
          $ref: "#/components/responses/Unauthorized"
        "404":
          $ref: "#/components/responses/NotFound"
        "429":
          $ref: "#/components/responses/TooManyRequests"
`;

/** Calls both new methods through the client; must type-check against the temp generated/. */
const USE = `import { createCustomersClient } from './src/client/index.js';

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

test('a GET and a DELETE answering 204 added to openapi.yaml become typed client methods after regenerating', async () => {
  const spec = readFileSync(path.join(root, 'openapi.yaml'), 'utf8');
  expect(spec).toContain('\ncomponents:\n');
  writeFileSync(
    path.join(dir, 'openapi.yaml'),
    spec.replace('\ncomponents:\n', `\n${NEW_PATHS}components:\n`),
  );
  cpSync(path.join(root, 'redocly.yaml'), path.join(dir, 'redocly.yaml'));

  const generated = await run(
    bin('tsx'),
    [path.join(root, 'scripts', 'generate.ts'), '--spec', 'openapi.yaml', '--out', 'generated'],
    { cwd: dir },
  ).catch((error: { stdout?: string; stderr?: string }) => {
    throw new Error(`generate failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
  });
  expect(generated.stderr).not.toContain('[warning]');

  const facade = readFileSync(path.join(dir, 'generated', 'operations.ts'), 'utf8');
  expect(facade).toContain(
    "export function listNotes(client: ApiClient, input: ListNotesInput, init?: CallInit) {\n  return client.GET('/notes', ",
  );
  expect(facade).toContain(
    "export function deleteNote(client: ApiClient, input: DeleteNoteInput, init?: CallInit) {\n  return client.DELETE('/notes/{noteId}', { ...init, params: { path: input } });",
  );
  expect(facade).toContain(
    'export const operationFunctions = { createAccessToken, deleteCustomer, deleteBusinessCustomer, listNotes, deleteNote } as const;',
  );
  expect(facade).toContain(
    "  listNotes: {\n    method: 'GET',\n    path: '/notes',\n    idempotent: true,\n    security: [['bearerAuth']],\n    statuses: [200, 401],\n  },",
  );
  expect(facade).toContain(
    "  deleteNote: {\n    method: 'DELETE',\n    path: '/notes/{noteId}',\n    idempotent: true,\n    security: [['bearerAuth']],\n    statuses: [204, 401, 404, 429],\n  },",
  );

  // The client's own sources, unchanged, beside the new generated/ (they import ../../generated/).
  cpSync(path.join(root, 'src', 'client'), path.join(dir, 'src', 'client'), { recursive: true });
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ private: true, type: 'module' }));
  writeFileSync(path.join(dir, 'use.ts'), USE);
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: path.join(root, 'tsconfig.json'),
      compilerOptions: { noEmit: false, outDir: 'out' },
      include: ['src', 'generated', 'use.ts'],
    }),
  );
  await run(bin('tsc'), ['-p', 'tsconfig.json'], { cwd: dir }).catch((error: { stdout?: string }) => {
    throw new Error(`tsc found errors:\n${error.stdout ?? ''}`);
  });

  // Run what tsc emitted with plain node: no loader between the client and the new facade.
  const { stdout } = await run(process.execPath, [path.join('out', 'use.js')], { cwd: dir });
  expect(JSON.parse(stdout)).toEqual({
    seen: ['GET /v0.9/notes', 'DELETE /v0.9/notes/nte_1'],
    count: 3,
    status: 204,
    hasData: true,
    nothing: true,
    deleted: { ok: true, status: 204, requestId: 'req_204' },
  });
}, 30_000);
