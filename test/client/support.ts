// Test helpers for the client: an injected fetch that records requests and answers from a
// handler, JSON responses shaped like the spec's, and a virtual clock that never waits.
import type { Clock } from '../../src/client/index.js';

/** The base URL every client test uses; nothing listens there, fetch is always injected. */
export const BASE_URL = 'http://127.0.0.1:9/v0.9';

/** One request as the fake server saw it. */
export interface Seen {
  method: string;
  path: string;
  headers: Headers;
  body: string;
  signal: AbortSignal;
}

/** A handler gets the request, the same request already read, and its 0-based index. */
export type Handler = (seen: Seen, index: number) => Response | Promise<Response>;

/** A fetch that records every request and answers with `handler`. */
export function fakeFetch(handler: Handler) {
  const seen: Seen[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    const entry: Seen = {
      method: request.method,
      path: new URL(request.url).pathname.replace('/v0.9', ''),
      headers: request.headers,
      body: request.body ? await request.text() : '',
      signal: request.signal,
    };
    seen.push(entry);
    return handler(entry, seen.length - 1);
  };
  return { fetch, seen, paths: () => seen.map((s) => `${s.method} ${s.path}`) };
}

/** A JSON response with an X-Request-Id, as this API sends them. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', 'X-Request-Id': `req_${status}`, ...headers },
  });
}

/** The spec's error body for `status`. */
export function errorBody(status: number, code: string, message = `failed with ${status}`) {
  return { message, code, requestId: `req_${status}` };
}

/** A delete that the spec documents as 200 for an individual customer. */
export const deletedCustomer = {
  id: 'cst_01H9Xa8F5dN6mP3q',
  object: 'customer',
  type: 'individual',
  firstName: 'Jane',
  middleName: null,
  lastName: 'Smith',
  email: 'jane@example.com',
  phone: '+12125551234',
  nationality: 'US',
  externalId: 'usr_12345',
  status: 'inactive',
  signedAgreement: true,
  signedAgreementAt: '2026-03-20T14:15:22Z',
  wallets: [],
  endorsements: [],
  metadata: {},
  createdAt: '2023-11-07T05:31:56Z',
  updatedAt: '2026-03-21T09:30:00Z',
} as const;

/** The business delete's 200 body. */
export const businessDeletion = {
  success: true,
  message: 'Business customer deleted successfully',
  customerId: 'cus_abc123xyz789',
} as const;

/** Credentials shaped like the spec's, used only against the fake fetch. */
export const creds = {
  apiKey: 'sk_sdbx_4eC39HqLyjWDarjtT1zdp7dc',
  apiSecret: 'ss_9Fh2LmQ7pX4sT8vW1yZ3bC6dN0kR5jH2',
};

let tokenCounter = 0;
/** A fresh JWS-shaped access token. */
export function newToken(): string {
  tokenCounter += 1;
  return `eyJhbGciOiJIUzI1NiJ9.eyJuIjo${tokenCounter}fQ.sig${tokenCounter}abcdefghijklmnop`;
}

/** A 200 from POST /auth/token for `token`, living `expiresIn` seconds from `now`. */
export function tokenResponse(token: string, expiresIn = 3600, now = Date.now()): Response {
  return json(200, {
    accessToken: token,
    tokenType: 'bearer',
    expiresIn,
    expiresAt: new Date(now + expiresIn * 1000).toISOString(),
  });
}

/** A clock whose sleeps return at once and move its time forward; records every sleep. */
export function virtualClock(start = Date.UTC(2026, 2, 20, 14, 0, 0), random = () => 0.5) {
  let now = start;
  const sleeps: number[] = [];
  const clock: Clock = {
    now: () => now,
    random,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      sleeps.push(ms);
      now += ms;
    },
  };
  return { clock, sleeps, advance: (ms: number) => (now += ms) };
}
