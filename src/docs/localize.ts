// The docs page as the local sandbox serves it at /docs (src/sandbox/static.ts calls this): the
// code samples use the sandbox's own URL and the "Try it" panels target it with the demo
// credentials prefilled. Node built-ins only (no bundler), so the sandbox can load it anywhere.
import { inlineScriptHashes } from './offline.js';
import { CONFIG_ID, LOCAL_META } from './page/names.js';
import type { SiteConfig } from './site.js';

/** What the local sandbox tells the page about itself. */
export interface LocalSandboxInfo {
  /** The origin the page is served from, e.g. `http://127.0.0.1:4020`. */
  origin: string;
  /** The demo credentials to prefill. */
  apiKey: string;
  apiSecret: string;
}

function readConfig(html: string): SiteConfig | undefined {
  const match = new RegExp(`<script type="application/json" id="${CONFIG_ID}">([\\s\\S]*?)</script>`).exec(
    html,
  );
  if (!match) return undefined;
  try {
    return JSON.parse(match[1] ?? '') as SiteConfig;
  } catch {
    return undefined;
  }
}

/**
 * The page as the local sandbox serves it at /docs: every code sample's hosted-sandbox URL becomes
 * `origin`, a meta tag marks the page as local (the page script then targets this origin and
 * prefills the demo credentials), and the CSP's script hashes are recomputed for the changed scripts.
 * A page without the page script's config is returned unchanged.
 */
export function localizePage(html: string, local: LocalSandboxInfo): string {
  const config = readConfig(html);
  if (!config?.hostedSandboxUrl) return html;
  const hosted = config.hostedSandboxUrl.replace(/\/+$/, '');
  const origin = new URL(local.origin).origin;
  // Only the x-codeSamples sources of Redoc's embedded definition: `"source":"<JSON string>"`.
  let page = html.replace(/"source":"((?:[^"\\]|\\.)*)"/g, (whole, text: string) =>
    text.includes(hosted) ? `"source":"${text.replaceAll(hosted, origin)}"` : whole,
  );
  const meta = `<meta name="${LOCAL_META}" content="${escapeAttribute(
    JSON.stringify({ apiKey: local.apiKey, apiSecret: local.apiSecret }),
  )}">`;
  page = page.replace('</head>', () => `${meta}\n</head>`);
  return page.replace(/script-src [^;"]*/, () => `script-src ${inlineScriptHashes(page).join(' ')}`);
}

function escapeAttribute(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('"', '&quot;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
}
