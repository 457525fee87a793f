// A small node:http implementation of openapi.yaml, written apart from the sandbox: the suite must
// pass against a second, independent correct server (no false positive from the sandbox's quirks).
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { spec, validateSchema } from '../../src/spec/index.js';

/** Two accounts: the suite acts as `a`; `b` owns the foreign customers. */
export const ACCOUNTS = {
  a: {
    apiKey: 'sk_sdbx_referenceKeyAccountA01',
    apiSecret: 'ss_referenceSecretAccountA01',
    individuals: ['cst_a1', 'cst_a2'],
    businesses: ['cus_a1', 'cus_a2'],
  },
  b: {
    apiKey: 'sk_sdbx_referenceKeyAccountB01',
    apiSecret: 'ss_referenceSecretAccountB01',
    individuals: ['cst_b1'],
    businesses: ['cus_b1'],
  },
} as const;

type Account = keyof typeof ACCOUNTS;
type Json = Record<string, unknown>;

const exampleCustomer = (
  (spec.paths as Json)['/customers/{customerId}'] as {
    delete: {
      responses: { 200: { content: { 'application/json': { examples: { deleted: { value: Json } } } } } };
    };
  }
).delete.responses[200].content['application/json'].examples.deleted.value;

const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const BEARER = /^bearer ([A-Za-z0-9\-._~+/]+=*)$/i;

/** Starts the reference server on a free 127.0.0.1 port; `quota` is requests per credential. */
export async function startReferenceServer(quota = 10_000): Promise<{ url: string; close(): Promise<void> }> {
  const tokens = new Map<string, Account>();
  const individuals = new Map<string, { account: Account; status: string; updatedAt: string }>();
  const businesses = new Map<string, { account: Account; deleted: boolean }>();
  for (const [account, data] of Object.entries(ACCOUNTS) as [Account, (typeof ACCOUNTS)[Account]][]) {
    for (const id of data.individuals)
      individuals.set(id, { account, status: 'active', updatedAt: '2026-01-01T00:00:00Z' });
    for (const id of data.businesses) businesses.set(id, { account, deleted: false });
  }
  const used = new Map<string, number>();

  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const sent = req.headers['x-request-id'];
    const requestId =
      typeof sent === 'string' && REQUEST_ID.test(sent) ? sent : `req_${randomBytes(6).toString('hex')}`;
    const credential = String(req.headers.authorization ?? req.headers['x-api-key'] ?? 'anonymous');
    const count = (used.get(credential) ?? 0) + 1;
    used.set(credential, count);
    const send = (status: number, payload: unknown, extra: Record<string, string> = {}): void => {
      const headers: Record<string, string> = {
        'Content-Type': 'application/json',
        ...(status < 500 && {
          RateLimit: `"default";r=${Math.max(0, quota - count)};t=60`,
          'RateLimit-Policy': `"default";q=${quota};w=60`,
        }),
        'X-Request-Id': requestId,
        ...(req.headers.origin !== undefined && { 'Access-Control-Allow-Origin': '*' }),
        ...extra,
      };
      res.writeHead(status, headers).end(JSON.stringify(payload));
    };
    const error = (status: number, code: string, message: string, extra: Record<string, string> = {}): void =>
      send(status, { message, code, requestId }, extra);
    const unauthorized = () =>
      error(401, 'unauthorized', 'Unauthorized', { 'WWW-Authenticate': 'Bearer realm="customers-api"' });

    if (count > quota) {
      error(429, 'rate_limited', 'Too many requests.', { 'Retry-After': '60' });
      return;
    }
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/auth/token') {
      if (req.method !== 'POST') return error(405, 'method_not_allowed', 'Use POST.', { Allow: 'POST' });
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        return error(400, 'invalid_request', 'Invalid request body: not JSON.');
      }
      if (
        !String(req.headers['content-type']).startsWith('application/json') ||
        validateSchema('AccessTokenRequest', parsed).length > 0
      ) {
        return error(400, 'invalid_request', 'Invalid request body.');
      }
      const { apiKey, apiSecret } = parsed as { apiKey: string; apiSecret: string };
      const account = (Object.keys(ACCOUNTS) as Account[]).find(
        (a) => ACCOUNTS[a].apiKey === apiKey && ACCOUNTS[a].apiSecret === apiSecret,
      );
      if (!account) return unauthorized();
      const token = [
        'eyJhbGciOiJIUzI1NiJ9',
        randomBytes(12).toString('base64url'),
        randomBytes(16).toString('base64url'),
      ].join('.');
      tokens.set(token, account);
      return send(
        200,
        {
          accessToken: token,
          tokenType: 'bearer',
          expiresIn: 3600,
          expiresAt: new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
        },
        { 'Cache-Control': 'no-store' },
      );
    }
    const business = /^\/customers\/business\/([^/]*)$/.exec(path);
    const individual = business ? null : /^\/customers\/([^/]*)$/.exec(path);
    const match = business ?? individual;
    if (!match) return error(404, 'customer_not_found', 'No such route.');
    if (req.method !== 'DELETE') return error(405, 'method_not_allowed', 'Use DELETE.', { Allow: 'DELETE' });

    const bearer = BEARER.exec(String(req.headers.authorization ?? ''));
    let account = bearer ? tokens.get(bearer[1] ?? '') : undefined;
    if (!account && business && req.headers.authorization === undefined) {
      account = (Object.keys(ACCOUNTS) as Account[]).find(
        (a) => ACCOUNTS[a].apiKey === req.headers['x-api-key'],
      );
    }
    if (!account) return unauthorized();

    let id: string;
    try {
      id = decodeURIComponent(match[1] ?? '');
    } catch {
      id = '\u0000';
    }
    const own = business ? 'BusinessCustomerId' : 'CustomerId';
    const other = business ? 'CustomerId' : 'BusinessCustomerId';
    if (validateSchema(own, id).length > 0) {
      if (validateSchema(other, id).length === 0)
        return error(400, 'customer_type_mismatch', 'Customer is of the other type.');
      return error(400, 'invalid_request', 'Invalid customerId.');
    }
    const visible = (owner: Account) => owner === account;
    if (business) {
      const found = businesses.get(id);
      if (!found || !visible(found.account) || found.deleted) {
        return error(404, 'customer_not_found', 'Customer not found');
      }
      found.deleted = true;
      return send(200, { success: true, message: 'Business customer deleted successfully', customerId: id });
    }
    const found = individuals.get(id);
    if (!found || !visible(found.account)) return error(404, 'customer_not_found', 'Customer not found');
    if (found.status !== 'inactive') {
      found.updatedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      found.status = 'inactive';
    }
    const customer: Json = { ...exampleCustomer, id, status: found.status, updatedAt: found.updatedAt };
    return send(200, customer);
  };

  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      try {
        handle(req, res, body);
      } catch (error) {
        // A bug in this test server must show up as a 500, not as a hung request.
        res.writeHead(500, { 'Content-Type': 'text/plain' }).end(String(error));
      }
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
