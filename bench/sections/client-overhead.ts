// Client overhead: this client (every policy on) beside bare openapi-fetch, raw fetch and Redocly's
// generated TypeScript client, on the same deleteCustomer call: over loopback HTTP against the
// bare node:http server, and with an in-memory fetch that isolates each client's own CPU cost.
// The in-memory part also adds the client's policies to bare openapi-fetch one at a time, using
// the client's own modules, so a reader sees what each costs.
import createClient from 'openapi-fetch';
import type { paths } from '../../generated/schema.js';
import { createAuthenticator } from '../../src/client/auth.js';
import { systemClock } from '../../src/client/clock.js';
import { createCustomersClient } from '../../src/client/index.js';
import { SecretSet } from '../../src/client/redact.js';
import { type DecodeContext, decode } from '../../src/client/result.js';
import { CLIENT_ID } from '../../src/client/version.js';
import type { BenchContext } from '../lib/context.js';
import { forkServer } from '../lib/proc.js';
import { createRedoclyClient } from '../lib/redocly-client.js';
import { CUSTOMER_ID, DELETE_PATH, deleteCustomerExample } from '../lib/request.js';
import { type Figure, figure, type Section } from '../lib/results.js';
import { median, pairedRatio } from '../lib/stats.js';

type Call = () => Promise<void>;
type Variant = { name: string; call: Call; runs: number[] };
type FetchLike = (request: Request) => Promise<Response>;

const TOKEN = 'bench_static_token';
const params = { path: { customerId: CUSTOMER_ID } };

function check(ok: boolean, who: string): void {
  if (!ok) throw new Error(`bench: ${who} did not get the 200`);
}

async function peers(ctx: BenchContext, baseUrl: string, fetchImpl: FetchLike): Promise<Variant[]> {
  const ours = createCustomersClient({ baseUrl, auth: { token: TOKEN }, fetch: fetchImpl });
  const bare = createClient<paths>({ baseUrl, fetch: fetchImpl });
  const redocly = await createRedoclyClient(ctx, baseUrl, TOKEN, fetchImpl);
  const url = baseUrl + DELETE_PATH;
  const headers = { Authorization: `Bearer ${TOKEN}` };
  return [
    {
      name: 'this client',
      runs: [],
      call: async () => check((await ours.deleteCustomer({ customerId: CUSTOMER_ID })).ok, 'this client'),
    },
    {
      name: 'openapi-fetch',
      runs: [],
      call: async () =>
        check(!!(await bare.DELETE('/customers/{customerId}', { params, headers })).data, 'openapi-fetch'),
    },
    {
      name: 'raw fetch',
      runs: [],
      call: async () => {
        const res = await fetchImpl(new Request(url, { method: 'DELETE', headers }));
        check(res.ok, 'raw fetch');
        await res.json();
      },
    },
    {
      name: 'Redocly client',
      runs: [],
      call: async () =>
        check(!!(await redocly.deleteCustomer({ path: { customerId: CUSTOMER_ID } })), 'Redocly'),
    },
  ];
}

/**
 * openapi-fetch with the client's policies added one at a time (each row includes the ones above
 * it), built from the client's own modules: what each policy costs on top of openapi-fetch.
 */
