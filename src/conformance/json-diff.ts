// The first differences between two JSON values, as JSON pointers (for "same body" checks).
import type { Difference } from './types.js';

/** Up to `limit` places where `actual` differs from `expected`, depth first, keys in order. */
export function jsonDifferences(expected: unknown, actual: unknown, at = '', limit = 5): Difference[] {
  const out: Difference[] = [];
  const walk = (e: unknown, a: unknown, path: string): void => {
    if (out.length >= limit) return;
    const bothObjects = e !== null && a !== null && typeof e === 'object' && typeof a === 'object';
    if (bothObjects && Array.isArray(e) === Array.isArray(a)) {
      const keys = [...new Set([...Object.keys(e as object), ...Object.keys(a as object)])];
      for (const key of keys) {
        walk(
          (e as Record<string, unknown>)[key],
          (a as Record<string, unknown>)[key],
          `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`,
        );
      }
      return;
    }
    if (e === a) return;
    out.push({
      at: path || '(root)',
      expected: e === undefined ? '(absent)' : JSON.stringify(e),
      actual: a === undefined ? '(absent)' : JSON.stringify(a),
    });
  };
  walk(expected, actual, at);
  return out;
}
