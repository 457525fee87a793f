// Unit tests of the suite's tricky pieces: curl redaction, the PII walk, JSON differences,
// malformed-id generation, the CLI's flag parsing, Prism-origin fingerprints and a dead target.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DELETES } from '../../src/conformance/checks/deletes.js';
import { expectedCode, malformedIdArbitrary } from '../../src/conformance/checks/negative-data.js';
import { conformanceOptions } from '../../src/conformance/cli.js';
import { RunContext } from '../../src/conformance/context.js';
import { findPii, runConformance, toCurl } from '../../src/conformance/index.js';
import { jsonDifferences } from '../../src/conformance/json-diff.js';
import { plural } from '../../src/conformance/plural.js';
import { documentedExamples, prismGenerated } from '../../src/conformance/prism.js';
import type { Exchange } from '../../src/conformance/types.js';
import { freePort } from '../../src/mock/prism.js';
import { loadSpec, spec, validateSchema } from '../../src/spec/index.js';

const SPEC = loadSpec(spec);

const SECRETS = [
  { value: 'tok_9f8e7d6c5b4a', variable: 'CONFORMANCE_TOKEN' },
  { value: 'sk_sdbx_4eC39HqLyjWDarjtT1zdp7dc', variable: 'CONFORMANCE_API_KEY' },
  { value: 'ss_9Fh2LmQ7pX4sT8vW1yZ3bC6dN0kR5jH2', variable: 'CONFORMANCE_API_SECRET' },
  { value: 'x', variable: 'SHORT_TOKEN' },
];

/** How a redacted value appears in a curl line: a shell variable reference. */
const v = (name: string): string => ['$', '{', name, '}'].join('');

describe('curl rendering', () => {
  test('configured secrets become shell variables in headers and bodies, never their values', () => {
    const curl = toCurl(
      {
        method: 'POST',
        url: 'http://127.0.0.1:4010/auth/token',
        headers: {
          Authorization: 'Bearer tok_9f8e7d6c5b4a',
          'X-API-Key': 'sk_sdbx_4eC39HqLyjWDarjtT1zdp7dc',
        },
        body: JSON.stringify({
          apiKey: 'sk_sdbx_4eC39HqLyjWDarjtT1zdp7dc',
          apiSecret: 'ss_9Fh2LmQ7pX4sT8vW1yZ3bC6dN0kR5jH2',
        }),
      },
      SECRETS,
    );
    for (const secret of SECRETS.slice(0, 3)) expect(curl).not.toContain(secret.value);
    expect(curl).toContain(`--header "Authorization: Bearer ${v('CONFORMANCE_TOKEN')}"`);
    expect(curl).toContain(`--header "X-API-Key: ${v('CONFORMANCE_API_KEY')}"`);
    expect(curl).toContain(
      `--data "{\\"apiKey\\":\\"${v('CONFORMANCE_API_KEY')}\\",\\"apiSecret\\":\\"${v('CONFORMANCE_API_SECRET')}\\"}"`,
    );
  });

  test('a one-character token is redacted in its header without garbling the URL', () => {
    const curl = toCurl(
      {
        method: 'DELETE',
        url: 'http://127.0.0.1:4010/customers/cst_x1',
        headers: { Authorization: 'Bearer x' },
      },
      SECRETS,
    );
    expect(curl).toBe(
      `curl --request DELETE --url "http://127.0.0.1:4010/customers/cst_x1" --header "Authorization: Bearer ${v('SHORT_TOKEN')}"`,
    );
  });

  test.each([
    [
      'an unknown bearer token',
      { Authorization: 'Bearer eyJhbGciOi.minted.byTheServer' },
      'Authorization: Bearer [REDACTED]',
    ],
    ['an unknown API key', { 'X-API-Key': 'sk_live_someoneElsesKey0000' }, 'X-API-Key: [REDACTED]'],
    [
      'a public made-up credential',
      { Authorization: 'Bearer not a token' },
      'Authorization: Bearer not a token',
    ],
  ])('%s is shown as %j', (_name, headers, shown) => {
    const curl = toCurl(
      { method: 'DELETE', url: 'http://h/customers/cst_1', headers },
      [],
      new Set(['Bearer not a token']),
    );
    expect(curl).toContain(`--header "${shown}"`);
  });

  test('shell metacharacters are escaped so the line replays as sent', () => {
    const curl = toCurl({
      method: 'POST',
      url: 'http://h/auth/token',
      headers: {},
      body: '{"a":"$HOME `id` \\"q\\""}',
    });
    expect(curl).toContain('--data "{\\"a\\":\\"\\$HOME \\`id\\` \\\\\\"q\\\\\\"\\"}"');
  });
});

