// startSandbox({ wrap }): test code serves its own variant of the engine over the same HTTP adapter (the
// way deliberately broken sandboxes are built outside src/), and an identity wrap changes nothing.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createCustomersClient } from '../../src/client/index.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { call, fullKey, ids, sandbox } from './helpers.js';

describe('an identity wrap serves the same API', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await sandbox({ wrap: (inner) => (request) => inner(request) });
  });
  afterAll(() => sb.close());

  test('the client flow, bodies included, and the body limit', async () => {
    const client = createCustomersClient({
      baseUrl: `${sb.url}/v0.9`,
      auth: { apiKey: fullKey.apiKey, apiSecret: fullKey.apiSecret },
    });
    expect((await client.deleteBusinessCustomer({ customerId: ids.northwind })).status).toBe(200);
    expect((await client.deleteBusinessCustomer({ customerId: ids.northwind })).status).toBe(404);
    const big = await call(
      sb.url,
      'POST',
      '/auth/token',
      { 'Content-Type': 'application/json' },
      'x'.repeat(20_000),
    );
    expect([big.status, big.json.message]).toEqual([400, expect.stringContaining('8192 bytes')]);
    expect(sb.stats.selfCheckFailures).toBe(0);
  });
});

test('a wrap that breaks the answers is served as it is (the self-check stays inside the engine)', async () => {
  const broken = await sandbox({
    wrap: (inner) => async (request) => {
      const response = await inner(request);
      const headers = new Headers(response.headers);
      headers.delete('x-request-id');
      return new Response(response.body, { status: response.status, headers });
    },
  });
  try {
    const answer = await call(broken.url, 'DELETE', `/customers/${ids.jane}`);
    expect(answer.status).toBe(401);
    expect(answer.headers.get('x-request-id')).toBeNull();
  } finally {
    await broken.close();
  }
});
