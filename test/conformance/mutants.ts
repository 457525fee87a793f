// One mutant per checkable rule of src/conformance/rules.ts (plus a few extra), each a wrapper
// around the real sandbox that breaks exactly that rule, and the named checks that must catch it.
// The mutation test asserts that every checkable rule has a mutant and that every mutant's
// `caughtBy` is among its rule's checks, so the README's table and these tests cannot drift.
import type { CheckName } from '../../src/conformance/index.js';
import { demoCredentials, type Sandbox } from '../../src/sandbox/index.js';
import { editHeaders, editJson, type Handler, jsonResponse, type Wrapper } from './harness.js';

/** What a mutant may use besides its inner handler. */
export interface MutantContext {
  sandbox: Sandbox;
}

export interface Mutant {
  /** camelCase, unique: the one vocabulary for mutants in tests and in CONFORMANCE.md. */
  name: string;
  /** The id of the rule it breaks (src/conformance/rules.ts). */
  rule: string;
  /** What it does, in a few words. */
  does: string;
  /** Checks that must fail against it (each among the rule's checks). */
  caughtBy: readonly CheckName[];
  /** A fresh wrapper per run (wrappers may keep state). */
  make(context: MutantContext): Wrapper;
}

const [fullKey, , otherAccountKey] = demoCredentials as [
  (typeof demoCredentials)[number],
  (typeof demoCredentials)[number],
  (typeof demoCredentials)[number],
];

type Route = 'token' | 'individual' | 'business' | 'other';
function route(request: Request): Route {
  const { pathname } = new URL(request.url);
  if (pathname === '/auth/token') return 'token';
  if (/^\/customers\/business\/[^/]*$/.test(pathname)) return 'business';
  if (/^\/customers\/[^/]*$/.test(pathname)) return 'individual';
  return 'other';
}
const isDelete = (request: Request) =>
  request.method === 'DELETE' && (route(request) === 'individual' || route(request) === 'business');
const idOf = (request: Request) => decodeURIComponent(new URL(request.url).pathname.split('/').pop() ?? '');

async function codeOf(response: Response): Promise<string | undefined> {
  try {
    return ((await response.clone().json()) as { code?: string }).code;
  } catch {
    return undefined;
  }
}

