// The non-API routes: the spec as JSON and YAML, and the built Redoc docs under /docs.
// Every file is served with a strong ETag and `Cache-Control: no-cache` (revalidate: the docs are
// rebuilt in place under the same names), answers `If-None-Match` with 304, and is compressed with
// brotli or gzip when the request's Accept-Encoding allows it (node:zlib; each encoding made once
// per file version and kept). The docs page itself is served as the local variant made by
// src/docs/localize.ts: its samples use this server's URL and its "Try it" panels target it.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { localizePage } from '../docs/localize.js';

/** A static response: status, headers and bytes. */
export interface StaticResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

/** The request headers static responses depend on (a WHATWG `Headers` or node's header record). */
/** The request's headers: a WHATWG `Headers` (or anything with its `get`), or node's header record. */
export type StaticRequestHeaders = Pick<Headers, 'get'> | IncomingHttpHeaders;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.yaml': 'application/yaml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};
/** Types worth compressing (text); images such as PNG are already compressed. */
const COMPRESSIBLE = /^(?:text\/|application\/(?:json|yaml)|image\/svg\+xml)/;
/** Smaller bodies are sent as they are: the encoding would cost more than it saves. */
const MIN_COMPRESS_BYTES = 1024;
/**
 * At most this many file versions and page variants (one per Host asked for) are kept, each with
 * its encodings (about 4 MB for the page): the oldest is dropped first.
 */
const MAX_CACHED = 8;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The default folder of the built docs (`npm run docs` writes it). */
export const DEFAULT_DOCS_DIR = resolve(ROOT, 'docs');

type Encoding = 'br' | 'gzip' | 'identity';

/** One version of one file (or of the localized page for one host), with its encodings. */
interface Entry {
  type: string;
  etag: string;
  identity: Buffer;
  encoded: Map<Exclude<Encoding, 'identity'>, Promise<Buffer>>;
}

const cache = new Map<string, Entry>();
const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

function remember(key: string, entry: Entry): Entry {
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(key, entry);
  return entry;
}

function entryFor(type: string, bytes: Buffer): Entry {
  const hash = createHash('sha256').update(bytes).digest('base64url').slice(0, 27);
  return { type, etag: hash, identity: bytes, encoded: new Map() };
}

function header(headers: StaticRequestHeaders | undefined, name: string): string {
  if (!headers) return '';
  if (typeof (headers as Pick<Headers, 'get'>).get === 'function')
    return (headers as Pick<Headers, 'get'>).get(name) ?? '';
  const value = (headers as IncomingHttpHeaders)[name];
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

/** The best encoding the client accepts (RFC 9110, section 12.5.3): br, then gzip, else identity. */
export function negotiateEncoding(acceptEncoding: string): Encoding {
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    weights.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const weight = (name: string) => weights.get(name) ?? weights.get('*') ?? 0;
  if (weight('br') > 0) return 'br';
  if (weight('gzip') > 0) return 'gzip';
  return 'identity';
}

function encode(entry: Entry, encoding: Exclude<Encoding, 'identity'>): Promise<Buffer> {
  let pending = entry.encoded.get(encoding);
  if (!pending) {
    pending =
      encoding === 'br'
        ? brotli(entry.identity, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: 9,
              [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
              [constants.BROTLI_PARAM_SIZE_HINT]: entry.identity.byteLength,
            },
          })
        : gzipAsync(entry.identity, { level: 9 });
    entry.encoded.set(encoding, pending);
    // A failed encoding is not kept: the next request tries again.
    pending.catch(() => entry.encoded.delete(encoding));
  }
  return pending;
}

/** The response for `entry`: 304 when the client has it, else the best encoding it accepts. */
async function respond(entry: Entry, request: StaticRequestHeaders | undefined): Promise<StaticResponse> {
  const compressible = COMPRESSIBLE.test(entry.type) && entry.identity.byteLength >= MIN_COMPRESS_BYTES;
  const encoding = compressible ? negotiateEncoding(header(request, 'accept-encoding')) : 'identity';
  // A strong validator per representation: each encoding has its own bytes, hence its own ETag.
  const etag = `"${entry.etag}${encoding === 'identity' ? '' : `-${encoding}`}"`;
  const headers: Record<string, string> = {
    'Content-Type': entry.type,
    ETag: etag,
    'Cache-Control': 'no-cache',
  };
  if (compressible) headers.Vary = 'Accept-Encoding';
  const match = header(request, 'if-none-match');
  if (
    match &&
    (match.trim() === '*' || match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag))
  ) {
    return { status: 304, headers, body: '' };
  }
  if (encoding === 'identity') return { status: 200, headers, body: entry.identity };
  const body = await encode(entry, encoding);
  return { status: 200, headers: { ...headers, 'Content-Encoding': encoding }, body };
}

