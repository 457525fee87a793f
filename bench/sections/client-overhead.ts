// Section 2: operations per second of this client (policies on), bare openapi-fetch and raw fetch,
// on the same deleteCustomer call against the same local server, in interleaved rounds; and the same
// three with an in-memory fetch, which isolates each client's own CPU cost from the network.
import createClient from 'openapi-fetch';
import type { paths } from '../../generated/schema.js';
import { createCustomersClient } from '../../src/client/index.js';
import type { BenchContext } from '../lib/context.js';
import { forkServer } from '../lib/proc.js';
import { CUSTOMER_ID, DELETE_PATH, deleteCustomerExample } from '../lib/request.js';
import { type Figure, figure, type Section } from '../lib/results.js';
import { pairedRatio } from '../lib/stats.js';

type Call = () => Promise<void>;
type Variant = { name: 'this client' | 'openapi-fetch' | 'raw fetch'; call: Call; runs: number[] };

const TOKEN = 'bench_static_token';

function variants(baseUrl: string, fetchImpl: (request: Request) => Promise<Response>): Variant[] {
  const ours = createCustomersClient({ baseUrl, auth: { token: TOKEN }, fetch: fetchImpl });
  const bare = createClient<paths>({ baseUrl, fetch: fetchImpl });
  const url = baseUrl + DELETE_PATH;
  const headers = { Authorization: `Bearer ${TOKEN}` };
  return [
    {
      name: 'this client',
      runs: [],
      call: async () => {
        const result = await ours.deleteCustomer({ customerId: CUSTOMER_ID });
        if (!result.ok) throw new Error(`bench: this client got ${result.status}`);
      },
    },
    {
      name: 'openapi-fetch',
      runs: [],
      call: async () => {
        const { data, response } = await bare.DELETE('/customers/{customerId}', {
          params: { path: { customerId: CUSTOMER_ID } },
          headers,
        });
        if (!data) throw new Error(`bench: openapi-fetch got ${response.status}`);
      },
    },
    {
      name: 'raw fetch',
      runs: [],
      call: async () => {
        const res = await fetchImpl(new Request(url, { method: 'DELETE', headers }));
        if (!res.ok) throw new Error(`bench: raw fetch got ${res.status}`);
        await res.json();
      },
    },
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

function figuresOf(list: Variant[], setting: string): Figure[] {
  const [ours, bare, raw] = list as [Variant, Variant, Variant];
  const vsBare = pairedRatio(ours.runs, bare.runs);
  return [
    figure(`raw fetch (${setting})`, 'throughput', 'ops/s', raw.runs, { baseline: 'raw fetch', ratio: 1 }),
    figure(`openapi-fetch (${setting})`, 'throughput', 'ops/s', bare.runs, {
      baseline: 'raw fetch',
      ratio: pairedRatio(bare.runs, raw.runs),
    }),
    figure(`this client (${setting})`, 'throughput', 'ops/s', ours.runs, {
      baseline: 'raw fetch',
      ratio: pairedRatio(ours.runs, raw.runs),
    }),
    figure(`this client (${setting})`, 'throughput', 'ops/s', ours.runs, {
      baseline: 'openapi-fetch',
      ratio: vsBare,
      ...(setting === 'loopback HTTP' && { target: { text: '>= 0.9x openapi-fetch', met: vsBare >= 0.9 } }),
    }),
  ];
}

/** Runs section 2. */
export async function clientOverhead(ctx: BenchContext): Promise<Section> {
  const { concurrency, warmupRounds, rounds, roundMs } = ctx.config.client;
  const server = await forkServer('bench/servers/bare.ts');
  try {
    const overHttp = variants(server.url, (request) => fetch(request));
    await measure(ctx, 'loopback HTTP', overHttp, roundMs);

    // In memory: the same response bytes and headers, no socket; what remains is each client's own work.
    const body = deleteCustomerExample();
    const responseHeaders = {
      'Content-Type': 'application/json',
      'X-Request-Id': 'req_01H9Xc4L8pN3qR5s',
      RateLimit: '"default";r=99;t=60',
      'RateLimit-Policy': '"default";q=100;w=60',
    };
    const inMemory = variants(
      'http://127.0.0.1:9',
      async () => new Response(body, { status: 200, headers: responseHeaders }),
    );
    await measure(ctx, 'in-memory fetch', inMemory, Math.max(100, roundMs / 2));

    const [ours, , raw] = inMemory as [Variant, Variant, Variant];
    const bareMem = inMemory[1] as Variant;
    const perCall = (v: Variant) => v.runs.map((ops) => 1e6 / ops);
    const figures = [
      ...figuresOf(overHttp, 'loopback HTTP'),
      ...figuresOf(inMemory, 'in-memory fetch'),
      figure('this client (in-memory fetch)', 'cost per call', 'µs', perCall(ours), {
        baseline: 'openapi-fetch',
        ratio: pairedRatio(perCall(ours), perCall(bareMem)),
      }),
      figure('openapi-fetch (in-memory fetch)', 'cost per call', 'µs', perCall(bareMem), {
        baseline: 'raw fetch',
        ratio: pairedRatio(perCall(bareMem), perCall(raw)),
      }),
    ];
    return {
      id: 'client-overhead',
      title: '2. Client overhead',
      method: `DELETE ${DELETE_PATH} with a bearer token, answered by the bare node:http server of section 1 (its own process) with the spec's 200 example. Each round runs each variant for ${roundMs} ms with ${concurrency} concurrent callers in the bench process; order rotated per round; ${warmupRounds} warm-up round(s), then ${rounds} measured rounds. Ratios are medians of per-round ratios. "this client" is createCustomersClient({ auth: { token } }) with its default policies (retries, 30 s per-attempt timeout, request ids, result decoding); "openapi-fetch" is createClient<paths>() calling DELETE with the same header; "raw fetch" is fetch() + res.json(). The in-memory rows replace the socket with a fetch that returns the same bytes (rounds of ${Math.max(100, roundMs / 2)} ms).`,
      figures,
      notes: [],
    };
  } finally {
    await server.close();
  }
}
