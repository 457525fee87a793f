// The state of one run: sends requests (recording every exchange), waits out 429s as the spec
// allows (on the run's clock), and collects failures and hints per check.
import { systemClock } from '../client/clock.js';
import { SecretSet } from '../client/redact.js';
import { parseRetryAfter } from '../client/retry.js';
import type { SpecIndex } from '../spec/index.js';
import type { CheckIo, Expectation } from './check.js';
import { expectResponse, statusDifference } from './check.js';
import { type Secret, toCurl } from './curl.js';
import type {
  ConformanceClock,
  ConformanceOptions,
  Difference,
  Exchange,
  Failure,
  ProgressEvent,
  ReceivedResponse,
} from './types.js';

/** What a check asks the context to send. */
export interface RequestSpec {
  /** The check that sends it, or `setup`. */
  sentBy: string;
  label: string;
  operationId?: string;
  unsupportedMethod?: boolean;
  method: string;
  /** Path below the base URL, already percent-encoded (sent as is). */
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Set false to take a 429 as the answer (the rate-limit check wants to see it). */
  retry429?: boolean;
  /** A credential case of ignored_auth: refusing it needs the server to validate the credential. */
  credential?: Exchange['credential'];
}

/** How many differences a failure prints; the rest are counted. */
const MAX_DIFFERENCES = 5;
/** A 429 is retried at most this often before its answer counts (RFC 9110 §10.2.3 Retry-After). */
const MAX_429_RETRIES = 10;

/**
 * Client request ids that break the spec's RequestId rule (1 to 128 of `[A-Za-z0-9._:-]`, starting
 * with a letter or digit). Every fifth request sends one: the server must answer with an id it
 * generated, never the invalid one (info.description, "Request ids").
 */
export const INVALID_REQUEST_IDS: readonly string[] = [
  'has a space',
  `r${'x'.repeat(199)}`,
  '-starts-with-a-dash',
  'slash/inside',
  '',
  'quote"inside',
];
/** Every third request carries this `Origin`: the answer must carry `Access-Control-Allow-Origin`. */
export const CONFORMANCE_ORIGIN = 'http://conformance.test';

/** One conformance run in progress. */
export class RunContext {
  readonly baseUrl: string;
  readonly exchanges: Exchange[] = [];
  readonly failures = new Map<string, Failure[]>();
  readonly sent = new Map<string, number>();
  readonly hints = new Map<string, string[]>();
  /** Secrets and the shell variables that stand for them in curl lines. */
  readonly secrets: Secret[] = [];
  /** The redactor of everything a server sent back (the client's, shared). */
  readonly redactor = new SecretSet();
  /** Credential header values the suite made up (invalid on purpose): safe to print verbatim. */
  readonly publicCredentials = new Set<string>();
  /** individual_soft_delete's first delete per id, which individual_delete_idempotent compares with. */
  readonly firstIndividualDeletes = new Map<string, Exchange>();
  /** The bearer token to use (given, or obtained from the key and secret). */
  bearer?: string;
  readonly clock: ConformanceClock;
  private readonly fetchImpl: (input: string, init: RequestInit) => Promise<Response>;
  private readonly onProgress: (event: ProgressEvent) => void;
  private sequence = 0;
  /** Milliseconds left for waiting out 429s in this run, so a throttling server cannot stall the suite. */
  private waitBudgetMs: number;

