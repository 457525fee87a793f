// Validates every outgoing response against the spec before it is sent (status, Content-Type, headers,
// body). A failure is a sandbox bug: it is counted, logged, and the response is replaced by a 500.
import type { ResponseSpec } from '../spec/index.js';
import { validateSchema } from '../spec/index.js';
import { REQUEST_ID_PATTERN } from './request-id.js';

/** The response about to be sent, headers by their spec names. */
export interface Outgoing {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** Issues of an operation's response against its documented response, or ['undocumented status']. */
export function checkOperationResponse(documented: ResponseSpec | undefined, out: Outgoing): string[] {
  if (documented === undefined) return [`status ${out.status} is not documented for this operation`];
  const problems: string[] = [];
  for (const header of documented.headers) {
    const value = out.headers[header.name];
    if (value === undefined) {
      if (header.required) problems.push(`required header ${header.name} is missing`);
      continue;
    }
    for (const issue of header.validate(value)) problems.push(`header ${issue.message}`);
  }
  const contentType = out.headers['Content-Type'];
  if (documented.contentTypes.length > 0) {
    if (contentType === undefined || !documented.contentTypes.includes(contentType))
      problems.push(`Content-Type ${contentType ?? '(none)'} is not ${documented.contentTypes.join(' or ')}`);
    else
      for (const issue of documented.validateBody(out.body, contentType))
        problems.push(`body ${issue.message}`);
  }
  return problems;
}

/** Issues of a response outside the operations (404 path, 405): an Error body and a valid request id. */
export function checkErrorResponse(out: Outgoing): string[] {
  const problems = validateSchema('ApiErrorBody', out.body).map((issue) => `body ${issue.message}`);
  const requestId = out.headers['X-Request-Id'];
  if (requestId === undefined || !REQUEST_ID_PATTERN.test(requestId))
    problems.push('X-Request-Id is missing or invalid');
  if (out.headers['Content-Type'] !== 'application/json')
    problems.push('Content-Type is not application/json');
  return problems;
}
