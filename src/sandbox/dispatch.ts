// Per-request routing: matches path and method against the routing table, answers CORS preflights, 405
// with `Allow` for undocumented methods, serves the spec and docs for other GETs, and 404 for unknown paths.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { anonymousBucket } from './auth.js';
import { serveOperation } from './operation.js';
import { crash, sendError, write } from './respond.js';
import type { PathRoute } from './routes.js';
import type { ServerState } from './state.js';
import { serveStatic } from './static.js';

// The request headers a browser may send cross-origin, as the client and the spec's parameters use them.
const ALLOWED_REQUEST_HEADERS = 'Authorization, Content-Type, X-API-Key, X-Request-Id, X-Client, Prefer';

/** Routes one request to its operation, a preflight, a 405, the static files, or a 404. May throw. */
export function dispatch(
  state: ServerState,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
): void {
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  const path = query < 0 ? url : url.slice(0, query);
  const method = req.method ?? 'GET';
  const cors = req.headers.origin !== undefined;
  for (const candidate of state.routes) {
    const match = candidate.pattern.exec(path);
    if (!match) continue;
    const route = candidate.byMethod.get(method);
    if (route) {
      serveOperation(state, req, res, route, match.groups?.customerId ?? '', requestId, cors);
      return;
    }
    if (method === 'OPTIONS' && cors && req.headers['access-control-request-method'] !== undefined) {
      preflight(state, res, candidate.allow, requestId);
      return;
    }
    // RFC 9110, section 15.5.6: 405 names the supported methods in Allow.
    const rate = state.limiter.take(anonymousBucket(req.socket.remoteAddress), state.now());
    sendError(
      state,
      res,
      requestId,
      cors,
      405,
      'method_not_allowed',
      methodMessage(method, candidate),
      rate,
      {
        Allow: candidate.allow,
      },
    );
    return;
  }
  if (method === 'GET' || method === 'HEAD') {
    serveStatic(path, state.docsDir, req.headers).then(
      (found) => {
        if (found) {
          const headers: Record<string, string> = { ...found.headers, 'X-Request-Id': requestId };
          if (cors) headers['Access-Control-Allow-Origin'] = '*';
          // For HEAD, node:http sends the headers (Content-Length of the GET) and drops the body.
          write(state, res, found.status, headers, found.body);
        } else notFoundPath(state, req, res, requestId, cors, method, path);
      },
      (error: unknown) => crash(state, res, requestId, error),
    );
    return;
  }
  notFoundPath(state, req, res, requestId, cors, method, path);
}

function notFoundPath(
  state: ServerState,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
  cors: boolean,
  method: string,
  path: string,
): void {
  const rate = state.limiter.take(anonymousBucket(req.socket.remoteAddress), state.now());
  // The path is the client's text: cut it short and keep it printable before it goes into a message.
  const shown = path.length > 100 ? `${path.slice(0, 100)}...` : path;
  const message = `Not found: no operation at ${method} ${shown.replace(/[^\x20-\x7E]/g, '?')}. The operations are listed at /openapi.json.`;
  sendError(state, res, requestId, cors, 404, 'invalid_request', message, rate);
}

function preflight(state: ServerState, res: ServerResponse, allow: string, requestId: string): void {
  // Fetch standard, CORS protocol: a preflight answer names what the actual request may use.
  write(
    state,
    res,
    204,
    {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': allow,
      'Access-Control-Allow-Headers': ALLOWED_REQUEST_HEADERS,
      'Access-Control-Max-Age': '600',
      'X-Request-Id': requestId,
    },
    '',
  );
}

function methodMessage(method: string, route: PathRoute): string {
  // An arbitrary method token is client text; only a plain upper-case one is quoted back.
  const shown = /^[A-Z]{1,20}$/.test(method) ? method : 'This method';
  return `Method ${shown} is not allowed on ${route.template}. Allowed: ${route.allow}.`;
}
