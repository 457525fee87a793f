// Reading request bodies within the body-size limit: the token exchange's JSON body, and the check that a
// delete sent none. Messages never quote the body, since it holds the API secret.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { messages } from './messages.js';

// The token body is two short strings; anything near this size is a mistake or an attack.
const MAX_BODY_BYTES = 8192;

/** Reads at most MAX_BODY_BYTES of JSON; calls back once with the value or the 400 message. */
export function readJsonBody(
  req: IncomingMessage,
  res: ServerResponse,
  done: (body: unknown, error: string | undefined) => void,
): void {
  const type = req.headers['content-type'] ?? '';
  const media = type.split(';', 1)[0]?.trim().toLowerCase();
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const finish = (body: unknown, error: string | undefined) => {
    if (finished) return;
    finished = true;
    done(body, error);
  };
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) {
    // Answer at once and close the connection instead of reading what we will not use.
    res.shouldKeepAlive = false;
    finish(undefined, messages.bodyTooLarge);
    return;
  }
  req.on('data', (chunk: Buffer) => {
    if (finished) return;
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      res.shouldKeepAlive = false;
      finish(undefined, messages.bodyTooLarge);
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (media !== 'application/json') return finish(undefined, messages.bodyNotJson);
    try {
      finish(JSON.parse(Buffer.concat(chunks).toString('utf8')), undefined);
    } catch {
      // Never echo the parser's message: it quotes the body, which holds the secret.
      finish(undefined, messages.bodyNotJson);
    }
  });
  req.on('error', () => {
    finished = true;
  });
}

/** Whether the request announces a body (RFC 9112, section 6.3: Content-Length or Transfer-Encoding). */
export function hasRequestBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}
