// What the sandbox pays for spec size, in one fresh process: src/spec's loadSpec (index), the Ajv
// compile of every validator (lazy in src/spec: paid on first use), and routing with the sandbox's
// routing algorithm. Prints JSON (ms).
// Usage: node --import tsx bench/phases/load-spec.ts OPENAPI_JSON LOOKUPS
import { readFile } from 'node:fs/promises';
import { loadSpec } from '../../src/spec/index.js';

const [file, rawLookups] = process.argv.slice(2);
if (!file) throw new Error('usage: load-spec.ts OPENAPI_JSON LOOKUPS');
const lookups = Number(rawLookups ?? 10_000);

const t0 = performance.now();
const document = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
const t1 = performance.now();
const index = loadSpec(document);
const t2 = performance.now();
// src/spec compiles each validator on first use, so a server pays the Ajv compile of an operation on
// its first request: force every validator once to measure the whole bill.
let validators = 0;
for (const op of index.operations) {
  for (const p of op.parameters) {
    p.validate('x');
    validators++;
  }
  op.requestBody?.validate({});
  for (const response of op.responses.values()) {
    for (const h of response.headers) {
      h.validate('x');
      validators++;
    }
    if (response.contentTypes.length > 0) {
      response.validateBody({});
      validators++;
    }
  }
}
const tCompiled = performance.now();

// The sandbox's routing: src/sandbox/routes.ts (buildRoutes) groups the operations by path template in
// document order, and the engine's first pipeline step (src/sandbox/engine.ts) tries each path's RegExp
// in turn, then looks the method up. Replicated here because the sandbox routes the project's own spec
// only (it has handlers for its three operations).
const routes = new Map<string, { pattern: RegExp; byMethod: Map<string, string> }>();
for (const op of index.operations) {
  let route = routes.get(op.path);
  if (!route) {
    route = { pattern: op.pathPattern, byMethod: new Map() };
    routes.set(op.path, route);
  }
  route.byMethod.set(op.method, op.operationId);
}
const table = [...routes.values()];
const requests = index.operations.map((op) => ({
  method: op.method,
  path: op.path.replace(/\{[^}]+\}/g, 'cst_01H9Xa8F5dN6mP3q'),
}));
const last = requests[requests.length - 1];
let found = 0;
function route(method: string, path: string): string | undefined {
  for (const candidate of table) {
    if (!candidate.pattern.exec(path)) continue;
    return candidate.byMethod.get(method);
  }
  return undefined;
}
// Warm the JIT, then time requests spread over every operation, and the worst case (the last path).
for (let i = 0; i < 2000; i++)
  route(requests[i % requests.length]?.method ?? 'GET', requests[i % requests.length]?.path ?? '/');
const t3 = performance.now();
for (let i = 0; i < lookups; i++) {
  const r = requests[i % requests.length];
  if (r && route(r.method, r.path)) found++;
}
const t4 = performance.now();
for (let i = 0; i < lookups; i++) if (last && route(last.method, last.path)) found++;
const t5 = performance.now();

process.stdout.write(
  JSON.stringify({
    operations: index.operations.length,
    parseMs: t1 - t0,
    loadSpecMs: t2 - t1,
    compileAllMs: tCompiled - t2,
    validators,
    routeAvgUs: ((t4 - t3) * 1000) / lookups,
    routeWorstUs: ((t5 - t4) * 1000) / lookups,
    found,
  }),
);
