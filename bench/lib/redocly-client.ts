// Redocly's generated TypeScript client, a peer of this package's client: `redocly generate-client`
// (the pinned @redocly/cli) writes it from openapi.yaml into the run's temporary folder inside the
// repo (so esbuild and tsx resolve it); it is never committed. Generated once per run.
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchContext } from './context.js';
import { ROOT, timeCommandOk } from './proc.js';

/** The call the bench makes with Redocly's client: grouped inputs, throw mode (its defaults). */
export interface RedoclyClient {
  deleteCustomer(args: { path: { customerId: string } }): Promise<unknown>;
}
type CreateClient = (
  operations: unknown,
  config: { serverUrl: string; fetch?: typeof fetch; auth?: { bearer: string }; clientHeader?: false },
) => RedoclyClient;

const generated = new Map<string, Promise<string>>();

/** Generates the client (once per run) and returns the path of its single `client.ts`. */
export function redoclyClientPath(ctx: BenchContext): Promise<string> {
  let path = generated.get(ctx.localTmp);
  if (!path) {
    path = (async () => {
      const out = join(ctx.localTmp, 'redocly-client', 'client.ts');
      await timeCommandOk(resolve(ROOT, 'node_modules/.bin/redocly'), [
        'generate-client',
        resolve(ROOT, 'openapi.yaml'),
        '--output',
        out,
      ]);
      return out;
    })();
    generated.set(ctx.localTmp, path);
  }
  return path;
}

/** A Redocly client for `serverUrl` sending `Authorization: Bearer token`. */
export async function createRedoclyClient(
  ctx: BenchContext,
  serverUrl: string,
  token: string,
  fetchImpl?: (request: Request) => Promise<Response>,
): Promise<RedoclyClient> {
  const mod = (await import(pathToFileURL(await redoclyClientPath(ctx)).href)) as {
    createClient: CreateClient;
    OPERATIONS: unknown;
  };
  return mod.createClient(mod.OPERATIONS, {
    serverUrl,
    auth: { bearer: token },
    ...(fetchImpl && {
      fetch: ((input: RequestInfo | URL, init?: RequestInit) =>
        fetchImpl(input instanceof Request ? input : new Request(input, init))) as typeof fetch,
    }),
  });
}