describe('failure redaction', () => {
  test('a secret echoed by the server never reaches a failure, in the curl line or the differences', () => {
    const ctx = new RunContext({ baseUrl: 'http://127.0.0.1:1', token: 'tok_9f8e7d6c5b4a' }, SPEC, 1, 1);
    const exchange = {
      id: 1,
      sentBy: 'ignored_auth' as const,
      label: 'echo',
      request: {
        method: 'DELETE',
        url: 'http://127.0.0.1:1/customers/cst_1',
        headers: { Authorization: 'Bearer tok_9f8e7d6c5b4a' },
      },
    };
    ctx.fail('ignored_auth', exchange, 'echo', [
      { at: 'body/message', expected: 'no token', actual: 'your token tok_9f8e7d6c5b4a is fine' },
    ]);
    const failure = ctx.failures.get('ignored_auth')?.[0];
    expect(JSON.stringify(failure)).not.toContain('tok_9f8e7d6c5b4a');
    expect(failure?.differences[0]?.actual).toBe('your token [REDACTED] is fine');
  });
});

describe('PII walk', () => {
  test.each([
    ['top level', { birthDate: '1990-01-01' }, ['/birthDate']],
    [
      'nested in arrays of objects',
      { wallets: [{ owner: { kyc: [{ ipAddress: '1.2.3.4' }] } }] },
      ['/wallets/0/owner/kyc/0/ipAddress'],
    ],
    [
      'every field, any spelling',
      { residential_address: {}, IdentifyingInformation: [], 'birth-date': null },
      ['/IdentifyingInformation', '/birth-date', '/residential_address'],
    ],
    ['a PII name as a value is not a field', { note: 'birthDate', tags: ['ipAddress'] }, []],
    ['a clean customer', { id: 'cst_1', wallets: [{ address: '0x1' }] }, []],
  ])('%s', (_name, body, found) => {
    expect(findPii(body)).toEqual(found);
  });

  test('a body that is not JSON is searched as text', () => {
    expect(findPii(undefined, "{birthDate: '1990-01-01'")).toEqual(['(text) birthDate']);
    expect(findPii(undefined, 'all good')).toEqual([]);
  });
});

describe('JSON differences', () => {
  test('reports the first differing pointers, absent keys included', () => {
    expect(jsonDifferences({ a: 1, b: { c: [1, 2] } }, { a: 1, b: { c: [1, 3], d: true } }, 'body')).toEqual([
      { at: 'body/b/c/1', expected: '2', actual: '3' },
      { at: 'body/b/d', expected: '(absent)', actual: 'true' },
    ]);
    expect(jsonDifferences({ same: [1] }, { same: [1] })).toEqual([]);
  });
});

describe('malformed id generation', () => {
  test.each(DELETES.map((op) => ({ kind: op.kind, op })))(
    '$kind ids are never valid and are replayable by seed',
    ({ op }) => {
      const schema = op.prefix === 'cst_' ? 'CustomerId' : 'BusinessCustomerId';
      const first = fc.sample(malformedIdArbitrary(SPEC, op), { seed: 99, numRuns: 200 });
      expect(first.filter((id) => validateSchema(schema, id).length === 0)).toEqual([]);
      expect(fc.sample(malformedIdArbitrary(SPEC, op), { seed: 99, numRuns: 200 })).toEqual(first);
    },
  );

  test('an id of the other type expects customer_type_mismatch, any other invalid_request', () => {
    const [individual, business] = DELETES;
    expect(expectedCode(SPEC, individual, 'cus_abc123')).toBe('customer_type_mismatch');
    expect(expectedCode(SPEC, business, 'cst_abc123')).toBe('customer_type_mismatch');
    expect(expectedCode(SPEC, individual, 'cus_')).toBe('invalid_request');
    expect(expectedCode(SPEC, individual, 'wlt_abc')).toBe('invalid_request');
  });
});

describe('conformance CLI flags', () => {
  test('repeatable ids, numbers and env credentials become options', () => {
    const { options, json } = conformanceOptions(
      {
        'base-url': 'http://127.0.0.1:4020',
        'individual-id': ['cst_a', 'cst_b'],
        'business-id': ['cus_c'],
        seed: '-5',
        'num-runs': '3',
        json: 'r.json',
      },
      { CONFORMANCE_API_KEY: 'k', CONFORMANCE_API_SECRET: 's' },
    );
    expect(options).toEqual({
      baseUrl: 'http://127.0.0.1:4020',
      apiKey: 'k',
      apiSecret: 's',
      individualIds: ['cst_a', 'cst_b'],
      businessIds: ['cus_c'],
      seed: -5,
      numRuns: 3,
    });
    expect(json).toBe('r.json');
  });

  test.each([
    [{ token: 'x' }, /--base-url is required/],
    [{ 'base-url': 'http://h', seed: 'abc' }, /--seed must be an integer/],
    [{ 'base-url': 'ftp://h' }, /--base-url must be an http\(s\) URL/],
    [{ 'base-url': 'http://h', 'business-id': ['cst_1'] }, /--business-id cst_1 must start with cus_/],
    [{ 'base-url': 'http://h', 'api-secret': 's' }, /--api-secret needs --api-key/],
  ])('%j is a usage error', (values, message) => {
    expect(() => conformanceOptions(values, {})).toThrow(message);
  });
});

