// Where `npm run generate`'s time goes: performs the same library calls as scripts/generate.ts
// (load config, lint, bundle, openapi-typescript) in one fresh process and prints each phase's
// milliseconds as JSON. Usage: node --import tsx bench/phases/generate-phases.ts SPEC CONFIG
const t0 = performance.now();
const core = await import('@redocly/openapi-core');
const t1 = performance.now();
const ots = await import('openapi-typescript');
const t2 = performance.now();

const [specPath, configPath] = process.argv.slice(2);
if (!specPath || !configPath) throw new Error('usage: generate-phases.ts SPEC CONFIG');
const config = await core.loadConfig({ configPath });
const t3 = performance.now();
const problems = await core.lint({ ref: specPath, config });
const t4 = performance.now();
const { bundle: doc } = await core.bundle({ ref: specPath, config });
const t5 = performance.now();
const ast = await ots.default(doc.parsed as Parameters<typeof ots.default>[0]);
const text = ots.astToString(ast);
const t6 = performance.now();
const json = JSON.stringify(doc.parsed, null, 2);
const t7 = performance.now();

process.stdout.write(
  JSON.stringify({
    'import @redocly/openapi-core': t1 - t0,
    'import openapi-typescript': t2 - t1,
    'load redocly.yaml': t3 - t2,
    lint: t4 - t3,
    bundle: t5 - t4,
    'openapi-typescript (AST + print)': t6 - t5,
    'serialize openapi.json': t7 - t6,
    problems: problems.length,
    outputChars: text.length + json.length,
  }),
);
