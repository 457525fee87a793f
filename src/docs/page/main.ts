// The docs page's own script (bundled by esbuild into one inline <script>, see src/docs/page/bundle.ts):
// - `#/operations/<operationId>` links land on Redoc's route for that operation;
// - a "Try it" panel per operation sends the request with this project's browser client
//   (src/client) to the server the reader picks, and shows status, headers, body and request id.
// Credentials live only in this page's memory: nothing is written to storage, cookies or the URL.
import { ApiError, createCustomersClient } from '../../client/index.js';
import type { SiteConfig, TryOperation, TryServer } from '../site.js';
import { CONFIG_ID, LOCAL_META } from './names.js';

/** Response headers the panel shows when present. */
const SHOWN_HEADERS = ['X-Request-Id', 'RateLimit', 'RateLimit-Policy', 'Retry-After', 'Content-Type'];

interface LocalSandbox {
  apiKey: string;
  apiSecret: string;
}

/** Shared by every panel while the page is open (never persisted). */
const credentials = { apiKey: '', apiSecret: '', token: '' };

function readConfig(): SiteConfig | undefined {
  const node = document.getElementById(CONFIG_ID);
  return node?.textContent ? (JSON.parse(node.textContent) as SiteConfig) : undefined;
}

function readLocal(): LocalSandbox | undefined {
  const content = document.querySelector(`meta[name="${LOCAL_META}"]`)?.getAttribute('content');
  if (!content) return undefined;
  try {
    return JSON.parse(content) as LocalSandbox;
  } catch {
    return undefined;
  }
}

