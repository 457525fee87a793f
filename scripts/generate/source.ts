// The gate in front of every other tool: reads the spec (and every local file it references) with a
// bounded YAML parser and refuses, with `file:LINE:COL`, what would make a later tool hang, blow up
// or reach the network: alias bombs, empty documents, remote `$ref`s and `$ref` cycles. Nothing
// downstream (Redocly, Spectral, openapi-typescript) sees a spec this gate refused.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  Alias,
  type Document,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
} from 'yaml';
import type { LocatedProblem } from './lint.js';

/**
 * How many alias expansions one document may need (the `yaml` parser's `maxAliasCount`, whose
 * default this is). An ordinary spec uses a handful; a billion-laughs block needs millions.
 */
export const MAX_ALIAS_COUNT = 100;

/** Files this gate reads at most: a spec split into more files than this is refused, not followed. */
const MAX_FILES = 500;

export interface SourceOptions {
  /** Let `$ref`s to http(s) URLs through to Redocly, which fetches them. Default: refused. */
  allowRemoteRefs?: boolean;
}

interface LoadedFile {
  file: string;
  display: string;
  value: unknown;
  lines: LineCounter;
  /** Every `$ref` in the file: its value, where it is, and the JSON pointer of the object holding it. */
  refs: { ref: string; offset: number; holder: string }[];
}

/** Where `offset` is in the file, as a problem. */
function at(loaded: Pick<LoadedFile, 'display' | 'lines'>, offset: number, rule: string, message: string) {
  const { line, col } = loaded.lines.linePos(offset);
  return { severity: 'error', rule, file: loaded.display, line, col, message } satisfies LocatedProblem;
}

/** The path as the user would type it: relative to the working directory when inside it. */
function display(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

const escapePointer = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');

/** Every `$ref: string` pair of a parsed YAML document (aliases are skipped: their anchor is visited). */
function collectRefs(node: unknown, pointer: string, out: LoadedFile['refs']): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === '$ref' && isScalar(pair.value) && typeof pair.value.value === 'string') {
        out.push({ ref: pair.value.value, offset: pair.value.range?.[0] ?? 0, holder: pointer });
      } else if (key !== undefined) {
        collectRefs(pair.value, `${pointer}/${escapePointer(key)}`, out);
      }
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => {
      collectRefs(item, `${pointer}/${index}`, out);
    });
  }
}

/**
 * The document's plain value, with aliases bounded. `yaml` throws a bare ReferenceError at the alias
 * that crosses the limit; the alias being resolved is remembered so the error can say where it is.
 */
function boundedValue(doc: Document): { value: unknown } | { aliasAt: number; message: string } {
  const resolve = Alias.prototype.resolve;
  let current: Alias | undefined;
  Alias.prototype.resolve = function (this: Alias, ...args: Parameters<typeof resolve>) {
    current = this;
    return resolve.apply(this, args);
  };
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    return { aliasAt: current?.range?.[0] ?? 0, message: error.message };
  } finally {
    Alias.prototype.resolve = resolve;
  }
}

async function load(file: string, problems: LocatedProblem[]): Promise<LoadedFile | undefined> {
  const lines = new LineCounter();
  const where = { display: display(file), lines };
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    problems.push({ ...at(where, 0, 'read', reason), line: 1, col: 1 });
    return undefined;
  }
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      problems.push(at(where, error.pos[0], 'yaml-syntax', error.message.split('\n')[0] ?? error.code));
    }
    return undefined;
  }
  const contents = doc.contents as Node | null;
  if (contents === null || (isScalar(contents) && (contents.value === null || contents.value === ''))) {
    problems.push(
      at(
        where,
        0,
        'empty-document',
        'the file is empty: expected an OpenAPI document (a mapping with openapi, info and paths)',
      ),
    );
    return undefined;
  }
  if (!isMap(contents)) {
    problems.push(
      at(
        where,
        contents.range?.[0] ?? 0,
        'not-a-mapping',
        `expected a mapping (openapi, info, paths, ...), got a ${isSeq(contents) ? 'sequence' : 'scalar'}`,
      ),
    );
    return undefined;
  }
  const bounded = boundedValue(doc);
  if ('aliasAt' in bounded) {
    problems.push(
      at(
        where,
        bounded.aliasAt,
        'yaml-alias-limit',
        `YAML aliases expand too far (more than ${MAX_ALIAS_COUNT} alias expansions; a "billion laughs" block?): ${bounded.message}`,
      ),
    );
    return undefined;
  }
  const refs: LoadedFile['refs'] = [];
  collectRefs(contents, '', refs);
  return { file, display: where.display, value: bounded.value, lines, refs };
}

