// What every section receives: the profile, a private temporary folder, and a progress logger.
import type { BenchConfig } from '../config.js';

/** Shared inputs of one `npm run bench`. */
export interface BenchContext {
  config: BenchConfig;
  /** A temporary folder outside the repo, removed at the end of the run. */
  tmp: string;
  /** A temporary folder inside the repo (`.tmp/`, gitignored) for bundles that must resolve node_modules. */
  localTmp: string;
  /** Progress on stderr; never prints credentials. */
  log(message: string): void;
}

/**
 * Exchanges a demo key for a bearer token at `POST /auth/token` of `baseUrl`, through `fetchImpl`
 * (default: the global fetch, over HTTP; an in-process sandbox's `fetch` works too).
 */
export async function exchangeToken(
  baseUrl: string,
  apiKey: string,
  apiSecret: string,
  fetchImpl: (request: Request) => Promise<Response> = (request) => fetch(request),
): Promise<string> {
  const res = await fetchImpl(
    new Request(`${baseUrl}/auth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ apiKey, apiSecret }),
    }),
  );
  const body = (await res.json().catch(() => ({}))) as { accessToken?: string; message?: string };
  if (res.status !== 200 || typeof body.accessToken !== 'string') {
    // The key is not echoed: only the status and the server's message.
    throw new Error(
      `bench: token exchange at ${baseUrl}/auth/token answered ${res.status}: ${body.message ?? ''}`,
    );
  }
  return body.accessToken;
}
