// The docs page as the local sandbox serves it, for the browser tests: /docs/... is answered by
// src/sandbox/static.ts's serveStatic (compression, ETag, the localized page) from a test build,
// and every other request is passed on to a sandbox started with startSandbox(). The browser sees
// one origin on 127.0.0.1, as at the sandbox's own /docs. Records each API response's request id.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox } from '../../src/sandbox/index.js';
import { serveStatic } from '../../src/sandbox/static.js';

/** A running page + sandbox pair. */
export interface LocalDocsServer {
  /** The origin, e.g. `http://127.0.0.1:43121` (the page is at `${url}/docs/`). */
  url: string;
  /** Every API response the sandbox gave: `METHOD path status X-Request-Id`. */
  apiResponses: { method: string; path: string; status: number; requestId: string }[];
  close(): Promise<void>;
}

function bodyOf(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Starts a sandbox and a 127.0.0.1 front that serves `docsDir` at /docs and forwards the rest. */
export async function startLocalDocs(docsDir: string): Promise<LocalDocsServer> {
  const sandbox = await startSandbox({ port: 0 });
  const apiResponses: LocalDocsServer['apiResponses'] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const method = req.method ?? 'GET';
    const fail = (error: unknown) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(String(error));
    };
    const isDocs = path === '/docs' || path.startsWith('/docs/');
    if (isDocs && (method === 'GET' || method === 'HEAD')) {
      serveStatic(path, docsDir, req.headers).then((found) => {
        if (!found) return fail('not found');
        res.writeHead(found.status, {
          ...found.headers,
          'Content-Length': String(Buffer.byteLength(found.body)),
        });
        res.end(method === 'HEAD' ? undefined : found.body);
      }, fail);
      return;
    }
    bodyOf(req)
      .then(async (body) => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(req.headers)) {
          if (value !== undefined && name !== 'host' && name !== 'connection')
            headers.set(name, String(value));
        }
        const answer = await fetch(`${sandbox.url}${req.url ?? '/'}`, {
          method,
          headers,
          body:
            method === 'GET' || method === 'HEAD' || body.byteLength === 0 ? undefined : new Uint8Array(body),
        });
        const bytes = Buffer.from(await answer.arrayBuffer());
        apiResponses.push({
          method,
          path,
          status: answer.status,
          requestId: answer.headers.get('x-request-id') ?? '',
        });
        const out: Record<string, string> = {};
        answer.headers.forEach((value, name) => {
          if (!['content-encoding', 'content-length', 'transfer-encoding', 'connection'].includes(name))
            out[name] = value;
        });
        res.writeHead(answer.status, { ...out, 'content-length': String(bytes.byteLength) });
        res.end(bytes);
      })
      .catch(fail);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
  } catch (error) {
    await sandbox.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    apiResponses,
    async close() {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await sandbox.close();
    },
  };
}
