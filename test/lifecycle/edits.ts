// The table of spec edits for the breaking-change gate: each edits a copy of openapi.yaml (and,
// where the case needs it, the base it is compared with) through the YAML document model, which
// keeps comments and layout, so the gate's line numbers point at real lines of the copy.
import type { Document } from 'yaml';

export type Impact = 'patch' | 'minor' | 'major';
type Doc = Document.Parsed;

export interface SpecEdit {
  name: string;
  /** Applied to the revision (a copy of openapi.yaml). */
  edit: (doc: Doc) => void;
  /** Applied to both the base and the revision, before `edit`. */
  setup?: (doc: Doc) => void;
  /** The rule and impact the gate must print for this edit. */
  expect: { rule: string; impact: Impact; code: 0 | 1 };
  /** Type-check the base's TypeScript samples against the revision's client too. */
  typescript?: boolean;
}

const BUSINESS = '/customers/business/{customerId}';
const INDIVIDUAL = '/customers/{customerId}';

function remove(list: unknown, value: string): void {
  const seq = list as { items: { value?: unknown }[] };
  const index = seq.items.findIndex((item) => item.value === value);
  if (index < 0) throw new Error(`${value} not in the list`);
  seq.items.splice(index, 1);
}

function must(doc: Doc, path: (string | number)[]): unknown {
  if (!doc.hasIn(path)) throw new Error(`the spec has no ${path.join('.')}`);
  return doc.getIn(path);
}

const EXHAUSTIVE_SWITCH = `import { createCustomersClient } from '@spec-first/customers-api';

const client = createCustomersClient({ baseUrl: 'https://sandbox-api.polygon.technology/v0.9' });
const result = await client.deleteCustomer({ customerId: 'cst_01H9Xa8F5dN6mP3q' });
if (!result.ok) {
  const code = result.error.code;
  switch (code) {
    case 'invalid_request':
    case 'customer_type_mismatch':
    case 'unauthorized':
    case 'forbidden':
    case 'customer_not_found':
    case 'method_not_allowed':
    case 'rate_limited':
    case 'internal_error':
    case undefined:
      console.error(code);
      break;
    default: {
      const unhandled: never = code;
      throw new Error(\`unhandled code \${String(unhandled)}\`);
    }
  }
}
`;

