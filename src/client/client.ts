// createCustomersClient: the typed client. Each method calls its generated openapi-fetch facade
// (generated/operations.ts) once per attempt and wraps it in the policies of this folder: auth,
// retries, per-attempt timeouts, cancellation, request ids, and results typed from the spec.
// It treats the server as untrusted: redirects are never followed, nothing goes to another
// origin, a body is read as a stream up to a limit, and every failure is an ApiError.
import createClient, { type Middleware } from 'openapi-fetch';
import {
  type CallInit,
  type OperationId,
  operationFunctions,
  operationMeta,
} from '../../generated/operations.js';
import type { paths } from '../../generated/schema.js';
import {
  type Accepts,
  type AuthOptions,
  type CredentialOutcome,
  createAuthenticator,
  isAccessToken,
  TOKEN_OPERATION,
} from './auth.js';
import { type Clock, systemClock } from './clock.js';
import { ApiError } from './errors.js';
import { redactedCause, SecretSet, safeBody, safeCode } from './redact.js';
import { type DecodeContext, decode, type Result } from './result.js';
import {
  backoffDelay,
  isRetryableNetworkError,
  isRetryableStatus,
  parseRetryAfter,
  type RetryClass,
  type RetryOptions,
  retryPolicy,
} from './retry.js';
import { CLIENT_ID } from './version.js';

/** Options of createCustomersClient. */
export interface CustomersClientOptions<A extends AuthOptions | undefined = AuthOptions | undefined> {
  /** The server URL including the version, for example `https://sandbox-api.polygon.technology/v0.9`. */
  baseUrl: string;
  /** `{ token }`, `{ apiKey, apiSecret }` (exchanged at POST /auth/token) or `{ apiKey }` (X-API-Key where allowed). */
  auth?: A;
  /** A fetch to use instead of globalThis.fetch (tests, other runtimes, proxies). */
  fetch?: (request: Request) => Promise<Response>;
  /** openapi-fetch middleware, run on every attempt in this order. */
  middleware?: Middleware[];
  /** Retry settings; default 2 retries, full jitter from 500 ms up to 8 s, 60 s in total. */
  retry?: RetryOptions;
  /** Per-attempt timeout in ms, body read included; default 30000. Clipped to what is left of `retry.maxElapsedMs`. */
  timeoutMs?: number;
  /** The largest response body read, in bytes; a longer one aborts the connection. Default 1 MiB. */
  maxResponseBytes?: number;
  /** A product token of yours, sent before the client's own in User-Agent and X-Client. */
  userAgent?: string;
  /** Time, sleep and randomness; replace parts of it in tests. */
  clock?: Partial<Clock>;
}

/** Per-call options. */
export interface CallOptions {
  /** Cancels the call, including a wait between retries. */
  signal?: AbortSignal;
  /** Extra request headers; an `X-Request-Id` here is used instead of a generated one. */
  headers?: Record<string, string>;
}

/** What one operation's method takes: its generated input type. */
export type OperationInput<Op extends OperationId> = Parameters<(typeof operationFunctions)[Op]>[1];

/** The parameter type of a method the configured credentials cannot authenticate: no value fits it. */
export type CredentialsNotAccepted<Op extends OperationId> =
  `${Op}: the configured auth satisfies none of its security alternatives in openapi.yaml; configure { token } or { apiKey, apiSecret }`;

/**
 * The client: one method per operationId of openapi.yaml. With credentials of type `A`, a method
 * that no security alternative of its operation accepts takes no input at all (a compile error).
 */
export type CustomersClient<A = AuthOptions | undefined> = {
  readonly [Op in OperationId]: Accepts<A, Op> extends true
    ? (input: OperationInput<Op>, options?: CallOptions) => Promise<Result<Op>>
    : (input: CredentialsNotAccepted<Op>, options?: CallOptions) => Promise<never>;
};

