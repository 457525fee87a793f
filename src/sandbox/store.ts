// The sandbox's in-memory state: accounts, keys, customers and everything a business owns. Deletes are
// soft (records are marked, never removed) and audited; `reset()` restores the fixtures. Tests inspect it
// through this programmatic API, never through an HTTP route.
import type {
  AccountFixture,
  ApiKeyFixture,
  BusinessFixture,
  DocumentFixture,
  Fixtures,
  IndividualFixture,
  ShareholderFixture,
} from './fixtures.js';
import { validateFixtures } from './fixtures.js';
import type { Customer, CustomerWallet } from './types.js';

/** How a soft-deleted record is marked: when, by which API key id, in which request. */
export interface Deletion {
  deletedAt: string;
  /** The id of the API key whose credentials made the call (never the key or a token itself). */
  deletedBy: string;
  requestId: string;
}

/** Anything the store may soft-delete. */
export interface Retained {
  deletion?: Deletion;
}

/** An individual customer as the store holds it, PII included. */
export interface IndividualRecord extends Retained {
  accountId: string;
  customer: Customer;
  pii: IndividualFixture['pii'];
}

/** A document held for a business or a shareholder. */
export type DocumentRecord = DocumentFixture & Retained;

/** A shareholder and its documents. */
export type ShareholderRecord = Omit<ShareholderFixture, 'documents'> &
  Retained & { documents: DocumentRecord[] };

/** A business customer and everything it owns, each part with its own deletion mark. */
export interface BusinessRecord extends Retained {
  accountId: string;
  id: string;
  legalName: string;
  email: string | null;
  phone: string | null;
  createdAt: string;
  kyb: Retained & { data: Record<string, string> };
  documents: DocumentRecord[];
  shareholders: ShareholderRecord[];
  wallets: (CustomerWallet & Retained)[];
}

/** An API key with its account and permission. The secret is kept only as a SHA-256 digest. */
export interface KeyRecord {
  id: string;
  accountId: string;
  label: string;
  apiKey: string;
  canDelete: boolean;
  /** SHA-256 of the secret (Web Crypto, so the store runs in browsers too). */
  secretDigest: Promise<Uint8Array>;
}

/** One entry of the deletion audit trail. */
export interface AuditEntry {
  action: 'customer.deleted' | 'business_customer.deleted';
  at: string;
  accountId: string;
  customerId: string;
  /** API key id of the caller. */
  actor: string;
  requestId: string;
  /** Every record id the deletion marked, the customer's first. */
  records: string[];
}

/** Who performs a deletion, for the retention marks and the audit trail. */
export interface Actor {
  keyId: string;
  requestId: string;
  now: number;
}

/** Thrown by `addIndividual`/`addBusiness` when an email or phone is already used in the account. */
export class UniquenessError extends Error {
  override readonly name = 'UniquenessError';
}

const encoder = new TextEncoder();

async function digest(secret: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(secret)));
}

// Equality of two SHA-256 digests in time independent of where they differ (node:crypto's
// timingSafeEqual does this on Node only; the store also runs in browsers, behind MSW).
function sameDigest(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) difference |= (a[i] as number) ^ (b[i] as number);
  return difference === 0;
}

/** The sandbox's state. One instance per server; `reset()` restores the fixtures it was built from. */
export class Store {
  private accounts = new Map<string, AccountFixture>();
  private keysByApiKey = new Map<string, KeyRecord>();
  private keysById = new Map<string, KeyRecord>();
  private individuals = new Map<string, IndividualRecord>();
  private businesses = new Map<string, BusinessRecord>();
  // `${accountId}\0${kind}\0${value}` -> customer id; only live customers hold an entry.
  private contacts = new Map<string, string>();
  private audit: AuditEntry[] = [];

  constructor(private readonly fixtures: Fixtures) {
    validateFixtures(fixtures);
    this.reset();
  }

