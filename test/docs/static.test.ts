// src/sandbox/static.ts: /docs and the spec are served compressed (brotli, gzip) when the client
// accepts it, with a strong ETag per representation, Cache-Control, and 304 on If-None-Match; the
// page at /docs is the local variant (samples and Try it aimed at the server it was asked on).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildDocs } from '../../src/docs/build.js';
import { localizePage } from '../../src/docs/localize.js';
import { inlineScriptHashes } from '../../src/docs/offline.js';
import { LOCAL_META } from '../../src/docs/page/names.js';
import { demoCredentials } from '../../src/sandbox/index.js';
import { negotiateEncoding, serveStatic } from '../../src/sandbox/static.js';

const HOSTED = 'https://sandbox-api.polygon.technology/v0.9';

describe('negotiateEncoding', () => {
  test.each([
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip;q=0.5', 'gzip'],
    ['identity', 'identity'],
    ['', 'identity'],
    ['*', 'br'],
    ['*;q=0', 'identity'],
  ])('%j -> %s', (header, expected) => {
    expect(negotiateEncoding(header)).toBe(expected);
  });
});

describe('serveStatic', () => {
  let out: string;

  beforeAll(async () => {
    out = await mkdtemp(path.join(os.tmpdir(), 'docs-static-'));
    await buildDocs({ out, changelog: path.join(out, 'none.md') });
    await writeFile(path.join(out, 'note.txt'), 'short');
  }, 60_000);

  afterAll(async () => {
    if (out) await rm(out, { recursive: true, force: true });
  });

  const host = { host: '127.0.0.1:4999' };

  test('the page is brotli for a browser, gzip for gzip-only clients, as is without Accept-Encoding', async () => {
    const identity = await serveStatic('/docs/', out, host);
    const br = await serveStatic('/docs/', out, { ...host, 'accept-encoding': 'gzip, deflate, br' });
    const gz = await serveStatic('/docs/', out, { ...host, 'accept-encoding': 'gzip' });
    expect(identity?.headers['Content-Encoding']).toBeUndefined();
    expect(br?.headers['Content-Encoding']).toBe('br');
    expect(gz?.headers['Content-Encoding']).toBe('gzip');
    if (!identity || !br || !gz) throw new Error('/docs/ was not served');
    const raw = identity.body as Buffer;
    expect(brotliDecompressSync(br.body as Buffer).equals(raw)).toBe(true);
    expect(gunzipSync(gz.body as Buffer).equals(raw)).toBe(true);
    expect((br.body as Buffer).byteLength).toBeLessThan(raw.byteLength / 3);
    for (const answer of [identity, br, gz]) {
      expect(answer?.status).toBe(200);
      expect(answer?.headers['Content-Type']).toBe('text/html; charset=utf-8');
      expect(answer?.headers['Cache-Control']).toBe('no-cache');
      expect(answer?.headers.Vary).toBe('Accept-Encoding');
    }
    // A strong ETag per representation.
    const tags = [identity, br, gz].map((a) => a?.headers.ETag);
    expect(new Set(tags).size).toBe(3);
    for (const tag of tags) expect(tag).toMatch(/^"[^"]+"$/);
  });

  test('If-None-Match with the current ETag answers 304 without a body; a stale one gets the page', async () => {
    const first = await serveStatic('/docs/index.html', out, { ...host, 'accept-encoding': 'br' });
    const etag = first?.headers.ETag ?? '';
    const again = await serveStatic('/docs/index.html', out, {
      ...host,
      'accept-encoding': 'br',
      'if-none-match': etag,
    });
    expect(again?.status).toBe(304);
    expect(again?.body).toBe('');
    expect(again?.headers.ETag).toBe(etag);
    const stale = await serveStatic('/docs/index.html', out, {
      ...host,
      'accept-encoding': 'br',
      'if-none-match': '"old"',
    });
    expect(stale?.status).toBe(200);
    // A WHATWG Headers object works the same as node's header record.
    const viaHeaders = await serveStatic(
      '/docs/',
      out,
      new Headers({ ...host, 'if-none-match': `W/${etag}`, 'accept-encoding': 'br' }),
    );
    expect(viaHeaders?.status).toBe(304);
  });

  test('the spec is compressed too; tiny files are sent as they are', async () => {
    const json = await serveStatic('/openapi.json', out, { 'accept-encoding': 'gzip' });
    expect(json?.headers['Content-Encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(json?.body as Buffer).toString('utf8')).openapi).toBe('3.1.0');
    const tiny = await serveStatic('/docs/note.txt', out, { 'accept-encoding': 'br' });
    expect(tiny?.headers['Content-Encoding']).toBeUndefined();
    expect(String(tiny?.body)).toBe('short');
  });

  test('called with only (path, docsDir), it serves the files as before', async () => {
    const page = await serveStatic('/docs/', out);
    expect(page?.status).toBe(200);
    expect(page?.headers['Content-Encoding']).toBeUndefined();
    expect(await serveStatic('/docs', out)).toMatchObject({ status: 301, headers: { Location: '/docs/' } });
    expect(await serveStatic('/customers', out)).toBeUndefined();
    expect((await serveStatic('/docs/../package.json', out))?.status).toBe(404);
  });

  test('the page at /docs targets the server it was asked on, with the demo credentials and a valid CSP', async () => {
    const page = String((await serveStatic('/docs/', out, host))?.body);
    const demo = demoCredentials.find((c) => c.canDelete);
    expect(page).toContain(`<meta name="${LOCAL_META}"`);
    expect(page).toContain(demo?.apiSecret);
    expect(page).toContain(
      '"source":"curl --request DELETE \\\\\\n  --url http://127.0.0.1:4999/customers/business/',
    );
    expect(page).not.toContain(`--url ${HOSTED}`);
    const csp = /script-src ([^;"]*)/.exec(page)?.[1]?.trim().split(/\s+/).sort();
    expect(csp).toEqual(inlineScriptHashes(page).sort());
    // A Host header that is not a plain host[:port] is not written into the page.
    const odd = String((await serveStatic('/docs/', out, { host: '"><script>x</script>' }))?.body);
    expect(odd).not.toContain(`<meta name="${LOCAL_META}"`);
  });
});

describe('localizePage', () => {
  test('leaves a page without the docs config unchanged', () => {
    const html =
      '<html><head></head><body>"source":"curl https://sandbox-api.polygon.technology/v0.9"</body></html>';
    expect(localizePage(html, { origin: 'http://127.0.0.1:1', apiKey: 'k', apiSecret: 's' })).toBe(html);
  });
});