/** The default `maxResponseBytes`: 1 MiB, many times the largest documented body. */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

/** What an attempt ends in, unless it throws: a response, or a network error or timeout (no `status`). */
type Outcome =
  | { status: number; headers: Headers; text: string; code?: undefined }
  | { status?: undefined; code: 'network_error' | 'timeout'; cause: unknown };

type FacadeCall = (client: unknown, input: unknown, init: CallInit) => Promise<unknown>;
type Settled = { data?: unknown; error?: unknown; response: Response };

/** Why an attempt's signal fired. */
const TIMEOUT = 1;
const ABORTED = 2;
/** Internal markers, thrown and caught inside the client; none leaves it. */
const TOO_LARGE = new Error('too large');
const OTHER_ORIGIN = new Error('other origin');
/** The caller's signal fired during an attempt. */
const ABORTED_CALL = new Error('aborted');

function newRequestId(): string {
  const uuid = globalThis.crypto?.randomUUID?.();
  return `req_${uuid ? uuid.replaceAll('-', '') : Math.random().toString(36).slice(2)}`;
}

function retryClassOf(operationId: OperationId): RetryClass {
  if (operationId === TOKEN_OPERATION) return 'token-exchange';
  return operationMeta[operationId].idempotent ? 'idempotent' : 'unsafe';
}

/** The origin a redirect points at (never its path, query or user info), or a placeholder. */
function targetOrigin(location: string | null, requestUrl: string): string {
  if (location === null) return '?';
  try {
    return new URL(location, requestUrl).origin;
  } catch {
    return '?';
  }
}

/**
 * Creates the typed client. Every method resolves to a result narrowed by `status` for each
 * documented response, and rejects with ApiError for anything else.
 */
