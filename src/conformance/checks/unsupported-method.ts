// unsupported_method: methods a path does not document get 405 with an Allow header listing the
// documented ones (info.description, "Methods, CORS and bodies"; RFC 9110, section 15.5.6).
import { operation } from '../../spec/index.js';
import { documentedMethods } from '../api-rules.js';
import { codeDifference, statusDifference } from '../context.js';
import type { Difference } from '../types.js';
import { DELETES, pathFor, probeId, type RequestCheck } from './common.js';

/** The methods tried on each path (those the path documents are skipped). */
export const TRIED_METHODS = ['GET', 'PUT', 'PATCH', 'POST', 'DELETE'] as const;

function allowDifference(allow: string | undefined, documented: string[], method: string): Difference[] {
  if (allow === undefined)
    return [{ at: 'header Allow', expected: documented.join(', '), actual: '(absent)' }];
  const listed = allow.split(',').map((m) => m.trim().toUpperCase());
  const missing = documented.filter((m) => !listed.includes(m));
  if (missing.length === 0 && !listed.includes(method)) return [];
  return [{ at: 'header Allow', expected: `${documented.join(', ')} (not ${method})`, actual: allow }];
}

/** The unsupported_method check. */
export const unsupportedMethod: RequestCheck = {
  name: 'unsupported_method',
  stateful: false,
  notApplicable: () => undefined,
  async run(ctx) {
    const targets = [
      {
        template: operation('createAccessToken').path,
        path: operation('createAccessToken').path,
        headers: {},
      },
      ...DELETES.flatMap((op) => {
        // Without credentials a server may rightly answer 401 before routing on the method.
        const auth = ctx.authHeaders(op.operationId);
        if (!auth) return [];
        return [
          {
            template: operation(op.operationId).path,
            path: pathFor(op.operationId, probeId(ctx, op.prefix)),
            headers: auth,
          },
        ];
      }),
    ];
    for (const target of targets) {
      const documented = documentedMethods(target.template);
      for (const method of TRIED_METHODS) {
        if (documented.includes(method)) continue;
        const exchange = await ctx.send({
          sentBy: 'unsupported_method',
          label: `${method} ${target.template}`,
          unsupportedMethod: true,
          method,
          path: target.path,
          headers: target.headers,
        });
        const differences = statusDifference(exchange, [405]);
        if (differences.length === 0) {
          differences.push(...allowDifference(exchange.response?.headers.allow, documented, method));
          differences.push(...codeDifference(exchange, 'method_not_allowed'));
        }
        ctx.fail('unsupported_method', exchange, exchange.label, differences);
      }
    }
  },
};
