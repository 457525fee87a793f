// What the spec documents for a response, per exchange: the operation's own responses, or the
// API-wide 405 rule of info.description ("Methods, CORS and bodies") for undocumented methods.
import {
  compileSchema,
  type HeaderSpec,
  operation,
  type ResponseSpec,
  resolveRef,
  spec,
  validateSchema,
} from '../spec/index.js';
import type { Exchange } from './types.js';

/** RFC 9110, section 10.2.1: `Allow = #method`, method = token (section 9.1, 5.6.2). */
const ALLOW_PATTERN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+(?:[ \t]*,[ \t]*[!#$%&'*+.^_`|~0-9A-Za-z-]+)*$/;

function componentHeader(name: string): HeaderSpec {
  const header = resolveRef((spec.components as { headers: Record<string, unknown> }).headers[name]);
  const check = compileSchema(header.schema);
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

/**
 * The 405 of info.description: `Allow` listing the documented methods (RFC 9110, section
 * 15.5.6), an `application/json` Error body, and the headers every 4xx carries (request id,
 * rate-limit headers).
 */
const methodNotAllowed: ResponseSpec = {
  status: 405,
  contentTypes: ['application/json'],
  headers: [
    componentHeader('X-Request-Id'),
    componentHeader('RateLimit'),
    componentHeader('RateLimit-Policy'),
    allowHeader,
  ],
  validateBody: (body) => validateSchema('ApiErrorBody', body),
};

/** Statuses the spec documents for an exchange (for an undocumented method: 405, 429, 500). */
export function documentedStatuses(exchange: Exchange): number[] {
  if (exchange.unsupportedMethod) return [405, 429, 500];
  if (exchange.operationId === undefined) return [];
  return [...operation(exchange.operationId).responses.keys()];
}

/** The documented response for the exchange's status, or undefined when it is undocumented. */
export function responseSpecFor(exchange: Exchange): ResponseSpec | undefined {
  const status = exchange.response?.status;
  if (status === undefined) return undefined;
  if (exchange.unsupportedMethod) {
    if (status === 405) return methodNotAllowed;
    // 429 and 500 are shared component responses; any operation's copy is the same object.
    return status === 429 || status === 500 ? operation('deleteCustomer').responses.get(status) : undefined;
  }
  if (exchange.operationId === undefined) return undefined;
  return operation(exchange.operationId).responses.get(status);
}

/** The methods a path documents, upper-case (for checking an `Allow` header). */
export function documentedMethods(pathTemplate: string): string[] {
  const item = resolveRef((spec.paths as Record<string, unknown>)[pathTemplate]);
  return Object.keys(item)
    .filter((m) => ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'].includes(m))
    .map((m) => m.toUpperCase());
}
