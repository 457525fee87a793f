// Emits generated/operations.ts: one typed function per operationId, calling openapi-fetch with
// the right method and path template, plus a metadata table the client reads its policies from.
// Adding an operation to openapi.yaml and re-running `npm run generate` is all a new method needs.

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
/** RFC 9110, section 9.2.2: methods whose repetition has the same effect as one request. */
const IDEMPOTENT = new Set(['get', 'put', 'delete', 'options', 'head', 'trace']);

type Json = Record<string, unknown>;

interface Operation {
  operationId: string;
  method: (typeof METHODS)[number];
  path: string;
  summary: string;
  hasPathParams: boolean;
  hasQueryParams: boolean;
  hasBody: boolean;
  bodyRequired: boolean;
  security: string[][];
  statuses: number[];
}

function asObject(value: unknown): Json {
  return value !== null && typeof value === 'object' ? (value as Json) : {};
}

function resolve(spec: Json, node: unknown): Json {
  const ref = asObject(node).$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return asObject(node);
  let target: unknown = spec;
  for (const raw of ref.slice(2).split('/')) {
    target = asObject(target)[raw.replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  return asObject(target);
}

/** Reads every operation of a bundled OpenAPI 3.1 document, in document order. */
function collectOperations(spec: Json): Operation[] {
  const globalSecurity = Array.isArray(spec.security) ? spec.security : [];
  const out: Operation[] = [];
  for (const [path, rawItem] of Object.entries(asObject(spec.paths))) {
    const item = resolve(spec, rawItem);
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of METHODS) {
      const op = asObject(item[method]);
      if (typeof op.operationId !== 'string') continue;
      const params = [...shared, ...(Array.isArray(op.parameters) ? op.parameters : [])].map((p) =>
        resolve(spec, p),
      );
      const body = op.requestBody === undefined ? undefined : resolve(spec, op.requestBody);
      const security = (Array.isArray(op.security) ? op.security : globalSecurity).map((req) =>
        Object.keys(asObject(req)),
      );
      out.push({
        operationId: op.operationId,
        method,
        path,
        summary: typeof op.summary === 'string' ? op.summary : op.operationId,
        hasPathParams: params.some((p) => p.in === 'path'),
        hasQueryParams: params.some((p) => p.in === 'query'),
        hasBody: body !== undefined,
        bodyRequired: body?.required === true,
        security,
        statuses: Object.keys(asObject(op.responses))
          .filter((code) => /^[1-5][0-9][0-9]$/.test(code))
          .map(Number),
      });
    }
  }
  return out;
}

function pointer(op: Operation): string {
  return `#/paths/${op.path.replaceAll('~', '~0').replaceAll('/', '~1')}/${op.method}`;
}

function inputType(op: Operation): string {
  const params: string[] = [];
  if (op.hasPathParams) params.push(`operations['${op.operationId}']['parameters']['path']`);
  if (op.hasQueryParams) params.push(`NonNullable<operations['${op.operationId}']['parameters']['query']>`);
  const body = `NonNullable<operations['${op.operationId}']['requestBody']>['content']['application/json']`;
  if (params.length === 0) return op.hasBody ? body : 'Record<string, never>';
  return op.hasBody ? `${params.join(' & ')} & { body: ${body} }` : params.join(' & ');
}

function requestOptions(op: Operation): string {
  const parts: string[] = [];
  const paramParts: string[] = [];
  const onlyBody = op.hasBody && !op.hasPathParams && !op.hasQueryParams;
  if (op.hasPathParams || op.hasQueryParams) {
    // Path and query parameter names never collide within one operation (the spec linter checks).
    if (op.hasPathParams) paramParts.push('path: input');
    if (op.hasQueryParams) paramParts.push('query: input');
    parts.push(`params: { ${paramParts.join(', ')} }`);
  }
  if (op.hasBody) parts.push(onlyBody ? 'body: input' : 'body: input.body');
  return `{ ...init, ${parts.join(', ')} }`;
}

function emitFunction(op: Operation): string {
  const M = op.method.toUpperCase();
  return [
    `/**`,
    ` * ${op.summary}: \`${M} ${op.path}\`.`,
    ` * @see openapi.json ${pointer(op)}`,
    ` */`,
    `export function ${op.operationId}(client: ApiClient, input: ${op.operationId[0]?.toUpperCase()}${op.operationId.slice(1)}Input, init?: CallInit) {`,
    `  return client.${M}('${op.path}', ${requestOptions(op)});`,
    `}`,
  ].join('\n');
}

function emitMeta(op: Operation): string {
  const security = `[${op.security.map((req) => `[${req.map((s) => `'${s}'`).join(', ')}]`).join(', ')}]`;
  return [
    `  ${op.operationId}: {`,
    `    method: '${op.method.toUpperCase()}',`,
    `    path: '${op.path}',`,
    `    idempotent: ${IDEMPOTENT.has(op.method)},`,
    `    security: ${security},`,
    `    statuses: [${op.statuses.join(', ')}],`,
    `  },`,
  ].join('\n');
}

/** One security scheme as the client needs it: how a credential is sent (OpenAPI 3.1, section 4.8.27). */
function emitScheme(name: string, raw: Json): string {
  const parts = [`type: '${String(raw.type)}'`];
  for (const key of ['scheme', 'in', 'name'] as const) {
    if (typeof raw[key] === 'string') parts.push(`${key}: ${JSON.stringify(raw[key]).replaceAll('"', "'")}`);
  }
  return `  ${name}: { ${parts.join(', ')} },`;
}

/** The TypeScript source of generated/operations.ts (without the generated-file header). */
export function emitOperations(spec: Json): string {
  const ops = collectOperations(spec);
  const inputs = ops.map(
    (op) =>
      `/** What \`${op.operationId}\` takes. */\nexport type ${op.operationId[0]?.toUpperCase()}${op.operationId.slice(1)}Input = ${inputType(op)};`,
  );
  return [
    `import type { Client, Middleware } from 'openapi-fetch';`,
    `import type { operations, paths } from './schema.js';`,
    ``,
    `/** An openapi-fetch client for this API's paths. */`,
    `export type ApiClient = Client<paths>;`,
    ``,
    `/** Per-call options passed through to openapi-fetch. */`,
    `export interface CallInit {`,
    `  headers?: Record<string, string>;`,
    `  signal?: AbortSignal;`,
    `  baseUrl?: string;`,
    `  fetch?: (input: Request) => Promise<Response>;`,
    `  middleware?: Middleware[];`,
    `}`,
    ``,
    `/** One operation's method, path template, security alternatives and documented statuses. */`,
    `export interface OperationMeta {`,
    `  readonly method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'OPTIONS' | 'HEAD' | 'PATCH' | 'TRACE';`,
    `  readonly path: keyof paths;`,
    `  /** RFC 9110, section 9.2.2. */`,
    `  readonly idempotent: boolean;`,
    `  /** Alternatives, each a list of security scheme names that must all be satisfied; [] means none. */`,
    `  readonly security: readonly (readonly string[])[];`,
    `  readonly statuses: readonly number[];`,
    `}`,
    ``,
    `/** A security scheme of the spec, reduced to what a client needs to send its credential. */`,
    `export interface SecurityScheme {`,
    `  readonly type: 'http' | 'apiKey' | 'oauth2' | 'openIdConnect' | 'mutualTLS';`,
    `  /** For type http: the scheme, for example bearer (RFC 9110, section 11). */`,
    `  readonly scheme?: string;`,
    `  /** For type apiKey: where the key goes and under which name. */`,
    `  readonly in?: 'header' | 'query' | 'cookie';`,
    `  readonly name?: string;`,
    `}`,
    ``,
    ...inputs.flatMap((t) => [t, '']),
    ...ops.flatMap((op) => [emitFunction(op), '']),
    `/** Every operation's function by operationId, so a client can call them generically. */`,
    `export const operationFunctions = { ${ops.map((op) => op.operationId).join(', ')} } as const;`,
    ``,
    `/** How each security scheme sends its credential (type, and for apiKey the header name). */`,
    `export const securitySchemes = {`,
    ...Object.entries(asObject(asObject(spec.components).securitySchemes)).map(([name, raw]) =>
      emitScheme(name, resolve(spec, raw)),
    ),
    `} as const satisfies Record<string, SecurityScheme>;`,
    ``,
    `/** Every operation by operationId. */`,
    `export const operationMeta = {`,
    ...ops.map(emitMeta),
    `} as const satisfies Record<string, OperationMeta>;`,
    ``,
    `/** The operationIds of this API. */`,
    `export type OperationId = keyof typeof operationMeta;`,
    ``,
  ].join('\n');
}
