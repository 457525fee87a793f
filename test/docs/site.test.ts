// src/docs/site.ts and src/docs/changelog.ts: what the page is told about the spec is read from it
// (every sample language, the Try it servers and inputs, Redoc's routes), and the changelog's
// `## <version>` sections become one page section.
import { describe, expect, test } from 'vitest';
import { CHANGELOG_HEADING, changelogMarkdown, parseChangelog } from '../../src/docs/changelog.js';
import { sampleLanguages, siteConfig, tryServers } from '../../src/docs/site.js';
import { spec } from '../../src/spec/index.js';

type Json = Record<string, any>;

/** A copy of the spec whose operations also carry `extra` samples. */
function withSamples(extra: Json[]): Json {
  const copy = structuredClone(spec) as Json;
  for (const item of Object.values(copy.paths as Json)) {
    for (const operation of Object.values(item as Json)) {
      (operation as Json)['x-codeSamples'] = [...((operation as Json)['x-codeSamples'] ?? []), ...extra];
    }
  }
  return copy;
}

describe('sampleLanguages', () => {
  test("lists the spec's languages in order: curl, TypeScript, Python, Go", () => {
    expect(sampleLanguages(spec).map((l) => l.label)).toEqual(['curl', 'TypeScript', 'Python', 'Go']);
  });

  test('every language added to x-codeSamples becomes a tab, once, in order of appearance', () => {
    const languages = sampleLanguages(
      withSamples([
        { lang: 'Python', label: 'Python', source: 'print(1)' },
        { lang: 'Go', label: 'Go', source: 'package main' },
      ]),
    );
    expect(languages).toEqual([
      { lang: 'curl', label: 'curl' },
      { lang: 'TypeScript', label: 'TypeScript' },
      { lang: 'Python', label: 'Python' },
      { lang: 'Go', label: 'Go' },
    ]);
  });

  test('a sample without a label is keyed by its lang', () => {
    expect(sampleLanguages(withSamples([{ lang: 'Ruby', source: 'puts 1' }])).map((l) => l.label)).toContain(
      'Ruby',
    );
  });
});

describe('siteConfig', () => {
  const config = siteConfig(spec as Json);

  test('Try it offers the local sandbox, the Prism mock and the hosted sandbox of the spec, never production', () => {
    const servers = spec.servers as Json[];
    expect(tryServers(spec as Json).map((s) => s.id)).toEqual(['local', 'mock', 'hosted']);
    for (const server of config.servers) expect(servers.map((s) => s.url)).toContain(server.url);
    expect(config.servers.map((s) => s.url)).not.toContain('https://api.polygon.technology/v0.9');
    expect(config.hostedSandboxUrl).toBe('https://sandbox-api.polygon.technology/v0.9');
  });

  test('each operation has its path parameters and body fields, prefilled with the spec examples', () => {
    const byId = Object.fromEntries(config.operations.map((op) => [op.operationId, op]));
    expect(byId.deleteBusinessCustomer?.fields).toEqual([
      { name: 'customerId', in: 'path', example: 'cus_abc123xyz789', secret: false },
    ]);
    expect(byId.deleteBusinessCustomer?.security).toEqual([['bearerAuth'], ['apiKeyAuth']]);
    expect(byId.createAccessToken?.fields.map((f) => [f.name, f.in, f.secret])).toEqual([
      ['apiKey', 'body', false],
      ['apiSecret', 'body', true],
    ]);
    expect(byId.createAccessToken?.security).toEqual([]);
  });

  test('routes follow Redoc CE 3: /<tag slug>/<operationId in lower case>', () => {
    expect(config.routes).toEqual({
      createAccessToken: '/authentication/createaccesstoken',
      deleteCustomer: '/customers/deletecustomer',
      deleteBusinessCustomer: '/business-customers/deletebusinesscustomer',
    });
  });
});

describe('changelog', () => {
  const file = [
    '# Changelog',
    '',
    'Intro text that is not a version.',
    '',
    '## [0.10.0](https://example.invalid/compare) - 2026-12-01',
    '',
    '### Added',
    '- `GET /customers`',
    '',
    '## 0.9.0',
    '',
  ].join('\n');

  test('parses one entry per `## <version>` heading, keeping deeper headings inside it', () => {
    expect(parseChangelog(file)).toEqual([
      { version: '0.10.0 - 2026-12-01', body: '### Added\n- `GET /customers`' },
      { version: '0.9.0', body: '' },
    ]);
  });

  test('renders its own top-level section with one sub-section per version', () => {
    const markdown = changelogMarkdown(file);
    expect(markdown.startsWith(`# ${CHANGELOG_HEADING}\n`)).toBe(true);
    expect(markdown.match(/^## /gm)).toHaveLength(2);
    expect(markdown).toContain('## 0.9.0\n\nNo changes listed.');
    expect(markdown).not.toContain('Intro text');
  });

  test('a file without versions adds nothing', () => {
    expect(changelogMarkdown('# Changelog\n\nNothing yet.\n')).toBe('');
  });
});