describe('report wording', () => {
  test.each([
    [0, 'request', '0 requests'],
    [1, 'request', '1 request'],
    [2, 'failure', '2 failures'],
    [1, 'check', '1 check'],
    [3, 'known deviation', '3 known deviations'],
  ])('plural(%i, %s) is %s', (count, noun, text) => {
    expect(plural(count, noun)).toBe(text);
  });
});

/** An exchange of `operationId` answered with `status`, `json` and Content-Type `contentType`. */
function answered(
  operationId: string | undefined,
  status: number,
  json: unknown,
  contentType = 'application/json',
): Exchange {
  return {
    id: 1,
    sentBy: 'ignored_auth',
    label: 'x',
    ...(operationId !== undefined && { operationId }),
    request: { method: 'DELETE', url: 'http://127.0.0.1:1/customers/cst_x', headers: {} },
    response: { status, headers: { 'content-type': contentType }, text: JSON.stringify(json), json },
  };
}

describe('Prism-generated responses (only these may be excused by a Prism known exception)', () => {
  const example = documentedExamples(SPEC, 'deleteCustomer', 200)[0] as Record<string, unknown>;

  test.each([
    ["the spec's 200 example of deleteCustomer", answered('deleteCustomer', 200, example), true],
    [
      'the same body with another id (a real server)',
      answered('deleteCustomer', 200, { ...example, id: 'cst_other' }),
      false,
    ],
    ['the 200 example answered with another status', answered('deleteCustomer', 404, example), false],
    [
      'problem+json with a Prism error type',
      answered(
        undefined,
        405,
        { type: 'https://stoplight.io/prism/errors#NO_METHOD_MATCHED_ERROR' },
        'application/problem+json',
      ),
      true,
    ],
    [
      'a Prism error type sent as plain JSON',
      answered(undefined, 405, { type: 'https://stoplight.io/prism/errors#NO_METHOD_MATCHED_ERROR' }),
      false,
    ],
    [
      "Prism's invalid-JSON body",
      answered('createAccessToken', 400, { error: { code: 'invalid_json', message: 'Invalid JSON' } }),
      true,
    ],
    [
      'a real error body',
      answered('deleteCustomer', 401, { message: 'Unauthorized', code: 'unauthorized', requestId: 'r1' }),
      false,
    ],
  ])('%s: Prism-generated is %s', (_label, exchange, expected) => {
    expect(example?.id).toBe('cst_01H9Xa8F5dN6mP3q');
    expect(prismGenerated(SPEC, exchange) !== undefined).toBe(expected);
  });
});

describe('a target that never answers', () => {
  test('response checks are not applicable (no response received) and not_a_server_error fails', async () => {
    const port = await freePort();
    const report = await runConformance({
      baseUrl: `http://127.0.0.1:${port}`,
      token: 'x',
      numRuns: 2,
      seed: 1,
    });
    const byName = new Map(report.checks.map((c) => [c.name, c]));
    for (const name of [
      'status_code_conformance',
      'content_type_conformance',
      'response_headers_conformance',
      'response_schema_conformance',
      'no_pii_in_responses',
    ] as const) {
      expect(byName.get(name)).toMatchObject({
        status: 'not_applicable',
        reason: 'no response received',
        examined: 0,
      });
    }
    expect(byName.get('not_a_server_error')?.status).toBe('failed');
    expect(report.ok).toBe(false);
  });
});

describe('the spec option', () => {
  test('a copy of the spec with its paths moved is checked by its own paths, not the project spec', async () => {
    const copy = structuredClone(spec) as { paths: Record<string, unknown> };
    copy.paths = Object.fromEntries(Object.entries(copy.paths).map(([p, item]) => [`/v2${p}`, item]));
    const urls = new Set<string>();
    const report = await runConformance({
      baseUrl: 'http://127.0.0.1:9',
      token: 'x',
      spec: copy,
      seed: 1,
      numRuns: 1,
      fetch: async (url) => {
        urls.add(new URL(url).pathname.split('/').slice(0, 3).join('/'));
        return new Response(null, { status: 503 });
      },
    });
    expect([...urls].sort()).toEqual(['/v2/auth', '/v2/customers']);
    // 503 is documented nowhere in the copy either.
    expect(report.checks.find((c) => c.name === 'status_code_conformance')?.status).toBe('failed');
  });
});
