// The state one running sandbox shares with every request path (built once by startSandbox, read by
// dispatch, operation and respond), so the per-request functions live in their own modules without closures.
import type { Mutations } from './mutations.js';
import type { RateLimiter } from './rate-limit.js';
import type { PathRoute } from './routes.js';
import type { Store } from './store.js';
import type { TokenIssuer } from './tokens.js';

/** Counters a test can assert on. */
export interface SandboxStats {
  /** Requests received. */
  requests: number;
  /** Responses that failed the self-check and were replaced by a 500: must stay 0. */
  selfCheckFailures: number;
  /** Exceptions thrown while handling a request (answered 500): must stay 0. */
  crashes: number;
}

/** One sandbox's resolved options, collaborators and counters; every request function takes it first. */
export interface ServerState {
  readonly store: Store;
  readonly tokens: TokenIssuer;
  readonly limiter: RateLimiter;
  /** Honour `Prefer: code=...` and `Prefer: delay=...`. */
  readonly faults: boolean;
  /** Upper bound of `Prefer: delay`, in ms. */
  readonly maxDelayMs: number;
  readonly mutations: Mutations;
  /** Any mutation on: the self-check must let the broken responses through. */
  readonly mutated: boolean;
  /** The clock, in ms since the epoch. */
  readonly now: () => number;
  /** Folder served at /docs. */
  readonly docsDir: string;
  /** Where bug reports (self-check failures, exceptions) go. */
  readonly log: (line: string) => void;
  /** The routing table, built once from the spec. */
  readonly routes: readonly PathRoute[];
  readonly stats: SandboxStats;
  /** Set by `close()`: responses from then on ask the client to close the connection. */
  closing: boolean;
}
