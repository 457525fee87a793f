// src/docs: the build is self-contained (nothing loads from another host, CSP pins the inline
// scripts) and ships the spec beside the page; the offline checks catch each way a page can call out.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildDocs, type DocsResult } from '../../src/docs/build.js';
import { CHANGELOG_HEADING } from '../../src/docs/changelog.js';
import { findExternalResources, inlineScriptHashes, makeSelfContained } from '../../src/docs/offline.js';
import { sampleLanguages } from '../../src/docs/site.js';
import { spec } from '../../src/spec/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('findExternalResources', () => {
  test.each([
    ['a CDN script', '<script src="https://cdn.example.com/redoc.js"></script>', '<script src>'],
    [
      'a module preload',
      '<link rel="modulepreload" href="https://cdn.redocly.com/redoc/v3/x.js">',
      '<link href>',
    ],
    [
      'a web font stylesheet',
      "<link href='//fonts.googleapis.com/css?family=Roboto' rel=stylesheet>",
      '<link href>',
    ],
    ['a remote image', '<img src="https://cdn.redoc.ly/redoc/logo-mini.svg">', '<img src>'],
    ['a CSS import', '<style>@import url("https://fonts.googleapis.com/css2");</style>', 'CSS @import'],
    ['a CSS background', '<style>a{background:url(https://x.example/a.png)}</style>', 'CSS url()'],
    [
      'a module import',
      '<script type="module">import { hydrate } from "https://cdn.redocly.com/r.js";</script>',
      'ES module import',
    ],
    [
      'a hotlinked Redoc asset in a script',
      '<script>const s=`https://cdn.redoc.ly/redoc/logo.svg`</script>',
      'Redoc CDN asset',
    ],
  ])('finds %s', (_name, html, via) => {
    expect(findExternalResources(html).map((r) => r.via)).toContain(via);
  });

  test.each([
    ['a link to another site', '<a href="https://api.polygon.technology/v0.9">API</a>'],
    ['local files', '<img src="logo.svg"><link rel="icon" href="data:,"><script src="./app.js"></script>'],
    ['an inline image', '<img src="data:image/svg+xml,%3Csvg%3E">'],
  ])('ignores %s', (_name, html) => {
    expect(findExternalResources(html)).toEqual([]);
  });
});

describe('makeSelfContained', () => {
  test('replaces the hotlinked Redoc logo with an inline image', () => {
    const page = makeSelfContained('<script>x(`https://cdn.redoc.ly/redoc/logo-mini-full.svg`)</script>');
    expect(page).not.toContain('cdn.redoc.ly');
    expect(page).toContain('data:image/svg+xml,');
  });

  test('refuses a page that still loads something from another host, naming the URL and the fix', () => {
    expect(() => makeSelfContained('<script src="https://cdn.example.com/a.js"></script>')).toThrow(
      /https:\/\/cdn\.example\.com\/a\.js[\s\S]*Fix:/,
    );
  });
});

describe('npm run docs output', () => {
  let out: string;
  let result: DocsResult;
  let html: string;

  beforeAll(async () => {
    out = await mkdtemp(path.join(os.tmpdir(), 'docs-out-'));
    result = await buildDocs({ out, changelog: path.join(out, 'no-such-CHANGELOG.md') });
    html = await readFile(result.indexHtml, 'utf8');
  }, 30_000);

  afterAll(async () => {
    if (out) await rm(out, { recursive: true, force: true });
  });

  test('the page loads nothing from another host and embeds Redoc instead of linking its CDN', () => {
    expect(findExternalResources(html)).toEqual([]);
    expect(html).not.toMatch(/cdn\.redoc(ly\.com|\.ly)\/redoc\/|fonts\.googleapis/);
    expect(html).toContain('hydrate(');
  });

  test('the Content-Security-Policy allows exactly the inline scripts of the page and no other host', () => {
    const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1] ?? '';
    expect(csp).toContain("default-src 'none'");
    const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
    const hashes = inlineScriptHashes(html);
    expect(hashes.length).toBeGreaterThan(0);
    expect(scriptSrc.trim().split(/\s+/).slice(1).sort()).toEqual([...hashes].sort());
    // Only connect-src names hosts: the servers the "Try it" panels may call, read from the spec.
    const directives = csp.split(';').map((d) => d.trim());
    const connect = directives.find((d) => d.startsWith('connect-src')) ?? '';
    const servers = (spec.servers as { url: string }[]).map((s) => new URL(s.url).origin);
    const connectHosts = connect.split(/\s+/).slice(2);
    expect(connect.split(/\s+/)[1]).toBe("'self'");
    expect(connectHosts.length).toBeGreaterThan(0);
    for (const host of connectHosts) expect(servers).toContain(host);
    // Production is never a Try it target.
    expect(connectHosts).not.toContain('https://api.polygon.technology');
    for (const directive of directives.filter((d) => !d.startsWith('connect-src'))) {
      expect(directive).not.toMatch(/https?:|\*/);
    }
  });

  test('the title and description come from the spec, and telemetry is off', () => {
    const info = spec.info as { title: string; summary: string };
    expect(html).toContain(`<title>${info.title}</title>`);
    expect(html).toContain(`<meta name="description" content="${info.summary}">`);
    expect(html).toContain('"disableTelemetry":true');
  });

  test('the local mock and sandbox servers (x-internal) are not in the published reference', () => {
    // Redoc's embedded definition (what the reference renders) lists only the public servers; the
    // local ones appear only as "Try it" targets a reader may pick.
    const definition = /const __redoc_definition = (\{.*\});\n/.exec(html)?.[1] ?? '';
    const servers = (JSON.parse(definition) as { servers: { url: string }[] }).servers.map((s) => s.url);
    expect(servers).toEqual(
      (spec.servers as { url: string; 'x-internal'?: boolean }[])
        .filter((s) => !s['x-internal'])
        .map((s) => s.url),
    );
    expect(definition).not.toContain('127.0.0.1:4010');
    expect(definition).not.toContain('127.0.0.1:4020');
    expect(html).toContain('https://sandbox-api.polygon.technology/v0.9');
  });

  test('Redoc is told every sample language of the spec, and there is no changelog section without CHANGELOG.md', () => {
    expect(result.languages).toEqual(sampleLanguages(spec).map((l) => l.label));
    expect(result.languages).toEqual(expect.arrayContaining(['curl', 'TypeScript']));
    expect(html).toContain(`"codeSamples":{"languages":${JSON.stringify(sampleLanguages(spec))}}`);
    // The build above points at a file that does not exist.
    expect(result.changelog).toBe(false);
    expect(html).not.toContain(CHANGELOG_HEADING);
  });

  test('openapi.json and openapi.yaml beside the page are the bundled JSON and the source YAML', async () => {
    expect(result.files.map((f) => path.basename(f))).toEqual(['index.html', 'openapi.json', 'openapi.yaml']);
    expect(await readFile(path.join(out, 'openapi.json'), 'utf8')).toBe(
      await readFile(path.join(ROOT, 'generated/openapi.json'), 'utf8'),
    );
    expect(await readFile(path.join(out, 'openapi.yaml'), 'utf8')).toBe(
      await readFile(path.join(ROOT, 'openapi.yaml'), 'utf8'),
    );
  });

  test('a missing bundled JSON stops the build with the command that fixes it', async () => {
    await expect(buildDocs({ out, json: path.join(out, 'nope.json') })).rejects.toThrow(/npm run generate/);
  });
});
