// Builds a synthetic spec of N operations from the real ones, for the scale section: copy k of every
// path is served under `/copy-k/...`, with its own operationIds and its own copies of the component
// schemas and responses, so lint, bundling, type generation and Ajv compilation all grow with N.
// Operations open to anonymous callers (`security: []`, the token exchange) are not copied: the spec
// documents one such operation on purpose, and the OWASP ruleset would rightly flag every copy.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { spec as bundled } from '../src/spec/index.js';

type Json = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const CLONED = ['schemas', 'responses'] as const;

/** Appends `suffix` to every `#/components/{schemas,responses}/X` reference under `node`. */
function renameRefs(node: unknown, suffix: string): unknown {
  if (Array.isArray(node)) return node.map((n) => renameRefs(n, suffix));
  if (node === null || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] =
      key === '$ref' && typeof value === 'string' && /^#\/components\/(schemas|responses)\//.test(value)
        ? value + suffix
        : renameRefs(value, suffix);
  }
  return out;
}

/** Every `$ref` string under `node`. */
function refsIn(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) refsIn(n, out);
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') out.push(value);
      else refsIn(value, out);
    }
  }
  return out;
}

/** Whether `op` is open to anonymous callers (an explicit empty `security`). */
function isPublic(op: unknown): boolean {
  const security = (op as Json | undefined)?.security;
  return Array.isArray(security) && security.length === 0;
}

/** Operations a copy repeats: every one but the public ones. */
function countCopyable(paths: Json): number {
  return Object.values(paths).reduce<number>(
    (n, item) =>
      n + METHODS.filter((m) => (item as Json)[m] !== undefined && !isPublic((item as Json)[m])).length,
    0,
  );
}

function countOperations(paths: Json): number {
  return Object.values(paths).reduce<number>(
    (n, item) => n + METHODS.filter((m) => (item as Json)[m] !== undefined).length,
    0,
  );
}

/**
 * A spec with exactly `operations` operations: the real ones first, then copies. Throws when the
 * real spec has no operations to copy.
 */
export function syntheticSpec(operations: number, source: Json = bundled): Json {
  const { 'x-generated': _notice, ...base } = structuredClone(source) as Json;
  const realPaths = base.paths as Json;
  const components = base.components as Record<string, Json>;
  if (countCopyable(realPaths) === 0)
    throw new Error('bench/synthetic.ts: the spec has no operations to copy');
  // The originals, taken before any copy is added, so each copy clones the real set only.
  const originals = CLONED.map((kind) => [kind, Object.entries(components[kind] ?? {})] as const);
  const paths: Json = { ...realPaths };
  let count = countOperations(realPaths);
  for (let k = 2; count < operations; k++) {
    const suffix = `Copy${k}`;
    for (const [path, rawItem] of Object.entries(realPaths)) {
      const item = renameRefs(rawItem, suffix) as Json;
      for (const method of METHODS) {
        const op = item[method] as Json | undefined;
        if (!op) continue;
        if (count >= operations || isPublic(op)) {
          delete item[method];
          continue;
        }
        op.operationId = `${String(op.operationId)}${suffix}`;
        op.summary = `${String(op.summary)} (copy ${k})`;
        count++;
      }
      if (METHODS.some((m) => item[m] !== undefined)) paths[`/copy-${k}${path}`] = item;
    }
    // Clone only the components this copy reaches, so a partial last copy leaves none unused.
    const reached = new Set<string>();
    const queue = [
      ...Object.keys(paths)
        .filter((p) => p.startsWith(`/copy-${k}/`))
        .map((p) => paths[p]),
    ];
    while (queue.length > 0) {
      for (const ref of refsIn(queue.pop())) {
        if (reached.has(ref) || !ref.endsWith(suffix)) continue;
        reached.add(ref);
        const [, kind, name] = /^#\/components\/(\w+)\/(.+)$/.exec(ref) ?? [];
        const original = originals.find(([k2]) => k2 === kind)?.[1].find(([n]) => `${n}${suffix}` === name);
        if (!kind || !original) continue;
        const copy = renameRefs(original[1], suffix);
        (components[kind] as Json)[`${original[0]}${suffix}`] = copy;
        queue.push(copy);
      }
    }
  }
  return { ...base, paths, components };
}

/** Writes the synthetic spec as YAML into `dir` and returns its path. */
export async function writeSyntheticSpec(dir: string, operations: number): Promise<string> {
  const file = join(dir, `synthetic-${operations}.yaml`);
  await writeFile(file, stringify(syntheticSpec(operations), { lineWidth: 0 }));
  return file;
}
