// Seed fidelity: every fact of the two provider reference pages the API comes from (the individual
// delete with its token exchange, and the business delete) is in openapi.yaml, resolved as the spec's
// descriptions and the README's seed table say. Table-driven: one row per fact.
import { describe, expect, test } from 'vitest';
import { compileSchema, operation, resolveRef, spec } from '../../src/spec/index.js';

type Json = Record<string, any>;
const PII = ['birthDate', 'residentialAddress', 'ipAddress', 'identifyingInformation'] as const;
const schemas = (spec.components as Json).schemas as Json;

/** The schema at a dotted path below a component schema, following $refs and allOf. */
function schemaAt(root: string, dotted = ''): Json {
  let node = resolveRef(schemas[root]) as Json;
  for (const key of dotted.split('.').filter(Boolean)) {
    if (key === '[]') node = resolveRef(node.items) as Json;
    else node = resolveRef(node.properties?.[key] ?? {}) as Json;
  }
  return node;
}

const valid = (schema: unknown, value: unknown) => compileSchema(schema)(value).length === 0;

describe('seed 000: DELETE /customers/{customerId}', () => {
  const op = operation('deleteCustomer');
  const raw = (spec.paths as Json)['/customers/{customerId}'].delete as Json;

  test('is the deleteCustomer operation, bearer-authenticated', () => {
    expect([op.method, op.path]).toEqual(['DELETE', '/customers/{customerId}']);
    expect(op.security).toEqual([['bearerAuth']]);
    expect((spec.components as Json).securitySchemes.bearerAuth.description).toContain('POST /auth/token');
  });

  test.each([
    ['id', 'cst_01H9Xa8F5dN6mP3q', 'cus_abc123xyz789'],
    ['object', 'customer', 'wallet'],
    ['type', 'individual', 'business'],
    ['firstName', null, 42],
    ['middleName', null, 42],
    ['lastName', 'Smith', 42],
    ['email', 'jane@example.com', 'jane'],
    ['phone', '+12125551234', '212-555-1234'],
    ['nationality', 'US', 'USA'],
    ['externalId', 'usr_12345', 12345],
    ['status', 'inactive', 'deleted'],
    ['signedAgreement', true, 'yes'],
    ['signedAgreementAt', null, 'yesterday'],
    ['signedAgreementAt', '2026-03-20T14:15:22Z', '2026-03-20'],
    ['wallets', [], {}],
    ['endorsements', [], {}],
    ['metadata', {}, []],
    ['createdAt', '2023-11-07T05:31:56Z', 'not a date'],
    ['updatedAt', '2023-11-07T05:31:56Z', 1699335116],
  ])('Customer.%s accepts %j and rejects %j', (field, good, bad) => {
    expect(schemas.Customer.required).toContain(field);
    const schema = schemaAt('Customer', field);
    expect(valid(schema, good)).toBe(true);
    expect(valid(schema, bad)).toBe(false);
  });

  test.each([
    ['firstName'],
    ['middleName'],
    ['lastName'],
    ['email'],
    ['phone'],
    ['nationality'],
    ['externalId'],
  ])('Customer.%s is a nullable string (3.1 type array)', (field) =>
    expect(schemaAt('Customer', field).type).toEqual(['string', 'null']),
  );

  test('status is active or inactive, and the delete response pins it to inactive', () => {
    expect(schemaAt('Customer', 'status').enum).toEqual(['active', 'inactive']);
    const response = op.responses.get(200);
    const example = raw.responses['200'].content['application/json'].examples.deleted.value;
    expect(example.status).toBe('inactive');
    expect(response?.validateBody(example)).toEqual([]);
    expect(response?.validateBody({ ...example, status: 'active' })).not.toEqual([]);
  });

  test.each([
    ['id', 'wlt_01H9Xb3K7nM2pQ4r'],
    ['type', 'custodial'],
    ['address', '0x7B3a9F2c4D1eA8bF6390cE5d2B7fA104C8e3D9b1'],
    ['network', 'polygon'],
    ['asset', 'usdc'],
    ['balance', '1234.56'],
    ['estimatedValueUsd', '1234.56'],
    ['createdAt', '2023-11-07T05:31:56Z'],
  ])('CustomerWallet.%s accepts the seed value %j', (field, value) => {
    expect(schemas.CustomerWallet.required).toContain(field);
    expect(valid(schemaAt('CustomerWallet', field), value)).toBe(true);
  });

  test('balances are decimal strings, never numbers', () => {
    expect(valid(schemaAt('CustomerWallet', 'balance'), 1234.56)).toBe(false);
    expect(valid(schemaAt('CustomerWallet', 'balance'), '1e3')).toBe(false);
  });

  test('endorsements have the seed types, SCREAMING_CASE statuses, reasons and requirements', () => {
    expect(schemaAt('Endorsement', 'type').enum).toEqual(['basic', 'cryptoCustody', 'usd']);
    expect(schemaAt('Endorsement', 'status').enum).toEqual([
      'INACTIVE',
      'PENDING',
      'ISSUES',
      'ACTIVE',
      'REJECTED',
      'REVOKED_ISSUES',
      'OFFBOARDED',
    ]);
    expect(Object.keys(schemaAt('Endorsement', 'rejectionReasons.[]').properties)).toEqual([
      'developerReason',
      'reason',
    ]);
    expect(Object.keys(schemaAt('Endorsement', 'requirements').properties)).toEqual([
      'complete',
      'pending',
      'missing',
      'issues',
    ]);
  });

  test('documents every status the issue names', () => {
    expect([...op.responses.keys()]).toEqual([200, 400, 401, 403, 404, 429, 500]);
  });

  test('the base URL is the seed server, with the version in the URL and none in paths', () => {
    const urls = (spec.servers as Json[]).map((s) => s.url);
    expect(urls).toContain('https://api.polygon.technology/v0.9');
    expect(urls).toContain('https://sandbox-api.polygon.technology/v0.9');
    expect(Object.keys(spec.paths as Json).every((p) => !/\/v\d/.test(p))).toBe(true);
  });
});

