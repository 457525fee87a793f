// The sandbox says exactly what the spec's examples say (README: "messages and codes exactly as in the
// spec's examples"): messages.ts reads its texts from the spec, and every example message in the spec is
// produced over HTTP by the situation it documents, or is listed here as one the sandbox never sends.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import { loadMessages, specErrorMessage } from '../../src/sandbox/messages.js';
import { operations, resolveRef, spec } from '../../src/spec/index.js';
import {
  type Answer,
  bearer,
  call,
  exchange,
  fullKey,
  ids,
  readOnlyKey,
  sandbox,
  specExampleMessage,
} from './helpers.js';

let clock = Date.now();
let sb: Sandbox;
beforeAll(async () => {
  sb = await sandbox({
    rateLimit: { limit: 10_000, windowSeconds: 60 },
    tokenTtlSeconds: 60,
    now: () => clock,
  });
});
afterAll(async () => {
  expect(sb.stats.selfCheckFailures).toBe(0);
  await sb.close();
});

const json = { 'Content-Type': 'application/json' };
const key = { 'X-API-Key': fullKey.apiKey };

/** Runs `send` against a sandbox started with `options`, closing it even on failure. */
async function withSandbox(
  options: Parameters<typeof sandbox>[0],
  send: (url: string) => Promise<Answer>,
): Promise<Answer> {
  const own = await sandbox(options);
  try {
    return await send(own.url);
  } finally {
    await own.close();
  }
}

// Every example with a message, keyed `<component response or operationId status>.<example>`, and the
// request that makes the sandbox answer it. `null`: the sandbox never sends this text (with why).
const producers: Record<string, (() => Promise<Answer>) | null> = {
  'TokenBadRequest.missingSecret': () =>
    call(sb.url, 'POST', '/auth/token', json, JSON.stringify({ apiKey: fullKey.apiKey })),
  'TokenBadRequest.malformedKey': () =>
    call(
      sb.url,
      'POST',
      '/auth/token',
      json,
      JSON.stringify({ apiKey: 'pk_test_123', apiSecret: fullKey.apiSecret }),
    ),
  // The individual endpoint takes only a bearer token; a fresh one, since another row moves the clock.
  'CustomerBadRequest.customerTypeMismatch': async () =>
    call(sb.url, 'DELETE', `/customers/${ids.northwind}`, bearer(await exchange(sb.url))),
  'CustomerBadRequest.malformedId': async () =>
    call(sb.url, 'DELETE', '/customers/wlt_01H9Xb3K7nM2pQ4r', bearer(await exchange(sb.url))),
  'BusinessCustomerBadRequest.customerTypeMismatch': () =>
    call(sb.url, 'DELETE', `/customers/business/${ids.jane}`, key),
  'BusinessCustomerBadRequest.malformedId': () => call(sb.url, 'DELETE', '/customers/business/cus_', key),
  // The sandbox always says why (missing, malformed, invalid or expired credentials), never the bare word.
  'Unauthorized.unauthorized': null,
  'Unauthorized.expiredToken': async () => {
    const token = await exchange(sb.url);
    clock += 61_000;
    return call(sb.url, 'DELETE', `/customers/${ids.jane}`, bearer(token));
  },
  'InvalidApiCredentials.invalidCredentials': () =>
    call(
      sb.url,
      'POST',
      '/auth/token',
      json,
      JSON.stringify({ apiKey: fullKey.apiKey, apiSecret: 'ss_wrongwrongwrongwrong' }),
    ),
  'Forbidden.forbidden': () =>
    call(sb.url, 'DELETE', `/customers/business/${ids.northwind}`, { 'X-API-Key': readOnlyKey.apiKey }),
  'NotFound.notFound': () => call(sb.url, 'DELETE', '/customers/business/cus_nope', key),
  'TooManyRequests.rateLimited': () =>
    withSandbox({ rateLimit: { limit: 1, windowSeconds: 60 } }, async (url) => {
      await call(url, 'DELETE', '/customers/business/cus_nope', key);
      return call(url, 'DELETE', '/customers/business/cus_nope', key);
    }),
  // A real 500 needs a broken sandbox: a clock that throws makes every operation a logged 500.
  'InternalError.internalError': () =>
    withSandbox(
      {
        now: () => {
          throw new Error('broken clock');
        },
      },
      (url) => call(url, 'DELETE', '/customers/business/cus_', key),
    ),
  'deleteBusinessCustomer 200.deleted': () =>
    call(sb.url, 'DELETE', `/customers/business/${ids.blueHarbor}`, key),
};

