// The generation pipeline as a person runs it: a broken or hostile spec writes nothing, points at
// the line and never reaches the network, both lint gates of npm test run first, --check names every
// stale, missing and extra file, and an operation added to the spec becomes a typed client method
// (all concurrent: each is a subprocess on its own copy of the spec).
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { cleanWorkspaces, generate, leftovers, locate, root, snapshot, workspace } from './helpers.js';
import { USE, withNewOperations } from './new-operation.js';

const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
// Each test runs the real generator (Redocly, Spectral, openapi-typescript) in a subprocess; on a
// loaded machine one run can take tens of seconds.
vi.setConfig({ testTimeout: 180_000 });
const dirs: string[] = [];
afterAll(() => {
  cleanWorkspaces();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs the generator on a copy of the spec edited by `edit`; checks it failed located and wrote nothing. */
async function refused(edit: (spec: string) => string, ...args: string[]) {
  const dir = workspace(edit);
  const spec = readFileSync(path.join(dir, 'openapi.yaml'), 'utf8');
  const before = snapshot(path.join(dir, 'out'));
  const { code, output } = await generate(dir, ...args);
  expect(code, output).toBe(1);
  expect(output).toContain('nothing was written');
  expect(output).not.toMatch(/^\s+at /m); // no stack trace
  expect(snapshot(path.join(dir, 'out'))).toEqual(before);
  expect(leftovers(dir)).toEqual([]);
  const located = [...output.matchAll(/^openapi\.yaml:(\d+):(\d+) (.+)$/gm)].map((m) => ({
    line: Number(m[1]),
    col: Number(m[2]),
    message: m[3] ?? '',
  }));
  return { spec, output, located };
}

describe('a broken spec', () => {
  test.concurrent('with an unresolvable $ref exits 1 at its line and column and leaves out/ untouched', async () => {
    const { spec, located } = await refused((s) =>
      s.replace('$ref: "#/components/schemas/CustomerId"', '$ref: "#/components/schemas/NoSuchSchema"'),
    );
    expect(located[0]).toMatchObject(locate(spec, '$ref: "#/components/schemas/NoSuchSchema"'));
    expect(located[0]?.message).toContain("Can't resolve $ref");
  });

  test.concurrent('with a YAML syntax error exits 1 at the unclosed bracket', async () => {
    const { spec, located } = await refused((s) => s.replace('      security: []\n', '      security: [\n'));
    const bracket = locate(spec, 'security: [\n');
    expect(located).toHaveLength(1);
    expect(located[0]?.line).toBeGreaterThanOrEqual(bracket.line);
    expect(located[0]?.line).toBeLessThanOrEqual(bracket.line + 1);
    expect(located[0]?.message).toMatch(/Flow sequence .*\(yaml-syntax\)$/);
  });

  test.concurrent('that Spectral rejects (Retry-After as a string) is not generated, as npm test would fail', async () => {
    const { output, located } = await refused((s) =>
      s.replace(
        /( {4}Retry-After:\n(?: {6}.*\n)*? {6}schema:\n {8}type:) integer\n {8}format: int32\n/,
        '$1 string\n        maxLength: 10\n',
      ),
    );
    expect(located.length, output).toBeGreaterThan(0);
    expect(located.every((p) => p.message.includes('(spectral '))).toBe(true);
    expect(output).toMatch(/Spectral problems?; nothing was written/);
  });
});

/** x-laughs: nine lols, then seven levels of nine aliases each (9^8 strings once expanded). */
function laughs(spec: string): string {
  const lines = ['x-laughs:', `  l0: &l0 [${Array(9).fill('"lol"').join(',')}]`];
  for (let i = 1; i <= 7; i++)
    lines.push(
      `  l${i}: &l${i} [${Array(9)
        .fill(`*l${i - 1}`)
        .join(',')}]`,
    );
  return spec.replace('\npaths:\n', `\n${lines.join('\n')}\npaths:\n`);
}

/** Two schemas that only point at each other, used by a path parameter. */
function cycle(spec: string): string {
  return spec
    .replace(
      '  schemas:\n',
      '  schemas:\n    LoopA:\n      $ref: "#/components/schemas/LoopB"\n    LoopB:\n      $ref: "#/components/schemas/LoopA"\n',
    )
    .replace('$ref: "#/components/schemas/CustomerId"', '$ref: "#/components/schemas/LoopA"');
}

describe('a hostile spec fails at the source gate, before any linter or generator reads it', () => {
  test.concurrent('a billion-laughs alias block: the alias limit, located in the block', async () => {
    const { spec, located, output } = await refused(laughs);
    expect(located).toHaveLength(1);
    expect(located[0]?.message).toContain('(yaml-alias-limit)');
    expect(located[0]?.line).toBeGreaterThanOrEqual(locate(spec, '  l1: &l1').line);
    expect(located[0]?.line).toBeLessThanOrEqual(locate(spec, '  l7: &l7').line);
    expect(output).not.toContain('spectral');
  });

  test.concurrent('a $ref cycle: located at the first schema of the cycle, with the chain', async () => {
    const { spec, located } = await refused(cycle);
    expect(located).toHaveLength(1);
    expect(located[0]).toMatchObject(locate(spec, '"#/components/schemas/LoopB"'));
    expect(located[0]?.message).toContain(
      '$ref cycle: #/components/schemas/LoopA -> #/components/schemas/LoopB -> #/components/schemas/LoopA',
    );
  });

  test.concurrent('an empty file: openapi.yaml:1:1', async () => {
    const { located } = await refused(() => '');
    expect(located).toEqual([{ line: 1, col: 1, message: expect.stringContaining('the file is empty') }]);
  });

  test.concurrent('a remote $ref is refused and never fetched; --allow-remote-refs fetches it', async () => {
    const hits: string[] = [];
    const server = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.setHeader('Content-Type', 'application/yaml');
      res.end('CustomerId:\n  type: string\n  maxLength: 64\n  pattern: ^cst_[A-Za-z0-9]{1,64}$\n');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as { port: number };
    const url = `http://127.0.0.1:${port}/ext.yaml#/CustomerId`;
    const remote = (s: string) => s.replace('$ref: "#/components/schemas/CustomerId"', `$ref: "${url}"`);
    try {
      const { spec, located } = await refused(remote);
      expect(located).toHaveLength(1);
      expect(located[0]).toMatchObject(locate(spec, `"${url}"`));
      expect(located[0]?.message).toContain('--allow-remote-refs');
      expect(hits).toEqual([]);
      // The same spec with the flag reaches the server: the assertion above could fail.
      await generate(workspace(remote), '--allow-remote-refs');
      expect(hits.length).toBeGreaterThan(0);
    } finally {
      server.close();
    }
  });
});

test.concurrent('--check names a hand-edited, a missing and an extra file, and the command that fixes them', async () => {
  const dir = workspace();
  const out = path.join(dir, 'out');
  writeFileSync(
    path.join(out, 'operations.ts'),
    `${readFileSync(path.join(out, 'operations.ts'), 'utf8')}// edited\n`,
  );
  rmSync(path.join(out, 'openapi.json'));
  writeFileSync(path.join(out, 'left-over.ts'), '// no emitter writes this\n');
  const before = snapshot(out);
  const { code, output } = await generate(dir, '--check');
  expect(code).toBe(1);
  expect(output).toContain('  out/operations.ts\n');
  expect(output).toContain('out/openapi.json (missing)');
  expect(output).toContain('out/left-over.ts (extra: openapi.yaml produces no such file)');
  expect(output).not.toContain('out/schema.d.ts');
  expect(output).toContain('npm run generate');
  expect(snapshot(out)).toEqual(before); // --check writes nothing
  expect(leftovers(dir)).toEqual([]);
});

test.concurrent('a run replaces the whole set: a file no emitter writes is gone afterwards', async () => {
  const dir = workspace();
  const out = path.join(dir, 'out');
  const committed = snapshot(out);
  writeFileSync(path.join(out, 'left-over.ts'), '// no emitter writes this\n');
  const { code, output } = await generate(dir);
  expect(code, output).toBe(0);
  expect(snapshot(out)).toEqual(committed);
  expect(leftovers(dir)).toEqual([]);
});

test.concurrent('a GET and a DELETE answering 204 added to openapi.yaml become typed client methods after regenerating', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'customers-new-operation-'));
  dirs.push(dir);
  const spec = readFileSync(path.join(root, 'openapi.yaml'), 'utf8');
  writeFileSync(path.join(dir, 'openapi.yaml'), withNewOperations(spec));

  const generated = await promisify(execFile)(
    tsx,
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
    "  listNotes: {\n    method: 'GET',\n    path: '/notes',\n    idempotent: true,\n    security: [['bearerAuth']],\n    statuses: [200, 400, 401, 429, 500],\n  },",
  );
  expect(facade).toContain(
    "  deleteNote: {\n    method: 'DELETE',\n    path: '/notes/{noteId}',\n    idempotent: true,\n    security: [['bearerAuth']],\n    statuses: [204, 400, 401, 404, 429, 500],\n  },",
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
  await promisify(execFile)(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], {
    cwd: dir,
  }).catch((error: { stdout?: string }) => {
    throw new Error(`tsc found errors:\n${error.stdout ?? ''}`);
  });

  // Run what tsc emitted with plain node: no loader between the client and the new facade.
  const { stdout } = await promisify(execFile)(process.execPath, [path.join('out', 'use.js')], { cwd: dir });
  expect(JSON.parse(stdout)).toEqual({
    seen: ['GET /v0.9/notes', 'DELETE /v0.9/notes/nte_1'],
    count: 3,
    status: 204,
    hasData: true,
    nothing: true,
    deleted: { ok: true, status: 204, requestId: 'req_204' },
  });
});