function policyStack(baseUrl: string, fetchImpl: FetchLike): Variant[] {
  const bare = createClient<paths>({ baseUrl, fetch: fetchImpl });
  const secrets = new SecretSet();
  const auth = createAuthenticator(
    { token: TOKEN },
    () => Promise.reject(new Error('no exchange')),
    systemClock,
    secrets,
  );
  const ctx: DecodeContext = {
    operationId: 'deleteCustomer',
    method: 'DELETE',
    path: '/customers/{customerId}',
    statuses: [200, 400, 401, 403, 404, 429, 500],
    safeBody: (text) => text,
    redact: (text) => secrets.redact(text),
  };
  const decoder = new TextDecoder();
  const id = () => `req_${crypto.randomUUID().replaceAll('-', '')}`;
  type Step = { auth: boolean; ids: boolean; retry: boolean; decode: boolean; redact: boolean };
  const make = (name: string, s: Step): Variant => ({
    name,
    runs: [],
    call: async () => {
      const credential = s.auth ? auth.credentialFor('deleteCustomer') : undefined;
      const headers: Record<string, string> =
        credential && !(credential instanceof Promise) && credential.kind === 'headers'
          ? { ...credential.headers }
          : { Authorization: `Bearer ${TOKEN}` };
      const sent = s.ids ? id() : '';
      if (s.ids)
        Object.assign(headers, { 'User-Agent': CLIENT_ID, 'X-Client': CLIENT_ID, 'X-Request-Id': sent });
      const once = async () => {
        const controller = s.retry ? new AbortController() : undefined;
        const timer = s.retry ? setTimeout(() => controller?.abort(), 30_000) : undefined;
        try {
          if (!s.decode) {
            const { data } = await bare.DELETE('/customers/{customerId}', {
              params,
              headers,
              ...(controller && { signal: controller.signal }),
            });
            return check(!!data, 'policy stack');
          }
          const { response } = await bare.DELETE('/customers/{customerId}', {
            params,
            headers,
            parseAs: 'stream',
            redirect: 'manual',
            ...(controller && { signal: controller.signal }),
          });
          const reader = (response.body as ReadableStream<Uint8Array>).getReader();
          let text = '';
          for (let r = await reader.read(); !r.done; r = await reader.read()) text += decoder.decode(r.value);
          const header = response.headers.get('X-Request-Id');
          const shown = s.redact && header !== null ? secrets.redact(header) : header;
          check(
            decode(ctx, { attempts: 1, sentRequestId: sent }, response.status, response.headers, text, shown)
              .ok,
            'policy stack',
          );
        } finally {
          clearTimeout(timer);
        }
      };
      if (!s.retry) return once();
      for (let attempt = 0; ; attempt++) {
        try {
          return await once();
        } catch (error) {
          if (attempt >= 2) throw error;
        }
      }
    },
  });
  const none = { auth: false, ids: false, retry: false, decode: false, redact: false };
  return [
    make('openapi-fetch (policy baseline)', none),
    make('  + auth (authenticator lookup)', { ...none, auth: true }),
    make('  + request ids and identification headers', { ...none, auth: true, ids: true }),
    make('  + retry wrapper and per-attempt timeout', { ...none, auth: true, ids: true, retry: true }),
    make('  + decoding (bounded stream read, typed result)', {
      auth: true,
      ids: true,
      retry: true,
      decode: true,
      redact: false,
    }),
    make('  + redaction (of the server request id)', {
      auth: true,
      ids: true,
      retry: true,
      decode: true,
      redact: true,
    }),
  ];
}

/** Completed calls per second with `concurrency` callers looping until `ms` have passed. */
export async function round(call: Call, concurrency: number, ms: number): Promise<number> {
  const start = performance.now();
  const deadline = start + ms;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      await call();
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return (done * 1000) / (performance.now() - start);
}

async function measure(ctx: BenchContext, label: string, list: Variant[], roundMs: number): Promise<void> {
  const { concurrency, warmupRounds, rounds } = ctx.config.client;
  for (let r = 0; r < warmupRounds; r++) for (const v of list) await round(v.call, concurrency, roundMs);
  for (let r = 0; r < rounds; r++) {
    ctx.log(`client: ${label} round ${r + 1}/${rounds}`);
    // Rotate the order so no variant always runs first (after GC, or on a cooler CPU).
    for (let i = 0; i < list.length; i++) {
      const v = list[(r + i) % list.length] as Variant;
      v.runs.push(await round(v.call, concurrency, roundMs));
    }
  }
}

const byName = (list: Variant[], name: string) => list.find((v) => v.name === name) as Variant;
const perCall = (v: Variant) => v.runs.map((ops) => 1e6 / ops);