  /** Restores the fixtures: every deletion, addition and audit entry is forgotten. */
  reset(): void {
    const copy = structuredClone(this.fixtures);
    this.accounts.clear();
    this.keysByApiKey.clear();
    this.keysById.clear();
    this.individuals.clear();
    this.businesses.clear();
    this.contacts.clear();
    this.audit = [];
    for (const account of copy.accounts) {
      this.accounts.set(account.id, account);
      for (const key of account.keys) this.addKey(account.id, key);
    }
    for (const person of copy.individuals) this.addIndividual(person);
    for (const business of copy.businesses) this.addBusiness(business);
  }

  /** The key record for an API key string, if the key exists. */
  keyByApiKey(apiKey: string): KeyRecord | undefined {
    return this.keysByApiKey.get(apiKey);
  }

  /** The key record with this id (the `sub` of a token). */
  keyById(id: string): KeyRecord | undefined {
    return this.keysById.get(id);
  }

  /**
   * Compares a secret with the key's in constant time (on digests, so lengths never leak). The secret is
   * hashed even when there is no such key, so timing does not tell which keys exist.
   */
  async secretMatches(key: KeyRecord | undefined, secret: string): Promise<boolean> {
    const given = await digest(secret);
    return key !== undefined && sameDigest(await key.secretDigest, given);
  }

  /** The live or soft-deleted individual customer `id` of `accountId` (undefined for other accounts). */
  findIndividual(accountId: string | undefined, id: string): IndividualRecord | undefined {
    const record = this.individuals.get(id);
    return record && (accountId === undefined || record.accountId === accountId) ? record : undefined;
  }

  /** The live business customer `id` of `accountId`: undefined when deleted, unknown or another account's. */
  findBusiness(accountId: string | undefined, id: string): BusinessRecord | undefined {
    const record = this.businesses.get(id);
    if (!record || record.deletion) return undefined;
    return accountId === undefined || record.accountId === accountId ? record : undefined;
  }

  /**
   * Soft-deletes an individual: `status: inactive`, `updatedAt` now, a deletion mark and an audit entry.
   * A repeat changes nothing, so it returns the first delete's body.
   */
  deleteIndividual(record: IndividualRecord, actor: Actor): IndividualRecord {
    // Decided by the deletion mark, not by `status`: a customer already inactive in the fixtures was never
    // deleted, so its first delete is a deletion like any other (marked and audited). Its `updatedAt`
    // becomes the time of that deletion too, as the spec says for every delete (deleteCustomer: "status
    // becomes inactive and updatedAt is set to the time of the deletion"); repeats keep that value.
    if (record.deletion) return record;
    const at = new Date(actor.now).toISOString();
    record.customer.status = 'inactive';
    record.customer.updatedAt = at;
    record.deletion = { deletedAt: at, deletedBy: actor.keyId, requestId: actor.requestId };
    this.audit.push({
      action: 'customer.deleted',
      at,
      accountId: record.accountId,
      customerId: record.customer.id,
      actor: actor.keyId,
      requestId: actor.requestId,
      records: [record.customer.id],
    });
    return record;
  }

  /**
   * Soft-deletes a business customer, its KYB data, documents, shareholders and their documents, and
   * wallets (the seed's list), and frees its email and phone in the uniqueness index.
   */
  deleteBusiness(record: BusinessRecord, actor: Actor): BusinessRecord {
    const deletion: Deletion = {
      deletedAt: new Date(actor.now).toISOString(),
      deletedBy: actor.keyId,
      requestId: actor.requestId,
    };
    const records = [record.id, `${record.id}/kyb`];
    record.deletion = { ...deletion };
    record.kyb.deletion = { ...deletion };
    for (const document of record.documents) {
      document.deletion = { ...deletion };
      records.push(document.id);
    }
    for (const shareholder of record.shareholders) {
      shareholder.deletion = { ...deletion };
      records.push(shareholder.id);
      for (const document of shareholder.documents) {
        document.deletion = { ...deletion };
        records.push(document.id);
      }
    }
    for (const wallet of record.wallets) {
      wallet.deletion = { ...deletion };
      records.push(wallet.id);
    }
    this.release(record.accountId, record.id, record.email, record.phone);
    this.audit.push({
      action: 'business_customer.deleted',
      at: deletion.deletedAt,
      accountId: record.accountId,
      customerId: record.id,
      actor: actor.keyId,
      requestId: actor.requestId,
      records,
    });
    return record;
  }