/** Obtains (once per wrapper) a bearer token for a demo key straight from the inner server. */
function tokens(inner: Handler) {
  const cache = new Map<string, Promise<string>>();
  return (key: { apiKey: string; apiSecret: string }, origin: string) => {
    let token = cache.get(key.apiKey);
    if (!token) {
      token = inner(
        new Request(`${origin}/auth/token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ apiKey: key.apiKey, apiSecret: key.apiSecret }),
        }),
      ).then(async (r) => ((await r.json()) as { accessToken: string }).accessToken);
      cache.set(key.apiKey, token);
    }
    return token;
  };
}

/** `request` with headers changed (same method, URL and body). */
async function withHeaders(request: Request, edit: (headers: Headers) => void): Promise<Request> {
  const headers = new Headers(request.headers);
  edit(headers);
  const body =
    request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
  return new Request(request.url, {
    method: request.method,
    headers,
    ...(body && body.byteLength > 0 && { body }),
  });
}

/** Rewrites responses only (the most common shape of a mutant). */
const onResponse =
  (
    edit: (response: Response, request: Request) => Promise<Response> | Response,
  ): ((c: MutantContext) => Wrapper) =>
  () =>
  (inner) =>
  async (request) =>
    edit(await inner(request), request);

function errorBody(status: number, code: string, message: string, response: Response): Response {
  const requestId = response.headers.get('x-request-id') ?? 'req_mutant';
  return jsonResponse(response, { message, code, requestId }, status);
}

/** Every mutant, in the order of the rules. */
export const MUTANTS: readonly Mutant[] = [
  {
    name: 'malformedIdNotFound',
    rule: 'malformed-id-invalid-request',
    does: 'a malformed id answers 404 customer_not_found (looked up instead of rejected)',
    caughtBy: ['negative_data_rejection'],
    make: onResponse(async (response, request) =>
      isDelete(request) && response.status === 400 && (await codeOf(response)) === 'invalid_request'
        ? errorBody(404, 'customer_not_found', 'Customer not found', response)
        : response,
    ),
  },
  {
    name: 'malformedIdServerError',
    rule: 'malformed-id-not-server-error',
    does: 'a malformed id answers 500 internal_error',
    caughtBy: ['negative_data_rejection', 'not_a_server_error'],
    make: onResponse(async (response, request) =>
      isDelete(request) && response.status === 400 && (await codeOf(response)) === 'invalid_request'
        ? errorBody(500, 'internal_error', 'Internal server error.', response)
        : response,
    ),
  },
  {
    name: 'wrongTypeNotFound',
    rule: 'wrong-type-mismatch',
    does: "the other type's id answers 404 instead of 400 customer_type_mismatch",
    caughtBy: ['wrong_customer_type'],
    make: onResponse(async (response) =>
      response.status === 400 && (await codeOf(response)) === 'customer_type_mismatch'
        ? errorBody(404, 'customer_not_found', 'Customer not found', response)
        : response,
    ),
  },
  {
    name: 'individualStaysActive',
    rule: 'individual-becomes-inactive',
    does: 'an individual delete answers status: active',
    caughtBy: ['individual_soft_delete', 'response_schema_conformance'],
    make: onResponse((response, request) =>
      route(request) === 'individual' && response.status === 200
        ? editJson(response, (body) => ({ ...body, status: 'active' }))
        : response,
    ),
  },
  {
    name: 'updatedAtUnchanged',
    rule: 'individual-updated-at',
    does: 'an individual delete leaves updatedAt at createdAt',
    caughtBy: ['individual_soft_delete'],
    make: onResponse((response, request) =>
      route(request) === 'individual' && response.status === 200
        ? editJson(response, (body) => ({ ...body, updatedAt: body.createdAt }))
        : response,
    ),
  },
  {
    name: 'repeatDeleteNewBody',
    rule: 'individual-repeat-same-body',
    does: 'a repeat individual delete answers a later updatedAt',
    caughtBy: ['individual_delete_idempotent'],
    make: () => {
      const seen = new Set<string>();
      return (inner) => async (request) => {
        const response = await inner(request);
        if (route(request) !== 'individual' || response.status !== 200) return response;
        const id = idOf(request);
        if (!seen.has(id)) {
          seen.add(id);
          return response;
        }
        return editJson(response, (body) => ({
          ...body,
          updatedAt: new Date(Date.parse(String(body.updatedAt)) + 1000)
            .toISOString()
            .replace(/\.\d+Z$/, 'Z'),
        }));
      };
    },
  },
  {
    name: 'businessDeletionWrongId',
    rule: 'business-deleted-response',
    does: 'a business delete answers another customerId',
    caughtBy: ['business_use_after_free'],
    make: onResponse((response, request) =>
      route(request) === 'business' && response.status === 200
        ? editJson(response, (body) => ({ ...body, customerId: 'cus_someoneElse0001' }))
        : response,
    ),
  },
  {
    name: 'repeatBusinessDeleteSucceeds',
    rule: 'business-repeat-404',
    does: 'a repeat business delete answers 200 again',
    caughtBy: ['business_use_after_free'],
    make: () => {
      const deleted = new Map<string, unknown>();
      return (inner) => async (request) => {
        const response = await inner(request);
        if (route(request) !== 'business' || request.method !== 'DELETE') return response;
        const id = idOf(request);
        if (response.status === 200) deleted.set(id, await response.clone().json());
        else if (response.status === 404 && deleted.has(id))
          return jsonResponse(response, deleted.get(id), 200);
        return response;
      };
    },
  },
  {
    name: 'tokenCacheable',
    rule: 'token-issued',
    does: 'a token is issued without Cache-Control: no-store',
    caughtBy: ['response_headers_conformance'],
    make: onResponse((response, request) =>
      route(request) === 'token' && response.status === 200
        ? editHeaders(response, (h) => h.delete('cache-control'))
        : response,
    ),
  },
  {
    name: 'tokenExpiresAtPast',
    rule: 'token-expiry',
    does: 'expiresAt is an hour ago',
    caughtBy: ['token_exchange'],
    make: onResponse((response, request) =>
      route(request) === 'token' && response.status === 200
        ? editJson(response, (body) => ({
            ...body,
            expiresAt: new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
          }))
        : response,
    ),
  },
  {
    name: 'bearerRefusedOnBusiness',
    rule: 'token-accepted',
    does: 'the business delete refuses bearer tokens',
    caughtBy: ['token_exchange'],
    make: onResponse((response, request) =>
      route(request) === 'business' && request.headers.get('authorization')?.startsWith('Bearer ey')
        ? editHeaders(errorBody(401, 'unauthorized', 'Unauthorized', response), (h) =>
            h.set('www-authenticate', 'Bearer realm="customers-api"'),
          )
        : response,
    ),
  },
  {
    name: 'wrongSecretAccepted',
    rule: 'token-wrong-secret',
    does: "a demo key's wrong secret is accepted",
    caughtBy: ['token_exchange'],
    make: () => (inner) => async (request) => {
      if (route(request) !== 'token' || request.method !== 'POST') return inner(request);
      const text = await request.text();
      let body: { apiKey?: string; apiSecret?: string } = {};
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: forwarded as is
      }
      const known = demoCredentials.find((k) => k.apiKey === body.apiKey);
      const fixed =
        known && body.apiSecret?.startsWith(known.apiSecret)
          ? { ...body, apiSecret: known.apiSecret }
          : undefined;
      return inner(
        new Request(request.url, {
          method: 'POST',
          headers: request.headers,
          body: fixed ? JSON.stringify(fixed) : text,
        }),
      );
    },
  },
  {
    name: 'tokenRefusalSaysWhich',
    rule: 'token-never-says-which',
    does: 'a refused exchange says whether the key or the secret was wrong',
    caughtBy: ['token_exchange'],
    make: () => (inner) => async (request) => {
      if (route(request) !== 'token') return inner(request);
      const sent = await request.clone().text();
      const response = await inner(request);
      if (response.status !== 401) return response;
      const keyKnown = demoCredentials.some((k) => sent.includes(k.apiKey));
      return editJson(response, (body) => ({
        ...body,
        message: keyKnown ? 'Unauthorized: wrong secret for this key.' : 'Unauthorized: unknown API key.',
      }));
    },
  },
  {
    name: 'tokenBadBodyUnauthorized',
    rule: 'token-request-validated',
    does: 'a malformed token request answers 401 instead of 400',
    caughtBy: ['negative_data_rejection'],
    make: onResponse((response, request) =>
      route(request) === 'token' && response.status === 400
        ? editHeaders(
            errorBody(401, 'unauthorized', 'Unauthorized: invalid API key or secret.', response),
            (h) => h.set('www-authenticate', 'Bearer realm="customers-api"'),
          )
        : response,
    ),
  },
  {
    name: 'acceptMissingCredentials',
    rule: 'missing-credentials-401',
    does: 'a delete without credentials runs as the first demo key',
    caughtBy: ['ignored_auth'],
    make: () => (inner) => {
      const token = tokens(inner);
      return async (request) => {
        if (!isDelete(request) || request.headers.has('authorization') || request.headers.has('x-api-key'))
          return inner(request);
        const bearer = await token(fullKey, new URL(request.url).origin);
        return inner(await withHeaders(request, (h) => h.set('authorization', `Bearer ${bearer}`)));
      };
    },
  },
  {
    name: 'acceptAlgNone',
    rule: 'invalid-token-401',
    does: 'an alg: none token is accepted as the first demo key',
    caughtBy: ['ignored_auth'],
    make: () => (inner) => {
      const token = tokens(inner);
      return async (request) => {
        const header = /^Bearer ([^.\s]+)\./.exec(request.headers.get('authorization') ?? '')?.[1];
        let alg: unknown;
        try {
          alg = header
            ? (JSON.parse(Buffer.from(header, 'base64url').toString()) as { alg?: unknown }).alg
            : undefined;
        } catch {
          alg = undefined;
        }
        if (alg !== 'none') return inner(request);
        const bearer = await token(fullKey, new URL(request.url).origin);
        return inner(await withHeaders(request, (h) => h.set('authorization', `Bearer ${bearer}`)));
      };
    },
  },
  {
    name: 'noWwwAuthenticate',
    rule: 'www-authenticate-on-401',
    does: 'a 401 carries no WWW-Authenticate',
    caughtBy: ['response_headers_conformance'],
    make: onResponse((response) =>
      response.status === 401 ? editHeaders(response, (h) => h.delete('www-authenticate')) : response,
    ),
  },
  {
    name: 'apiKeyRefused',
    rule: 'api-key-business',
    does: 'the business delete refuses X-API-Key',
    caughtBy: ['token_exchange'],
    make: onResponse((response, request) =>
      route(request) === 'business' &&
      request.headers.has('x-api-key') &&
      !request.headers.has('authorization')
        ? editHeaders(errorBody(401, 'unauthorized', 'Unauthorized', response), (h) =>
            h.set('www-authenticate', 'Bearer realm="customers-api"'),
          )
        : response,
    ),
  },
  {
    name: 'acceptAnyApiKey',
    rule: 'unknown-api-key-401',
    does: 'an unknown X-API-Key on the business delete runs as the first demo key',
    caughtBy: ['ignored_auth'],
    make: () => (inner) => async (request) => {
      const key = request.headers.get('x-api-key');
      if (route(request) !== 'business' || key === null || demoCredentials.some((k) => k.apiKey === key))
        return inner(request);
      return inner(await withHeaders(request, (h) => h.set('x-api-key', fullKey.apiKey)));
    },
  },
  {
    name: 'apiKeyOnIndividual',
    rule: 'bearer-only-individual',
    does: 'a valid X-API-Key is accepted on the bearer-only individual delete',
    caughtBy: ['ignored_auth'],
    make: () => (inner) => {
      const token = tokens(inner);
      return async (request) => {
        const key = demoCredentials.find((k) => k.apiKey === request.headers.get('x-api-key'));
        if (route(request) !== 'individual' || !key || request.headers.has('authorization'))
          return inner(request);
        const bearer = await token(key, new URL(request.url).origin);
        return inner(
          await withHeaders(request, (h) => {
            h.delete('x-api-key');
            h.set('authorization', `Bearer ${bearer}`);
          }),
        );
      };
    },
  },
  {
    name: 'errorsAsTextPlain',
    rule: 'errors-are-json',
    does: 'error bodies are labelled text/plain',
    caughtBy: ['content_type_conformance'],
    make: onResponse((response) =>
      response.status >= 400 ? editHeaders(response, (h) => h.set('content-type', 'text/plain')) : response,
    ),
  },
  {
    name: 'errorWithoutRequestId',
    rule: 'error-code-and-request-id',
    does: 'error bodies omit requestId',
    caughtBy: ['response_schema_conformance'],
    make: onResponse((response) =>
      response.status >= 400 ? editJson(response, ({ requestId: _omitted, ...body }) => body) : response,
    ),
  },
  {
    name: 'errorWithoutCode',
    rule: 'error-code-and-request-id',
    does: 'error bodies omit code',
    caughtBy: ['response_schema_conformance'],
    make: onResponse((response) =>
      response.status >= 400 ? editJson(response, ({ code: _omitted, ...body }) => body) : response,
    ),
  },
  {
    name: 'unauthorizedSaysForbidden',
    rule: 'error-code-per-status',
    does: 'a 401 carries code forbidden',
    caughtBy: ['response_schema_conformance', 'ignored_auth'],
    make: onResponse((response) =>
      response.status === 401 ? editJson(response, (body) => ({ ...body, code: 'forbidden' })) : response,
    ),
  },
  {
    name: 'crossAccountAccess',
    rule: 'cross-account-404',
    does: "another account's customer is deleted (the lookup ignores the account)",
    caughtBy: ['cross_account_isolation'],
    make: () => (inner) => {
      const token = tokens(inner);
      return async (request) => {
        const retry = isDelete(request) ? request.clone() : undefined;
        const response = await inner(request);
        if (!retry || response.status !== 404) return response;
        const bearer = await token(otherAccountKey, new URL(request.url).origin);
        const asOther = await inner(
          await withHeaders(retry, (h) => {
            h.delete('x-api-key');
            h.set('authorization', `Bearer ${bearer}`);
          }),
        );
        return asOther.status === 200 ? asOther : response;
      };
    },
  },
  {
    name: 'unknownIdDeleted',
    rule: 'unknown-id-404',
    does: 'an id that never existed answers 200 as if deleted',
    caughtBy: ['token_exchange'],
    make: onResponse(async (response, request) => {
      if (!isDelete(request) || response.status !== 404) return response;
      const id = idOf(request);
      return route(request) === 'business'
        ? jsonResponse(
            response,
            { success: true, message: 'Business customer deleted successfully', customerId: id },
            200,
          )
        : response;
    }),
  },
  {
    name: 'omitRequestId',
    rule: 'request-id-on-every-response',
    does: 'responses carry no X-Request-Id',
    caughtBy: ['response_headers_conformance'],
    make: onResponse((response) => editHeaders(response, (h) => h.delete('x-request-id'))),
  },
  {
    name: 'requestIdNotEchoed',
    rule: 'request-id-echoed',
    does: "a valid client X-Request-Id is replaced by the server's own",
    caughtBy: ['response_headers_conformance'],
    make: () => {
      let n = 0;
      return (inner) => async (request) => {
        n += 1;
        const id = `req_mutant${n}`;
        const response = await inner(request);
        const withId = await editHeaders(response, (h) => h.set('x-request-id', id));
        return response.status >= 400 ? editJson(withId, (body) => ({ ...body, requestId: id })) : withId;
      };
    },
  },
  {
    name: 'echoAnyRequestId',
    rule: 'request-id-invalid-replaced',
    does: 'any client X-Request-Id is echoed, invalid ones too',
    caughtBy: ['response_headers_conformance'],
    make: onResponse(async (response, request) => {
      const sent = request.headers.get('x-request-id');
      if (sent === null) return response;
      const withId = await editHeaders(response, (h) => h.set('x-request-id', sent));
      return response.status >= 400 ? editJson(withId, (body) => ({ ...body, requestId: sent })) : withId;
    }),
  },
  {
    name: 'errorRequestIdMismatch',
    rule: 'request-id-in-error-body',
    does: "an error body's requestId differs from X-Request-Id",
    caughtBy: ['response_headers_conformance'],
    make: onResponse((response) =>
      response.status >= 400
        ? editJson(response, (body) => ({ ...body, requestId: 'req_somethingElse' }))
        : response,
    ),
  },
  {
    name: 'noRateLimitOn4xx',
    rule: 'rate-limit-headers',
    does: 'a 4xx carries no RateLimit header',
    caughtBy: ['response_headers_conformance'],
    make: onResponse((response) =>
      response.status >= 400 && response.status < 500
        ? editHeaders(response, (h) => h.delete('ratelimit'))
        : response,
    ),
  },
  {
    name: 'neverThrottles',
    rule: 'rate-limit-enforced',
    does: 'the quota is never enforced (buckets refill on every 429)',
    caughtBy: ['rate_limit_enforced'],
    make:
      ({ sandbox }) =>
      (inner) =>
      async (request) => {
        const again = request.clone();
        const response = await inner(request);
        if (response.status !== 429) return response;
        sandbox.resetRateLimits();
        return inner(again);
      },
  },
  {
    name: 'omitRetryAfter',
    rule: 'retry-after-on-429',
    does: 'a 429 carries no Retry-After',
    caughtBy: ['rate_limit_enforced', 'response_headers_conformance'],
    make: onResponse((response) =>
      response.status === 429 ? editHeaders(response, (h) => h.delete('retry-after')) : response,
    ),
  },
  {
    name: 'requireIdempotencyKey',
    rule: 'no-idempotency-key',
    does: 'a delete without Idempotency-Key answers 400',
    caughtBy: ['individual_soft_delete', 'business_use_after_free'],
    make: () => (inner) => async (request) => {
      const response = await inner(request);
      if (!isDelete(request) || request.headers.has('idempotency-key') || response.status !== 200)
        return response;
      return errorBody(400, 'invalid_request', 'Idempotency-Key header is required.', response);
    },
  },
  {
    name: 'repeatIndividualDelete409',
    rule: 'retry-safe',
    does: 'a repeat individual delete answers 409 Conflict',
    caughtBy: ['individual_delete_idempotent'],
    make: () => {
      const seen = new Set<string>();
      return (inner) => async (request) => {
        const response = await inner(request);
        if (route(request) !== 'individual' || response.status !== 200) return response;
        const id = idOf(request);
        if (!seen.has(id)) {
          seen.add(id);
          return response;
        }
        return errorBody(409, 'invalid_request', 'Customer already deleted.', response);
      };
    },
  },
  {
    name: 'unsupportedMethod404',
    rule: 'unsupported-method-405',
    does: 'an undocumented method answers 404 without Allow',
    caughtBy: ['unsupported_method'],
    make: onResponse(async (response) =>
      response.status === 405
        ? editHeaders(errorBody(404, 'customer_not_found', 'Not found', response), (h) => h.delete('allow'))
        : response,
    ),
  },
  {
    name: 'noAllowHeader',
    rule: 'unsupported-method-405',
    does: 'a 405 carries no Allow header',
    caughtBy: ['unsupported_method', 'response_headers_conformance'],
    make: onResponse((response) =>
      response.status === 405 ? editHeaders(response, (h) => h.delete('allow')) : response,
    ),
  },
  {
    name: 'noCorsHeader',
    rule: 'cors-allow-origin',
    does: 'no Access-Control-Allow-Origin, even for a request with Origin',
    caughtBy: ['response_headers_conformance'],
    make: onResponse((response) => editHeaders(response, (h) => h.delete('access-control-allow-origin'))),
  },
  {
    name: 'leakPii',
    rule: 'no-pii',
    does: "an individual delete returns the customer's birthDate deep inside a wallet",
    caughtBy: ['no_pii_in_responses', 'response_schema_conformance'],
    make: onResponse((response, request) =>
      route(request) === 'individual' && response.status === 200
        ? editJson(response, (body) => ({
            ...body,
            wallets: [...((body.wallets as object[]) ?? []), { owner: { kyc: { birthDate: '1990-01-01' } } }],
          }))
        : response,
    ),
  },
  {
    name: 'businessDelete204',
    rule: 'documented-statuses',
    does: 'a business delete answers 204 No Content',
    caughtBy: ['status_code_conformance'],
    make: onResponse((response, request) =>
      route(request) === 'business' && response.status === 200
        ? new Response(null, { status: 204, headers: response.headers })
        : response,
    ),
  },
  {
    name: 'successAsOctetStream',
    rule: 'documented-content-type',
    does: 'success bodies are labelled application/octet-stream',
    caughtBy: ['content_type_conformance'],
    make: onResponse((response) =>
      response.status === 200
        ? editHeaders(response, (h) => h.set('content-type', 'application/octet-stream'))
        : response,
    ),
  },
  {
    name: 'tokenExtraProperty',
    rule: 'body-schemas',
    does: 'the token body carries an undocumented scope property',
    caughtBy: ['response_schema_conformance'],
    make: onResponse((response, request) =>
      route(request) === 'token' && response.status === 200
        ? editJson(response, (body) => ({ ...body, scope: 'customers:delete' }))
        : response,
    ),
  },
];

/** Makes a run's wrapper look like Prism from outside: every answer gets `sl-violations`. */
export const prismLike: Wrapper = (inner) => async (request) =>
  editHeaders(await inner(request), (h) => h.set('sl-violations', '[]'));
