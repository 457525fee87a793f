// Builds the published API reference: the bundled spec -> <out>/index.html with Redocly CLI's
// build-docs (Redoc CE), made self-contained, plus the bundled openapi.json and openapi.yaml
// beside it for download. Used by `npm run docs` (scripts/docs.ts, a thin entry) and by the docs
// tests; the template, the docs-only Redocly config and the page script live beside this file.
// Redoc is fed a copy of the bundled spec (with the API changelog appended to info.description
// when CHANGELOG.md exists) and a config whose code-sample languages are read from x-codeSamples.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { changelogMarkdown } from './changelog.js';
import { enhancePage } from './enhance.js';
import { makeSelfContained } from './offline.js';
import { sampleLanguages, siteConfig } from './site.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
/** Page options for build-docs only (kept apart from the lint gate in the root redocly.yaml). */
const DOCS_CONFIG = path.join(HERE, 'redocly.yaml');
/** The Handlebars page around Redoc (charset, description, CSP placeholder). */
const TEMPLATE = path.join(HERE, 'template.hbs');

/** Where `buildDocs` reads from and writes to; relative paths are resolved from the repo root. */
export interface DocsOptions {
  /** The authoritative spec (default `openapi.yaml`). */
  spec?: string;
  /** The bundled JSON that `npm run generate` writes (default `generated/openapi.json`). */
  json?: string;
  /** The output folder (default `docs`). */
  out?: string;
  /** The API changelog (default `CHANGELOG.md`); shown as its own section when the file exists. */
  changelog?: string;
}

/** What one build produced. */
export interface DocsResult {
  /** Absolute path of the page. */
  indexHtml: string;
  /** Absolute paths of every file written, the page first. */
  files: string[];
  /** The page's size in bytes. */
  bytes: number;
  /** The page title (the spec's info.title). */
  title: string;
  /** The code-sample languages the page offers, from x-codeSamples. */
  languages: string[];
  /** Whether the changelog section was added. */
  changelog: boolean;
}

interface SpecInfo {
  title?: string;
  summary?: string;
  description?: string;
}

function run(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      // No telemetry and no update check: the build must not contact any host either.
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** The text for `<meta name="description">`: info.summary, else the first paragraph of info.description. */
function describe(info: SpecInfo): string {
  const text = info.summary ?? info.description?.split(/\n\s*\n/)[0] ?? '';
  return text.replace(/\s+/g, ' ').trim();
}

/** Builds the docs folder; throws with the failing step and its fix when anything goes wrong. */
export async function buildDocs(options: DocsOptions = {}): Promise<DocsResult> {
  const spec = path.resolve(ROOT, options.spec ?? 'openapi.yaml');
  const json = path.resolve(ROOT, options.json ?? 'generated/openapi.json');
  const out = path.resolve(ROOT, options.out ?? 'docs');
  const redocly = path.join(ROOT, 'node_modules/.bin/redocly');
  if (!existsSync(spec)) throw new Error(`${spec}: no such file. Pass --spec PATH.`);
  if (!existsSync(json)) throw new Error(`${json}: no such file. Run npm run generate first.`);
  if (!existsSync(redocly)) throw new Error(`${redocly}: not found. Run npm ci.`);

  const changelogFile = path.resolve(ROOT, options.changelog ?? 'CHANGELOG.md');
  const document = JSON.parse(await readFile(json, 'utf8')) as Record<string, unknown>;
  const info = (document.info ?? {}) as SpecInfo;
  const languages = sampleLanguages(document);
  const changelog = existsSync(changelogFile) ? changelogMarkdown(await readFile(changelogFile, 'utf8')) : '';
  await mkdir(out, { recursive: true });
  const draft = path.join(out, `.index.html.${process.pid}.tmp`);
  const work = await mkdtemp(path.join(os.tmpdir(), 'docs-input-'));
  try {
    // What Redoc reads: the bundled spec, plus the changelog as the last part of info.description.
    const fed = changelog
      ? { ...document, info: { ...info, description: `${info.description ?? ''}\n\n${changelog}` } }
      : document;
    const input = path.join(work, 'openapi.json');
    await writeFile(input, JSON.stringify(fed));
    // Redoc CE 3 shows only the samples whose label is in codeSamples.languages (its default list
    // has no TypeScript): list every language the spec's samples use, in their order.
    const config = parse(await readFile(DOCS_CONFIG, 'utf8')) as Record<string, unknown>;
    config.openapi = { ...(config.openapi as object), codeSamples: { languages } };
    const configFile = path.join(work, 'redocly.yaml');
    await writeFile(configFile, stringify(config));
    const { code, output } = await run(redocly, [
      'build-docs',
      input,
      '--output',
      draft,
      '--config',
      configFile,
      '--template',
      TEMPLATE,
      `--templateOptions.description=${describe(info)}`,
      // Embed Redoc's scripts instead of loading them from cdn.redocly.com (Redocly CLI 2.x).
      '--inlineBundle',
    ]);
    if (code !== 0 || !existsSync(draft)) {
      throw new Error(`redocly build-docs failed (exit ${code}) for ${spec}:\n${output.trim()}`);
    }
    const built = await readFile(draft, 'utf8');
    const page = makeSelfContained(await enhancePage(built, siteConfig(document)));
    await writeFile(draft, page);
    await rename(draft, path.join(out, 'index.html'));
  } finally {
    await rm(draft, { force: true });
    await rm(work, { recursive: true, force: true });
  }
  // The downloads are the bundled JSON (what the generated client was built from) and the source YAML.
  await copyFile(json, path.join(out, 'openapi.json'));
  await copyFile(spec, path.join(out, 'openapi.yaml'));
  const indexHtml = path.join(out, 'index.html');
  const bytes = (await readFile(indexHtml)).byteLength;
  return {
    indexHtml,
    files: [indexHtml, path.join(out, 'openapi.json'), path.join(out, 'openapi.yaml')],
    bytes,
    title: info.title ?? '',
    languages: languages.map((l) => l.label),
    changelog: changelog !== '',
  };
}