/** `https://x/y.yaml#/a` -> remote; `./y.yaml#/a` -> a local file; `#/a` -> this file. */
function splitRef(ref: string): { uri: string; fragment: string; remote: boolean } {
  const hash = ref.indexOf('#');
  const uri = hash === -1 ? ref : ref.slice(0, hash);
  const fragment = hash === -1 ? '' : ref.slice(hash + 1);
  // A scheme (RFC 3986, section 3.1) means a URL, not a path; a Windows drive letter is a path.
  return { uri, fragment, remote: /^[a-z][a-z0-9+.-]+:/i.test(uri) };
}

/** decodeURIComponent that leaves a malformed escape as it is (Redocly reports the broken $ref). */
function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function unescapePointer(segment: string): string {
  return decode(segment).replaceAll('~1', '/').replaceAll('~0', '~');
}

function lookup(value: unknown, fragment: string): { found: boolean; value: unknown } {
  if (fragment === '' || fragment === '/') return { found: true, value };
  if (!fragment.startsWith('/')) return { found: false, value: undefined };
  let node = value;
  for (const raw of fragment.slice(1).split('/')) {
    if (node === null || typeof node !== 'object') return { found: false, value: undefined };
    const key = unescapePointer(raw);
    if (!Object.hasOwn(node, key)) return { found: false, value: undefined };
    node = (node as Record<string, unknown>)[key];
  }
  return { found: true, value: node };
}

/**
 * Reads `specPath` and every local file it references; returns every problem found (empty = the
 * spec may go on to the linters and the generators).
 */
export async function checkSource(specPath: string, options: SourceOptions = {}): Promise<LocatedProblem[]> {
  const problems: LocatedProblem[] = [];
  const files = new Map<string, LoadedFile | undefined>();
  const queue = [path.resolve(specPath)];
  while (queue.length > 0) {
    const file = queue.shift() as string;
    if (files.has(file)) continue;
    if (files.size >= MAX_FILES) {
      problems.push({
        severity: 'error',
        rule: 'too-many-files',
        file: display(file),
        line: 1,
        col: 1,
        message: `more than ${MAX_FILES} referenced files`,
      });
      break;
    }
    const loaded = await load(file, problems);
    files.set(file, loaded);
    if (!loaded) continue;
    for (const { ref, offset } of loaded.refs) {
      const { uri, remote } = splitRef(ref);
      if (remote) {
        if (!options.allowRemoteRefs) {
          problems.push(
            at(
              loaded,
              offset,
              'remote-ref',
              `$ref ${JSON.stringify(ref)} points at the network; generation never fetches anything. Save the file beside the spec and reference it by relative path, or pass --allow-remote-refs`,
            ),
          );
        }
        continue;
      }
      if (uri === '') continue;
      const target = path.resolve(path.dirname(file), decode(uri));
      // A missing file is Redocly's to report (it says "Can't resolve $ref" at the same place).
      if (existsSync(target)) queue.push(target);
    }
  }
  if (problems.length > 0) return problems;
  problems.push(...findRefCycles(files as Map<string, LoadedFile>));
  return problems;
}

/**
 * `$ref` chains that never reach a value: A is `$ref: B` and B is `$ref: A` (or A refers to itself).
 * Recursion through a schema's properties is fine and not reported: only objects that are nothing
 * but a reference form a cycle here.
 */
function findRefCycles(files: Map<string, LoadedFile>): LocatedProblem[] {
  const problems: LocatedProblem[] = [];
  const reported = new Set<string>();
  for (const loaded of files.values()) {
    for (const start of loaded.refs) {
      const chain: string[] = [];
      const seen = new Set<string>([`${loaded.file}#${start.holder}`]);
      let file = loaded.file;
      let ref = start.ref;
      for (let step = 0; step < 1000; step++) {
        const { uri, fragment, remote } = splitRef(ref);
        if (remote) break;
        const targetFile = uri === '' ? file : path.resolve(path.dirname(file), decode(uri));
        const target = files.get(targetFile);
        if (!target) break;
        const key = `${targetFile}#${fragment}`;
        chain.push(targetFile === loaded.file ? `#${fragment}` : `${display(targetFile)}#${fragment}`);
        if (seen.has(key)) {
          const cycle = [...seen].sort().join(' ');
          if (key === `${loaded.file}#${start.holder}` && !reported.has(cycle)) {
            reported.add(cycle);
            problems.push(
              at(
                loaded,
                start.offset,
                'ref-cycle',
                `$ref cycle: #${start.holder} -> ${chain.join(' -> ')}; each step only points at the next, so there is nothing to generate. Point one of them at a real schema`,
              ),
            );
          }
          break;
        }
        seen.add(key);
        const { found, value } = lookup(target.value, fragment);
        const next =
          found && value !== null && typeof value === 'object'
            ? (value as { $ref?: unknown }).$ref
            : undefined;
        if (typeof next !== 'string') break;
        file = targetFile;
        ref = next;
      }
    }
  }
  return problems;
}