/** Rewrites `#/operations/<operationId>` to Redoc's own route before Redoc reads the location. */
function redirectOperationLink(config: SiteConfig, loaded: boolean): void {
  const match = /^#\/operations\/([^/?#]+)$/.exec(location.hash);
  const route = match ? config.routes[decodeURIComponent(match[1] ?? '')] : undefined;
  if (!route) return;
  // Before Redoc starts, rewriting the URL is enough; later, Redoc follows a hash change.
  if (loaded) location.replace(`#${route}`);
  else history.replaceState(history.state, '', `#${route}`);
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function field(label: string, input: HTMLInputElement | HTMLSelectElement): HTMLLabelElement {
  return element('label', { class: 'tryit-field' }, element('span', {}, label), input);
}

function input(name: string, value: string, secret: boolean): HTMLInputElement {
  return element('input', {
    name,
    value,
    type: secret ? 'password' : 'text',
    autocomplete: 'off',
    spellcheck: 'false',
    'data-lpignore': 'true',
  });
}

type AuthMode = 'keySecret' | 'token' | 'apiKey' | 'none';

function authModes(op: TryOperation): AuthMode[] {
  if (op.security.length === 0) return ['none'];
  const schemes = new Set(op.security.flat());
  const modes: AuthMode[] = [];
  if (schemes.has('bearerAuth')) modes.push('keySecret', 'token');
  if (schemes.has('apiKeyAuth')) modes.push('apiKey');
  return modes;
}

const AUTH_LABELS: Record<AuthMode, string> = {
  keySecret: 'API key + secret (exchanged for a token)',
  token: 'Bearer token',
  apiKey: 'API key only (X-API-Key)',
  none: 'None',
};

/** Every panel's credential fields, attached to the page or not (Redoc may unmount a section). */
const credentialInputs = new Set<HTMLInputElement>();

/** Keeps one shared credential in every panel's field of the same name. */
function syncCredential(
  name: 'apiKey' | 'apiSecret' | 'token',
  value: string,
  from?: HTMLInputElement,
): void {
  credentials[name] = value;
  for (const other of credentialInputs) {
    if (other.name === name && other !== from && other.value !== value) other.value = value;
  }
}

function buildPanel(op: TryOperation, servers: TryServer[], defaultServer: TryServer['id']): HTMLElement {
  const panel = element('section', {
    class: 'tryit',
    'data-operation-id': op.operationId,
    'aria-label': `Try ${op.method} ${op.path}`,
  });
  const server = element('select', { name: 'server' });
  for (const s of servers) {
    const option = element('option', { value: s.id }, `${s.label}: ${s.url}`);
    if (s.id === defaultServer) option.selected = true;
    server.append(option);
  }
  const form = element('form', { class: 'tryit-form', autocomplete: 'off' });
  form.append(field('Server', server));
  const inputs = new Map<string, HTMLInputElement>();
  for (const f of op.fields) {
    const shared = f.in === 'body' && (f.name === 'apiKey' || f.name === 'apiSecret');
    const box = input(
      f.name,
      shared ? credentials[f.name as 'apiKey' | 'apiSecret'] || f.example : f.example,
      f.secret,
    );
    if (shared) {
      credentialInputs.add(box);
      box.addEventListener('input', () => syncCredential(f.name as 'apiKey', box.value, box));
    }
    inputs.set(f.name, box);
    form.append(field(f.name, box));
  }
  const modes = authModes(op);
  const auth = element('select', { name: 'auth' });
  for (const mode of modes) auth.append(element('option', { value: mode }, AUTH_LABELS[mode]));
  const authInputs: Record<'apiKey' | 'apiSecret' | 'token', HTMLInputElement> = {
    apiKey: input('apiKey', credentials.apiKey, false),
    apiSecret: input('apiSecret', credentials.apiSecret, true),
    token: input('token', credentials.token, true),
  };
  const authFields = {
    apiKey: field('API key', authInputs.apiKey),
    apiSecret: field('API secret', authInputs.apiSecret),
    token: field('Bearer token', authInputs.token),
  };
  for (const [name, box] of Object.entries(authInputs)) {
    credentialInputs.add(box);
    box.addEventListener('input', () => syncCredential(name as 'apiKey', box.value, box));
  }
  const showAuthFields = () => {
    const mode = auth.value as AuthMode;
    authFields.apiKey.hidden = !(mode === 'keySecret' || mode === 'apiKey');
    authFields.apiSecret.hidden = mode !== 'keySecret';
    authFields.token.hidden = mode !== 'token';
  };
  if (modes[0] !== 'none') {
    form.append(field('Auth', auth), authFields.apiKey, authFields.apiSecret, authFields.token);
    auth.addEventListener('change', showAuthFields);
    showAuthFields();
  }
  const send = element('button', { type: 'submit', class: 'tryit-send' }, `Send ${op.method}`);
  form.append(send);
  const result = element('div', { class: 'tryit-result', 'aria-live': 'polite' });
  panel.append(element('h3', {}, 'Try it'), form, result);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const target = servers.find((s) => s.id === server.value) ?? servers[0];
    if (!target) return;
    send.disabled = true;
    result.replaceChildren(element('p', { class: 'tryit-pending' }, 'Sending...'));
    const values: Record<string, string> = {};
    for (const [name, box] of inputs) values[name] = box.value;
    call(op, target.url, auth.value as AuthMode, values)
      .then((shown) => result.replaceChildren(...shown))
      .finally(() => {
        send.disabled = false;
      });
  });
  return panel;
}

/** Sends one request with the project's client and returns what to show. */
async function call(
  op: TryOperation,
  baseUrl: string,
  mode: AuthMode,
  values: Record<string, string>,
): Promise<Node[]> {
  const auth =
    mode === 'keySecret'
      ? { apiKey: credentials.apiKey, apiSecret: credentials.apiSecret }
      : mode === 'token'
        ? { token: credentials.token }
        : mode === 'apiKey'
          ? { apiKey: credentials.apiKey }
          : undefined;
  // One attempt, so the panel shows exactly the response the server gave.
  const client = createCustomersClient({ baseUrl, auth, retry: { retries: 0 }, timeoutMs: 15_000 });
  const hasBody = op.fields.some((f) => f.in === 'body');
  const body = Object.fromEntries(
    op.fields.filter((f) => f.in === 'body').map((f) => [f.name, values[f.name]]),
  );
  const params = Object.fromEntries(
    op.fields.filter((f) => f.in === 'path').map((f) => [f.name, values[f.name]]),
  );
  type Outcome = {
    ok: boolean;
    status: number;
    headers: Headers;
    requestId: string;
    data?: { accessToken?: unknown };
    error?: unknown;
  };
  const method = (client as unknown as Record<string, (input: unknown) => Promise<Outcome>>)[op.operationId];
  if (!method) return [element('p', { class: 'tryit-error' }, `The client has no method ${op.operationId}.`)];
  try {
    const outcome = await method(hasBody ? body : params);
    const payload = outcome.ok ? outcome.data : outcome.error;
    if (
      op.operationId === 'createAccessToken' &&
      outcome.ok &&
      typeof outcome.data?.accessToken === 'string'
    ) {
      syncCredential('token', outcome.data.accessToken);
    }
    return shown(outcome.status, outcome.headers as Headers, payload, outcome.requestId);
  } catch (error) {
    if (error instanceof ApiError) {
      const detail = element('p', { class: 'tryit-error' }, `${error.code}: ${error.message}`);
      return [...shown(error.status, undefined, error.body || undefined, error.requestId), detail];
    }
    return [element('p', { class: 'tryit-error' }, String(error))];
  }
}