export const EDITS: SpecEdit[] = [
  {
    name: 'removed operation',
    edit: (doc) => {
      must(doc, ['paths', BUSINESS]);
      doc.deleteIn(['paths', BUSINESS]);
    },
    expect: { rule: 'path-removed', impact: 'major', code: 1 },
  },
  {
    name: 'removed response',
    edit: (doc) => {
      must(doc, ['paths', INDIVIDUAL, 'delete', 'responses', '403']);
      doc.deleteIn(['paths', INDIVIDUAL, 'delete', 'responses', '403']);
    },
    expect: { rule: 'response-removed', impact: 'major', code: 1 },
  },
  {
    name: 'response field made optional',
    edit: (doc) =>
      remove(must(doc, ['components', 'schemas', 'BusinessCustomerDeletion', 'required']), 'message'),
    expect: { rule: 'required-properties-removed', impact: 'major', code: 1 },
  },
  {
    name: 'new required request property',
    edit: (doc) => {
      const schema = ['components', 'schemas', 'AccessTokenRequest'];
      doc.setIn([...schema, 'properties', 'scope'], doc.createNode({ type: 'string', maxLength: 32 }));
      (must(doc, [...schema, 'required']) as { add(v: unknown): void }).add('scope');
    },
    expect: { rule: 'required-properties-added', impact: 'major', code: 1 },
  },
  {
    name: 'enum value removed from a request',
    setup: (doc) => {
      doc.setIn(
        ['components', 'schemas', 'AccessTokenRequest', 'properties', 'scope'],
        doc.createNode({ type: 'string', enum: ['read', 'write'] }),
      );
    },
    edit: (doc) =>
      remove(
        must(doc, ['components', 'schemas', 'AccessTokenRequest', 'properties', 'scope', 'enum']),
        'write',
      ),
    expect: { rule: 'enum-values-removed', impact: 'major', code: 1 },
  },
  {
    name: 'enum value added to a response',
    edit: (doc) => {
      (
        must(doc, ['components', 'schemas', 'ApiErrorBody', 'properties', 'code', 'enum']) as {
          add(v: unknown): void;
        }
      ).add('conflict');
    },
    expect: { rule: 'enum-values-added', impact: 'major', code: 1 },
  },
  {
    name: 'enum value added to a response breaks an exhaustive switch in a TypeScript sample',
    setup: (doc) => {
      (must(doc, ['paths', INDIVIDUAL, 'delete', 'x-codeSamples']) as { add(v: unknown): void }).add(
        doc.createNode({ lang: 'TypeScript', label: 'Every error code', source: EXHAUSTIVE_SWITCH }),
      );
    },
    edit: (doc) => {
      (
        must(doc, ['components', 'schemas', 'ApiErrorBody', 'properties', 'code', 'enum']) as {
          add(v: unknown): void;
        }
      ).add('conflict');
    },
    typescript: true,
    expect: { rule: 'typescript-sample-broken', impact: 'major', code: 1 },
  },
  {
    name: 'pattern tightened',
    edit: (doc) => doc.setIn(['components', 'schemas', 'CustomerId', 'pattern'], '^cst_[0-9A-Za-z]{1,32}$'),
    expect: { rule: 'schema-constraint-changed', impact: 'major', code: 1 },
  },
  {
    name: 'pattern loosened (a conservative verdict, accepted with a reason)',
    edit: (doc) =>
      doc.setIn(['components', 'schemas', 'BusinessCustomerId', 'pattern'], '^cus_[0-9A-Za-z]{1,80}$'),
    expect: { rule: 'schema-constraint-changed', impact: 'major', code: 1 },
  },
  {
    name: 'maxLength raised on a path parameter',
    edit: (doc) => doc.setIn(['components', 'schemas', 'CustomerId', 'maxLength'], 80),
    expect: { rule: 'schema-constraint-changed', impact: 'major', code: 1 },
  },
  {
    name: 'maxLength lowered on a path parameter',
    edit: (doc) => doc.setIn(['components', 'schemas', 'CustomerId', 'maxLength'], 40),
    expect: { rule: 'schema-constraint-changed', impact: 'major', code: 1 },
  },
  {
    name: 'security alternative removed',
    edit: (doc) => {
      const security = must(doc, ['paths', BUSINESS, 'delete', 'security']) as { items: unknown[] };
      security.items.pop();
    },
    expect: { rule: 'security-requirement-changed', impact: 'major', code: 1 },
  },
  {
    name: 'security alternative added',
    edit: (doc) => {
      doc.setIn(
        ['paths', INDIVIDUAL, 'delete', 'security'],
        doc.createNode([{ bearerAuth: [] }, { apiKeyAuth: [] }]),
      );
    },
    expect: { rule: 'security-requirement-changed', impact: 'major', code: 1 },
  },
  {
    name: 'new optional request header',
    edit: (doc) => {
      (must(doc, ['paths', INDIVIDUAL, 'delete', 'parameters']) as { add(v: unknown): void }).add(
        doc.createNode({
          name: 'X-Request-Id',
          in: 'header',
          required: false,
          description: 'A request id of the caller.',
          schema: { $ref: '#/components/schemas/RequestId' },
        }),
      );
    },
    expect: { rule: 'added', impact: 'minor', code: 0 },
  },
  {
    name: 'new operation',
    edit: (doc) => {
      doc.setIn(
        ['paths', '/customers/business/{customerId}/restore'],
        doc.createNode({
          post: {
            operationId: 'restoreBusinessCustomer',
            summary: 'Restore a business customer',
            description: 'Restores a soft-deleted business customer.',
            tags: ['Business customers'],
            parameters: [
              {
                name: 'customerId',
                in: 'path',
                required: true,
                schema: { $ref: '#/components/schemas/BusinessCustomerId' },
              },
            ],
            responses: {
              '200': {
                description: 'Restored.',
                content: {
                  'application/json': { schema: { $ref: '#/components/schemas/BusinessCustomerDeletion' } },
                },
              },
              '404': { $ref: '#/components/responses/NotFound' },
            },
          },
        }),
      );
    },
    expect: { rule: 'added', impact: 'minor', code: 0 },
  },
  {
    name: 'description-only change',
    edit: (doc) =>
      doc.setIn(['paths', INDIVIDUAL, 'delete', 'summary'], 'Soft-delete an individual customer'),
    expect: { rule: 'modified', impact: 'patch', code: 0 },
  },
  {
    name: 'server URL change',
    edit: (doc) => doc.setIn(['servers', 0, 'url'], 'https://api.polygon.example/v0.9'),
    expect: { rule: 'server-removed', impact: 'major', code: 1 },
  },
  {
    name: 'schema renamed',
    edit: (doc) => {
      const schemas = must(doc, ['components', 'schemas']) as { items: { key: { value: string } }[] };
      const pair = schemas.items.find((item) => item.key.value === 'BusinessCustomerDeletion');
      if (!pair) throw new Error('no BusinessCustomerDeletion');
      pair.key.value = 'BusinessDeletion';
      doc.setIn(
        ['paths', BUSINESS, 'delete', 'responses', '200', 'content', 'application/json', 'schema', '$ref'],
        '#/components/schemas/BusinessDeletion',
      );
    },
    expect: { rule: 'typescript-schema-removed', impact: 'major', code: 1 },
  },
  {
    name: 'response header removed',
    edit: (doc) => {
      must(doc, ['paths', INDIVIDUAL, 'delete', 'responses', '200', 'headers', 'RateLimit-Policy']);
      doc.deleteIn(['paths', INDIVIDUAL, 'delete', 'responses', '200', 'headers', 'RateLimit-Policy']);
    },
    expect: { rule: 'response-header-removed', impact: 'major', code: 1 },
  },
  {
    name: 'documented status added',
    edit: (doc) => {
      doc.setIn(
        ['paths', INDIVIDUAL, 'delete', 'responses', '409'],
        doc.createNode({ $ref: '#/components/responses/NotFound' }),
      );
    },
    expect: { rule: 'added', impact: 'minor', code: 0 },
  },
];