  constructor(
    readonly options: ConformanceOptions,
    readonly spec: SpecIndex,
    readonly seed: number,
    readonly numRuns: number,
  ) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.clock = options.clock ?? systemClock;
    this.onProgress = options.onProgress ?? (() => undefined);
    this.bearer = options.token;
    this.waitBudgetMs = options.maxRateLimitWaitMs ?? 120_000;
    if (options.token) this.addSecret(options.token, 'CONFORMANCE_TOKEN');
    if (options.apiKey) this.addSecret(options.apiKey, 'CONFORMANCE_API_KEY');
    if (options.apiSecret) this.addSecret(options.apiSecret, 'CONFORMANCE_API_SECRET');
  }

  /** Registers a value that must never be printed (e.g. a token the server minted). */
  addSecret(value: string, variable: string): void {
    if (!value || this.secrets.some((s) => s.value === value)) return;
    this.secrets.push({ value, variable });
    this.redactor.add(value);
  }

  /** Headers that authenticate a delete: bearer if there is one, else the API key (business only). */
  authHeaders(operationId: string): Record<string, string> | undefined {
    if (this.bearer) return { Authorization: `Bearer ${this.bearer}` };
    if (this.options.apiKey && operationId === 'deleteBusinessCustomer')
      return { 'X-API-Key': this.options.apiKey };
    return undefined;
  }

  /** The concrete path for an operation, with `segment` (already percent-encoded) as its id. */
  pathFor(operationId: string, segment: string): string {
    return this.spec.operation(operationId).path.replace('{customerId}', segment);
  }

  /** A well-formed id that almost surely does not exist, so sending it never deletes anything. */
  absentId(prefix: string, n = 0): string {
    return `${prefix}conformanceProbe${Math.abs(this.seed)}x${n}`;
  }

  /** Reports progress to the caller's `onProgress`. */
  progress(event: ProgressEvent): void {
    this.onProgress(event);
  }

  /**
   * Sends one request and records the exchange. A 429 with a valid `Retry-After` no longer than
   * `maxRetryAfterMs` is waited out (on the run's clock) and retried, as the spec allows
   * (info.description, "Retries"); every 429 stays recorded, so its headers are checked. Waiting
   * is bounded per request and, in total, by `maxRateLimitWaitMs`.
   */
  async send(spec: RequestSpec): Promise<Exchange> {
    if (spec.sentBy !== 'setup') this.sent.set(spec.sentBy, (this.sent.get(spec.sentBy) ?? 0) + 1);
    let exchange = await this.sendOnce(spec);
    for (let attempt = 0; attempt < MAX_429_RETRIES && exchange.response?.status === 429; attempt++) {
      const retryAfter = exchange.response.headers['retry-after'];
      const waitMs = parseRetryAfter(retryAfter ?? null, this.clock.now());
      if (
        spec.retry429 === false ||
        waitMs === undefined ||
        waitMs > (this.options.maxRetryAfterMs ?? 5000) ||
        waitMs > this.waitBudgetMs
      )
        break;
      this.waitBudgetMs -= waitMs;
      this.progress({ type: 'wait', check: spec.sentBy, ms: waitMs, retryAfter: retryAfter ?? '' });
      await this.clock.sleep(waitMs);
      exchange = await this.sendOnce(spec);
    }
    return exchange;
  }

  private async sendOnce(spec: RequestSpec): Promise<Exchange> {
    this.sequence += 1;
    const n = this.sequence;
    const headers: Record<string, string> = {
      Accept: 'application/json',
      // A valid client request id must be echoed, an invalid one replaced (info.description, "Request ids").
      'X-Request-Id':
        n % 5 === 0
          ? (INVALID_REQUEST_IDS[(n / 5) % INVALID_REQUEST_IDS.length] ?? '')
          : `conformance-${this.seed}-${n}`,
      ...(n % 3 === 1 && { Origin: CONFORMANCE_ORIGIN }),
      ...spec.headers,
    };
    const exchange: Exchange = {
      id: n,
      sentBy: spec.sentBy,
      label: spec.label,
      ...(spec.operationId !== undefined && { operationId: spec.operationId }),
      ...(spec.unsupportedMethod && { unsupportedMethod: true }),
      ...(spec.credential && { credential: spec.credential }),
      request: {
        method: spec.method,
        url: `${this.baseUrl}${spec.path}`,
        headers,
        ...(spec.body !== undefined && { body: spec.body }),
      },
    };
    this.exchanges.push(exchange);
    this.progress({ type: 'request', check: spec.sentBy, sent: this.sent.get(spec.sentBy) ?? 0 });
    const attempt = () =>
      this.fetchImpl(exchange.request.url, {
        method: spec.method,
        headers,
        ...(spec.body !== undefined && { body: spec.body }),
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    try {
      let response: Response;
      try {
        response = await attempt();
      } catch (error) {
        // A kept-alive connection the server closed just as it was reused fails before any byte of
        // an answer; a client may retry then (RFC 9112, section 9.3.1). Every request here is safe to
        // repeat (the deletes are idempotent, the token exchange safe to retry). A server that drops
        // the request itself drops the retry too, and that is reported.
        const code = (error as { cause?: { code?: unknown } }).cause?.code;
        if (code !== 'UND_ERR_SOCKET' && code !== 'ECONNRESET') throw error;
        response = await attempt();
      }
      const text = await response.text();
      const received: ReceivedResponse = { status: response.status, headers: {}, text };
      response.headers.forEach((value, name) => {
        received.headers[name.toLowerCase()] = value;
      });
      if (text.length > 0) {
        try {
          received.json = JSON.parse(text);
        } catch (error) {
          received.jsonError = (error as Error).message;
        }
      }
      exchange.response = received;
      // A token minted by the server is a secret too.
      const minted = (received.json as { accessToken?: unknown } | undefined)?.accessToken;
      if (typeof minted === 'string') this.addSecret(minted, 'CONFORMANCE_TOKEN');
    } catch (error) {
      const { name, message, cause } = error as Error & { cause?: { code?: unknown; message?: unknown } };
      const why = cause ? ` (${String(cause.code ?? cause.message ?? cause)})` : '';
      exchange.error = this.redactor.redact(`${name}: ${message}${why}`);
    }
    return exchange;
  }

  /** Records a failure of `check` (no-op when `differences` is empty). */
  fail(check: string, exchange: Exchange | undefined, label: string, differences: Difference[]): void {
    if (differences.length === 0) return;
    const list = this.failures.get(check) ?? [];
    const redact = (text: string) => this.redactor.redact(text);
    list.push({
      check,
      label: redact(label),
      curl: exchange ? toCurl(exchange.request, this.secrets, this.publicCredentials) : '(no request)',
      differences: differences.slice(0, MAX_DIFFERENCES).map((d) => ({
        at: d.at,
        expected: redact(d.expected),
        actual: redact(d.actual),
      })),
      moreDifferences: Math.max(0, differences.length - MAX_DIFFERENCES),
      ...(exchange && { exchangeId: exchange.id }),
    });
    this.failures.set(check, list);
  }

  /** The send/fail/expect/hint handle a request check runs with, bound to its name. */
  io(check: string): CheckIo {
    return {
      send: (request) => this.send({ ...request, sentBy: check }),
      fail: (exchange, label, differences) => this.fail(check, exchange, label, differences),
      expect: (exchange: Exchange, expectation: Expectation, extra: Difference[] = []) => {
        const status = statusDifference(exchange, expectation.status);
        const all = status.length > 0 ? status : [...expectResponse(exchange, expectation), ...extra];
        this.fail(check, exchange, exchange.label, all);
        return all;
      },
      hint: (text) => {
        const list = this.hints.get(check) ?? [];
        if (!list.includes(text)) list.push(text);
        this.hints.set(check, list);
      },
    };
  }
}
