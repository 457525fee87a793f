// Finds the spec's write-only PII fields anywhere in a response body (info.description, "Personal data").

/** The PII property names the spec says no response may contain. */
export const PII_FIELDS = ['birthDate', 'residentialAddress', 'ipAddress', 'identifyingInformation'] as const;

/** Folds case and separators, so `birth_date`, `BirthDate` and `birth-date` all match `birthDate`. */
function fold(name: string): string {
  return name.toLowerCase().replace(/[_-]/g, '');
}

const FOLDED = new Map(PII_FIELDS.map((f) => [fold(f), f]));

/** JSON pointer escaping (RFC 6901, section 3). */
function pointer(path: readonly string[]): string {
  return path.map((p) => `/${p.replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/**
 * Every place a PII field appears as an object key, at any depth (objects inside arrays
 * inside objects...), as JSON pointers. For a body that is not JSON, `text` is searched for the
 * quoted names instead, so a leak in a malformed body is still found.
 */
export function findPii(json: unknown, text?: string): string[] {
  const found: string[] = [];
  if (json === undefined) {
    for (const field of PII_FIELDS) {
      if (text !== undefined && new RegExp(`["']?${field}["']?\\s*[:=]`, 'i').test(text))
        found.push(`(text) ${field}`);
    }
    return found;
  }
  const stack: { value: unknown; path: string[] }[] = [{ value: json, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: string[] };
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        stack.push({ value: item, path: [...path, String(i)] });
      });
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (FOLDED.has(fold(key))) found.push(pointer([...path, key]));
        stack.push({ value: child, path: [...path, key] });
      }
    }
  }
  return found.sort();
}