export function createCustomersClient<A extends AuthOptions | undefined = undefined>(
  options: CustomersClientOptions<A>,
): CustomersClient<A> {
  const clock: Clock = { ...systemClock, ...options.clock };
  const policy = retryPolicy(options.retry);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const userMiddleware = options.middleware ?? [];
  const product = options.userAgent ? `${options.userAgent} ${CLIENT_ID}` : CLIENT_ID;
  const baseFetch = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const api = createClient<paths>({ baseUrl: options.baseUrl });
  // Every request must stay on baseUrl's origin (a middleware could point one elsewhere).
  const origin = new URL(options.baseUrl).origin;
  const secrets = new SecretSet();
  const redact = (text: string) => secrets.redact(text);
  const decoder = new TextDecoder();
  // openapi-fetch gets this instead of the real response, so it reads no body: the client reads
  // the real one itself, bounded. One shared object: openapi-fetch only reads its status.
  let stub: Response | undefined;
  const auth = createAuthenticator(
    options.auth,
    (credentials) => call(TOKEN_OPERATION, credentials, {}),
    clock,
    secrets,
  );
  const contexts = {} as Record<OperationId, DecodeContext>;
  for (const id in operationMeta) {
    const operationId = id as OperationId;
    const { method, path, statuses } = operationMeta[operationId];
    contexts[operationId] = {
      operationId,
      method,
      path,
      statuses,
      safeBody: (text) => safeBody(text, secrets),
      redact,
      ...(operationId === TOKEN_OPERATION && { validData: isAccessToken }),
    };
  }
  let lastIdHeader = '';
  let lastIdRedacted = '';

  /** Reads `body` up to maxBytes (TOO_LARGE past it); the attempt may cancel the reader. */
  async function readBody(body: ReadableStream<Uint8Array> | null, state: Attempt): Promise<string> {
    if (body === null) return '';
    const reader = body.getReader();
    state.reader = reader;
    if (state.fired) reader.cancel().catch(ignore);
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      size += r.value.byteLength;
      if (size > maxBytes) throw TOO_LARGE;
      chunks.push(r.value);
    }
    if (chunks.length < 2) return decoder.decode(chunks[0]);
    const all = new Uint8Array(size);
    size = 0;
    for (const chunk of chunks) {
      all.set(chunk, size);
      size += chunk.byteLength;
    }
    return decoder.decode(all);
  }

  /**
   * Sends one request if `url` stays on baseUrl's origin, noting whether fetch itself failed:
   * `request` as is (after middleware), or one made from `url` and `init`.
   */
  async function send(state: Attempt, url: string, init: RequestInit, request?: Request): Promise<Response> {
    if (url !== origin && !url.startsWith(`${origin}/`)) throw OTHER_ORIGIN;
    state.fetched = true;
    try {
      return await (request
        ? baseFetch(request)
        : options.fetch
          ? options.fetch(new Request(url, init))
          : globalThis.fetch(url, init));
    } catch (error) {
      state.fetchFailed = true;
      throw error;
    }
  }

  /** openapi-fetch's fetch without middleware: one real request from the PlainRequest, the stub back. */
  async function plainFetch(input: unknown): Promise<Response> {
    const { url, init, attempt: state } = input as PlainRequest & { attempt: Attempt };
    init.headers =
      init.body === undefined ? state.headers : { 'Content-Type': 'application/json', ...state.headers };
    state.real = await send(state, url, init);
    stub ??= new Response(null, { status: 204 });
    return stub;
  }

  /**
   * Per-attempt timeouts for attempts without a caller signal: one AbortController per bucket
   * instead of one per attempt (fetch lists every abort listener of a signal per request, so at
   * most 16 attempts join one). Attempts that start within `width` ms (1/32 of the timeout, at
   * most 1 s) of a bucket's first share it, and its timer fires `timeoutMs + width` after that
   * first start, so no attempt times out before `timeoutMs`, and none more than `width` after.
   */
  const width = Math.max(1, Math.min(1000, Math.floor(timeoutMs / 32)));
  let current: Bucket | undefined;
  function join(state: Attempt): AbortSignal {
    const now = Date.now();
    let bucket = current;
    if (bucket === undefined || bucket.fired || now > bucket.closesAt || bucket.joins >= 16) {
      if (bucket && bucket.members.size === 0) clearTimeout(bucket.timer);
      bucket = current = {
        controller: new AbortController(),
        members: new Set(),
        joins: 0,
        fired: false,
        closesAt: now + width,
      } as Bucket;
      bucket.timer = setTimeout(fireBucket, timeoutMs + width, bucket);
    } else if (bucket.members.size === 0) setRef(bucket.timer, true);
    bucket.joins++;
    bucket.members.add(state);
    state.bucket = bucket;
    return bucket.controller.signal;
  }
  function leave(state: Attempt): void {
    const bucket = state.bucket;
    if (bucket === undefined) return;
    bucket.members.delete(state);
    if (bucket.members.size > 0) return;
    if (bucket === current && !bucket.fired) setRef(bucket.timer, false);
    else clearTimeout(bucket.timer);
  }

  /**
   * One HTTP attempt through the facade, its body read here (bounded) rather than by
   * openapi-fetch. Throws `fail(...)` for what no retry can mend.
   */
  async function attempt(
    operationId: OperationId,
    input: unknown,
    headers: Record<string, string>,
    caller: AbortSignal | undefined,
    limitMs: number,
    leftMs: number,
    fail: (status: number, code: string, detail: string, cause?: unknown) => ApiError,
  ): Promise<Outcome> {
    const state = new Attempt();
    state.headers = headers;
    let signal: AbortSignal;
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (caller === undefined && leftMs >= timeoutMs + width) {
      signal = join(state);
    } else {
      const controller = new AbortController();
      state.controller = controller;
      signal = controller.signal;
      timer = setTimeout(fireTimeout, limitMs, state);
      if (caller) {
        if (caller.aborted) state.fire(ABORTED);
        else caller.addEventListener('abort', state, { once: true });
      }
    }
    // No middleware to show a Request to: openapi-fetch builds a PlainRequest (URL, method,
    // body), and the one real Request is made in plainFetch with the client's headers, so the
    // headers are not merged and copied twice. Either way openapi-fetch gets the stub and reads
    // no body. With middleware, `capture` is first in the list, so its onResponse runs last and
    // sees the response after user middleware.
    const init = userMiddleware.length
      ? {
          headers,
          signal,
          fetch: (request: Request) => send(state, request.url, request, request),
          parseAs: 'stream',
          redirect: 'manual',
          middleware: [
            {
              onResponse: ({ response }) => {
                state.real = response;
                stub ??= new Response(null, { status: 204 });
                return stub;
              },
            } satisfies Middleware,
            ...userMiddleware,
          ],
        }
      : {
          signal,
          parseAs: 'stream',
          redirect: 'manual',
          Request: PlainRequest,
          fetch: plainFetch,
          attempt: state,
        };
    let body = false;
    let fatal: ApiError | undefined;
    try {
      const run = (operationFunctions[operationId] as unknown as FacadeCall)(api, input, init as CallInit);
      // A custom fetch may ignore the signal: the attempt's `stop` ends the wait anyway.
      const settled = (await new Promise<unknown>((resolve, reject) => {
        state.stop = reject;
        if (state.fired) reject(undefined);
        run.then(resolve, reject);
      })) as Settled;
      state.stop = undefined;
      body = true;
      // An onRequest middleware may answer by itself; openapi-fetch then skips fetch and onResponse.
      const real = state.real;
      const response = real ?? settled.response;
      const { status } = response;
      if (response.type === 'opaqueredirect' || (status >= 300 && status < 400)) {
        response.body?.cancel().catch(ignore);
        const target = redact(targetOrigin(response.headers.get('Location'), response.url || origin));
        fatal = fail(status, 'unexpected_redirect', `redirect to ${target} not followed`);
        throw fatal;
      }
      const text =
        real === undefined && settled.data === undefined && settled.error !== undefined
          ? // openapi-fetch already read a middleware's own error response.
            typeof settled.error === 'string'
            ? settled.error
            : (JSON.stringify(settled.error) ?? '')
          : await readBody(response.body, state);
      if (state.fired) throw undefined;
      return { status, headers: response.headers, text };
    } catch (error) {
      if (fatal) throw fatal;
      if (state.fired === ABORTED) throw ABORTED_CALL;
      if (state.fired === TIMEOUT) return { code: 'timeout', cause: undefined };
      if (error === TOO_LARGE) {
        // Cancelling the body closes the connection (fetch aborts on a cancelled body).
        state.controller?.abort();
        state.reader?.cancel().catch(ignore);
        throw fail(state.real?.status ?? 0, 'response_too_large', `body over ${maxBytes} B`);
      }
      if (error === OTHER_ORIGIN) throw fail(0, 'invalid_request', `request left ${origin}`);
      if (body || state.fetchFailed) return { code: 'network_error', cause: error };
      throw state.fetched
        ? fail(0, 'middleware_error', 'middleware failed', error)
        : fail(0, 'invalid_request', 'request not built', error);
    } finally {
      if (timer === undefined) leave(state);
      else {
        clearTimeout(timer);
        caller?.removeEventListener('abort', state);
      }
    }
  }

  async function call<Op extends OperationId>(
    operationId: Op,
    input: unknown,
    callOptions: CallOptions,
  ): Promise<Result<Op>> {
    const ctx = contexts[operationId];
    const retryClass = retryClassOf(operationId);
    const startedAt = clock.now();
    const deadline = startedAt + policy.maxElapsedMs;
    const extra = callOptions.headers;
    let sentRequestId: string | undefined;
    if (extra) {
      for (const name in extra) {
        if (name.toLowerCase() === 'x-request-id') sentRequestId = extra[name];
      }
    }
    sentRequestId ??= newRequestId();
    const signal = callOptions.signal;
    const facts = { attempts: 0, sentRequestId };
    let retries = 0;
    let refreshed = false;
    const failure = (
      status: number,
      code: string,
      detail: string,
      cause?: unknown,
      requestId = sentRequestId,
    ) =>
      new ApiError({
        operationId,
        method: ctx.method,
        path: ctx.path,
        status,
        code,
        requestId: redact(requestId as string),
        body: '',
        attempts: facts.attempts,
        detail: redact(detail),
        cause: cause === undefined ? undefined : redactedCause(cause, redact),
      });

    try {
      for (;;) {
        if (signal?.aborted) throw ABORTED_CALL;
        const pending = auth.credentialFor(operationId);
        let credential: CredentialOutcome;
        if (pending instanceof Promise) {
          const left = deadline - clock.now();
          if (left <= 0) throw failure(0, 'timeout', OUT_OF_BUDGET);
          const settled = await withinBudget(pending, signal, left);
          if (settled === OUT_OF_TIME) throw failure(0, 'timeout', OUT_OF_BUDGET);
          credential = settled;
        } else credential = pending;
        if (credential.kind === 'invalid')
          throw failure(0, 'invalid_credentials', credential.detail, undefined, '');
        if (credential.kind === 'unsupported')
          throw failure(0, 'auth_unsupported', credential.detail, undefined, '');
        if (credential.kind === 'exchange-failed') {
          const { result } = credential;
          if (ctx.statuses.includes(result.status)) return result as unknown as Result<Op>;
          throw failure(
            result.status,
            safeCode(result.error.code, redact) ?? 'unauthorized',
            EXCHANGE_FAILED + result.error.message,
          );
        }
        const left = deadline - clock.now();
        if (left <= 0) throw failure(0, 'timeout', OUT_OF_BUDGET);
        facts.attempts += 1;
        const headers: Record<string, string> = {
          'User-Agent': product,
          'X-Client': product,
          'X-Request-Id': sentRequestId,
          ...credential.headers,
          ...extra,
        };
        const limitMs = left < timeoutMs ? left : timeoutMs;
        const outcome = await attempt(operationId, input, headers, signal, limitMs, left, failure);
        const { status } = outcome;
        if (status === 401 && credential.exchangedToken && !refreshed) {
          // RFC 6750, section 3.1: invalid_token. Exchange once more and replay, once.
          refreshed = true;
          auth.invalidate(credential.exchangedToken);
          continue;
        }

        const retryable =
          status !== undefined ? isRetryableStatus(retryClass, status) : isRetryableNetworkError(retryClass);
        if (retryable && retries < policy.retries) {
          const now = clock.now();
          const retryAfter =
            status !== undefined ? parseRetryAfter(outcome.headers.get('Retry-After'), now) : undefined;
          const delayMs = retryAfter ?? backoffDelay(retries + 1, policy, clock.random);
          // The wait must leave time for another attempt inside maxElapsedMs.
          if (now + delayMs < deadline) {
            retries += 1;
            const idHeader = status !== undefined ? outcome.headers.get('X-Request-Id') : null;
            policy.onRetry?.({
              operationId,
              retry: retries,
              delayMs,
              status: status ?? 0,
              requestId: idHeader === null ? sentRequestId : redact(idHeader),
            });
            await clock.sleep(delayMs, signal);
            continue;
          }
        }

        if (status === undefined) {
          const detail =
            outcome.code === 'timeout'
              ? limitMs < timeoutMs
                ? OUT_OF_BUDGET
                : `timed out after ${timeoutMs} ms`
              : String((outcome.cause as Error)?.message ?? outcome.cause);
          // Only a redacted copy: the fetch's own error may quote a header or URL holding a secret.
          throw failure(0, outcome.code, detail, outcome.cause);
        }
        const header = outcome.headers.get('X-Request-Id');
        if (header !== null && header !== sentRequestId && header !== lastIdHeader) {
          lastIdHeader = header;
          lastIdRedacted = redact(header);
        }
        return decode<Op>(
          ctx,
          facts,
          outcome.status,
          outcome.headers,
          outcome.text,
          header === null || header === sentRequestId ? header : lastIdRedacted,
        );
      }
    } catch (error) {
      if (error === ABORTED_CALL || signal?.aborted) throw failure(0, 'aborted', 'aborted', signal?.reason);
      if (error instanceof ApiError) {
        if (error.operationId === operationId) throw error;
        // The token exchange failed in a way no result describes: say so for this call.
        throw failure(error.status, error.code, EXCHANGE_FAILED + error.message, error, '');
      }
      throw failure(0, 'invalid_request', 'failed', error);
    }
  }

  const client: Record<string, unknown> = {};
  for (const operationId of Object.keys(operationMeta) as OperationId[]) {
    client[operationId] = (input: unknown, callOptions?: CallOptions) =>
      call(operationId, input, callOptions ?? NO_OPTIONS);
  }
  return Object.freeze(client) as CustomersClient<A>;
}

