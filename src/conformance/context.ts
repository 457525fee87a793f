// The state of one run: sends requests (recording every exchange), retries 429s as the spec
// allows, and collects failures per check with their curl line and first differences.
import { type Secret, toCurl } from './curl.js';
import type {
  CheckName,
  ConformanceOptions,
  Difference,
  Exchange,
  Failure,
  ReceivedResponse,
} from './types.js';

/** What a check asks the context to send. */
export interface RequestSpec {
  sentBy: Exchange['sentBy'];
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
}

/** How many differences a failure prints; the rest are counted. */
const MAX_DIFFERENCES = 5;
/** A 429 is retried at most this often before its answer counts (RFC 9110 §10.2.3 Retry-After). */
const MAX_429_RETRIES = 10;

/** One conformance run in progress. */
export class RunContext {
  readonly baseUrl: string;
  readonly exchanges: Exchange[] = [];
  readonly failures = new Map<CheckName, Failure[]>();
  readonly sent = new Map<CheckName, number>();
  readonly secrets: Secret[] = [];
  /** Credential header values the suite made up (invalid on purpose): safe to print verbatim. */
  readonly publicCredentials = new Set<string>();
  /** Scratch space for checks that build on an earlier check's exchanges. */
  readonly notes = new Map<string, unknown>();
  /** The bearer token to use (given, or obtained from the key and secret). */
  bearer?: string;
  private readonly fetchImpl: typeof fetch;
  private sequence = 0;
  /** Milliseconds left for waiting out 429s in this run, so a throttling server cannot stall the suite. */
  private waitBudgetMs: number;

  constructor(
    readonly options: ConformanceOptions,
    readonly seed: number,
    readonly numRuns: number,
  ) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.bearer = options.token;
    this.waitBudgetMs = options.maxRateLimitWaitMs ?? 120_000;
    if (options.token) this.addSecret(options.token, 'CONFORMANCE_TOKEN');
    if (options.apiKey) this.addSecret(options.apiKey, 'CONFORMANCE_API_KEY');
    if (options.apiSecret) this.addSecret(options.apiSecret, 'CONFORMANCE_API_SECRET');
  }

  /** Registers a value that must never be printed (e.g. a token the server minted). */
  addSecret(value: string, variable: string): void {
    if (value && !this.secrets.some((s) => s.value === value)) this.secrets.push({ value, variable });
  }

  /** Headers that authenticate a delete: bearer if there is one, else the API key (business only). */
  authHeaders(operationId: string): Record<string, string> | undefined {
    if (this.bearer) return { Authorization: `Bearer ${this.bearer}` };
    if (this.options.apiKey && operationId === 'deleteBusinessCustomer')
      return { 'X-API-Key': this.options.apiKey };
    return undefined;
  }

  /**
   * Sends one request and records the exchange. A 429 with a valid `Retry-After` no longer than
   * `maxRetryAfterMs` is waited out and retried, as the spec allows (info.description, "Retries");
   * every 429 stays recorded, so its headers are checked. Waiting is bounded per request and, in
   * total, by `maxRateLimitWaitMs`.
   */
  async send(spec: RequestSpec): Promise<Exchange> {
    if (spec.sentBy !== 'setup') this.sent.set(spec.sentBy, (this.sent.get(spec.sentBy) ?? 0) + 1);
    let exchange = await this.sendOnce(spec);
    for (let attempt = 0; attempt < MAX_429_RETRIES && exchange.response?.status === 429; attempt++) {
      const retryAfter = exchange.response.headers['retry-after'];
      const waitMs =
        retryAfter !== undefined && /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter) * 1000 : undefined;
      if (
        spec.retry429 === false ||
        waitMs === undefined ||
        waitMs > (this.options.maxRetryAfterMs ?? 5000) ||
        waitMs > this.waitBudgetMs
      )
        break;
      this.waitBudgetMs -= waitMs;
      await new Promise((r) => setTimeout(r, waitMs));
      exchange = await this.sendOnce(spec);
    }
    return exchange;
  }

  private async sendOnce(spec: RequestSpec): Promise<Exchange> {
    this.sequence += 1;
    const headers: Record<string, string> = {
      Accept: 'application/json',
      // A valid client request id must be echoed (info.description, "Request ids").
      'X-Request-Id': `conformance-${this.seed}-${this.sequence}`,
      ...spec.headers,
    };
    const exchange: Exchange = {
      id: this.sequence,
      sentBy: spec.sentBy,
      label: spec.label,
      ...(spec.operationId !== undefined && { operationId: spec.operationId }),
      ...(spec.unsupportedMethod && { unsupportedMethod: true }),
      request: {
        method: spec.method,
        url: `${this.baseUrl}${spec.path}`,
        headers,
        ...(spec.body !== undefined && { body: spec.body }),
      },
    };
    this.exchanges.push(exchange);
    try {
      const response = await this.fetchImpl(exchange.request.url, {
        method: spec.method,
        headers,
        ...(spec.body !== undefined && { body: spec.body }),
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
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
      exchange.error = `${(error as Error).name}: ${(error as Error).message}`;
    }
    return exchange;
  }

  /** Replaces any known secret in text a report will show (a server may echo one back). */
  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) {
      if (secret.value.length >= 4) out = out.replaceAll(secret.value, `\${${secret.variable}}`);
    }
    return out;
  }

  /** Records a failure of `check` (no-op when `differences` is empty). */
  fail(check: CheckName, exchange: Exchange | undefined, label: string, differences: Difference[]): void {
    if (differences.length === 0) return;
    const list = this.failures.get(check) ?? [];
    list.push({
      check,
      label,
      curl: exchange ? toCurl(exchange.request, this.secrets, this.publicCredentials) : '(no request)',
      differences: differences.slice(0, MAX_DIFFERENCES).map((d) => ({
        at: d.at,
        expected: this.redact(d.expected),
        actual: this.redact(d.actual),
      })),
      moreDifferences: Math.max(0, differences.length - MAX_DIFFERENCES),
      ...(exchange && { exchangeId: exchange.id }),
    });
    this.failures.set(check, list);
  }
}

/** `status` differs from the allowed ones (or there is no response at all). */
export function statusDifference(exchange: Exchange, allowed: readonly number[]): Difference[] {
  if (!exchange.response)
    return [{ at: 'response', expected: 'an HTTP response', actual: exchange.error ?? 'none' }];
  if (allowed.includes(exchange.response.status)) return [];
  return [{ at: 'status', expected: allowed.join(' or '), actual: String(exchange.response.status) }];
}

/** The error body's `code` differs from `code`. */
export function codeDifference(exchange: Exchange, code: string): Difference[] {
  const actual = (exchange.response?.json as { code?: unknown } | undefined)?.code;
  if (actual === code) return [];
  return [
    { at: 'body/code', expected: code, actual: actual === undefined ? '(absent)' : JSON.stringify(actual) },
  ];
}
