// The non-API routes: the spec as JSON and YAML, and the built Redoc docs under /docs.
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A static response: status, headers and bytes. */
export interface StaticResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

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

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let specJson: Buffer | undefined;
let specYaml: Buffer | undefined;

/** The default folder of the built docs (`npm run docs` writes it). */
export const DEFAULT_DOCS_DIR = resolve(ROOT, 'docs');

/** Serves `/openapi.json`, `/openapi.yaml` and `/docs/...`; undefined for any other path. */
export async function serveStatic(path: string, docsDir: string): Promise<StaticResponse | undefined> {
  if (path === '/openapi.json') {
    // The same generated/openapi.json that src/spec loads, byte for byte.
    specJson ??= await readFile(resolve(ROOT, 'generated', 'openapi.json'));
    return { status: 200, headers: { 'Content-Type': 'application/json' }, body: specJson };
  }
  if (path === '/openapi.yaml') {
    // The authored document itself, byte for byte (never re-serialized).
    specYaml ??= await readFile(resolve(ROOT, 'openapi.yaml'));
    return { status: 200, headers: { 'Content-Type': 'application/yaml' }, body: specYaml };
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
    const body = await readFile(target);
    return {
      status: 200,
      headers: { 'Content-Type': TYPES[extname(target)] ?? 'application/octet-stream' },
      body,
    };
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
