// The one place that loads generated/openapi.json and compiles its schemas with Ajv (JSON Schema
// 2020-12, the dialect of OpenAPI 3.1, with formats). The sandbox and the conformance suite both
// validate through this module; the browser client never imports it.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import document from '../../generated/openapi.json' with { type: 'json' };

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

type Json = Record<string, unknown>;

/** One reason a value does not match the spec, located by JSON pointer within the value. */
export interface Issue {
  /** Where in the value: a JSON pointer ('' for the whole value), or a header name. */
  at: string;
  message: string;
}

/** A response header the spec documents for one status. */
export interface HeaderSpec {
  name: string;
  required: boolean;
  /** Validates the raw header value (numbers are parsed when the schema is numeric). */
  validate(value: string): Issue[];
}

/** One documented response of one operation. */
export interface ResponseSpec {
  status: number;
  /** Media types documented for the body; empty when the response has no body. */
  contentTypes: string[];
  headers: HeaderSpec[];
  /** Validates a parsed body against the schema of `contentType` (default: the first documented). */
  validateBody(body: unknown, contentType?: string): Issue[];
}

/** A parameter of an operation. */
export interface ParameterSpec {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  validate(value: string): Issue[];
}

/** One operation of the spec, with everything needed to serve it or check a server against it. */
export interface OperationSpec {
  operationId: string;
  method: string;
  /** The path template, e.g. `/customers/{customerId}`. */
  path: string;
  /** Matches a concrete path (without query) and captures path parameters by name. */
  pathPattern: RegExp;
  /** Alternatives of security scheme names; [] means no authentication. */
  security: string[][];
  parameters: ParameterSpec[];
  requestBody?: { required: boolean; contentTypes: string[]; validate(body: unknown): Issue[] };
  responses: Map<number, ResponseSpec>;
}

