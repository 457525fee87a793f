// unsupported_method: methods a path does not document get 405 with an Allow header listing the
// documented ones (info.description, "Methods, CORS and bodies"; RFC 9110, section 15.5.6).
import { documentedMethods } from '../api-rules.js';
import { defineRequestCheck } from '../check.js';
import type { Difference } from '../types.js';
import { DELETES } from './deletes.js';

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

export const unsupportedMethod = defineRequestCheck({
  name: 'unsupported_method',
  stateful: false,
  needs: [],
  uses: 'credentials, for the delete paths (without them a server may rightly answer 401 first)',
  proves:
    'GET/PUT/PATCH/POST on the delete paths and GET/PUT/PATCH/DELETE on `/auth/token` get `405`, `Allow` listing the documented methods, code `method_not_allowed`',
  expectations: { notAllowed: { status: [405], code: 'method_not_allowed' } },
  async run(ctx, io) {
    const token = ctx.spec.operation('createAccessToken').path;
    const targets = [
      { template: token, path: token, headers: {} },
      ...DELETES.flatMap((op) => {
        const auth = ctx.authHeaders(op.operationId);
        const template = ctx.spec.operation(op.operationId).path;
        return auth
          ? [{ template, path: ctx.pathFor(op.operationId, ctx.absentId(op.prefix)), headers: auth }]
          : [];
      }),
    ];
    for (const target of targets) {
      const documented = documentedMethods(ctx.spec, target.template);
      for (const method of TRIED_METHODS) {
        if (documented.includes(method)) continue;
        const exchange = await io.send({
          label: `${method} ${target.template}`,
          unsupportedMethod: true,
          method,
          path: target.path,
          headers: target.headers,
        });
        // The Allow header is judged only on a 405 (expect adds it when status and code are right).
        io.expect(
          exchange,
          this.expectations.notAllowed,
          allowDifference(exchange.response?.headers.allow, documented, method),
        );
      }
    }
  },
});