function shown(status: number, headers: Headers | undefined, body: unknown, requestId: string): Node[] {
  const list = element('dl', { class: 'tryit-headers' });
  for (const name of SHOWN_HEADERS) {
    const value = headers?.get(name);
    if (value !== null && value !== undefined) {
      list.append(element('dt', {}, name), element('dd', { 'data-header': name.toLowerCase() }, value));
    }
  }
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body, null, 2);
  return [
    element(
      'p',
      { class: 'tryit-status' },
      'Status ',
      element('strong', { 'data-status': String(status) }, status === 0 ? 'no response' : String(status)),
    ),
    list,
    element('pre', { class: 'tryit-body' }, text),
    element(
      'p',
      { class: 'tryit-request' },
      'Request id ',
      element('code', { class: 'tryit-request-id' }, requestId),
    ),
  ];
}

/** Keeps one panel per operation inside the operation's section, re-attaching it after Redoc re-renders. */
function mountPanels(config: SiteConfig, local: LocalSandbox | undefined): void {
  const servers = config.servers.map((s) =>
    s.id === 'local' && local ? { ...s, label: 'Local sandbox (this server)', url: location.origin } : s,
  );
  const defaultServer: TryServer['id'] = local ? 'local' : 'hosted';
  const panels = new Map<string, HTMLElement>();
  const attach = () => {
    for (const op of config.operations) {
      const route = config.routes[op.operationId];
      const section = route ? document.getElementById(route.slice(1)) : null;
      if (!section) continue;
      let panel = panels.get(op.operationId);
      if (panel && section.contains(panel)) continue;
      panel ??= buildPanel(op, servers, defaultServer);
      panels.set(op.operationId, panel);
      const samples = section.querySelector('.panel-request-samples')?.parentElement;
      (samples ?? section).append(panel);
    }
  };
  attach();
  new MutationObserver(attach).observe(document.getElementById('redoc') ?? document.body, {
    childList: true,
    subtree: true,
  });
}

/** Starts once Redoc has hydrated the page (its root gets React's listener then), so React never sees the panels. */
function whenHydrated(start: () => void): void {
  const root = () => document.getElementById('redoc');
  const ready = () => {
    const node = root();
    return node !== null && Object.keys(node).some((key) => key.startsWith('_reactListening'));
  };
  // Bounded: a page whose Redoc never starts gets no panels, and stops polling after 10 minutes.
  const deadline = Date.now() + 600_000;
  const poll = () => {
    if (ready()) setTimeout(start, 0);
    else if (Date.now() < deadline) setTimeout(poll, 50);
  };
  poll();
}

const config = readConfig();
if (config) {
  redirectOperationLink(config, false);
  window.addEventListener('hashchange', () => redirectOperationLink(config, true));
  // Read once the whole <head> is parsed: the sandbox adds its meta tag after this script.
  const start = () => {
    const local = readLocal();
    if (local) {
      credentials.apiKey = local.apiKey;
      credentials.apiSecret = local.apiSecret;
    }
    whenHydrated(() => mountPanels(config, local));
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}
