// Shared helpers of the sandbox tests: start a sandbox on a free port and talk to it with plain fetch.
import {
  demoCredentials,
  type Sandbox,
  type StartSandboxOptions,
  startSandbox,
} from '../../src/sandbox/index.js';
import { operation, resolveRef, spec } from '../../src/spec/index.js';

/** The first account's full-access key (the spec's example key), its read-only key, the second account's key. */
export const [fullKey, readOnlyKey, otherAccountKey] = demoCredentials as [
  (typeof demoCredentials)[number],
  (typeof demoCredentials)[number],
  (typeof demoCredentials)[number],
];

/** Ids from the fixtures used across tests. */
export const ids = {
  jane: 'cst_01H9Xa8F5dN6mP3q',
  northwind: 'cus_abc123xyz789',
  blueHarbor: 'cus_01HCq7Lm2Np4Rs6T',
  otherAccountIndividual: 'cst_01HB2a1K3mN5pQ7r',
  otherAccountBusiness: 'cus_01HD1a2B3c4D5e6F',
};

/** A sandbox on a free port of 127.0.0.1, quiet unless a test asks for its log. */
export function sandbox(options: StartSandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ port: 0, log: () => undefined, ...options });
}

/** A fetch response with its body read as text and, when possible, JSON. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
}

/** Sends one request to the sandbox and reads the whole answer. */
export async function call(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Answer> {
  const response = await fetch(`${base}${path}`, { method, headers, ...(body !== undefined && { body }) });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Not JSON: tests that care assert on `text`.
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Exchanges a demo key at POST /auth/token and returns the bearer token. */
export async function exchange(
  base: string,
  key: { apiKey: string; apiSecret: string } = fullKey,
): Promise<string> {
  const answer = await call(
    base,
    'POST',
    '/auth/token',
    { 'Content-Type': 'application/json' },
    JSON.stringify({ apiKey: key.apiKey, apiSecret: key.apiSecret }),
  );
  if (answer.status !== 200) throw new Error(`token exchange answered ${answer.status}: ${answer.text}`);
  return answer.json.accessToken as string;
}

/** `Authorization` header for a token. */
export function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

/**
 * The `message` of a named example of a documented response, read from the spec (following `$ref`s)
 * so tests compare with the spec's text, not with a copy of it.
 */
export function specExampleMessage(operationId: string, status: number, example: string): string {
  const responses = resolveRef(operationObject(operationId).responses);
  const response = resolveRef(responses[String(status)]);
  const content = response.content as Record<string, { examples?: Record<string, unknown> }> | undefined;
  const value = resolveRef(content?.['application/json']?.examples?.[example]).value as
    | { message?: unknown }
    | undefined;
  if (typeof value?.message !== 'string')
    throw new Error(`openapi.yaml: ${operationId} ${status} has no example '${example}' with a message`);
  return value.message;
}

function operationObject(operationId: string): Record<string, unknown> {
  const { method, path } = operation(operationId);
  const paths = spec.paths as Record<string, Record<string, Record<string, unknown>>>;
  const found = paths[path]?.[method.toLowerCase()];
  if (!found) throw new Error(`openapi.yaml: no operation ${operationId} at ${method} ${path}`);
  return found;
}
