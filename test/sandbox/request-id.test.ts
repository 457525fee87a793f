// X-Request-Id handling (openapi.yaml, info "Request ids"): the sandbox's pattern is the spec's RequestId
// pattern, and it accepts exactly what the spec's schema accepts.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { requestIdFor, requestIdPattern } from '../../src/sandbox/request-id.js';
import { resolveRef, validateSchema } from '../../src/spec/index.js';

const schema = resolveRef({ $ref: '#/components/schemas/RequestId' });

describe('request ids', () => {
  test("the sandbox's pattern is the spec's RequestId pattern", () => {
    expect(typeof schema.pattern).toBe('string');
    expect(requestIdPattern().source).toBe(schema.pattern);
  });

  test('an incoming id is echoed exactly when the spec schema accepts it', () => {
    const chars = fc.constantFrom(...'aZ09._:- /é\n'.split(''));
    fc.assert(
      fc.property(fc.string({ unit: chars, maxLength: 130 }), (id) => {
        const valid = validateSchema('RequestId', id).length === 0;
        expect(requestIdPattern().test(id)).toBe(valid);
        expect(requestIdFor(id) === id).toBe(valid);
      }),
      { numRuns: 300 },
    );
    for (const edge of ['a', 'a'.repeat(128), 'a'.repeat(129), '-a', '.a']) {
      expect(requestIdFor(edge) === edge).toBe(validateSchema('RequestId', edge).length === 0);
    }
  });

  test('a generated id matches the spec schema', () => {
    expect(validateSchema('RequestId', requestIdFor(undefined))).toEqual([]);
  });
});
