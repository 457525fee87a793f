// The six response checks, applied to every exchange the run recorded: documented status,
// Content-Type, headers, body schema, no 5xx, no PII.
import { documentedStatuses, errorCodesByStatus, responseSpecFor } from '../api-rules.js';
import { defineResponseCheck } from '../check.js';
import { CONFORMANCE_ORIGIN } from '../context.js';
import { findPii } from '../pii.js';
import type { Difference } from '../types.js';

/** The media type of a Content-Type value, without parameters (RFC 9110, section 8.3.1). */
function mediaType(value: string | undefined): string | undefined {
  const type = value?.split(';')[0]?.trim().toLowerCase();
  return type ? type : undefined;
}

export const statusCodeConformance = defineResponseCheck({
  name: 'status_code_conformance',
  proves: "every response's status is documented for its operation (405/429/500 for undocumented methods)",
  evaluate(exchange, ctx) {
    const status = exchange.response?.status;
    if (status === undefined) return [];
    const documented = documentedStatuses(ctx.spec, exchange);
    if (documented.includes(status)) return [];
    return [{ at: 'status', expected: `one of ${documented.join(', ')}`, actual: String(status) }];
  },
});

export const contentTypeConformance = defineResponseCheck({
  name: 'content_type_conformance',
  proves: '`Content-Type` is documented for that status',
  evaluate(exchange, ctx) {
    const response = exchange.response;
    const documented = responseSpecFor(ctx.spec, exchange);
    if (!response || !documented) return [];
    const actual = mediaType(response.headers['content-type']);
    if (documented.contentTypes.length === 0) {
      return response.text.length === 0
        ? []
        : [{ at: 'header Content-Type', expected: 'no body', actual: actual ?? '(none)' }];
    }
    if (actual !== undefined && documented.contentTypes.includes(actual)) return [];
    return [
      {
        at: 'header Content-Type',
        expected: documented.contentTypes.join(' or '),
        actual: actual ?? '(absent)',
      },
    ];
  },
});

export const responseHeadersConformance = defineResponseCheck({
  name: 'response_headers_conformance',
  proves:
    "required headers present and valid (`X-Request-Id`, `RateLimit`, `RateLimit-Policy`, `Retry-After` on 429, `WWW-Authenticate` on 401, `Cache-Control` on tokens, `Allow` on 405); a valid client `X-Request-Id` echoed, an invalid one replaced by a generated one, equal to the body's `requestId`; `Access-Control-Allow-Origin` when the request has `Origin`",
  evaluate(exchange, ctx) {
    const response = exchange.response;
    const documented = responseSpecFor(ctx.spec, exchange);
    if (!response || !documented) return [];
    const out: Difference[] = [];
    for (const header of documented.headers) {
      const value = response.headers[header.name.toLowerCase()];
      if (value === undefined) {
        if (header.required)
          out.push({ at: `header ${header.name}`, expected: 'present (required)', actual: '(absent)' });
        continue;
      }
      for (const issue of header.validate(value)) {
        out.push({
          at: `header ${header.name}`,
          expected: 'valid against its schema',
          actual: `${JSON.stringify(value)}: ${issue.message}`,
        });
      }
    }
    // A valid client X-Request-Id is echoed, otherwise the server generates one (info.description, "Request ids").
    const sent = exchange.request.headers['X-Request-Id'];
    const got = response.headers['x-request-id'];
    if (sent !== undefined && got !== undefined) {
      const valid = ctx.spec.validateSchema('RequestId', sent).length === 0;
      if (valid && got !== sent) {
        out.push({
          at: 'header X-Request-Id',
          expected: `the client's ${JSON.stringify(sent)} echoed`,
          actual: JSON.stringify(got),
        });
      } else if (!valid && got === sent) {
        out.push({
          at: 'header X-Request-Id',
          expected: `an id the server generated (the client's ${JSON.stringify(sent.slice(0, 40))} is not a valid request id)`,
          actual: 'the invalid id echoed',
        });
      }
    }
    // The header equals the error body's requestId (components.headers.X-Request-Id).
    const bodyId = (response.json as { requestId?: unknown } | undefined)?.requestId;
    if (response.status >= 400 && typeof bodyId === 'string' && got !== undefined && bodyId !== got) {
      out.push({
        at: 'body/requestId',
        expected: `equal to X-Request-Id ${JSON.stringify(got)}`,
        actual: JSON.stringify(bodyId),
      });
    }
    // Access-Control-Allow-Origin "is sent when the request carries an Origin header" (info.description).
    if (
      exchange.request.headers.Origin === CONFORMANCE_ORIGIN &&
      response.headers['access-control-allow-origin'] === undefined
    ) {
      out.push({
        at: 'header Access-Control-Allow-Origin',
        expected: 'present (the request carried Origin)',
        actual: '(absent)',
      });
    }
    return out;
  },
});

