// Validates every outgoing response against the spec before it is sent (status, Content-Type, headers,
// body). A failure is a sandbox bug: it is counted, logged, and the response is replaced by a 500.
//
// Validation is a pure function of the schema and the value, so a verdict is remembered: a header value
// or a body text (the exact bytes the client receives) that passed recently passes again without running
// Ajv. Only passing values are remembered, a few per schema, so no failing response is ever sent.
import type { ResponseSpec } from '../spec/index.js';
import { validateSchema } from '../spec/index.js';
import { requestIdPattern } from './request-id.js';

/** The response about to be sent, headers by their spec names, and the body as serialized. */
export interface Checked {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  /** `JSON.stringify(body)`: what the client receives. */
  text: string;
}

// Remembered passes per validator (a header spec, a response spec or the Error schema): the last few
// values, compared with ===, which for a body text is a memory compare (a Set would hash the whole text).
const MEMORY = 16;
const passed = new WeakMap<object, string[]>();

function knownGood(owner: object, value: string): boolean {
  const recent = passed.get(owner);
  if (recent === undefined) return false;
  for (let i = 0; i < recent.length; i++) if (recent[i] === value) return true;
  return false;
}

function remember(owner: object, value: string): void {
  let recent = passed.get(owner);
  if (!recent) {
    recent = [];
    passed.set(owner, recent);
  }
  if (recent.length >= MEMORY) recent.pop();
  recent.unshift(value);
}

/** Issues of an operation's response against its documented response, or ['undocumented status']. */
export function checkOperationResponse(documented: ResponseSpec | undefined, out: Checked): string[] {
  if (documented === undefined) return [`status ${out.status} is not documented for this operation`];
  const problems: string[] = [];
  for (const header of documented.headers) {
    const value = out.headers[header.name];
    if (value === undefined) {
      if (header.required) problems.push(`required header ${header.name} is missing`);
      continue;
    }
    if (knownGood(header, value)) continue;
    const issues = header.validate(value);
    if (issues.length === 0) remember(header, value);
    for (const issue of issues) problems.push(`header ${issue.message}`);
  }
  const contentType = out.headers['Content-Type'];
  if (documented.contentTypes.length > 0) {
    if (contentType === undefined || !documented.contentTypes.includes(contentType))
      problems.push(`Content-Type ${contentType ?? '(none)'} is not ${documented.contentTypes.join(' or ')}`);
    else if (!knownGood(documented, out.text)) {
      const issues = documented.validateBody(out.body, contentType);
      if (issues.length === 0) remember(documented, out.text);
      for (const issue of issues) problems.push(`body ${issue.message}`);
    }
  }
  return problems;
}

const ERROR_SCHEMA = { name: 'ApiErrorBody' };

/** Issues of a response outside the operations (404 path, 405): an Error body and a valid request id. */
export function checkErrorResponse(out: Checked): string[] {
  const problems: string[] = [];
  if (!knownGood(ERROR_SCHEMA, out.text)) {
    const issues = validateSchema('ApiErrorBody', out.body);
    if (issues.length === 0) remember(ERROR_SCHEMA, out.text);
    for (const issue of issues) problems.push(`body ${issue.message}`);
  }
  const requestId = out.headers['X-Request-Id'];
  if (requestId === undefined || !requestIdPattern().test(requestId))
    problems.push('X-Request-Id is missing or invalid');
  if (out.headers['Content-Type'] !== 'application/json')
    problems.push('Content-Type is not application/json');
  return problems;
}
