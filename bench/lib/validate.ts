// Checks one live answer to the benchmark request against the spec (status, body, documented
// headers), before and after load, so a fast server that answers wrongly cannot win.
import { operation } from '../../src/spec/index.js';

/**
 * Fetches `url` with `init` (through `fetchImpl`, default the global fetch) and lists every way the
 * answer differs from deleteCustomer's 200.
 */
export async function checkDeleteAnswer(
  url: string,
  init: RequestInit,
  fetchImpl: (request: Request) => Promise<Response> = (request) => fetch(request),
): Promise<string[]> {
  const res = await fetchImpl(new Request(url, init));
  const text = await res.text();
  if (res.status !== 200) return [`status ${res.status}, expected 200: ${text.slice(0, 200)}`];
  const spec = operation('deleteCustomer').responses.get(200);
  if (!spec) return ['openapi.json documents no 200 for deleteCustomer'];
  const problems: string[] = [];
  for (const header of spec.headers) {
    const value = res.headers.get(header.name);
    if (value === null) {
      if (header.required) problems.push(`missing required header ${header.name}`);
      continue;
    }
    problems.push(...header.validate(value).map((i) => i.message));
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [...problems, `body is not JSON: ${text.slice(0, 200)}`];
  }
  problems.push(...spec.validateBody(body).map((i) => `body ${i.message}`));
  return problems;
}
