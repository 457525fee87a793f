// Adds this project's parts to the page Redoc CE builds: the layout stylesheet, the page script
// ("Try it" panels, `#/operations/<id>` links) with its configuration, and the CSP's connect-src
// list. The local sandbox's variant of the page is made by ./localize.ts at serve time.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundlePageScript } from './page/bundle.js';
import { CONFIG_ID } from './page/names.js';
import type { SiteConfig } from './site.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const STYLESHEET = path.join(HERE, 'page', 'page.css');

/** The placeholder in src/docs/template.hbs that receives the servers the page may call. */
export const CONNECT_PLACEHOLDER = '__CONNECT_SOURCES__';

/** JSON that is safe inside a <script> element (no `</script`, no `<!--`). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replaceAll('<', '\\u003c');
}

/** The origins of the servers the page may send "Try it" requests to (CSP connect-src sources). */
export function connectSources(config: SiteConfig): string[] {
  return [...new Set(config.servers.map((server) => new URL(server.url).origin))];
}

/** Inserts the stylesheet, the config and the page script into `html` and fills the CSP's connect-src. */
export async function enhancePage(html: string, config: SiteConfig): Promise<string> {
  if (!html.includes('</head>'))
    throw new Error('The built page has no </head>: cannot add the page script.');
  const css = await readFile(STYLESHEET, 'utf8');
  const script = await bundlePageScript();
  const head = [
    `<style id="docs-page-style">\n${css}</style>`,
    `<script type="application/json" id="${CONFIG_ID}">${scriptJson(config)}</script>`,
    `<script id="docs-page-script">${script}</script>`,
  ].join('\n');
  const page = html.replace('</head>', () => `${head}\n</head>`);
  return page.replace(CONNECT_PLACEHOLDER, connectSources(config).join(' '));
}