/** Every named example with a `message` in the spec's responses, with its text. */
function specExamples(): Map<string, string> {
  const found = new Map<string, string>();
  const paths = spec.paths as Record<string, Record<string, Record<string, unknown>>>;
  for (const op of operations) {
    const responses = paths[op.path]?.[op.method.toLowerCase()]?.responses as Record<string, unknown>;
    for (const [status, raw] of Object.entries(responses)) {
      const ref = (raw as { $ref?: string }).$ref;
      const owner = ref ? ref.replace('#/components/responses/', '') : `${op.operationId} ${status}`;
      const content = resolveRef(raw).content as
        | Record<string, { examples?: Record<string, unknown> }>
        | undefined;
      for (const [name, example] of Object.entries(content?.['application/json']?.examples ?? {})) {
        const message = (resolveRef(example).value as { message?: unknown } | undefined)?.message;
        if (typeof message === 'string') found.set(`${owner}.${name}`, message);
      }
    }
  }
  return found;
}

describe('every example message of the spec', () => {
  test('is listed here, so a new example in openapi.yaml cannot go unchecked', () => {
    expect(Object.keys(producers).sort()).toEqual([...specExamples().keys()].sort());
  });

  test.each(Object.entries(producers).filter(([, send]) => send !== null))(
    '%s is what the sandbox answers, word for word',
    async (name, send) => {
      const answer = await (send as () => Promise<Answer>)();
      expect(answer.json.message).toBe(specExamples().get(name));
    },
  );
});

describe('messages.ts reads its texts from the spec', () => {
  test.each([
    ['customerNotFound', 'deleteCustomer', 404, 'notFound'],
    ['individualTypeMismatch', 'deleteCustomer', 400, 'customerTypeMismatch'],
    ['businessTypeMismatch', 'deleteBusinessCustomer', 400, 'customerTypeMismatch'],
    ['malformedIndividualId', 'deleteCustomer', 400, 'malformedId'],
    ['malformedBusinessId', 'deleteBusinessCustomer', 400, 'malformedId'],
    ['malformedApiKey', 'createAccessToken', 400, 'malformedKey'],
    ['invalidApiCredentials', 'createAccessToken', 401, 'invalidCredentials'],
    ['unauthorized', 'deleteCustomer', 401, 'unauthorized'],
    ['expiredToken', 'deleteCustomer', 401, 'expiredToken'],
    ['forbidden', 'deleteCustomer', 403, 'forbidden'],
    ['rateLimited', 'deleteCustomer', 429, 'rateLimited'],
    ['internalError', 'createAccessToken', 500, 'internalError'],
  ] as const)('messages.%s is the example %s %i %s', (name, operationId, status, example) => {
    expect(loadMessages()[name]).toBe(specExampleMessage(operationId, status, example));
  });

  test('specErrorMessage reads a component response example', () => {
    expect(specErrorMessage('NotFound', 'notFound')).toBe(
      specExampleMessage('deleteCustomer', 404, 'notFound'),
    );
  });

  test('a missing example is an error naming openapi.yaml, the place and the fix', () => {
    expect(() => specErrorMessage('NotFound', 'gone')).toThrow(
      /^openapi\.yaml: components\/responses\/NotFound\/.*\/examples\/gone has no value\.message; src\/sandbox\/messages\.ts reads it\..*npm run generate/,
    );
  });
});
