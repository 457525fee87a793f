// Loads the demo data in src/sandbox/fixtures/*.json (JSON imports, so bundlers and dist/ carry them) and
// validates it against the spec's schemas (through src/spec) and the store's own shapes, so a bad fixture
// fails at startup with its file and place.
import { validateSchema } from '../spec/index.js';
import accountsJson from './fixtures/accounts.json' with { type: 'json' };
import businessesJson from './fixtures/businesses.json' with { type: 'json' };
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

const ID = {
  account: /^acc_[0-9A-Za-z]{1,64}$/,
  key: /^key_[0-9A-Za-z]{1,64}$/,
  document: /^doc_[0-9A-Za-z]{1,64}$/,
  shareholder: /^shr_[0-9A-Za-z]{1,64}$/,
};

/**
 * Validates fixtures against the spec's schemas (Customer, BusinessCustomerId, CustomerWallet,
 * AccessTokenRequest) and the store's invariants (unique ids, keys, emails and phones per account).
 * Throws one error listing every problem, each with its place, so a broken fixture is fixed in one go.
 */
export function validateFixtures(fixtures: Fixtures, where = 'fixtures'): void {
  const problems: string[] = [];
  const schema = (name: string, value: unknown, at: string) => {
    for (const issue of validateSchema(name, value))
      problems.push(`${at}: ${issue.message} (schema ${name})`);
  };
  const pattern = (re: RegExp, value: unknown, at: string) => {
    if (typeof value !== 'string' || !re.test(value)) problems.push(`${at}: must match ${re}`);
  };
  const text = (value: unknown, at: string, nullable = false) => {
    if (nullable && value === null) return;
    if (typeof value !== 'string' || value.length === 0) problems.push(`${at}: must be a non-empty string`);
  };
  const seen = new Set<string>();
  const unique = (id: unknown, at: string) => {
    if (typeof id !== 'string') return;
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

  if (!Array.isArray(fixtures.accounts) || fixtures.accounts.length === 0)
    problems.push(`${where}/accounts.json#/accounts: must list at least one account`);
  const accountIds = new Set<string>();
  const apiKeys = new Set<string>();
  fixtures.accounts?.forEach((account, i) => {
    const at = `${where}/accounts.json#/accounts/${i}`;
    pattern(ID.account, account.id, `${at}/id`);
    unique(account.id, `${at}/id`);
    accountIds.add(account.id);
    text(account.name, `${at}/name`);
    account.keys?.forEach((key, k) => {
      const kat = `${at}/keys/${k}`;
      pattern(ID.key, key.id, `${kat}/id`);
      unique(key.id, `${kat}/id`);
      text(key.label, `${kat}/label`);
      schema('AccessTokenRequest', { apiKey: key.apiKey, apiSecret: key.apiSecret }, kat);
      if (apiKeys.has(key.apiKey)) problems.push(`${kat}/apiKey: the same key is listed twice`);
      apiKeys.add(key.apiKey);
      if (typeof key.canDelete !== 'boolean') problems.push(`${kat}/canDelete: must be true or false`);
    });
  });
  const owner = (accountId: unknown, at: string) => {
    if (typeof accountId !== 'string' || !accountIds.has(accountId))
      problems.push(`${at}/accountId: ${String(accountId)} is not an account of accounts.json`);
  };

  fixtures.individuals?.forEach((person, i) => {
    const at = `${where}/individuals.json#/individuals/${i}`;
    owner(person.accountId, at);
    schema('Customer', person.customer, `${at}/customer`);
    unique(person.customer?.id, `${at}/customer/id`);
    person.customer?.wallets?.forEach((w, k) => {
      unique(w.id, `${at}/customer/wallets/${k}/id`);
    });
    contact(person.accountId, 'email', person.customer?.email ?? null, `${at}/customer/email`);
    contact(person.accountId, 'phone', person.customer?.phone ?? null, `${at}/customer/phone`);
    if (person.pii === null || typeof person.pii !== 'object') problems.push(`${at}/pii: must be an object`);
  });

  fixtures.businesses?.forEach((business, i) => {
    const at = `${where}/businesses.json#/businesses/${i}`;
    owner(business.accountId, at);
    schema('BusinessCustomerId', business.id, `${at}/id`);
    unique(business.id, `${at}/id`);
    text(business.legalName, `${at}/legalName`);
    schema('Timestamp', business.createdAt, `${at}/createdAt`);
    // Business contacts follow the Customer schema's email and phone rules.
    if (business.email !== null) pattern(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, business.email, `${at}/email`);
    contact(business.accountId, 'email', business.email, `${at}/email`);
    contact(business.accountId, 'phone', business.phone, `${at}/phone`);
    if (business.phone !== null) pattern(/^\+[1-9][0-9]{1,14}$/, business.phone, `${at}/phone`);
    if (business.kyb === null || typeof business.kyb !== 'object')
      problems.push(`${at}/kyb: must be an object`);
    const documents = (list: DocumentFixture[], dat: string) =>
      list.forEach((d, k) => {
        pattern(ID.document, d.id, `${dat}/${k}/id`);
        unique(d.id, `${dat}/${k}/id`);
        text(d.type, `${dat}/${k}/type`);
        text(d.fileName, `${dat}/${k}/fileName`);
        schema('Timestamp', d.uploadedAt, `${dat}/${k}/uploadedAt`);
      });
    documents(business.documents ?? [], `${at}/documents`);
    business.shareholders?.forEach((s, k) => {
      pattern(ID.shareholder, s.id, `${at}/shareholders/${k}/id`);
      unique(s.id, `${at}/shareholders/${k}/id`);
      text(s.name, `${at}/shareholders/${k}/name`);
      documents(s.documents ?? [], `${at}/shareholders/${k}/documents`);
    });
    business.wallets?.forEach((w, k) => {
      schema('CustomerWallet', w, `${at}/wallets/${k}`);
      unique(w.id, `${at}/wallets/${k}/id`);
    });
  });

  if (problems.length > 0)
    throw new Error(`Invalid sandbox fixtures; fix these entries:\n  ${problems.join('\n  ')}`);
}
