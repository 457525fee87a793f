// The sandbox's public entry (`@spec-first/customers-api/sandbox`): createSandbox (in-process fetch, no
// socket), startSandbox (HTTP), the demo credentials and ids, the fixture and store types. Importing it
// does no work that can fail: the spec's texts and the fixtures are read when a sandbox is created.
export type { AssetResponse, Incoming, Outgoing, SandboxOptions, SandboxStats } from './engine.js';
export type {
  AccountFixture,
  ApiKeyFixture,
  BusinessFixture,
  DocumentFixture,
  Fixtures,
  IndividualFixture,
  PiiFixture,
  ShareholderFixture,
} from './fixtures.js';
export { loadDefaultFixtures, validateFixtures } from './fixtures.js';
export { type FetchHandler, type Sandbox, type StartSandboxOptions, startSandbox } from './http.js';
export type { RateLimitOptions } from './rate-limit.js';
export {
  createSandbox,
  type DemoCredential,
  demoCredentials,
  demoCustomerIds,
  type InProcessSandbox,
} from './sandbox.js';
export type { AuditEntry, BusinessRecord, Deletion, IndividualRecord, Store } from './store.js';
export { UniquenessError } from './store.js';
export type { HandlerResult } from './types.js';
