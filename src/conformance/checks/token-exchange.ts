// token_exchange: an API key and secret give a bearer token that authenticates both deletes; a
// wrong secret gets 401; the key alone authenticates the business delete (components.securitySchemes).
import { codeDifference, statusDifference } from '../context.js';
import { DELETES, pathFor, probeId, type RequestCheck } from './common.js';

/** The token_exchange check. */
export const tokenExchange: RequestCheck = {
  name: 'token_exchange',
  stateful: true,
  notApplicable: (ctx) =>
    ctx.options.apiKey && ctx.options.apiSecret
      ? undefined
      : 'needs an API key and secret: pass --api-key and --api-secret',
  async run(ctx) {
    const { apiKey = '', apiSecret = '' } = ctx.options;
    const exchange = await ctx.send({
      sentBy: 'token_exchange',
      label: 'exchange the API key and secret',
      operationId: 'createAccessToken',
      method: 'POST',
      path: '/auth/token',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ apiKey, apiSecret }),
    });
    const differences = statusDifference(exchange, [200]);
    const token = (exchange.response?.json as { accessToken?: unknown } | undefined)?.accessToken;
    if (differences.length === 0 && typeof token !== 'string') {
      differences.push({
        at: 'body/accessToken',
        expected: 'a string',
        actual: JSON.stringify(token) ?? '(absent)',
      });
    }
    ctx.fail('token_exchange', exchange, exchange.label, differences);
    if (typeof token === 'string') {
      for (const op of DELETES) {
        // A probe id that does not exist: 404 proves the token was accepted without deleting anything.
        const used = await ctx.send({
          sentBy: 'token_exchange',
          label: `the exchanged token on the ${op.kind} endpoint`,
          operationId: op.operationId,
          method: 'DELETE',
          path: pathFor(op.operationId, probeId(ctx, op.prefix, 1)),
          headers: { Authorization: `Bearer ${token}` },
        });
        const status = statusDifference(used, [404]);
        ctx.fail(
          'token_exchange',
          used,
          used.label,
          status.length > 0 ? status : codeDifference(used, 'customer_not_found'),
        );
      }
    }
    const keyAlone = await ctx.send({
      sentBy: 'token_exchange',
      label: 'the API key alone (X-API-Key) on the business endpoint',
      operationId: 'deleteBusinessCustomer',
      method: 'DELETE',
      path: pathFor('deleteBusinessCustomer', probeId(ctx, 'cus_', 2)),
      headers: { 'X-API-Key': apiKey },
    });
    const keyStatus = statusDifference(keyAlone, [404]);
    ctx.fail(
      'token_exchange',
      keyAlone,
      keyAlone.label,
      keyStatus.length > 0 ? keyStatus : codeDifference(keyAlone, 'customer_not_found'),
    );
    const wrongSecret =
      apiSecret.length < 128
        ? `${apiSecret}Z`
        : `${apiSecret.slice(0, -1)}${apiSecret.endsWith('Z') ? 'Y' : 'Z'}`;
    const refused = await ctx.send({
      sentBy: 'token_exchange',
      label: 'the API key with a wrong secret',
      operationId: 'createAccessToken',
      method: 'POST',
      path: '/auth/token',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ apiKey, apiSecret: wrongSecret }),
    });
    const refusedStatus = statusDifference(refused, [401]);
    ctx.fail(
      'token_exchange',
      refused,
      refused.label,
      refusedStatus.length > 0 ? refusedStatus : codeDifference(refused, 'unauthorized'),
    );
  },
};