describe('seed 003: DELETE /customers/business/{customerId}', () => {
  const op = operation('deleteBusinessCustomer');
  const raw = (spec.paths as Json)['/customers/business/{customerId}'].delete as Json;

  test('accepts a bearer token or an X-API-Key header, as two alternatives', () => {
    expect(op.security).toEqual([['bearerAuth'], ['apiKeyAuth']]);
    expect((spec.components as Json).securitySchemes.apiKeyAuth).toMatchObject({
      in: 'header',
      name: 'X-API-Key',
    });
  });

  test('ids start with cus_', () => {
    const id = op.parameters.find((p) => p.name === 'customerId');
    expect(id?.validate('cus_abc123xyz789')).toEqual([]);
    expect(id?.validate('cst_01H9Xa8F5dN6mP3q')).not.toEqual([]);
  });

  test("returns the seed's 200 example {success, message, customerId}", () => {
    const example = raw.responses['200'].content['application/json'].examples.deleted.value;
    expect(example).toEqual({
      success: true,
      message: 'Business customer deleted successfully',
      customerId: 'cus_abc123xyz789',
    });
    expect(schemas.BusinessCustomerDeletion.required).toEqual(['success', 'message', 'customerId']);
  });

  test.each([
    [404, 'Customer not found'],
    [400, 'Customer is not a business type.'],
    [401, 'Unauthorized'],
  ])('documents %i with the seed message %j', (status, message) => {
    const response = resolveRef(raw.responses[String(status)]) as Json;
    const messages = Object.values(response.content['application/json'].examples as Json).map(
      (e: Json) => e.value.message,
    );
    expect(messages.some((m: string) => m.startsWith(message))).toBe(true);
  });

  test("the seed's bare error body {message} stays a valid Error", () => {
    for (const message of ['Customer not found', 'Unauthorized']) {
      expect(valid({ $ref: '#/components/schemas/ApiErrorBody' }, { message })).toBe(true);
    }
  });

  test.each([
    ['KYB'],
    ['documents'],
    ['shareholders and their documents'],
    ['wallets'],
    ['email and phone number are free'],
    ['retained internally for compliance'],
    ['deleting it again\n  returns `404`'],
  ])('the description states the seed fact: %s', (fact) => {
    expect(raw.description.replace(/\s+/g, ' ')).toContain(fact.replace(/\s+/g, ' '));
  });

  test('a repeated delete is documented as 404, and 400 is a type mismatch', () => {
    expect([...op.responses.keys()]).toEqual([200, 400, 401, 403, 404, 429, 500]);
    const codes = Object.values(
      (resolveRef(raw.responses['400']) as Json).content['application/json'].examples as Json,
    ).map((e: Json) => e.value.code);
    expect(codes).toContain('customer_type_mismatch');
  });
});