  /** A copy of the retained individual customer `id`, deleted or not (PII included), for inspection. */
  retainedIndividual(id: string): IndividualRecord | undefined {
    const record = this.individuals.get(id);
    return record && structuredClone(record);
  }

  /** A copy of the retained business customer `id` and everything it owns, deleted or not. */
  retainedBusiness(id: string): BusinessRecord | undefined {
    const record = this.businesses.get(id);
    return record && structuredClone(record);
  }

  /** A copy of the deletion audit trail, oldest first. */
  auditTrail(): AuditEntry[] {
    return structuredClone(this.audit);
  }

  /** The ids of an account's customers, for choosing which ones a test may delete. */
  customerIds(accountId: string): { individuals: string[]; businesses: string[] } {
    const individuals = [...this.individuals.values()]
      .filter((r) => r.accountId === accountId)
      .map((r) => r.customer.id);
    const businesses = [...this.businesses.values()]
      .filter((r) => r.accountId === accountId && !r.deletion)
      .map((r) => r.id);
    return { individuals, businesses };
  }

  /** The accounts of the store, without their secrets. */
  accountList(): { id: string; name: string }[] {
    return [...this.accounts.values()].map(({ id, name }) => ({ id, name }));
  }

  /** The id of the live customer that holds this email or phone in the account, if any. */
  contactHolder(accountId: string, kind: 'email' | 'phone', value: string): string | undefined {
    return this.contacts.get(contactKey(accountId, kind, value));
  }

  /** Adds an individual customer; throws UniquenessError when its email or phone is taken in the account. */
  addIndividual(person: IndividualFixture): void {
    if (this.individuals.has(person.customer.id) || this.businesses.has(person.customer.id))
      throw new UniquenessError(`customer id ${person.customer.id} already exists`);
    this.claim(person.accountId, person.customer.id, person.customer.email, person.customer.phone);
    this.individuals.set(person.customer.id, { ...person, customer: { ...person.customer } });
  }

  /** Adds a business customer; throws UniquenessError when its email or phone is taken in the account. */
  addBusiness(business: BusinessFixture): void {
    if (this.individuals.has(business.id) || this.businesses.has(business.id))
      throw new UniquenessError(`customer id ${business.id} already exists`);
    this.claim(business.accountId, business.id, business.email, business.phone);
    const { kyb, ...rest } = business;
    this.businesses.set(business.id, { ...rest, kyb: { data: kyb } });
  }

  private addKey(accountId: string, key: ApiKeyFixture): void {
    const record: KeyRecord = {
      id: key.id,
      accountId,
      label: key.label,
      apiKey: key.apiKey,
      canDelete: key.canDelete,
      secretDigest: digest(key.apiSecret),
    };
    this.keysByApiKey.set(key.apiKey, record);
    this.keysById.set(key.id, record);
  }

  private claim(accountId: string, id: string, email: string | null, phone: string | null): void {
    for (const [kind, value] of [
      ['email', email],
      ['phone', phone],
    ] as const) {
      if (value === null) continue;
      const holder = this.contacts.get(contactKey(accountId, kind, value));
      if (holder !== undefined && holder !== id)
        throw new UniquenessError(`${kind} is already used by customer ${holder} in account ${accountId}`);
    }
    if (email !== null) this.contacts.set(contactKey(accountId, 'email', email), id);
    if (phone !== null) this.contacts.set(contactKey(accountId, 'phone', phone), id);
  }

  private release(accountId: string, id: string, email: string | null, phone: string | null): void {
    for (const [kind, value] of [
      ['email', email],
      ['phone', phone],
    ] as const) {
      if (value === null) continue;
      const key = contactKey(accountId, kind, value);
      if (this.contacts.get(key) === id) this.contacts.delete(key);
    }
  }
}

function contactKey(accountId: string, kind: 'email' | 'phone', value: string): string {
  return `${accountId}\0${kind}\0${kind === 'email' ? value.toLowerCase() : value}`;
}
