// Loads the demo data in src/sandbox/fixtures/*.json (JSON imports, so bundlers and dist/ carry them) and
// validates it against the spec's schemas (through src/spec) and the store's own shapes, so a bad fixture
// fails at startup with its file and place.
import { compileSchema, validateSchema } from '../spec/index.js';
import accountsJson from './fixtures/accounts.json' with { type: 'json' };
import businessesJson from './fixtures/businesses.json' with { type: 'json' };
import fixturesSchema from './fixtures/fixtures.schema.json' with { type: 'json' };
import individualsJson from './fixtures/individuals.json' with { type: 'json' };
import type { Customer, CustomerWallet } from './types.js';

/** An API key of an account; `canDelete: false` keys get 403 on both deletes. */
export interface ApiKeyFixture {
  id: string;
  label: string;
  apiKey: string;
  apiSecret: string;
  canDelete: boolean;
}

/** A tenant: its customers are invisible to every other account. */
export interface AccountFixture {
  id: string;
  name: string;
  keys: ApiKeyFixture[];
}

/** The write-only PII of an individual: stored, never returned (openapi.yaml, info "Personal data"). */
export interface PiiFixture {
  birthDate: string | null;
  residentialAddress: Record<string, string> | null;
  ipAddress: string | null;
  identifyingInformation: Record<string, string>[];
}

/** An individual customer: the public Customer object plus PII held only by the store. */
export interface IndividualFixture {
  accountId: string;
  customer: Customer;
  pii: PiiFixture;
}

/** A document (certificate, proof of address, passport...) of a business or a shareholder. */
export interface DocumentFixture {
  id: string;
  type: string;
  fileName: string;
  uploadedAt: string;
}

/** A shareholder of a business customer, with its own documents. */
export interface ShareholderFixture {
  id: string;
  name: string;
  ownershipPercent: number;
  documents: DocumentFixture[];
}

/** A business customer with the KYB data, documents, shareholders and wallets the store holds for it. */
export interface BusinessFixture {
  accountId: string;
  id: string;
  legalName: string;
  email: string | null;
  phone: string | null;
  createdAt: string;
  kyb: Record<string, string>;
  documents: DocumentFixture[];
  shareholders: ShareholderFixture[];
  wallets: CustomerWallet[];
}

/** Everything the sandbox serves: accounts with keys, individual and business customers. */
export interface Fixtures {
  accounts: AccountFixture[];
  individuals: IndividualFixture[];
  businesses: BusinessFixture[];
}

let shipped: Fixtures | undefined;

/** The demo fixtures shipped in src/sandbox/fixtures, as read (not validated). */
export function shippedFixtures(): Fixtures {
  return {
    accounts: accountsJson.accounts,
    individuals: individualsJson.individuals,
    businesses: businessesJson.businesses,
  } as unknown as Fixtures;
}

/** Reads the demo fixtures shipped in src/sandbox/fixtures and validates them (once per process); returns a copy. */
export function loadDefaultFixtures(): Fixtures {
  if (!shipped) {
    const fixtures = shippedFixtures();
    validateFixtures(fixtures, 'src/sandbox/fixtures');
    shipped = fixtures;
  }
  return structuredClone(shipped);
}

let checkShape: ((value: unknown) => { at: string; message: string }[]) | undefined;

/** `where/individuals.json#/individuals/1/customer` for the pointer `/individuals/1/customer`. */
function place(where: string, pointer: string): string {
  const [, list, ...rest] = pointer.split('/');
  return list ? `${where}/${list}.json#/${[list, ...rest].join('/')}` : where;
}

/**
 * Validates fixtures against fixtures/fixtures.schema.json (which uses the spec's Customer,
 * CustomerWallet, BusinessCustomerId and Timestamp schemas, through src/spec's Ajv), then the store's
 * invariants a schema cannot state: unique ids and keys, owning accounts, valid key/secret pairs, unique
 * emails and phones per account. Throws one error listing every problem, each with its place, so a
 * broken fixture is fixed in one go.
 */
