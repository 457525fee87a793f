// The result of a call, typed from generated/schema.d.ts: a union narrowed by `status`, one
// member per documented status of the operation. Also decodes a response into that union and
// offers `unwrap` for callers who prefer exceptions.
import type { OperationId } from '../../generated/operations.js';
import type { operations } from '../../generated/schema.js';
import { ApiError } from './errors.js';
import { SecretSet, safeCode } from './redact.js';

type Responses<Op extends OperationId> = operations[Op]['responses'];
type Documented<Op extends OperationId> = Extract<keyof Responses<Op>, number>;
type JsonBody<R> = R extends { content: { 'application/json': infer T } } ? T : undefined;
type SuccessStatus = 200 | 201 | 202 | 203 | 204 | 205 | 206 | 207 | 208 | 226;

/** A documented error body, with `requestId` always filled (from the body or the X-Request-Id header). */
export type ErrorBody<B> = B extends object ? Omit<B, 'requestId'> & { requestId: string } : B;

/** The success members of an operation's result: `{ok: true, status: 200, data, requestId}`. */
export type SuccessResult<Op extends OperationId> = {
  [S in Extract<Documented<Op>, SuccessStatus>]: {
    readonly ok: true;
    readonly status: S;
    readonly data: JsonBody<Responses<Op>[S]>;
    readonly requestId: string;
    /** The response headers (RateLimit and the like). Not enumerable, so not serialized. */
    readonly headers: Headers;
  };
}[Extract<Documented<Op>, SuccessStatus>];

/** The failure members: `{ok: false, status: 400 | 401 | ..., error: {message, code, requestId}, requestId}`. */
export type FailureResult<Op extends OperationId> = {
  [S in Exclude<Documented<Op>, SuccessStatus>]: {
    readonly ok: false;
    readonly status: S;
    readonly error: ErrorBody<JsonBody<Responses<Op>[S]>>;
    readonly requestId: string;
    /** The response headers (Retry-After, WWW-Authenticate and the like). Not enumerable. */
    readonly headers: Headers;
  };
}[Exclude<Documented<Op>, SuccessStatus>];

/** Every way a call of `Op` resolves. Anything else rejects with ApiError. */
export type Result<Op extends OperationId> = SuccessResult<Op> | FailureResult<Op>;

/** Any operation's result. */
export type AnyResult = { [Op in OperationId]: Result<Op> }[OperationId];

/** The data of a result's success member. */
export type DataOf<R> = R extends { ok: true; data: infer D } ? D : never;

/** What `decode` needs to know about the operation; one per operation and client. */
export interface DecodeContext {
  operationId: OperationId;
  method: string;
  path: string;
  statuses: readonly number[];
  safeBody(text: string): string;
  redact(text: string): string;
  /** Whether a 2xx body is the documented one, for operations whose data the client relies on. */
  validData?: (data: unknown) => boolean;
}

/** What `decode` needs to know about the call. */
export interface CallFacts {
  attempts: number;
  /** The id to report when the response carries no X-Request-Id: the one the client sent. */
  sentRequestId: string;
}

/** Where each result came from, for unwrap's error message; kept off the result itself. */
const origins = new WeakMap<object, { ctx: DecodeContext; attempts: number }>();

function withHeaders<T extends object>(value: T, headers: Headers, ctx: DecodeContext, attempts: number): T {
  origins.set(value, { ctx, attempts });
  // Non-enumerable: results compare and serialize as the contract's plain shape.
  return Object.defineProperty(value, 'headers', { value: headers, enumerable: false });
}

/** What `decode` holds when the body is not JSON (never a parse result). */
const NOT_JSON = Symbol('not JSON');

function isErrorShape(value: unknown): value is { message: string; code?: unknown; requestId?: unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/**
 * Turns one response into the operation's result, or an ApiError when the status is not
 * documented or the body is not the documented JSON (openapi-fetch would give `undefined` or a
 * string there). Data is not validated: the client stays free of Ajv, and types come from the spec.
 */
export function decode<Op extends OperationId>(
  ctx: DecodeContext,
  call: CallFacts,
  status: number,
  headers: Headers,
  text: string,
  /** The response's X-Request-Id, already redacted; null when it sent none. */
  requestIdHeader: string | null,
): Result<Op> {
  const requestId = requestIdHeader ?? call.sentRequestId;
  let value: unknown = NOT_JSON;
  try {
    if (text !== '') value = JSON.parse(text);
  } catch {}
  const fail = (code: string, detail: string) =>
    new ApiError({
      operationId: ctx.operationId,
      method: ctx.method,
      path: ctx.path,
      status,
      code,
      requestId,
      body: ctx.safeBody(text),
      attempts: call.attempts,
      detail,
    });

  if (!ctx.statuses.includes(status)) {
    const serverCode = isErrorShape(value) ? value.code : undefined;
    throw fail(safeCode(serverCode, ctx.redact) ?? 'undocumented_status', 'undocumented status');
  }
  if (status === 204 || status === 205) {
    // RFC 9110, sections 15.3.5 and 15.3.6: these responses have no content, so no data.
    return withHeaders(
      { ok: true, status, data: undefined, requestId },
      headers,
      ctx,
      call.attempts,
    ) as Result<Op>;
  }
  if (value === NOT_JSON) {
    throw fail('invalid_response', 'not JSON');
  }
  if (status >= 200 && status < 300) {
    if (ctx.validData && !ctx.validData(value)) throw fail('invalid_response', 'not the documented body');
    return withHeaders(
      { ok: true, status, data: value, requestId },
      headers,
      ctx,
      call.attempts,
    ) as Result<Op>;
  }
  if (!isErrorShape(value)) {
    throw fail('invalid_response', 'not the documented body');
  }
  // Only the documented fields, redacted: a server may echo a credential in any other field.
  const { message, code, requestId: bodyRequestId } = value;
  const error = {
    message: ctx.redact(message),
    ...(typeof code === 'string' ? { code: ctx.redact(code) } : {}),
    requestId: typeof bodyRequestId === 'string' ? ctx.redact(bodyRequestId) : requestId,
  };
  return withHeaders(
    { ok: false, status, error, requestId },
    headers,
    ctx,
    call.attempts,
  ) as unknown as Result<Op>;
}

/** Redaction by shape only, for a result that did not come from decode. */
const shapeRedact = (text: string) => new SecretSet().redact(text);

/**
 * The data of a success result; throws an ApiError carrying the failure's status, code and
 * request id otherwise. `const customer = unwrap(await client.deleteCustomer({customerId}))`.
 */
export function unwrap<R extends AnyResult>(result: R): DataOf<R> {
  if (result.ok) return result.data as DataOf<R>;
  const error = result.error as { message: string; code?: string };
  const origin = origins.get(result);
  const ctx = origin?.ctx;
  throw new ApiError({
    operationId: ctx?.operationId ?? 'unknown operation',
    method: ctx?.method ?? '?',
    path: ctx?.path ?? '?',
    status: result.status,
    code: safeCode(error.code, ctx?.redact ?? shapeRedact) ?? `http_${result.status}`,
    requestId: result.requestId,
    body: '',
    attempts: origin?.attempts ?? 0,
    detail: error.message,
  });
}
