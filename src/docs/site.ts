// What the docs page needs to know about the spec beyond what Redoc renders: the code-sample
// languages (so every language of x-codeSamples gets a tab), the servers the "Try it" panels can
// call, and each operation's inputs. Everything is read from the bundled spec, never listed by hand.

// biome-ignore lint/suspicious/noExplicitAny: an OpenAPI document walked by key, shapes checked where read.
type Json = Record<string, any>;

/** One language tab of the code-sample panel (Redoc's `codeSamples.languages` entry). */
export interface SampleLanguage {
  lang: string;
  label: string;
}

/** A server a reader can send "Try it" requests to. */
export interface TryServer {
  /** `local`: the stateful sandbox; `mock`: the Prism mock; `hosted`: the provider's sandbox. */
  id: 'local' | 'mock' | 'hosted';
  label: string;
  url: string;
}

/** One input field of an operation's "Try it" form. */
export interface TryField {
  name: string;
  /** `path` parameter, or a top-level property of the JSON request body. */
  in: 'path' | 'body';
  /** The spec's example value, prefilled. */
  example: string;
  /** A secret (rendered as a password field). */
  secret: boolean;
}

/** One operation as the "Try it" panel uses it. */
export interface TryOperation {
  operationId: string;
  method: string;
  path: string;
  summary: string;
  fields: TryField[];
  /** Security alternatives (scheme names); [] = no authentication. */
  security: string[][];
}

/** Everything the page script reads at run time (embedded as JSON in the page). */
export interface SiteConfig {
  servers: TryServer[];
  operations: TryOperation[];
  /** operationId -> Redoc's route for it (`/tag-slug/operationid`), for `#/operations/<id>` links. */
  routes: Record<string, string>;
  /** The hosted sandbox's base URL, which the samples use on the published page. */
  hostedSandboxUrl: string;
}

/** Every distinct sample language of the spec's x-codeSamples, in order of first appearance. */
export function sampleLanguages(spec: Json): SampleLanguage[] {
  const seen = new Map<string, SampleLanguage>();
  for (const operation of operationsOf(spec)) {
    for (const sample of (operation.raw['x-codeSamples'] ?? []) as Json[]) {
      const lang = String(sample.lang ?? '');
      const label = String(sample.label ?? lang);
      if (!lang) continue;
      // Redoc keys a language by its label (lower-cased): two samples with one label are one tab.
      if (!seen.has(label.toLowerCase())) seen.set(label.toLowerCase(), { lang, label });
    }
  }
  return [...seen.values()];
}

interface RawOperation {
  method: string;
  path: string;
  raw: Json;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function operationsOf(spec: Json): RawOperation[] {
  const found: RawOperation[] = [];
  for (const [path, item] of Object.entries((spec.paths ?? {}) as Json)) {
    for (const method of METHODS) {
      const raw = (item as Json)[method] as Json | undefined;
      if (raw) found.push({ method, path, raw });
    }
  }
  return found;
}

function resolve(spec: Json, node: Json | undefined): Json {
  let current = node ?? {};
  for (let depth = 0; typeof current.$ref === 'string' && depth < 20; depth++) {
    const pointer = String(current.$ref).replace(/^#\//, '').split('/');
    current = pointer.reduce<Json>(
      (value, key) => (value?.[key.replaceAll('~1', '/').replaceAll('~0', '~')] ?? {}) as Json,
      spec,
    );
  }
  return current;
}

function exampleOf(spec: Json, parameter: Json): string {
  if (parameter.example !== undefined) return String(parameter.example);
  const first = Object.values((parameter.examples ?? {}) as Json)[0] as Json | undefined;
  if (first) return String(resolve(spec, first).value ?? '');
  const schema = resolve(spec, parameter.schema);
  return schema.examples?.[0] !== undefined ? String(schema.examples[0]) : '';
}

/** The fields of one operation's form: its path parameters, then its JSON body's properties. */
function fieldsOf(spec: Json, raw: Json): TryField[] {
  const fields: TryField[] = [];
  for (const parameter of (raw.parameters ?? []) as Json[]) {
    const p = resolve(spec, parameter);
    if (p.in === 'path')
      fields.push({ name: p.name, in: 'path', example: exampleOf(spec, p), secret: false });
  }
  const media = resolve(spec, raw.requestBody).content?.['application/json'] as Json | undefined;
  if (media) {
    const first = Object.values((media.examples ?? {}) as Json)[0] as Json | undefined;
    const example = (media.example ?? (first ? resolve(spec, first).value : undefined) ?? {}) as Json;
    const schema = resolve(spec, media.schema);
    for (const name of Object.keys((schema.properties ?? example) as Json)) {
      const value = example[name];
      fields.push({
        name,
        in: 'body',
        example: value === undefined ? '' : String(value),
        secret: /secret|password|token/i.test(name),
      });
    }
  }
  return fields;
}

/** The servers of the spec by role: the hosted sandbox (published), the local mock and sandbox (x-internal). */
export function tryServers(spec: Json): TryServer[] {
  const servers = (spec.servers ?? []) as Json[];
  const text = (s: Json) => `${s.url} ${s.description ?? ''}`.toLowerCase();
  const hosted = servers.find((s) => s['x-internal'] !== true && /sandbox/.test(text(s)));
  const mock = servers.find((s) => s['x-internal'] === true && /prism|mock/.test(text(s)));
  const local = servers.find((s) => s['x-internal'] === true && /sandbox/.test(text(s)));
  const list: TryServer[] = [];
  if (local) list.push({ id: 'local', label: 'Local sandbox', url: String(local.url) });
  if (mock) list.push({ id: 'mock', label: 'Prism mock', url: String(mock.url) });
  if (hosted) list.push({ id: 'hosted', label: 'Hosted sandbox', url: String(hosted.url) });
  return list;
}

/** A slug as Redoc CE 3 makes it for routes: lower case, runs of other characters as one `-`. */
function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The page script's configuration for `spec`. */
export function siteConfig(spec: Json): SiteConfig {
  const operations = operationsOf(spec).map(({ method, path, raw }) => ({
    operationId: String(raw.operationId),
    method: method.toUpperCase(),
    path,
    summary: String(raw.summary ?? raw.operationId),
    fields: fieldsOf(spec, raw),
    security: ((raw.security ?? spec.security ?? []) as Json[]).map((alternative) =>
      Object.keys(alternative),
    ),
  }));
  // Redoc CE 3 routes an operation as /<tag slug>/<operationId in lower case>.
  const routes: Record<string, string> = {};
  for (const { raw } of operationsOf(spec)) {
    const tag = String((raw.tags as string[] | undefined)?.[0] ?? 'default');
    routes[String(raw.operationId)] = `/${slug(tag)}/${String(raw.operationId).toLowerCase()}`;
  }
  const servers = tryServers(spec);
  return {
    servers,
    operations,
    routes,
    hostedSandboxUrl: servers.find((s) => s.id === 'hosted')?.url ?? '',
  };
}