const OUT_OF_BUDGET = 'retry.maxElapsedMs ran out';
const EXCHANGE_FAILED = 'the token exchange failed: ';
const NO_OPTIONS: CallOptions = Object.freeze({});
const ignore = () => undefined;

/** One attempt's state: why its signal fired, what it got, and what to cancel. */
class Attempt {
  fired = 0;
  real: Response | undefined;
  fetched = false;
  fetchFailed = false;
  reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  stop: ((reason?: unknown) => void) | undefined;
  controller: AbortController | undefined;
  bucket: Bucket | undefined;
  declare headers: Record<string, string>;

  fire(why: number): void {
    if (this.fired) return;
    this.fired = why;
    this.controller?.abort();
    this.stop?.(undefined);
    this.reader?.cancel().catch(ignore);
  }

  /** The caller's signal aborted (this object is its listener). */
  handleEvent(): void {
    this.fire(ABORTED);
  }
}

function fireTimeout(state: Attempt): void {
  state.fire(TIMEOUT);
}

/** A controller and a timer shared by the attempts that started within one bucket's width. */
interface Bucket {
  controller: AbortController;
  members: Set<Attempt>;
  joins: number;
  fired: boolean;
  closesAt: number;
  timer: ReturnType<typeof setTimeout>;
}

function fireBucket(bucket: Bucket): void {
  bucket.fired = true;
  bucket.controller.abort();
  for (const member of bucket.members) member.fire(TIMEOUT);
}

/** Keeps a Node timer from holding the process open while no attempt waits on it. */
function setRef(timer: ReturnType<typeof setTimeout>, ref: boolean): void {
  const handle = timer as unknown as { ref?: () => void; unref?: () => void };
  (ref ? handle.ref : handle.unref)?.call(handle);
}

/**
 * What openapi-fetch constructs instead of a Request when no middleware needs a real one (its
 * documented `Request` option): the URL and the init, turned into one real request at send time.
 * openapi-fetch copies the other options it does not know (method, signal, redirect, attempt)
 * onto it.
 */
class PlainRequest {
  constructor(
    readonly url: string,
    readonly init: RequestInit,
  ) {}
}
const OUT_OF_TIME = Symbol('out of time');

/** Waits for `promise` at most `ms`, or until `signal` aborts (which rejects with its reason). */
function withinBudget<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  ms: number,
): Promise<T | typeof OUT_OF_TIME> {
  return new Promise((resolve, reject) => {
    const settle = (how: (value: never) => void, value: unknown) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      how(value as never);
    };
    const onAbort = () => settle(reject, signal?.reason);
    const timer = setTimeout(settle, ms, resolve, OUT_OF_TIME);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => settle(resolve, value),
      (error) => settle(reject, error),
    );
  });
}
