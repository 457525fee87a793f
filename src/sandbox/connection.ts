// Connection-level limits of the node:http server: header size (431), slow senders (408), idle keep-alive
// sockets, and the raw answer to requests too malformed to reach routing.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { requestIdFor } from './request-id.js';

// Request line plus headers (RFC 9110, section 15.5.20 lets a server refuse larger ones with 431).
const MAX_HEADER_BYTES = 16_384;

/**
 * Creates the node:http server with the sandbox's transport limits: slow clients (slowloris) are cut off
 * after `requestTimeoutMs`, idle keep-alive sockets are reclaimed, and malformed requests get an Error body.
 */
export function createLimitedServer(requestTimeoutMs: number, onRequest: RequestListener): Server {
  // connectionsCheckingInterval: how often Node enforces the timeouts below (its default is 30 s).
  const checkEveryMs = Math.min(1000, requestTimeoutMs);
  const server = createServer(
    { maxHeaderSize: MAX_HEADER_BYTES, connectionsCheckingInterval: checkEveryMs },
    onRequest,
  );
  server.headersTimeout = Math.min(10_000, requestTimeoutMs);
  server.requestTimeout = requestTimeoutMs;
  // Idle keep-alive sockets are kept well past the pauses of a test run (a client waiting out a 429 for
  // up to 5 s): with Node's 5 s default, a loaded machine made clients reuse a socket the server was
  // closing at that moment ("fetch failed"). close() still ends idle sockets at once.
  server.keepAliveTimeout = 65_000;
  server.on('clientError', answerClientError);
  return server;
}

// node:http hands over the bare socket here, so the answer is written as raw HTTP/1.1 and then closed.
function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const [status, reason, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', `Request line and headers exceed ${MAX_HEADER_BYTES} bytes.`]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'The request was not received in time.']
        : [400, 'Bad Request', 'Malformed HTTP request.'];
  const requestId = requestIdFor(undefined);
  const body = JSON.stringify({ message, code: 'invalid_request', requestId });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
  );
}
