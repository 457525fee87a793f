// The sandbox's public entry: startSandbox (contract 4 of the team brief) and the demo credentials.
import { loadDefaultFixtures } from './fixtures.js';

export type {
  AccountFixture,
  ApiKeyFixture,
  BusinessFixture,
  Fixtures,
  IndividualFixture,
} from './fixtures.js';
export { loadDefaultFixtures, validateFixtures } from './fixtures.js';
export { type Mutations, mutationNames } from './mutations.js';
export type { RateLimitOptions } from './rate-limit.js';
export { type Sandbox, type SandboxOptions, type SandboxStats, startSandbox } from './server.js';
export type { AuditEntry, BusinessRecord, Deletion, IndividualRecord, Store } from './store.js';
export { UniquenessError } from './store.js';
export type { HandlerResult } from './types.js';

/** One demo credential of the shipped fixtures. */
export interface DemoCredential {
  accountId: string;
  accountName: string;
  apiKey: string;
  apiSecret: string;
  /** False for the read-only key: deletes answer 403. */
  canDelete: boolean;
}

/**
 * The demo API keys and secrets of src/sandbox/fixtures/accounts.json, per account. The first entry is
 * the first account's full-access key (the one in openapi.yaml's examples); one key has `canDelete: false`.
 */
export const demoCredentials: readonly DemoCredential[] = loadDefaultFixtures().accounts.flatMap((account) =>
  account.keys.map((key) => ({
    accountId: account.id,
    accountName: account.name,
    apiKey: key.apiKey,
    apiSecret: key.apiSecret,
    canDelete: key.canDelete,
  })),
);