describe('seed README: the token exchange', () => {
  const op = operation('createAccessToken');

  test('is POST /auth/token with no bearer requirement', () => {
    expect([op.method, op.path, op.security]).toEqual(['POST', '/auth/token', []]);
  });

  test('takes {apiKey, apiSecret}, both required, keys sk_live_, sk_sdbx_ or with an environment infix', () => {
    expect(schemas.AccessTokenRequest.required).toEqual(['apiKey', 'apiSecret']);
    const key = schemaAt('AccessTokenRequest', 'apiKey');
    for (const good of [
      'sk_live_4eC39HqLyjWDarjtT1zdp7dc',
      'sk_sdbx_4eC39HqLyjWDarjtT1zdp7dc',
      'sk_dev_sdbx_4eC39HqLyjWDarjtT1zdp7dc',
    ]) {
      expect(valid(key, good), good).toBe(true);
    }
    for (const bad of ['pk_live_4eC39HqLyjWDarjtT1zdp7dc', 'sk_test_4eC39HqLyjWDarjtT1zdp7dc', 'sk_live_']) {
      expect(valid(key, bad), bad).toBe(false);
    }
  });

  test('returns {accessToken, tokenType: bearer, expiresIn, expiresAt}, all required, living 60 minutes', () => {
    expect(schemas.AccessToken.required).toEqual(['accessToken', 'tokenType', 'expiresIn', 'expiresAt']);
    expect(schemaAt('AccessToken', 'tokenType').const).toBe('bearer');
    expect(schemaAt('AccessToken', 'expiresIn').maximum).toBe(3600);
    expect([...op.responses.keys()]).toEqual([200, 400, 401, 429, 500]);
  });
});

describe('PII is write-only', () => {
  test('the Customer description names every PII field as write-only', () => {
    for (const field of PII) expect(schemas.Customer.description).toContain(field);
    expect(schemas.Customer.description).toContain('write-only');
  });

  /**
   * Every object schema reachable from any response, with where it was found and whether extra
   * keys are closed off (by its own `additionalProperties: false`, or by an `allOf` member's).
   */
  function responseObjects(): [string, Json, boolean][] {
    const found: [string, Json, boolean][] = [];
    const seen = new Set<unknown>();
    const visit = (where: string, node: unknown, closedAbove: boolean) => {
      const s = resolveRef(node) as Json;
      if (seen.has(s)) return;
      seen.add(s);
      const members = (s.allOf ?? []) as unknown[];
      const closed =
        closedAbove ||
        s.additionalProperties === false ||
        members.some((m) => resolveRef(m).additionalProperties === false);
      if (s.type === 'object' || s.properties) found.push([where, s, closed]);
      for (const [name, sub] of Object.entries((s.properties ?? {}) as Json))
        visit(`${where}.${name}`, sub, false);
      if (s.items) visit(`${where}[]`, s.items, false);
      for (const sub of members) visit(where, sub, closed);
      for (const sub of [...(s.oneOf ?? []), ...(s.anyOf ?? [])]) visit(where, sub, false);
      if (s.additionalProperties && typeof s.additionalProperties === 'object') {
        visit(`${where}{}`, s.additionalProperties, false);
      }
    };
    for (const [path, item] of Object.entries(spec.paths as Json)) {
      for (const [method, op] of Object.entries(item as Json)) {
        for (const [status, response] of Object.entries(op.responses as Json)) {
          for (const media of Object.values((resolveRef(response).content ?? {}) as Json)) {
            visit(`${method.toUpperCase()} ${path} ${status}`, media.schema, false);
          }
        }
      }
    }
    return found;
  }

  test('no response schema declares a PII property', () => {
    const objects = responseObjects();
    expect(objects.length).toBeGreaterThan(5);
    for (const [where, schema] of objects) {
      for (const field of PII) expect(Object.keys(schema.properties ?? {}), where).not.toContain(field);
    }
  });

  test('no response schema can carry a PII property as an extra or free-form key', () => {
    for (const [where, schema, closed] of responseObjects()) {
      if (closed) continue;
      expect(schema.propertyNames, `${where} allows extra keys without a propertyNames rule`).toBeDefined();
      for (const field of PII)
        expect(valid(schema.propertyNames, field), `${where} accepts key ${field}`).toBe(false);
    }
  });
});
