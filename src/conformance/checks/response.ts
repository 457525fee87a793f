// The six response checks, applied to every exchange the run recorded: documented status,
// Content-Type, headers, body schema, no 5xx, no PII.

import { documentedStatuses, responseSpecFor } from '../api-rules.js';
import type { RunContext } from '../context.js';
import { findPii } from '../pii.js';
import type { CheckName, Difference, Exchange } from '../types.js';

/** The response checks, in report order. */
export const RESPONSE_CHECKS: readonly CheckName[] = [
  'status_code_conformance',
  'content_type_conformance',
  'response_headers_conformance',
  'response_schema_conformance',
  'not_a_server_error',
  'no_pii_in_responses',
];

/** The media type of a Content-Type value, without parameters (RFC 9110, section 8.3.1). */
export function mediaType(value: string | undefined): string | undefined {
  const type = value?.split(';')[0]?.trim().toLowerCase();
  return type ? type : undefined;
}

function statusCheck(exchange: Exchange): Difference[] {
  const status = exchange.response?.status;
  if (status === undefined) return [];
  const documented = documentedStatuses(exchange);
  if (documented.includes(status)) return [];
  return [{ at: 'status', expected: `one of ${documented.join(', ')}`, actual: String(status) }];
}

function contentTypeCheck(exchange: Exchange): Difference[] {
  const response = exchange.response;
  const documented = responseSpecFor(exchange);
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
}

function headersCheck(exchange: Exchange): Difference[] {
  const response = exchange.response;
  const documented = responseSpecFor(exchange);
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
  // A valid client X-Request-Id is echoed (info.description, "Request ids").
  const sent = exchange.request.headers['X-Request-Id'];
  const got = response.headers['x-request-id'];
  if (sent !== undefined && got !== undefined && got !== sent) {
    out.push({
      at: 'header X-Request-Id',
      expected: `the client's ${JSON.stringify(sent)} echoed`,
      actual: JSON.stringify(got),
    });
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
  return out;
}

function schemaCheck(exchange: Exchange): Difference[] {
  const response = exchange.response;
  const documented = responseSpecFor(exchange);
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
  return documented.validateBody(response.json, contentType).map((issue) => ({
    at: `body${issue.at}`,
    expected: 'valid against the documented schema (JSON Schema 2020-12)',
    actual: issue.message,
  }));
}

function serverErrorCheck(exchange: Exchange): Difference[] {
  if (!exchange.response)
    return [{ at: 'response', expected: 'an HTTP response', actual: exchange.error ?? '(none)' }];
  if (exchange.response.status < 500) return [];
  return [{ at: 'status', expected: 'not 5xx', actual: String(exchange.response.status) }];
}

function piiCheck(exchange: Exchange): Difference[] {
  const response = exchange.response;
  if (!response) return [];
  return findPii(response.json, response.text).map((at) => ({
    at: `body${at.startsWith('/') ? at : ` ${at}`}`,
    expected: 'no PII field',
    actual: 'present',
  }));
}

const EVALUATORS: Record<string, (exchange: Exchange) => Difference[]> = {
  status_code_conformance: statusCheck,
  content_type_conformance: contentTypeCheck,
  response_headers_conformance: headersCheck,
  response_schema_conformance: schemaCheck,
  not_a_server_error: serverErrorCheck,
  no_pii_in_responses: piiCheck,
};

/** Why a response check has nothing to examine when no exchange got an HTTP response. */
export const NO_RESPONSE_REASON = 'no response received';

/**
 * Runs every response check over every recorded exchange that got a response; `not_a_server_error`
 * also counts an exchange without one (a dead or hanging server is a failure). Returns the checks
 * that had no response to examine, with {@link NO_RESPONSE_REASON}.
 */
export function runResponseChecks(ctx: RunContext): Map<CheckName, string> {
  const notApplicable = new Map<CheckName, string>();
  const answered = ctx.exchanges.filter((exchange) => exchange.response !== undefined);
  for (const check of RESPONSE_CHECKS) {
    const evaluate = EVALUATORS[check];
    if (!evaluate) continue;
    const examined = check === 'not_a_server_error' ? ctx.exchanges : answered;
    if (check !== 'not_a_server_error' && answered.length === 0) notApplicable.set(check, NO_RESPONSE_REASON);
    for (const exchange of examined) {
      const status = exchange.response ? String(exchange.response.status) : 'no response';
      ctx.fail(
        check,
        exchange,
        `${exchange.request.method} ${exchange.label} -> ${status}`,
        evaluate(exchange),
      );
    }
    ctx.sent.set(check, examined.length);
  }
  return notApplicable;
}