/** Runs the client section. */
export async function clientOverhead(ctx: BenchContext): Promise<Section> {
  const { concurrency, warmupRounds, rounds, roundMs } = ctx.config.client;
  const server = await forkServer('bench/servers/bare.ts');
  try {
    const overHttp = await peers(ctx, server.url, (request) => fetch(request));
    await measure(ctx, 'loopback HTTP', overHttp, roundMs);

    // In memory: the same response bytes and headers, no socket; what remains is each client's own work.
    const body = deleteCustomerExample();
    const responseHeaders = {
      'Content-Type': 'application/json',
      'X-Request-Id': 'req_01H9Xc4L8pN3qR5s',
      RateLimit: '"default";r=99;t=60',
      'RateLimit-Policy': '"default";q=100;w=60',
    };
    const memFetch: FetchLike = async () => new Response(body, { status: 200, headers: responseHeaders });
    const memRoundMs = Math.max(100, roundMs / 2);
    const inMemory = await peers(ctx, 'http://127.0.0.1:9', memFetch);
    await measure(ctx, 'in-memory fetch', inMemory, memRoundMs);
    const stack = policyStack('http://127.0.0.1:9', memFetch);
    await measure(ctx, 'policy stack', stack, memRoundMs);

    const figures: Figure[] = [];
    const httpBare = byName(overHttp, 'openapi-fetch');
    for (const v of overHttp) {
      const ratio = pairedRatio(v.runs, httpBare.runs);
      figures.push(
        figure(`${v.name} (loopback HTTP)`, 'throughput', 'ops/s', v.runs, {
          baseline: 'openapi-fetch',
          ratio,
          ...(v.name === 'this client' && { target: { text: '>= 0.95x openapi-fetch', met: ratio >= 0.95 } }),
        }),
      );
    }
    const memBare = perCall(byName(inMemory, 'openapi-fetch'));
    for (const v of inMemory) {
      const ratio = pairedRatio(perCall(v), memBare);
      figures.push(
        figure(`${v.name} (in-memory fetch)`, 'cost per call', 'µs', perCall(v), {
          baseline: 'openapi-fetch',
          ratio,
          ...(v.name === 'this client' && { target: { text: '<= 1.2x openapi-fetch', met: ratio <= 1.2 } }),
        }),
      );
    }
    const stackBase = perCall(stack[0] as Variant);
    let previous = median(stackBase);
    for (const v of stack) {
      const cost = median(perCall(v));
      figures.push(
        figure(v.name, 'cost per call (in-memory)', 'µs', perCall(v), {
          baseline: 'openapi-fetch (policy baseline)',
          ratio: pairedRatio(perCall(v), stackBase),
          note:
            v === stack[0]
              ? 'baseline'
              : `${cost - previous >= 0 ? '+' : ''}${(cost - previous).toFixed(1)} µs over the row above`,
        }),
      );
      previous = cost;
    }
    const ours = median(perCall(byName(inMemory, 'this client')));
    const redocly = median(perCall(byName(inMemory, 'Redocly client')));
    return {
      id: 'client-overhead',
      title: 'Client overhead',
      method: `DELETE ${DELETE_PATH} with a bearer token, answered by the bare node:http server (its own process) with the spec's 200 example, and by an in-memory fetch returning the same bytes and headers. Each round runs each variant for ${roundMs} ms (in memory ${memRoundMs} ms) with ${concurrency} concurrent callers in the bench process; order rotated per round; ${warmupRounds} warm-up round(s), then ${rounds} measured rounds; ratios are medians of per-round ratios. "this client" is createCustomersClient({ auth: { token } }) with its default policies (retries, 30 s per-attempt timeout over the body read, redirects refused, 1 MiB body limit, request ids, identification headers, typed results, redaction); "openapi-fetch" is createClient<paths>() calling DELETE with the same Authorization header; "raw fetch" is fetch() + res.json(); "Redocly client" is the TypeScript client \`redocly generate-client openapi.yaml\` writes (generated into the run's temporary folder, never committed) with auth { bearer }, its default retries and middleware. The policy rows add the client's policies to openapi-fetch one at a time with the client's own modules (src/client/auth.ts, result.ts, redact.ts): each row includes the ones above it.`,
      figures,
      notes: [
        `In memory, this client costs ${ours.toFixed(1)} µs per call and Redocly's client ${redocly.toFixed(1)} µs. Both add retries, timeouts and auth; this client also reads the body as a bounded stream, sends three more headers (X-Request-Id, User-Agent, X-Client) and builds a result narrowed by status, while Redocly's client builds its own request and response handling without openapi-fetch's middleware and serializers.`,
      ],
    };
  } finally {
    await server.close();
  }
}
