// Every example in the spec validates against its schema, checked with Ajv in JSON Schema 2020-12
// mode with formats (through src/spec, the one place that compiles the spec's schemas).
import { describe, expect, test } from 'vitest';
import { compileSchema, operations, resolveRef, spec } from '../../src/spec/index.js';

type Json = Record<string, any>;
interface ExampleCase {
  where: string;
  schema: unknown;
  value: unknown;
}

const cases: ExampleCase[] = [];
const paths = spec.paths as Json;

function mediaExamples(where: string, content: Json | undefined): void {
  for (const [type, media] of Object.entries(content ?? {})) {
    for (const [name, example] of Object.entries((media.examples ?? {}) as Json)) {
      cases.push({ where: `${where} ${type} example '${name}'`, schema: media.schema, value: example.value });
    }
  }
}

for (const [path, item] of Object.entries(paths)) {
  for (const [method, op] of Object.entries(item as Json)) {
    const where = `${method.toUpperCase()} ${path}`;
    for (const param of (op.parameters ?? []) as Json[]) {
      const p = resolveRef(param) as Json;
      if ('example' in p)
        cases.push({ where: `${where} parameter ${p.name}`, schema: p.schema, value: p.example });
    }
    if (op.requestBody) mediaExamples(`${where} request`, resolveRef(op.requestBody).content as Json);
    for (const [status, response] of Object.entries(op.responses as Json)) {
      const r = resolveRef(response) as Json;
      mediaExamples(`${where} ${status}`, r.content);
      for (const [name, header] of Object.entries((r.headers ?? {}) as Json)) {
        const h = resolveRef(header) as Json;
        if ('example' in h)
          cases.push({ where: `${where} ${status} header ${name}`, schema: h.schema, value: h.example });
      }
    }
  }
}

function schemaExamples(where: string, schema: unknown): void {
  if (schema === null || typeof schema !== 'object') return;
  const s = schema as Json;
  for (const value of (Array.isArray(s.examples) ? s.examples : []) as unknown[]) {
    cases.push({ where: `${where} examples`, schema: s, value });
  }
  for (const [name, sub] of Object.entries((s.properties ?? {}) as Json))
    schemaExamples(`${where}.${name}`, sub);
  if (s.items) schemaExamples(`${where}[]`, s.items);
  for (const sub of (s.allOf ?? []) as unknown[]) schemaExamples(where, sub);
}
for (const [name, schema] of Object.entries((spec.components as Json).schemas as Json)) {
  schemaExamples(`#/components/schemas/${name}`, schema);
}

describe('examples', () => {
  test('the spec has examples to check (the walk found them)', () => {
    expect(cases.length).toBeGreaterThan(40);
  });

  test.each(cases.map((c) => [c.where, c] as const))('%s validates against its schema', (_, c) => {
    expect(compileSchema(c.schema)(c.value)).toEqual([]);
  });

  test.each(
    operations.flatMap((op) =>
      [...op.responses.keys()].map(
        (status) => [`${op.operationId} ${status}`, op.method, op.path, status] as const,
      ),
    ),
  )('%s has at least one named example', (_, method, path, status) => {
    const response = resolveRef(
      (paths[path] as Json)[method.toLowerCase()].responses[String(status)],
    ) as Json;
    const examples = Object.values((response.content ?? {}) as Json).flatMap((m) =>
      Object.keys(m.examples ?? {}),
    );
    expect(examples.length).toBeGreaterThan(0);
  });

  test('a wrong example is caught (the check can fail)', () => {
    const customer = { $ref: '#/components/schemas/DeletedCustomer' };
    const example = (paths['/customers/{customerId}'] as Json).delete.responses['200'].content[
      'application/json'
    ].examples.deleted.value;
    expect(compileSchema(customer)(example)).toEqual([]);
    expect(compileSchema(customer)({ ...example, status: 'active' })).not.toEqual([]);
    expect(compileSchema(customer)({ ...example, birthDate: '1990-01-01' })).not.toEqual([]);
    expect(compileSchema(customer)({ ...example, email: 'not an email' })).not.toEqual([]);
  });
});
