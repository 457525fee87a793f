// The TypeScript consumers' side of the gate. A wire diff cannot see two ways this package breaks
// its TypeScript users, so the gate checks them itself:
// - the last release's TypeScript x-codeSamples are type-checked against a client generated from
//   the revision (a value added to a response enum breaks an exhaustive `switch`, a removed
//   operation removes a method);
// - a schema name that disappears from components.schemas breaks `./types` users of
//   `components['schemas'][name]` and `Schemas[name]`, even when the wire is unchanged.
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Change } from './diff.js';
import { CONSUMER_CONFIG, ROOT } from './paths.js';
import { encodePointer, type YamlIndex } from './positions.js';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
export const PACKAGE_NAME = '@spec-first/customers-api';

interface Sample {
  operation: string;
  operationId: string;
  pointer: string;
  source: string;
}

type Json = Record<string, unknown>;
const asObject = (value: unknown): Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};

function typescriptSamples(spec: unknown): Sample[] {
  const samples: Sample[] = [];
  for (const [route, item] of Object.entries(asObject(asObject(spec).paths))) {
    for (const method of HTTP_METHODS) {
      const op = asObject(asObject(item)[method]);
      const list = op['x-codeSamples'];
      if (!Array.isArray(list)) continue;
      list.forEach((sample, index) => {
        const s = asObject(sample);
        if (String(s.lang).toLowerCase() !== 'typescript' || typeof s.source !== 'string') return;
        samples.push({
          operation: `${method.toUpperCase()} ${route}`,
          operationId: String(op.operationId ?? `${method}-${route}`),
          pointer: encodePointer(['paths', route, method, 'x-codeSamples', String(index), 'source']),
          source: s.source,
        });
      });
    }
  }
  return samples;
}

/** Schema names of the base that the revision no longer has: breaking for `./types` users. */
export function removedSchemaChanges(
  base: YamlIndex,
  revision: YamlIndex,
  files: { base: string; revision: string },
): Change[] {
  const before = Object.keys(asObject(asObject(asObject(base.value).components).schemas));
  const after = new Set(Object.keys(asObject(asObject(asObject(revision.value).components).schemas)));
  return before
    .filter((name) => !after.has(name))
    .map((name) => {
      const pointer = encodePointer(['components', 'schemas', name]);
      const was = base.locate(pointer);
      const now = revision.locate(pointer);
      return {
        rule: 'typescript-schema-removed',
        impact: 'major' as const,
        kind: 'removed' as const,
        path: pointer,
        field: `components/schemas/${name}`,
        message: `Schema \`${name}\` was removed or renamed: TypeScript code that uses \`components['schemas']['${name}']\` or \`Schemas['${name}']\` from ${PACKAGE_NAME}/types no longer compiles.`,
        revision: { file: files.revision, pointer: now.pointer, ...now.position },
        base: { file: files.base, pointer, ...was.position },
      };
    });
}

function runNode(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/**
 * Type-checks the base's TypeScript samples against the client generated from the revision: one
 * change per sample that no longer compiles. The client's own sources (src/client, src/types.ts)
 * are copied beside the freshly generated files in a scratch folder under .tmp/.
 */
export async function sampleChanges(
  base: YamlIndex,
  revision: YamlIndex,
  files: { base: string; revision: string },
): Promise<Change[]> {
  const samples = typescriptSamples(base.value);
  if (samples.length === 0) return [];
  await mkdir(path.join(ROOT, '.tmp'), { recursive: true });
  const dir = await mkdtemp(path.join(ROOT, '.tmp', 'consumer-'));
  try {
    // The revision's client, generated exactly as `npm run generate` does (scripts/generate.ts),
    // but without the project's lint rules: a revision that fails lint is still type-checked.
    const generated = await runNode([
      '--import',
      'tsx',
      path.join(ROOT, 'scripts/generate.ts'),
      '--spec',
      path.resolve(files.revision),
      '--out',
      path.join(dir, 'generated'),
      '--config',
      path.join(ROOT, CONSUMER_CONFIG),
    ]);
    if (generated.code !== 0) {
      throw new Error(
        `could not generate a client from ${files.revision}: ${generated.output.trim().split('\n').slice(-3).join(' | ')}`,
      );
    }
    await Promise.all([
      cp(path.join(ROOT, 'src/client'), path.join(dir, 'src/client'), { recursive: true }),
      cp(path.join(ROOT, 'src/types.ts'), path.join(dir, 'src/types.ts')),
      mkdir(path.join(dir, 'samples'), { recursive: true }),
    ]);
    const named = samples.map((sample, i) => ({
      sample,
      name: `samples/${i}-${sample.operationId.replace(/[^\w-]/g, '_')}.mts`,
    }));
    const names = named.map((n) => n.name);
    await Promise.all(named.map(({ sample, name }) => writeFile(path.join(dir, name), sample.source)));
    await writeFile(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        extends: path.relative(dir, path.join(ROOT, 'tsconfig.json')),
        compilerOptions: {
          noEmit: true,
          paths: { [PACKAGE_NAME]: ['./src/client/index.ts'], [`${PACKAGE_NAME}/types`]: ['./src/types.ts'] },
        },
        include: [],
        files: names,
      }),
    );
    const run = await runNode([
      path.join(ROOT, 'node_modules/typescript/bin/tsc'),
      '-p',
      path.join(dir, 'tsconfig.json'),
      '--pretty',
      'false',
    ]);
    if (run.code === 0) return [];
    const changes: Change[] = [];
    const diagnostics = run.output.split('\n').filter((line) => /error TS\d+/.test(line));
    if (diagnostics.length === 0)
      throw new Error(`tsc failed without a diagnostic: ${run.output.slice(0, 500)}`);
    for (const { sample, name } of named) {
      const mine = diagnostics.filter((line) => line.includes(`${name}(`));
      if (mine.length === 0) continue;
      const first = (mine[0] ?? '').replace(/^.*?\((\d+),(\d+)\): error /, 'sample line $1: ');
      const was = base.locate(sample.pointer);
      const now = revision.locate(sample.pointer);
      changes.push({
        rule: 'typescript-sample-broken',
        impact: 'major',
        kind: 'modified',
        path: sample.pointer.replace(/\/source$/, ''),
        operation: sample.operation,
        field: 'x-codeSamples (TypeScript)',
        message: `The last release's TypeScript sample for ${sample.operationId} no longer compiles against the client generated from the revision (${mine.length} error${mine.length === 1 ? '' : 's'}); ${first}`,
        revision: { file: files.revision, pointer: now.pointer, ...now.position },
        base: { file: files.base, pointer: sample.pointer, ...was.position },
      });
    }
    const unattributed = diagnostics.filter((line) => !names.some((name) => line.includes(`${name}(`)));
    if (unattributed.length > 0) {
      changes.push({
        rule: 'typescript-client-broken',
        impact: 'major',
        kind: 'modified',
        path: '#/paths',
        field: 'paths',
        message: `The client does not compile against the types generated from the revision: ${unattributed[0]}`,
        revision: { file: files.revision, pointer: '#/paths', ...revision.locate('#/paths').position },
      });
    }
    return changes;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