export const responseSchemaConformance = defineResponseCheck({
  name: 'response_schema_conformance',
  proves:
    'the body validates against the documented schema, 3.1 keywords included; an Error body also carries `code` and `requestId` ("always sent"), with a `code` documented for its status',
  evaluate(exchange, ctx) {
    const response = exchange.response;
    const documented = responseSpecFor(ctx.spec, exchange);
    if (!response || !documented || documented.contentTypes.length === 0) return [];
    if (response.json === undefined) {
      return [
        {
          at: 'body',
          expected: 'a JSON body',
          actual: response.text.length === 0 ? '(empty)' : `not JSON (${response.jsonError ?? ''})`,
        },
      ];
    }
    const type = mediaType(response.headers['content-type']);
    const contentType = type !== undefined && documented.contentTypes.includes(type) ? type : undefined;
    const out: Difference[] = documented.validateBody(response.json, contentType).map((issue) => ({
      at: `body${issue.at}`,
      expected: 'valid against the documented schema (JSON Schema 2020-12)',
      actual: issue.message,
    }));
    const body = response.json as Record<string, unknown> | null;
    if (response.status >= 400 && body !== null && typeof body === 'object' && !Array.isArray(body)) {
      // components.schemas.ApiErrorBody: "`code` and `requestId` are always sent by this API".
      for (const field of ['code', 'requestId'] as const) {
        if (body[field] === undefined)
          out.push({ at: `body/${field}`, expected: 'present (Error: always sent)', actual: '(absent)' });
      }
      const codes = errorCodesByStatus(ctx.spec).get(response.status);
      if (codes && typeof body.code === 'string' && !codes.includes(body.code))
        out.push({
          at: 'body/code',
          expected: `a code documented for ${response.status}: ${codes.join(', ')}`,
          actual: JSON.stringify(body.code),
        });
    }
    return out;
  },
});

export const notAServerError = defineResponseCheck({
  name: 'not_a_server_error',
  proves: 'no 5xx, no dropped connection',
  examinesUnanswered: true,
  evaluate(exchange) {
    if (!exchange.response)
      return [{ at: 'response', expected: 'an HTTP response', actual: exchange.error ?? '(none)' }];
    if (exchange.response.status < 500) return [];
    return [{ at: 'status', expected: 'not 5xx', actual: String(exchange.response.status) }];
  },
});

export const noPiiInResponses = defineResponseCheck({
  name: 'no_pii_in_responses',
  proves:
    'no `birthDate`, `residentialAddress`, `ipAddress`, `identifyingInformation` at any depth (any case, `_`/`-` spelling)',
  evaluate(exchange) {
    const response = exchange.response;
    if (!response) return [];
    return findPii(response.json, response.text).map((at) => ({
      at: `body${at.startsWith('/') ? at : ` ${at}`}`,
      expected: 'no PII field',
      actual: 'present',
    }));
  },
});
