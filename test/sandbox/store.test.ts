// The store behind the API: soft deletes keep every record with who/when/which request, the audit trail,
// the email/phone uniqueness index, reset(), and fixture validation at load.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import {
  loadDefaultFixtures,
  type Sandbox,
  UniquenessError,
  validateFixtures,
} from '../../src/sandbox/index.js';
import { call, fullKey, ids, sandbox } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await sandbox({ rateLimit: { limit: 10_000, windowSeconds: 60 } });
});
beforeEach(() => sb.store.reset());
afterAll(() => sb.close());

const key = { 'X-API-Key': fullKey.apiKey };
const newBusiness = (email: string | null, phone: string | null) => ({
  accountId: 'acc_01HAcmePay0001',
  id: 'cus_newCustomer1',
  legalName: 'New Co',
  email,
  phone,
  createdAt: '2026-01-01T00:00:00Z',
  kyb: {},
  documents: [],
  shareholders: [],
  wallets: [],
});

describe('soft delete keeps data', () => {
  test('a deleted business customer, its KYB data, documents, shareholders (and theirs) and wallets are marked, not removed', async () => {
    const answer = await call(sb.url, 'DELETE', `/customers/business/${ids.northwind}`, {
      ...key,
      'X-Request-Id': 'audit-1',
    });
    expect(answer.status).toBe(200);
    const record = sb.store.retainedBusiness(ids.northwind);
    const mark = { deletedAt: expect.any(String), deletedBy: 'key_01H9Xa8F5dN6mP3q', requestId: 'audit-1' };
    expect(record?.deletion).toEqual(mark);
    expect(record?.kyb).toEqual({
      data: expect.objectContaining({ registrationNumber: 'DE-5551234' }),
      deletion: mark,
    });
    expect(record?.documents).toHaveLength(2);
    expect(record?.shareholders).toHaveLength(2);
    expect(record?.wallets).toHaveLength(1);
    const parts = [
      ...(record?.documents ?? []),
      ...(record?.shareholders ?? []),
      ...(record?.shareholders.flatMap((s) => s.documents) ?? []),
      ...(record?.wallets ?? []),
    ];
    expect(parts.length).toBe(7);
    for (const part of parts) expect(part.deletion).toEqual(mark);
    expect(record?.legalName).toBe('Northwind Traders LLC');
  });

  test('a deleted individual keeps its data and PII, marked with who and which request', async () => {
    await call(sb.url, 'DELETE', `/customers/${ids.jane}`, {
      Authorization: `Bearer ${await token()}`,
      'X-Request-Id': 'audit-2',
    });
    const record = sb.store.retainedIndividual(ids.jane);
    expect(record?.customer.status).toBe('inactive');
    expect(record?.deletion).toMatchObject({ deletedBy: 'key_01H9Xa8F5dN6mP3q', requestId: 'audit-2' });
    expect(record?.deletion?.deletedAt).toBe(record?.customer.updatedAt);
    expect(record?.pii.birthDate).toBe('1988-04-12');
  });

  test('deleting an individual already inactive in the fixtures marks and audits it once; a repeat returns the same body', async () => {
    const inactive = 'cst_01H9Xf6T0vX7yA9b';
    const fixture = sb.store.retainedIndividual(inactive)?.customer;
    expect(fixture?.status).toBe('inactive');
    const bearer = { Authorization: `Bearer ${await token()}` };
    const first = await call(sb.url, 'DELETE', `/customers/${inactive}`, {
      ...bearer,
      'X-Request-Id': 'del-1',
    });
    expect(first.status).toBe(200);
    const record = sb.store.retainedIndividual(inactive);
    expect(record?.deletion).toEqual({
      deletedAt: expect.any(String),
      deletedBy: 'key_01H9Xa8F5dN6mP3q',
      requestId: 'del-1',
    });
    // The spec: updatedAt is set to the time of the deletion, even when the status was inactive already.
    expect(first.json.updatedAt).toBe(record?.deletion?.deletedAt);
    expect(first.json.updatedAt).not.toBe(fixture?.updatedAt);
    expect({ ...first.json, updatedAt: fixture?.updatedAt }).toEqual(fixture);

    const again = await call(sb.url, 'DELETE', `/customers/${inactive}`, {
      ...bearer,
      'X-Request-Id': 'del-2',
    });
    expect(again.status).toBe(200);
    expect(again.text).toBe(first.text);
    expect(sb.store.retainedIndividual(inactive)?.deletion).toEqual(record?.deletion);
    expect(sb.store.auditTrail().map((e) => [e.action, e.customerId, e.requestId, e.records])).toEqual([
      ['customer.deleted', inactive, 'del-1', [inactive]],
    ]);
  });

  test('the audit trail lists each deletion once, with every record it marked; repeats add nothing', async () => {
    const bearer = { Authorization: `Bearer ${await token()}` };
    await call(sb.url, 'DELETE', `/customers/business/${ids.northwind}`, { ...key, 'X-Request-Id': 'r-1' });
    await call(sb.url, 'DELETE', `/customers/business/${ids.northwind}`, key);
    await call(sb.url, 'DELETE', `/customers/${ids.jane}`, { ...bearer, 'X-Request-Id': 'r-2' });
    await call(sb.url, 'DELETE', `/customers/${ids.jane}`, bearer);
    const trail = sb.store.auditTrail();
    expect(trail.map((e) => [e.action, e.customerId, e.requestId])).toEqual([
      ['business_customer.deleted', ids.northwind, 'r-1'],
      ['customer.deleted', ids.jane, 'r-2'],
    ]);
    expect(trail[0]?.records).toEqual([
      ids.northwind,
      `${ids.northwind}/kyb`,
      'doc_01HNw1CertInc',
      'doc_01HNw2ProofAdr',
      'shr_01HNw1Alice',
      'doc_01HNw3AlicePass',
      'shr_01HNw2Bob',
      'doc_01HNw4BobId',
      'wlt_01HNw1Treasury',
    ]);
  });

  test('inspection returns copies: changing them does not change the store', () => {
    const copy = sb.store.retainedBusiness(ids.northwind);
    if (copy) copy.legalName = 'changed';
    expect(sb.store.retainedBusiness(ids.northwind)?.legalName).toBe('Northwind Traders LLC');
  });
});