async function fileEntry(file: string, type: string): Promise<Entry> {
  const info = await stat(file);
  const key = `${file}\0${info.size}\0${info.mtimeMs}`;
  return cache.get(key) ?? remember(key, entryFor(type, await readFile(file)));
}

/** The origin this server is reached at, from the Host header (only a plain host[:port] is trusted). */
function originOf(request: StaticRequestHeaders | undefined): string | undefined {
  const host = header(request, 'host');
  return /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/.test(host) ? `http://${host}` : undefined;
}

/** The docs page as this sandbox serves it: samples and "Try it" aimed at this server, demo key prefilled. */
async function pageEntry(file: string, request: StaticRequestHeaders | undefined): Promise<Entry> {
  const page = await fileEntry(file, TYPES['.html'] as string);
  const origin = originOf(request);
  if (!origin) return page;
  const key = `${page.etag}\0${origin}`;
  const cached = cache.get(key);
  if (cached) return cached;
  // Loaded when first needed: the sandbox's public entry imports this module's server.
  const { demoCredentials } = await import('./index.js');
  const demo = demoCredentials.find((credential) => credential.canDelete) ?? demoCredentials[0];
  const html = localizePage(page.identity.toString('utf8'), {
    origin,
    apiKey: demo?.apiKey ?? '',
    apiSecret: demo?.apiSecret ?? '',
  });
  return remember(key, entryFor(page.type, Buffer.from(html, 'utf8')));
}

/**
 * Serves `/openapi.json`, `/openapi.yaml` and `/docs/...`; undefined for any other path. Pass the
 * request's headers to get compression, 304s and the page localized to the Host it was asked on;
 * without them every file is sent as it is.
 */
export async function serveStatic(
  path: string,
  docsDir: string,
  request?: StaticRequestHeaders,
): Promise<StaticResponse | undefined> {
  if (path === '/openapi.json') {
    // The same generated/openapi.json that src/spec loads, byte for byte.
    return respond(await fileEntry(resolve(ROOT, 'generated', 'openapi.json'), 'application/json'), request);
  }
  if (path === '/openapi.yaml') {
    // The authored document itself, byte for byte (never re-serialized).
    return respond(await fileEntry(resolve(ROOT, 'openapi.yaml'), 'application/yaml'), request);
  }
  if (path === '/docs') return { status: 301, headers: { Location: '/docs/' }, body: '' };
  if (!path.startsWith('/docs/')) return undefined;
  let relative: string;
  try {
    relative = decodeURIComponent(path.slice('/docs/'.length)) || 'index.html';
  } catch {
    return notBuilt(404, 'That docs path is not valid.');
  }
  const root = resolve(docsDir);
  const file = resolve(root, relative);
  // Never serve outside the docs folder (path traversal).
  if (file !== root && !file.startsWith(root + sep)) return notBuilt(404, 'No such docs page.');
  try {
    const info = await stat(file);
    const target = info.isDirectory() ? resolve(file, 'index.html') : file;
    const entry =
      target === resolve(root, 'index.html')
        ? await pageEntry(target, request)
        : await fileEntry(target, TYPES[extname(target)] ?? 'application/octet-stream');
    return respond(entry, request);
  } catch {
    const built = await stat(resolve(root, 'index.html')).then(
      () => true,
      () => false,
    );
    return built
      ? notBuilt(404, 'No such docs page.')
      : notBuilt(404, 'The docs are not built yet. Run `npm run docs` (or `npm start`), then reload /docs/.');
  }
}

function notBuilt(status: number, text: string): StaticResponse {
  const html = `<!doctype html><meta charset="utf-8"><title>Docs</title><p>${text}</p><p>The spec is at <a href="/openapi.yaml">/openapi.yaml</a> and <a href="/openapi.json">/openapi.json</a>.</p>\n`;
  return { status, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: html };
}
