// The sandbox's lifecycle: resolves the options, builds the shared state, listens, counts requests, and
// drains in-flight requests on close. Routing is in dispatch.ts, operation logic in handlers.ts.
import type { AddressInfo } from 'node:net';
import { createLimitedServer } from './connection.js';
import { dispatch } from './dispatch.js';
import { type Fixtures, loadDefaultFixtures } from './fixtures.js';
import { anyMutation, type Mutations } from './mutations.js';
import { RateLimiter, type RateLimitOptions } from './rate-limit.js';
import { requestIdFor } from './request-id.js';
import { crash } from './respond.js';
import { buildRoutes } from './routes.js';
import type { SandboxStats, ServerState } from './state.js';
import { DEFAULT_DOCS_DIR } from './static.js';
import { Store } from './store.js';
import { TokenIssuer } from './tokens.js';

export type { SandboxStats } from './state.js';

/** Options of `startSandbox`. Every one has a default that matches `npm run sandbox`. */
export interface SandboxOptions {
  /** Port; 0 picks a free one. Default 4020. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** Data to serve instead of src/sandbox/fixtures (validated the same way). */
  fixtures?: Fixtures;
  /** Lifetime of issued tokens, 1 to 3600 seconds. Default 3600 (the spec's `expiresIn`). */
  tokenTtlSeconds?: number;
  /** Token-bucket size and refill window per credential. Default 100 per 60 s. */
  rateLimit?: RateLimitOptions;
  /** Honour `Prefer: code=...` and `Prefer: delay=...`. Default true. */
  faults?: boolean;
  /** Upper bound of `Prefer: delay`, in ms. Default 10000. */
  maxDelayMs?: number;
  /** Test-only broken behaviours (see mutations.ts). */
  mutations?: Mutations;
  /** The clock, in ms since the epoch; inject one to expire tokens or refill buckets without waiting. */
  now?: () => number;
  /** Folder served at /docs. Default `docs/` at the repository root. */
  docsDir?: string;
  /** Longest time a client may take to send a whole request (slow clients get 408). Default 15000 ms. */
  requestTimeoutMs?: number;
  /** How long `close()` waits for in-flight requests before cutting connections. Default 5000 ms. */
  drainTimeoutMs?: number;
  /** Where bug reports (self-check failures, exceptions) go. Default console.error. */
  log?: (line: string) => void;
}

/** A running sandbox. */
export interface Sandbox {
  /** Base URL, e.g. `http://127.0.0.1:4020`. */
  url: string;
  /** The state behind the API: inspect retained records and the audit trail, or `reset()` it. */
  store: Store;
  /** Live counters. */
  stats: SandboxStats;
  /** Refills every rate-limit bucket (between test runs; `store.reset()` leaves quotas alone). */
  resetRateLimits(): void;
  /** Stops accepting connections, lets in-flight requests finish (up to drainTimeoutMs), then resolves. */
  close(): Promise<void>;
}

/** Starts a sandbox; resolves once it listens. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const fixtures = options.fixtures ?? loadDefaultFixtures();
  const store = new Store(fixtures);
  const tokens = new TokenIssuer(options.tokenTtlSeconds ?? 3600);
  const limiter = new RateLimiter(options.rateLimit);
  const mutations: Mutations = { ...options.mutations };
  const state: ServerState = {
    store,
    tokens,
    limiter,
    faults: options.faults ?? true,
    maxDelayMs: options.maxDelayMs ?? 10_000,
    mutations,
    mutated: anyMutation(mutations),
    now: options.now ?? Date.now,
    docsDir: options.docsDir ?? DEFAULT_DOCS_DIR,
    log: options.log ?? ((line: string) => console.error(line)),
    routes: buildRoutes(),
    stats: { requests: 0, selfCheckFailures: 0, crashes: 0 },
    closing: false,
  };
  const { stats } = state;

  const server = createLimitedServer(options.requestTimeoutMs ?? 15_000, (req, res) => {
    stats.requests++;
    const requestId = requestIdFor(req.headers['x-request-id']);
    try {
      dispatch(state, req, res, requestId);
    } catch (error) {
      crash(state, res, requestId, error);
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4020, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closed: Promise<void> | undefined;

  return {
    url: `http://${host}:${address.port}`,
    store,
    stats,
    resetRateLimits: () => limiter.clear(),
    close() {
      // Idempotent: every caller waits for the same drain.
      closed ??= new Promise<void>((resolve) => {
        state.closing = true;
        server.close(() => resolve());
        server.closeIdleConnections();
        // In-flight requests get drainTimeoutMs to finish; then their connections are cut.
        const force = setTimeout(() => server.closeAllConnections(), options.drainTimeoutMs ?? 5000);
        force.unref();
        server.once('close', () => clearTimeout(force));
      });
      return closed;
    },
  };
}