export function validateFixtures(fixtures: Fixtures, where = 'fixtures'): void {
  checkShape ??= compileSchema(fixturesSchema);
  const shape = checkShape(fixtures).map(
    (issue) => `${place(where, issue.at)}: ${issue.message.slice((issue.at || '(root)').length + 1)}`,
  );
  // Each key and secret must be a valid token request (Ajv's messages name the pattern, never the secret).
  (Array.isArray(fixtures.accounts) ? fixtures.accounts : []).forEach((account, i) => {
    (Array.isArray(account?.keys) ? account.keys : []).forEach((key, k) => {
      for (const issue of validateSchema('AccessTokenRequest', {
        apiKey: key?.apiKey,
        apiSecret: key?.apiSecret,
      }))
        shape.push(
          `${where}/accounts.json#/accounts/${i}/keys/${k}: ${issue.message} (schema AccessTokenRequest)`,
        );
    });
  });
  if (shape.length > 0)
    throw new Error(`Invalid sandbox fixtures; fix these entries:\n  ${shape.join('\n  ')}`);

  const problems: string[] = [];
  const seen = new Set<string>();
  const unique = (id: string, at: string) => {
    if (seen.has(id)) problems.push(`${at}: id ${id} is used twice`);
    seen.add(id);
  };
  const contacts = new Set<string>();
  const contact = (accountId: string, kind: string, value: string | null, at: string) => {
    if (value === null) return;
    const key = `${accountId} ${kind} ${value.toLowerCase()}`;
    if (contacts.has(key)) problems.push(`${at}: ${kind} ${value} is already used in account ${accountId}`);
    contacts.add(key);
  };
  const accountIds = new Set<string>();
  const apiKeys = new Set<string>();
  fixtures.accounts.forEach((account, i) => {
    const at = `${where}/accounts.json#/accounts/${i}`;
    unique(account.id, `${at}/id`);
    accountIds.add(account.id);
    account.keys.forEach((key, k) => {
      const kat = `${at}/keys/${k}`;
      unique(key.id, `${kat}/id`);
      // Ajv's messages name the pattern, never the submitted secret.
      for (const issue of validateSchema('AccessTokenRequest', {
        apiKey: key.apiKey,
        apiSecret: key.apiSecret,
      }))
        problems.push(`${kat}: ${issue.message} (schema AccessTokenRequest)`);
      if (apiKeys.has(key.apiKey)) problems.push(`${kat}/apiKey: the same key is listed twice`);
      apiKeys.add(key.apiKey);
    });
  });
  const owner = (accountId: string, at: string) => {
    if (!accountIds.has(accountId))
      problems.push(`${at}/accountId: ${accountId} is not an account of accounts.json`);
  };
  fixtures.individuals.forEach((person, i) => {
    const at = `${where}/individuals.json#/individuals/${i}`;
    owner(person.accountId, at);
    unique(person.customer.id, `${at}/customer/id`);
    person.customer.wallets?.forEach((w, k) => {
      unique(w.id, `${at}/customer/wallets/${k}/id`);
    });
    contact(person.accountId, 'email', person.customer.email ?? null, `${at}/customer/email`);
    contact(person.accountId, 'phone', person.customer.phone ?? null, `${at}/customer/phone`);
  });
  fixtures.businesses.forEach((business, i) => {
    const at = `${where}/businesses.json#/businesses/${i}`;
    owner(business.accountId, at);
    unique(business.id, `${at}/id`);
    contact(business.accountId, 'email', business.email, `${at}/email`);
    contact(business.accountId, 'phone', business.phone, `${at}/phone`);
    const documents = (list: DocumentFixture[], dat: string) =>
      list.forEach((d, k) => {
        unique(d.id, `${dat}/${k}/id`);
      });
    documents(business.documents, `${at}/documents`);
    business.shareholders.forEach((s, k) => {
      unique(s.id, `${at}/shareholders/${k}/id`);
      documents(s.documents, `${at}/shareholders/${k}/documents`);
    });
    business.wallets.forEach((w, k) => {
      unique(w.id, `${at}/wallets/${k}/id`);
    });
  });
  if (problems.length > 0)
    throw new Error(`Invalid sandbox fixtures; fix these entries:\n  ${problems.join('\n  ')}`);
}
