// Line and column of a JSON pointer in a YAML file, so every change points at its line.
import { readFileSync } from 'node:fs';
import { isMap, isSeq, LineCounter, type Node, parseDocument } from 'yaml';

export interface Position {
  line: number;
  col: number;
}

export interface YamlIndex {
  /** The position of the node at `pointer`, or of its nearest ancestor that exists. */
  locate(pointer: string): { position: Position; pointer: string; exact: boolean };
  value: unknown;
}

export function decodePointer(pointer: string): string[] {
  const body = pointer.replace(/^#/, '');
  if (body === '' || body === '/') return [];
  return body
    .slice(1)
    .split('/')
    .map((segment) => decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function encodePointer(segments: readonly string[]): string {
  return `#/${segments.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

export function indexYaml(file: string): YamlIndex {
  const text = readFileSync(file, 'utf8');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, keepSourceTokens: false });
  if (doc.errors.length > 0) {
    const [first] = doc.errors;
    const at = first?.linePos?.[0];
    throw new Error(`${file}${at ? `:${at.line}:${at.col}` : ''}: ${first?.message.split('\n')[0]}`);
  }
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, col };
  };
  return {
    value: doc.toJS(),
    locate(pointer) {
      const segments = decodePointer(pointer);
      let node: unknown = doc.contents;
      let keyOffset: number | undefined = (doc.contents as Node | null)?.range?.[0] ?? 0;
      let depth = 0;
      for (const segment of segments) {
        let next: unknown;
        let offset: number | undefined;
        if (isMap(node)) {
          const pair = node.items.find(
            (item) => String((item.key as { value?: unknown })?.value) === segment,
          );
          if (pair) {
            next = pair.value;
            offset = (pair.key as Node | null)?.range?.[0];
          }
        } else if (isSeq(node)) {
          const item = node.items[Number(segment)] as Node | undefined;
          if (/^\d+$/.test(segment) && item) {
            next = item;
            offset = item.range?.[0];
          }
        }
        if (offset === undefined) break;
        node = next;
        keyOffset = offset;
        depth += 1;
      }
      return {
        position: position(keyOffset ?? 0),
        pointer: encodePointer(segments.slice(0, depth)),
        exact: depth === segments.length,
      };
    },
  };
}