describe('uniqueness of email and phone', () => {
  test("a live business customer's email and phone cannot be reused; after its deletion they can", async () => {
    expect(() => sb.store.addBusiness(newBusiness('finance@northwind.example', null))).toThrow(
      UniquenessError,
    );
    expect(() => sb.store.addBusiness(newBusiness(null, '+12125550100'))).toThrow(UniquenessError);
    await call(sb.url, 'DELETE', `/customers/business/${ids.northwind}`, key);
    expect(
      sb.store.contactHolder('acc_01HAcmePay0001', 'email', 'finance@northwind.example'),
    ).toBeUndefined();
    sb.store.addBusiness(newBusiness('FINANCE@northwind.example', '+12125550100'));
    expect(sb.store.contactHolder('acc_01HAcmePay0001', 'phone', '+12125550100')).toBe('cus_newCustomer1');
  });

  test('uniqueness is per account: another account may use the same email', () => {
    sb.store.addBusiness({
      ...newBusiness('finance@northwind.example', null),
      accountId: 'acc_01HBetaBank002',
    });
    expect(sb.store.contactHolder('acc_01HBetaBank002', 'email', 'finance@northwind.example')).toBe(
      'cus_newCustomer1',
    );
  });

  test('an inactive individual still holds its email (it stays a listable customer)', async () => {
    await call(sb.url, 'DELETE', `/customers/${ids.jane}`, { Authorization: `Bearer ${await token()}` });
    expect(sb.store.contactHolder('acc_01HAcmePay0001', 'email', 'jane@example.com')).toBe(ids.jane);
  });
});

test('reset() restores every fixture, contact and an empty audit trail', async () => {
  await call(sb.url, 'DELETE', `/customers/business/${ids.northwind}`, key);
  sb.store.addBusiness(newBusiness('finance@northwind.example', null));
  sb.store.reset();
  expect(sb.store.retainedBusiness(ids.northwind)?.deletion).toBeUndefined();
  expect(sb.store.retainedBusiness('cus_newCustomer1')).toBeUndefined();
  expect(sb.store.auditTrail()).toEqual([]);
  expect((await call(sb.url, 'DELETE', `/customers/business/${ids.northwind}`, key)).status).toBe(200);
});

describe('fixtures', () => {
  test('the shipped fixtures have two accounts, a read-only key, and the ids the spec samples use', () => {
    const fixtures = loadDefaultFixtures();
    expect(fixtures.accounts.length).toBeGreaterThanOrEqual(2);
    expect(fixtures.accounts.flatMap((a) => a.keys).some((k) => !k.canDelete)).toBe(true);
    const first = fixtures.accounts[0]?.id;
    for (const account of fixtures.accounts) {
      expect(fixtures.individuals.filter((c) => c.accountId === account.id).length).toBeGreaterThanOrEqual(3);
      expect(fixtures.businesses.filter((c) => c.accountId === account.id).length).toBeGreaterThanOrEqual(3);
    }
    expect(fixtures.individuals.find((c) => c.customer.id === ids.jane)?.accountId).toBe(first);
    expect(fixtures.businesses.find((c) => c.id === ids.northwind)?.accountId).toBe(first);
  });

  test('a fixture that breaks the spec schema is refused with its file and place', () => {
    const broken = structuredClone(loadDefaultFixtures());
    (broken.individuals[1]?.customer as unknown as Record<string, unknown>).birthDate = '1990-01-01';
    (broken.accounts[0]?.keys[0] as { apiKey: string }).apiKey = 'pk_live_short';
    const error = (() => {
      try {
        validateFixtures(broken, 'f');
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    expect(error).toContain(
      'f/individuals.json#/individuals/1/customer: must NOT have additional properties: birthDate',
    );
    expect(error).toContain('f/accounts.json#/accounts/0/keys/0');
    expect(error).not.toContain(fullKey.apiSecret);
  });

  test('the fixture shape is checked by its JSON Schema, every problem with its place', () => {
    const broken = structuredClone(loadDefaultFixtures()) as unknown as {
      businesses: Record<string, unknown>[];
    };
    const business = broken.businesses[0] as { shareholders: { ownershipPercent: number }[] };
    (business.shareholders[0] as { ownershipPercent: number }).ownershipPercent = 150;
    delete (broken.businesses[2] as Record<string, unknown>).legalName;
    expect(() => validateFixtures(broken as never, 'f')).toThrow(
      /f\/businesses\.json#\/businesses\/0\/shareholders\/0\/ownershipPercent: must be <= 100[\s\S]*f\/businesses\.json#\/businesses\/2: must have required property 'legalName'/,
    );
  });

  test('duplicate emails in one account are refused at load', () => {
    const broken = structuredClone(loadDefaultFixtures());
    const [a, b] = broken.individuals;
    if (a && b) b.customer.email = a.customer.email;
    expect(() => validateFixtures(broken)).toThrow(/email jane@example.com is already used/);
  });
});

async function token(): Promise<string> {
  const answer = await call(
    sb.url,
    'POST',
    '/auth/token',
    { 'Content-Type': 'application/json' },
    JSON.stringify({ apiKey: fullKey.apiKey, apiSecret: fullKey.apiSecret }),
  );
  return answer.json.accessToken as string;
}
