// The routing table, built once at start from src/spec's operations: per spec path its pattern, the
// handler of each documented method and the precomputed `Allow` list, so no request pays for building them.
import { type OperationSpec, operations } from '../spec/index.js';
import type { HandlerContext } from './handlers.js';
import * as handlers from './handlers.js';

/** A handler as the router calls it (handlers.ts types each one more narrowly by its operation). */
export type Handler = (ctx: HandlerContext) => {
  status: number;
  body: unknown;
  headers?: Record<string, unknown>;
};

/** One routed operation: its spec, its handler, and the facts every request needs, precomputed. */
export interface Route {
  op: OperationSpec;
  handler: Handler;
  /** Some security alternative of the operation is `X-API-Key` (otherwise only bearer tokens count). */
  acceptsApiKey: boolean;
  /** The operation has a request body (the token exchange); the deletes take none. */
  hasBody: boolean;
  /** The documented statuses, comma-separated, for the `Prefer: code` 400 message. */
  statuses: string;
}

/** One spec path: its pattern, its operations by method, and the `Allow` value of its 405. */
export interface PathRoute {
  pattern: RegExp;
  template: string;
  byMethod: Map<string, Route>;
  allow: string;
}

const HANDLERS: Record<string, Handler> = {
  createAccessToken: handlers.createAccessToken,
  deleteCustomer: handlers.deleteCustomer,
  deleteBusinessCustomer: handlers.deleteBusinessCustomer,
};

/** Builds the routing table, paths in spec order; throws (naming the fix) if an operation has no handler. */
export function buildRoutes(): PathRoute[] {
  const byPath = new Map<string, PathRoute>();
  for (const op of operations) {
    const handler = HANDLERS[op.operationId];
    if (!handler)
      throw new Error(
        `src/sandbox/routes.ts: no handler for operation ${op.operationId}; add one to handlers.ts`,
      );
    let path = byPath.get(op.path);
    if (!path) {
      path = { pattern: op.pathPattern, template: op.path, byMethod: new Map(), allow: '' };
      byPath.set(op.path, path);
    }
    path.byMethod.set(op.method, {
      op,
      handler,
      acceptsApiKey: op.security.some((alternative) => alternative.includes('apiKeyAuth')),
      hasBody: op.requestBody !== undefined,
      statuses: [...op.responses.keys()].join(', '),
    });
    path.allow = [...path.byMethod.keys()].join(', ');
  }
  return [...byPath.values()];
}
