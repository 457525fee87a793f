// What the spec documents for a response, per exchange: the operation's own responses, or the
// API-wide 405 rule of info.description ("Methods, CORS and bodies") for undocumented methods;
// and the Error codes documented per status (components.schemas.ApiErrorBody.properties.code).
import type { HeaderSpec, ResponseSpec, SpecIndex } from '../spec/index.js';
import type { Exchange } from './types.js';

/** RFC 9110, section 10.2.1: `Allow = #method`, method = token (section 9.1, 5.6.2). */
const ALLOW_PATTERN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+(?:[ \t]*,[ \t]*[!#$%&'*+.^_`|~0-9A-Za-z-]+)*$/;

function componentHeader(spec: SpecIndex, name: string): HeaderSpec {
  const headers = (spec.spec.components as { headers: Record<string, unknown> }).headers;
  const check = spec.compileSchema(spec.resolveRef(headers[name]).schema);
  return {
    name,
    required: true,
    validate: (value) =>
      check(value).map((i) => ({ at: name, message: i.message.replace(/^\(root\)/, name) })),
  };
}

const allowHeader: HeaderSpec = {
  name: 'Allow',
  required: true,
  validate: (value) =>
    ALLOW_PATTERN.test(value.trim())
      ? []
      : [{ at: 'Allow', message: 'Allow must be a comma-separated list of methods' }],
};

const methodNotAllowedCache = new WeakMap<SpecIndex, ResponseSpec>();

/**
 * The 405 of info.description: `Allow` listing the documented methods (RFC 9110, section
 * 15.5.6), an `application/json` Error body, and the headers every 4xx carries (request id,
 * rate-limit headers).
 */
function methodNotAllowed(spec: SpecIndex): ResponseSpec {
  let found = methodNotAllowedCache.get(spec);
  if (!found) {
    found = {
      status: 405,
      contentTypes: ['application/json'],
      headers: [
        componentHeader(spec, 'X-Request-Id'),
        componentHeader(spec, 'RateLimit'),
        componentHeader(spec, 'RateLimit-Policy'),
        allowHeader,
      ],
      validateBody: (body) => spec.validateSchema('ApiErrorBody', body),
    };
    methodNotAllowedCache.set(spec, found);
  }
  return found;
}

/** Statuses the spec documents for an exchange (for an undocumented method: 405, 429, 500). */
export function documentedStatuses(spec: SpecIndex, exchange: Exchange): number[] {
  if (exchange.unsupportedMethod) return [405, 429, 500];
  if (exchange.operationId === undefined) return [];
  return [...spec.operation(exchange.operationId).responses.keys()];
}

/** The documented response for the exchange's status, or undefined when it is undocumented. */
export function responseSpecFor(spec: SpecIndex, exchange: Exchange): ResponseSpec | undefined {
  const status = exchange.response?.status;
  if (status === undefined) return undefined;
  if (exchange.unsupportedMethod) {
    if (status === 405) return methodNotAllowed(spec);
    // 429 and 500 are shared component responses; any delete's copy is the same.
    return status === 429 || status === 500
      ? spec.operation('deleteCustomer').responses.get(status)
      : undefined;
  }
  if (exchange.operationId === undefined) return undefined;
  return spec.operation(exchange.operationId).responses.get(status);
}

/** The methods a path documents, upper-case (for checking an `Allow` header). */
export function documentedMethods(spec: SpecIndex, pathTemplate: string): string[] {
  return spec.operations.filter((op) => op.path === pathTemplate).map((op) => op.method);
}

const codesCache = new WeakMap<SpecIndex, Map<number, string[]>>();

/**
 * The Error codes documented for each status, read from the list in the description of
 * `components.schemas.ApiErrorBody.properties.code` ("- `invalid_request`: ... 400."); empty when the
 * spec has no such list.
 */
export function errorCodesByStatus(spec: SpecIndex): Map<number, string[]> {
  let found = codesCache.get(spec);
  if (!found) {
    found = new Map();
    const error = spec.resolveRef(
      (spec.spec.components as { schemas?: Record<string, unknown> })?.schemas?.ApiErrorBody,
    );
    const code = spec.resolveRef((error.properties as Record<string, unknown> | undefined)?.code);
    const description = typeof code.description === 'string' ? code.description : '';
    for (const match of description.matchAll(/^- `([a-z_]+)`:.*\b(\d{3})\.\s*$/gm)) {
      const status = Number(match[2]);
      found.set(status, [...(found.get(status) ?? []), match[1] as string]);
    }
    codesCache.set(spec, found);
  }
  return found;
}
