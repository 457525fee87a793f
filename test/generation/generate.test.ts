// The generation pipeline as a person runs it: a broken spec writes nothing and points at the
// line, a failed write leaves the previous output as it was, --check names stale files, and an
// operation added to the spec becomes a typed client method (all concurrent: each is a subprocess).
import { execFile } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';
import { USE, withNewOperations } from './new-operation.js';

const root = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const script = path.join(root, 'scripts', 'generate.ts');
const GENERATED = ['openapi.json', 'schema.d.ts', 'operations.ts'];
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A temp project: copies of openapi.yaml (edited by `edit`), redocly.yaml and the committed generated/ as out/. */
function workspace(edit: (spec: string) => string = (spec) => spec): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'customers-generate-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'openapi.yaml'), edit(readFileSync(path.join(root, 'openapi.yaml'), 'utf8')));
  cpSync(path.join(root, 'redocly.yaml'), path.join(dir, 'redocly.yaml'));
  cpSync(path.join(root, 'generated'), path.join(dir, 'out'), { recursive: true });
  return dir;
}

/** Every file under `dir` with its bytes, to compare before and after a run. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const file = path.join(entry.parentPath, entry.name);
        return [path.relative(dir, file), readFileSync(file).toString('base64')];
      }),
  );
}

async function generate(cwd: string, ...args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(tsx, [script, '--out', 'out', ...args], { cwd });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** The 1-based line and column where `needle` starts in `text`. */
function locate(text: string, needle: string): string {
  const before = text.slice(0, text.indexOf(needle)).split('\n');
  return `${before.length}:${(before.at(-1)?.length ?? 0) + 1}`;
}

describe('a broken spec', () => {
  test.concurrent.each([
    [
      'an unresolvable $ref',
      (spec: string) =>
        spec.replace('$ref: "#/components/schemas/CustomerId"', '$ref: "#/components/schemas/NoSuchSchema"'),
      '$ref: "#/components/schemas/NoSuchSchema"',
      "Can't resolve $ref",
      true,
    ],
    [
      'a YAML syntax error',
      (spec: string) => spec.replace('      security: []\n', '      security: [\n'),
      'requestBody:', // the YAML parser notices the unclosed flow sequence on the next line
      'deficient indentation (yaml-syntax)', // the parser's own reason, then the rule
      false,
    ],
  ])(
    'with %s exits non-zero, prints openapi.yaml:LINE:COL and leaves --out byte-for-byte untouched',
    async (_name, edit, at, message, exactColumn) => {
      const dir = workspace(edit);
      const spec = readFileSync(path.join(dir, 'openapi.yaml'), 'utf8');
      const before = snapshot(path.join(dir, 'out'));
      const { code, output } = await generate(dir);
      expect(code).not.toBe(0);
      const located = output.match(/^openapi\.yaml:(\d+):(\d+) (.+)$/m);
      expect(located, output).not.toBeNull();
      const [line, col] = locate(spec, at).split(':');
      expect(located?.[1]).toBe(line);
      if (exactColumn) expect(located?.[2]).toBe(col);
      expect(located?.[3]).toContain(message);
      expect(output).toContain('nothing was written');
      expect(snapshot(path.join(dir, 'out'))).toEqual(before);
    },
  );
});

test.concurrent('a write that fails half-way restores the files it had already replaced', async () => {
  const dir = workspace();
  const out = path.join(dir, 'out');
  writeFileSync(path.join(out, 'openapi.json'), '{"previous": true}\n');
  rmSync(path.join(out, 'schema.d.ts'));
  mkdirSync(path.join(out, 'schema.d.ts')); // renaming onto a directory fails
  const before = snapshot(out);
  const { code, output } = await generate(dir);
  expect(code).not.toBe(0);
  expect(output).toContain('out/ was left as it was');
  expect(snapshot(out)).toEqual(before);
  expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
});

test.concurrent('--check names a hand-edited and a missing generated file, and the command that fixes them', async () => {
  const dir = workspace();
  const out = path.join(dir, 'out');
  writeFileSync(
    path.join(out, 'operations.ts'),
    `${readFileSync(path.join(out, 'operations.ts'), 'utf8')}// edited\n`,
  );
  rmSync(path.join(out, 'openapi.json'));
  const before = snapshot(out);
  const { code, output } = await generate(dir, '--check');
  expect(code).toBe(1);
  expect(output).toContain('out/operations.ts');
  expect(output).toContain('out/openapi.json (missing)');
  expect(output).not.toContain('out/schema.d.ts');
  expect(output).toContain('npm run generate');
  expect(snapshot(out)).toEqual(before); // --check writes nothing
  expect(GENERATED.filter((f) => f !== 'openapi.json').every((f) => readdirSync(out).includes(f))).toBe(true);
});

test.concurrent('a GET and a DELETE answering 204 added to openapi.yaml become typed client methods after regenerating', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'customers-new-operation-'));
  dirs.push(dir);
  const spec = readFileSync(path.join(root, 'openapi.yaml'), 'utf8');
  writeFileSync(path.join(dir, 'openapi.yaml'), withNewOperations(spec));
  cpSync(path.join(root, 'redocly.yaml'), path.join(dir, 'redocly.yaml'));

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
}, 30_000);
