// `@spec-first/customers-api/msw`: MSW 2 request handlers backed by the sandbox engine, for browser, jsdom
// and Node tests that mock the network with MSW. Stateful, with the semantics of the HTTP sandbox:
// tokens, soft deletes, 404 on a repeated business delete, rate limits, faults, request ids.
import { type HttpHandler, http } from 'msw';
import type { SandboxOptions } from './engine.js';
import { createSandbox, type InProcessSandbox } from './sandbox.js';

/** Options of `createHandlers`. */
export interface CreateHandlersOptions {
  /**
   * The base URL the code under test calls, e.g. `https://sandbox-api.polygon.technology/v0.9` (the
   * client's `baseUrl`). Every request under it is answered by the sandbox; other requests are left to
   * your other handlers.
   */
  baseUrl: string;
  /** The sandbox to answer with (share it to inspect or reset its store). Default: a new `createSandbox(options)`. */
  sandbox?: InProcessSandbox;
  /** Options of the sandbox created when `sandbox` is not given. */
  options?: SandboxOptions;
}

/** The MSW request handlers that serve `baseUrl` from the sandbox: pass them to `setupServer` or `setupWorker`. */
export function createHandlers({ baseUrl, sandbox, options }: CreateHandlersOptions): HttpHandler[] {
  let base: URL;
  try {
    base = new URL(baseUrl);
  } catch {
    throw new TypeError(`createHandlers: baseUrl must be an absolute URL, got ${JSON.stringify(baseUrl)}`);
  }
  const served = sandbox ?? createSandbox(options);
  const prefix = base.pathname.replace(/\/+$/, '');
  const root = `${base.origin}${prefix}`;
  const under = new RegExp(`^${root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:/.*)?$`);
  return [
    http.all(under, async ({ request }) => {
      // The engine sees the API path: the base URL's own path prefix is removed first.
      const url = new URL(request.url);
      const path = url.pathname.slice(prefix.length) || '/';
      const method = request.method;
      const body = method === 'GET' || method === 'HEAD' ? undefined : await request.arrayBuffer();
      const inner = new Request(new URL(`${path}${url.search}`, base.origin), {
        method,
        headers: request.headers,
        signal: request.signal,
        ...(body !== undefined && body.byteLength > 0 && { body }),
      });
      return served.fetch(inner);
    }),
  ];
}