/** Everything this module knows about one OpenAPI document. */
export interface SpecIndex {
  /** The bundled OpenAPI document. */
  spec: Record<string, unknown>;
  /** Every operation of the spec, in document order. */
  operations: readonly OperationSpec[];
  /** The operation with this operationId; throws for an unknown one. */
  operation(operationId: string): OperationSpec;
  /** Validates a value against a named schema of `components/schemas`. */
  validateSchema(name: string, value: unknown): Issue[];
  /** Compiles any schema fragment of the spec (for examples and ad-hoc checks). */
  compileSchema(schema: unknown): (value: unknown) => Issue[];
  /** Follows `$ref`s within the spec to the object they point at. */
  resolveRef(node: unknown): Record<string, unknown>;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Indexes a bundled OpenAPI 3.1 document and compiles its schemas with a fresh Ajv instance.
 * The project's own spec is loaded once below; benchmarks use this to load synthetic specs.
 */
export function loadSpec(spec: Record<string, unknown>): SpecIndex {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, validateFormats: true });
  addFormats(ajv);
  ajv.addKeyword({ keyword: 'x-internal' });

  const SCHEMA_REF = '#/components/schemas/';
  const schemas = ((spec.components as Json | undefined)?.schemas ?? {}) as Record<string, unknown>;

  /** Rewrites the spec's `#/components/schemas/X` references to Ajv schema ids. */
  function localize(node: unknown): unknown {
    if (Array.isArray(node)) return node.map(localize);
    if (node === null || typeof node !== 'object') return node;
    const out: Json = {};
    for (const [key, value] of Object.entries(node)) {
      out[key] =
        key === '$ref' && typeof value === 'string' && value.startsWith(SCHEMA_REF)
          ? `openapi:schemas:${value.slice(SCHEMA_REF.length)}`
          : localize(value);
    }
    return out;
  }

  for (const [name, schema] of Object.entries(schemas)) {
    ajv.addSchema(localize(schema) as Json, `openapi:schemas:${name}`);
  }

  function resolve(node: unknown): Json {
    let current = node as Json;
    for (let hops = 0; typeof current?.$ref === 'string' && hops < 10; hops++) {
      let target: unknown = spec;
      for (const raw of (current.$ref as string).slice(2).split('/')) {
        target = (target as Json)[raw.replaceAll('~1', '/').replaceAll('~0', '~')];
      }
      current = target as Json;
    }
    return current ?? {};
  }

  function issues(validate: ValidateFunction): Issue[] {
    return (validate.errors ?? []).map((e: ErrorObject) => ({
      at: e.instancePath,
      message: `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}${
        e.keyword === 'additionalProperties' ? `: ${String(e.params.additionalProperty)}` : ''
      }${e.keyword === 'const' || e.keyword === 'enum' ? ` (${JSON.stringify(e.params.allowedValue ?? e.params.allowedValues)})` : ''}`,
    }));
  }

  // Compiled on first use: a server pays only for the validators its first requests need, which
  // keeps startup short (compiling every schema up front costs a few hundred milliseconds).
  function compile(schema: unknown): (value: unknown) => Issue[] {
    let validate: ValidateFunction | undefined;
    return (value) => {
      validate ??= ajv.compile(localize(schema) as Json);
      return validate(value) ? [] : issues(validate);
    };
  }

  /** Parses a header or path value by its schema's type, so `Retry-After: 30` validates as an integer. */
  function fromText(schema: Json, text: string): unknown {
    const type = resolve(schema).type;
    if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
    if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
    return text;
  }

  function textValidator(name: string, schema: Json): (value: string) => Issue[] {
    const check = compile(schema);
    return (value) =>
      check(fromText(schema, value)).map((i) => ({
        at: name,
        message: i.message.replace(/^\(root\)/, name),
      }));
  }

  function buildOperations(): OperationSpec[] {
    const globalSecurity = (spec.security as Json[] | undefined) ?? [];
    const out: OperationSpec[] = [];
    for (const [path, rawItem] of Object.entries(spec.paths as Json)) {
      const item = resolve(rawItem);
      for (const method of ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']) {
        const op = item[method] as Json | undefined;
        if (!op || typeof op.operationId !== 'string') continue;
        const rawParams = [
          ...((item.parameters as unknown[]) ?? []),
          ...((op.parameters as unknown[]) ?? []),
        ];
        const parameters = rawParams.map((raw): ParameterSpec => {
          const p = resolve(raw);
          const name = String(p.name);
          return {
            name,
            in: p.in as ParameterSpec['in'],
            required: p.required === true,
            validate: textValidator(name, p.schema as Json),
          };
        });
        const responses = new Map<number, ResponseSpec>();
        for (const [code, rawResponse] of Object.entries((op.responses as Json) ?? {})) {
          if (!/^\d{3}$/.test(code)) continue;
          const response = resolve(rawResponse);
          const content = (response.content as Record<string, Json> | undefined) ?? {};
          const bodyValidators = new Map(
            Object.entries(content).map(([type, media]) => [type, compile(media.schema ?? {})]),
          );
          const contentTypes = [...bodyValidators.keys()];
          responses.set(Number(code), {
            status: Number(code),
            contentTypes,
            headers: Object.entries((response.headers as Json) ?? {}).map(([name, raw]): HeaderSpec => {
              const header = resolve(raw);
              return {
                name,
                required: header.required === true,
                validate: textValidator(name, header.schema as Json),
              };
            }),
            validateBody(body, contentType = contentTypes[0]) {
              const check = contentType === undefined ? undefined : bodyValidators.get(contentType);
              if (!check)
                return [{ at: '', message: `no body is documented for ${contentType ?? 'this response'}` }];
              return check(body);
            },
          });
        }
        const rawBody = op.requestBody === undefined ? undefined : resolve(op.requestBody);
        const bodyContent = (rawBody?.content as Record<string, Json> | undefined) ?? {};
        const firstMedia = Object.values(bodyContent)[0];
        const names: string[] = [];
        const pattern = path.replace(/\{([^}]+)\}|[^{]+/g, (whole, name: string | undefined) => {
          if (name === undefined) return escapeRegExp(whole);
          names.push(name);
          return `(?<${name.replace(/[^A-Za-z0-9_]/g, '_')}>[^/]*)`;
        });
        out.push({
          operationId: op.operationId,
          method: method.toUpperCase(),
          path,
          pathPattern: new RegExp(`^${pattern}$`),
          security: ((op.security as Json[] | undefined) ?? globalSecurity).map((req) => Object.keys(req)),
          parameters,
          ...(rawBody && {
            requestBody: {
              required: rawBody.required === true,
              contentTypes: Object.keys(bodyContent),
              validate: compile(firstMedia?.schema ?? {}),
            },
          }),
          responses,
        });
      }
    }
    return out;
  }

  const operations: readonly OperationSpec[] = buildOperations();
  return {
    spec,
    operations,
    operation(operationId) {
      const found = operations.find((op) => op.operationId === operationId);
      if (!found) throw new Error(`openapi.json has no operation '${operationId}'`);
      return found;
    },
    validateSchema(name, value) {
      const validate = ajv.getSchema(`openapi:schemas:${name}`);
      if (!validate) throw new Error(`openapi.json has no schema '${name}'`);
      return validate(value) ? [] : issues(validate);
    },
    compileSchema: compile,
    resolveRef: resolve,
  };
}

const index = loadSpec(document as Record<string, unknown>);

/** The bundled OpenAPI document, as generated from openapi.yaml. */
export const spec: Record<string, unknown> = index.spec;
/** Every operation of the spec, in document order. */
export const operations: readonly OperationSpec[] = index.operations;
/** The operation with this operationId; throws for an unknown one. */
export const operation: SpecIndex['operation'] = index.operation;
/** Validates a value against a named schema of `components/schemas`. */
export const validateSchema: SpecIndex['validateSchema'] = index.validateSchema;
/** Compiles any schema fragment of the spec (for examples and ad-hoc checks). */
export const compileSchema: SpecIndex['compileSchema'] = index.compileSchema;
/** Follows `$ref`s within the spec to the object they point at. */
export const resolveRef: SpecIndex['resolveRef'] = index.resolveRef;
