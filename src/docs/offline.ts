// Makes the page that `redocly build-docs --inlineBundle` writes self-contained: nothing in it may
// make the browser contact another host. Redoc CE 3 hotlinks its attribution logo from
// cdn.redoc.ly; that image is replaced by an inline SVG, and the page's Content-Security-Policy
// is completed with the hashes of its inline scripts, so the browser itself refuses anything else.
import { createHash } from 'node:crypto';

/** The placeholder in src/docs/template.hbs that receives the inline scripts' CSP sources. */
export const SCRIPT_HASHES_PLACEHOLDER = '__SCRIPT_HASHES__';

// The attribution images Redoc CE 3 loads from its CDN ("API docs by <logo>" in the sidebar).
// The link to redocly.com stays; only the image is drawn locally.
const HOTLINKED_IMAGES: ReadonlyMap<string, string> = new Map([
  ['https://cdn.redoc.ly/redoc/logo-mini-full.svg', wordmark('Redocly', 64)],
  ['https://cdn.redoc.ly/redoc/logo-mini.svg', wordmark('R', 16)],
]);

function wordmark(text: string, width: number): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="16" viewBox="0 0 ${width} 16"><text x="0" y="12" font-family="sans-serif" font-size="12" font-weight="700" fill="#0044d4">${text}</text></svg>`;
  // encodeURIComponent escapes `$`, `{` and backticks, so the URI is safe inside a JS template literal.
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/** One place in the page that would load something from another host. */
export interface ExternalResource {
  /** The URL the browser would request. */
  url: string;
  /** The HTML or CSS construct that requests it, e.g. `<script src>`. */
  via: string;
}

// Constructs that make a browser fetch while the page loads. Plain <a href> links are not
// requests, and URLs inside the spec's own text (servers, contact) are only links.
const RESOURCE_PATTERNS: readonly [string, RegExp][] = [
  ['<script src>', /<script\b[^>]*\bsrc\s*=\s*["']?([^"'\s>]+)/gi],
  ['<link href>', /<link\b[^>]*\bhref\s*=\s*["']?([^"'\s>]+)/gi],
  ['<img src>', /<img\b[^>]*\bsrc\s*=\s*["']?([^"'\s>]+)/gi],
  ['<iframe src>', /<iframe\b[^>]*\bsrc\s*=\s*["']?([^"'\s>]+)/gi],
  ['CSS @import', /@import\s+(?:url\()?\s*["']?([^"')\s;]+)/gi],
  ['CSS url()', /url\(\s*["']?((?:https?:)?\/\/[^"')\s]+)/gi],
  ['ES module import', /\bimport\s*(?:[^'"`;]*?\bfrom\s*)?["'`]((?:https?:)?\/\/[^"'`]+)["'`]/g],
  ['Redoc CDN asset', /["'`](https:\/\/cdn\.redoc(?:\.ly|ly\.com)\/redoc\/[^"'`]+)["'`]/g],
];

/** Lists every resource the page would load from another host (absolute or protocol-relative URL). */
export function findExternalResources(html: string): ExternalResource[] {
  const found: ExternalResource[] = [];
  for (const [via, pattern] of RESOURCE_PATTERNS) {
    for (const match of html.matchAll(pattern)) {
      const url = match[1] ?? '';
      if (/^(?:https?:)?\/\//i.test(url)) found.push({ url, via });
    }
  }
  return found;
}

/** The CSP source list for every inline `<script>` of the page (CSP Level 3, section 8.3 hashes). */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const match of html.matchAll(/<script\b(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi)) {
    hashes.add(
      `'sha256-${createHash('sha256')
        .update(match[1] ?? '', 'utf8')
        .digest('base64')}'`,
    );
  }
  return [...hashes];
}

/**
 * Turns build-docs output into a self-contained page: replaces hotlinked images with inline ones,
 * fills the CSP script hashes, then throws (naming each URL) if anything would still load from
 * another host.
 */
export function makeSelfContained(html: string): string {
  let page = html;
  for (const [url, inline] of HOTLINKED_IMAGES) page = page.replaceAll(url, inline);
  if (page.includes(SCRIPT_HASHES_PLACEHOLDER)) {
    const hashes = inlineScriptHashes(page);
    // 'strict-dynamic' is not used: Redoc starts workers from blob: URLs, allowed by worker-src.
    page = page.replace(SCRIPT_HASHES_PLACEHOLDER, hashes.length > 0 ? hashes.join(' ') : "'none'");
  }
  const external = findExternalResources(page);
  if (external.length > 0) {
    const list = external.map((r) => `  ${r.via} ${r.url}`).join('\n');
    throw new Error(
      `The docs page would load ${external.length} resource(s) from another host:\n${list}\n` +
        'Fix: build with --inlineBundle and a template without external links (src/docs/template.hbs), ' +
        'or add the URL to HOTLINKED_IMAGES in src/docs/offline.ts.',
    );
  }
  return page;
}
