// The routing table, built once per sandbox from src/spec's operations: per spec path its pattern, the
// handler of each documented method and the precomputed `Allow` list, so no request pays for building
// them. Also the base paths the spec's server URLs document (`/v0.9`), served exactly like the root.
import { type OperationSpec, operations, spec } from '../spec/index.js';
import { type HandlerContext, handlers } from './handlers.js';
import type { OperationId } from './types.js';

/** A handler as the pipeline calls it (handlers.ts types each one by its operation's responses). */
export type RouteHandler = (
  ctx: HandlerContext,
) =>
  | { status: number; body: unknown; headers?: Record<string, unknown> }
  | Promise<{ status: number; body: unknown; headers?: Record<string, unknown> }>;

/** One routed operation: its spec, its handler, and the facts every request needs, precomputed. */
export interface Route {
  op: OperationSpec;
  operationId: string;
  handler: RouteHandler;
  /** Some security alternative of the operation is `X-API-Key` (otherwise only bearer tokens count). */
  acceptsApiKey: boolean;
  /** The operation has a request body (the token exchange); the deletes take none. */
  hasBody: boolean;
  /** The documented statuses, comma-separated, for the `Prefer: code` 400 message. */
  statuses: string;
  /** Whether the operation documents this status. */
  documents(status: number): boolean;
}

/** One spec path: its pattern, its operations by method, and the `Allow` value of its 405. */
export interface PathRoute {
  pattern: RegExp;
  template: string;
  byMethod: Map<string, Route>;
  allow: string;
}

/** Builds the routing table, paths in spec order; throws (naming the fix) if an operation has no handler. */
export function buildRoutes(): PathRoute[] {
  const table = handlers as Record<string, RouteHandler | undefined>;
  const byPath = new Map<string, PathRoute>();
  for (const op of operations) {
    const handler = table[op.operationId as OperationId];
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
      operationId: op.operationId,
      handler,
      acceptsApiKey: op.security.some((alternative) => alternative.includes('apiKeyAuth')),
      hasBody: op.requestBody !== undefined,
      statuses: [...op.responses.keys()].join(', '),
      documents: (status) => op.responses.has(status),
    });
    path.allow = [...path.byMethod.keys()].join(', ');
  }
  return [...byPath.values()];
}

/**
 * The path prefixes of the spec's server URLs (e.g. `/v0.9` of `https://api.polygon.technology/v0.9`),
 * longest first. A request under one of them is served as if the prefix were absent.
 */
export function basePaths(): string[] {
  const servers = (spec.servers as { url?: unknown }[] | undefined) ?? [];
  const prefixes = new Set<string>();
  for (const server of servers) {
    if (typeof server.url !== 'string') continue;
    let path: string;
    try {
      path = new URL(server.url, 'http://localhost').pathname.replace(/\/+$/, '');
    } catch {
      continue;
    }
    if (path !== '') prefixes.add(path);
  }
  return [...prefixes].sort((a, b) => b.length - a.length);
}
