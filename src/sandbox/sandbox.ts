// createSandbox: the engine behind a WHATWG `fetch(request) -> Response`, with no socket. Give its
// `fetch` to the client (`createCustomersClient({ baseUrl, fetch: sandbox.fetch })`), to MSW, or to any
// code that takes a fetch function: same state, same semantics as the HTTP sandbox.
import {
  type AssetResponse,
  createEngine,
  type Engine,
  type Incoming,
  type Outgoing,
  type RequestHeaderReader,
  type SandboxOptions,
  type SandboxStats,
} from './engine.js';
import { shippedFixtures } from './fixtures.js';
import type { Store } from './store.js';

/** A sandbox in this process: call `fetch` with a Request, inspect or reset `store`. */
export interface InProcessSandbox {
  /** Serves one request, exactly as the HTTP sandbox would. Any URL origin works; the path decides. */
  fetch(input: Request | string | URL, init?: RequestInit): Promise<Response>;
  /** The state behind the API: inspect retained records and the audit trail, or `reset()` it. */
  store: Store;
  /** Live counters. */
  stats: SandboxStats;
  /** Refills every rate-limit bucket (between test runs; `store.reset()` leaves quotas alone). */
  resetRateLimits(): void;
  /** `store.reset()` and `resetRateLimits()` together: the sandbox as it started. */
  reset(): void;
}

const STATIC_MODULE = ['.', 'static.js'].join('/');

// Statuses whose response has no body (Fetch standard, "null body status").
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/** Creates a sandbox that answers `fetch` calls in this process; opens no socket. Throws on bad options. */
export function createSandbox(options: SandboxOptions = {}): InProcessSandbox {
  const docsDir = options.docsDir;
  // The docs and spec files are read from disk (static.ts, node:fs) only when asked for. The specifier is
  // not a literal so that browser bundles (MSW in a browser test) leave that Node-only module out.
  const assets = async (path: string, headers: RequestHeaderReader): Promise<AssetResponse | undefined> => {
    if (typeof process === 'undefined' || !process.versions?.node) return undefined;
    const { DEFAULT_DOCS_DIR, serveStatic } = (await import(STATIC_MODULE)) as typeof import('./static.js');
    return serveStatic(path, docsDir ?? DEFAULT_DOCS_DIR, headers);
  };
  const engine = createEngine(options, assets);
  return {
    fetch: fetchOf(engine),
    store: engine.store,
    stats: engine.stats,
    resetRateLimits: engine.resetRateLimits,
    reset() {
      engine.store.reset();
      engine.resetRateLimits();
    },
  };
}

/** The engine as a WHATWG fetch: Request in, Response out; rejects with the abort reason when aborted. */
export function fetchOf(engine: Engine): InProcessSandbox['fetch'] {
  return async (input, init) => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    const out = await engine.serve(fromRequest(request));
    if (!out) throw request.signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
    return toResponse(out, request.method);
  };
}

/** The engine's view of a WHATWG Request. */
export function fromRequest(request: Request): Incoming {
  const url = new URL(request.url);
  const length = request.headers.get('content-length');
  return {
    method: request.method,
    target: url.pathname + url.search,
    header: (name) => request.headers.get(name) ?? undefined,
    address: undefined,
    hasBody: request.body !== null && length !== '0',
    async readBody(limit) {
      if (Number(length ?? 0) > limit) return undefined;
      if (request.body === null) return '';
      const reader = request.body.getReader();
      const chunks: Uint8Array[] = [];
      let size = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > limit) {
          await reader.cancel();
          return undefined;
        }
        chunks.push(value);
      }
      const bytes = new Uint8Array(size);
      let offset = 0;
      for (const chunk of chunks) {
        bytes.set(chunk, offset);
        offset += chunk.byteLength;
      }
      return new TextDecoder().decode(bytes);
    },
    signal: request.signal,
  };
}

/** The engine's answer as a WHATWG Response. */
export function toResponse(out: Outgoing, method: string): Response {
  const empty = method === 'HEAD' || NULL_BODY.has(out.status);
  return new Response(empty ? null : (out.body as BodyInit), { status: out.status, headers: out.headers });
}

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
export const demoCredentials: readonly DemoCredential[] = (shippedFixtures().accounts ?? []).flatMap(
  (account) =>
    (account.keys ?? []).map((key) => ({
      accountId: account.id,
      accountName: account.name,
      apiKey: key.apiKey,
      apiSecret: key.apiSecret,
      canDelete: key.canDelete,
    })),
);

/** The demo customers a test may delete: per account, its individual and live business customer ids. */
export function demoCustomerIds(): { accountId: string; individuals: string[]; businesses: string[] }[] {
  const fixtures = shippedFixtures();
  return (fixtures.accounts ?? []).map((account) => ({
    accountId: account.id,
    individuals: (fixtures.individuals ?? [])
      .filter((c) => c.accountId === account.id)
      .map((c) => c.customer.id),
    businesses: (fixtures.businesses ?? []).filter((c) => c.accountId === account.id).map((c) => c.id),
  }));
}
