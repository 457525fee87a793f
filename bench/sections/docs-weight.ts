// Docs weight: the docs page's raw size beside what a first visit transfers from the sandbox's
// /docs. Builds the page into a temporary folder, serves it over real HTTP on 127.0.0.1 through
// the sandbox's own static handler (src/sandbox/static.ts), and requests it the way Chromium does on
// a first visit (no cache, `Accept-Encoding: gzip, deflate, br, zstd`), counting the body bytes on
// the wire. The page is self-contained (scripts, styles and images inline; the favicon is a data:
// URL), so the page itself is everything a first visit loads. Deterministic: one request is the
// measurement. Self-contained: no import from the rest of bench/.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { buildDocs } from '../../src/docs/build.js';
import { serveStatic } from '../../src/sandbox/static.js';

/** What the bench row reports. */
export interface DocsWeight {
  /** The built page (docs/index.html) in bytes. */
  rawBytes: number;
  /** Body bytes a first visit to /docs/ receives (compressed as negotiated). */
  transferredBytes: number;
  /** The Content-Encoding the server chose (`br`, `gzip` or `identity`). */
  encoding: string;
}

/** The Accept-Encoding Chromium sends over plain HTTP. */
const BROWSER_ACCEPT_ENCODING = 'gzip, deflate, br, zstd';

function firstVisit(url: string): Promise<{ status: number; bytes: number; encoding: string }> {
  return new Promise((resolve, reject) => {
    const request = get(url, { headers: { 'accept-encoding': BROWSER_ACCEPT_ENCODING } }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.byteLength;
      });
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          bytes,
          encoding: String(response.headers['content-encoding'] ?? 'identity'),
        }),
      );
      response.on('error', reject);
    });
    request.setTimeout(120_000, () => request.destroy(new Error(`no answer from ${url} within 120 s`)));
    request.on('error', reject);
  });
}

/** Measures the docs page: raw size, and the bytes a first visit transfers from the sandbox's /docs. */
export async function docsWeight(): Promise<DocsWeight> {
  const out = await mkdtemp(path.join(os.tmpdir(), 'bench-docs-'));
  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    serveStatic(pathname, out, req.headers).then(
      (found) => {
        if (!found) {
          res.writeHead(404).end();
          return;
        }
        res.writeHead(found.status, {
          ...found.headers,
          'Content-Length': String(Buffer.byteLength(found.body)),
        });
        res.end(found.body);
      },
      (error: unknown) => {
        res.writeHead(500).end(String(error));
      },
    );
  });
  try {
    const built = await buildDocs({ out });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const { port } = server.address() as AddressInfo;
    const visit = await firstVisit(`http://127.0.0.1:${port}/docs/`);
    if (visit.status !== 200) throw new Error(`bench: GET /docs/ answered ${visit.status}`);
    return { rawBytes: built.bytes, transferredBytes: visit.bytes, encoding: visit.encoding };
  } finally {
    await new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
    await rm(out, { recursive: true, force: true });
  }
}
