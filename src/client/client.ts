// createCustomersClient: the typed client. Each method calls its generated openapi-fetch facade
// (generated/operations.ts) once per attempt and wraps it in the policies of this folder: auth,
// retries, per-attempt timeouts, cancellation, request ids, and results typed from the spec.
import createClient, { type Middleware } from 'openapi-fetch';
import {
  type CallInit,
  type OperationId,
  operationFunctions,
  operationMeta,
} from '../../generated/operations.js';
import type { paths } from '../../generated/schema.js';
import { type AuthOptions, createAuthenticator, TOKEN_OPERATION } from './auth.js';
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
import { attemptSignal, raceAbort } from './signal.js';
import { CLIENT_ID } from './version.js';

/** Options of createCustomersClient. */
export interface CustomersClientOptions {
  /** The server URL including the version, for example `https://sandbox-api.polygon.technology/v0.9`. */
  baseUrl: string;
  /** `{ token }`, `{ apiKey, apiSecret }` (exchanged at POST /auth/token) or `{ apiKey }` (X-API-Key where allowed). */
  auth?: AuthOptions;
  /** A fetch to use instead of globalThis.fetch (tests, other runtimes, proxies). */
  fetch?: (request: Request) => Promise<Response>;
  /** openapi-fetch middleware, run on every attempt in this order. */
  middleware?: Middleware[];
  /** Retry settings; default 2 retries, full jitter from 500 ms up to 8 s, 60 s in total. */
  retry?: RetryOptions;
  /** Per-attempt timeout in ms; default 30000. */
  timeoutMs?: number;
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

/** The client: one method per operationId of openapi.yaml. */
export type CustomersClient = {
  readonly [Op in OperationId]: (input: OperationInput<Op>, options?: CallOptions) => Promise<Result<Op>>;
};

type Outcome =
  | { kind: 'response'; status: number; headers: Headers; text: string }
  | { kind: 'network'; code: 'network_error' | 'timeout'; cause: unknown };

type FacadeCall = (client: unknown, input: unknown, init: CallInit) => Promise<unknown>;

function newRequestId(): string {
  const uuid = globalThis.crypto?.randomUUID?.();
  return `req_${uuid ? uuid.replaceAll('-', '') : Math.random().toString(36).slice(2)}`;
}

function retryClassOf(operationId: OperationId): RetryClass {
  if (operationId === TOKEN_OPERATION) return 'token-exchange';
  return operationMeta[operationId].idempotent ? 'idempotent' : 'unsafe';
}

/**
 * Creates the typed client. Every method resolves to a result narrowed by `status` for each
 * documented response, and rejects with ApiError for anything else.
 */
export function createCustomersClient(options: CustomersClientOptions): CustomersClient {
  const clock: Clock = { ...systemClock, ...options.clock };
  const policy = retryPolicy(options.retry);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const userMiddleware = options.middleware ?? [];
  const product = options.userAgent ? `${options.userAgent} ${CLIENT_ID}` : CLIENT_ID;
  const baseFetch = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const api = createClient<paths>({ baseUrl: options.baseUrl });
  const secrets = new SecretSet();
  const redact = (text: string) => secrets.redact(text);
  const auth = createAuthenticator(
    options.auth,
    (credentials) => call(TOKEN_OPERATION, credentials, {}),
    clock,
    secrets,
  );

  /** One HTTP attempt through the facade; the body is read here so openapi-fetch's parsing cannot lose it. */
  async function attempt(
    operationId: OperationId,
    input: unknown,
    headers: Record<string, string>,
    caller: AbortSignal | undefined,
  ): Promise<Outcome> {
    const timer = attemptSignal(caller, timeoutMs);
    let response: Response | undefined;
    let text: Promise<string> | undefined;
    let fetchFailed = false;
    // First in the list, so its onResponse runs last and sees the response after user middleware.
    const capture: Middleware = {
      onResponse: ({ response: final }) => {
        response = final;
        // The body is read once, here, as raw text (the client decodes it itself); openapi-fetch
        // gets an empty copy, so there is no tee, no second read and no discarded JSON.parse.
        text = final.text();
        text.catch(() => undefined);
        return new Response(null, {
          status: final.status,
          statusText: final.statusText,
          headers: final.headers,
        });
      },
    };
    const fetchOnce = async (request: Request) => {
      try {
        return await baseFetch(request);
      } catch (error) {
        fetchFailed = true;
        throw error;
      }
    };
    // parseAs is openapi-fetch's own option, passed through the facade's init unchanged. Nothing is
    // left to parse in the empty copy; 'text' keeps openapi-fetch from throwing on it.
    const init: CallInit & { parseAs: 'text' } = {
      headers,
      signal: timer.signal,
      fetch: fetchOnce,
      middleware: [capture, ...userMiddleware],
      parseAs: 'text',
    };
    const run = (operationFunctions[operationId] as unknown as FacadeCall)(api, input, init);
    try {
      try {
        const settled = await raceAbort(
          run.catch((error: unknown) => {
            if (response === undefined) throw error;
            return undefined; // openapi-fetch could not parse the body; the captured text has it.
          }),
          timer.signal,
        );
        const final = response as Response | undefined;
        if (final && text) {
          const body = await raceAbort(text, timer.signal);
          return { kind: 'response', status: final.status, headers: final.headers, text: body };
        }
        // An onRequest middleware answered by itself (openapi-fetch then skips onResponse):
        // take its response and the body openapi-fetch already parsed.
        const {
          response: own,
          data,
          error,
        } = settled as { response: Response; data?: unknown; error?: unknown };
        const body =
          typeof data === 'string'
            ? data
            : typeof error === 'string'
              ? error
              : (JSON.stringify(data ?? error) ?? '');
        return { kind: 'response', status: own.status, headers: own.headers, text: body };
      } catch (error) {
        const cause = timer.cause();
        if (cause === 'aborted') throw new AbortedCall(error);
        if (cause === 'timeout') return { kind: 'network', code: 'timeout', cause: error };
        if (fetchFailed) return { kind: 'network', code: 'network_error', cause: error };
        throw error; // A middleware's own error: not the network's, so not retried.
      }
    } finally {
      timer.dispose();
      run.catch(() => undefined);
    }
  }

  async function call<Op extends OperationId>(
    operationId: Op,
    input: unknown,
    callOptions: CallOptions,
  ): Promise<Result<Op>> {
    const meta = operationMeta[operationId];
    const retryClass = retryClassOf(operationId);
    const startedAt = clock.now();
    const callerId = Object.entries(callOptions.headers ?? {}).find(
      ([name]) => name.toLowerCase() === 'x-request-id',
    );
    const sentRequestId = callerId?.[1] ?? newRequestId();
    const signal = callOptions.signal;
    let attempts = 0;
    let retries = 0;
    let refreshed = false;
    const base = { operationId, method: meta.method, path: meta.path };
    const failure = (status: number, code: string, detail: string, cause?: unknown, body = '') =>
      new ApiError({ ...base, status, code, requestId: sentRequestId, body, attempts, detail, cause });

    try {
      for (;;) {
        if (signal?.aborted) throw new AbortedCall(signal.reason);
        const credential = await auth.credentialFor(operationId, signal);
        if (credential.kind === 'unsupported') throw failure(0, 'auth_unsupported', credential.detail);
        if (credential.kind === 'exchange-failed') {
          const { result } = credential;
          if ((meta.statuses as readonly number[]).includes(result.status))
            return result as unknown as Result<Op>;
          throw failure(
            result.status,
            safeCode(result.error.code, redact) ?? 'unauthorized',
            `the token exchange failed: ${result.error.message}`,
          );
        }
        attempts += 1;
        const headers = {
          'User-Agent': product,
          'X-Client': product,
          'X-Request-Id': sentRequestId,
          ...credential.headers,
          ...callOptions.headers,
        };
        const outcome = await attempt(operationId, input, headers, signal);

        if (
          outcome.kind === 'response' &&
          outcome.status === 401 &&
          credential.exchangedToken &&
          !refreshed
        ) {
          // RFC 6750, section 3.1: invalid_token. Exchange once more and replay, once.
          refreshed = true;
          auth.invalidate(credential.exchangedToken);
          continue;
        }

        const retryable =
          outcome.kind === 'response'
            ? isRetryableStatus(retryClass, outcome.status)
            : isRetryableNetworkError(retryClass);
        if (retryable && retries < policy.retries) {
          const retryAfter =
            outcome.kind === 'response'
              ? parseRetryAfter(outcome.headers.get('Retry-After'), clock.now())
              : undefined;
          const delayMs = retryAfter ?? backoffDelay(retries + 1, policy, clock.random);
          if (clock.now() + delayMs - startedAt <= policy.maxElapsedMs) {
            retries += 1;
            policy.onRetry?.({
              operationId,
              retry: retries,
              delayMs,
              status: outcome.kind === 'response' ? outcome.status : 0,
              requestId:
                outcome.kind === 'response'
                  ? (outcome.headers.get('X-Request-Id') ?? sentRequestId)
                  : sentRequestId,
            });
            await clock.sleep(delayMs, signal);
            continue;
          }
        }

        if (outcome.kind === 'network') {
          const detail =
            outcome.code === 'timeout'
              ? `each attempt timed out after ${timeoutMs} ms`
              : `the request failed: ${secrets.redact(outcome.cause instanceof Error ? outcome.cause.message : String(outcome.cause))}`;
          // Only a redacted copy: the fetch's own error may quote a header or URL holding a secret.
          throw failure(0, outcome.code, detail, redactedCause(outcome.cause, redact));
        }
        const ctx: DecodeContext = {
          ...base,
          statuses: meta.statuses,
          attempts,
          sentRequestId,
          safeBody: (text) => safeBody(text, secrets),
          redact,
        };
        return decode<Op>(ctx, outcome.status, outcome.headers, outcome.text);
      }
    } catch (error) {
      if (error instanceof AbortedCall || (signal?.aborted && !(error instanceof ApiError))) {
        throw failure(0, 'aborted', 'the caller aborted the call', signal?.reason);
      }
      throw error;
    }
  }

  const client: Record<string, unknown> = {};
  for (const operationId of Object.keys(operationMeta) as OperationId[]) {
    client[operationId] = (input: unknown, callOptions: CallOptions = {}) =>
      call(operationId, input, callOptions);
  }
  return Object.freeze(client) as CustomersClient;
}

/** Internal marker: the caller's signal fired during an attempt. */
class AbortedCall extends Error {
  constructor(cause: unknown) {
    super('aborted', { cause });
  }
}
