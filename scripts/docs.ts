// npm run docs: openapi.yaml -> docs/index.html (Redoc, self-contained) + docs/openapi.{json,yaml}.
// Thin entry point: parses flags, calls src/docs/build.ts, prints what it wrote.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildDocs } from '../src/docs/build.js';

const { values: flags } = parseArgs({
  options: {
    spec: { type: 'string', default: 'openapi.yaml' },
    json: { type: 'string', default: 'generated/openapi.json' },
    out: { type: 'string', default: 'docs' },
  },
});

try {
  const started = performance.now();
  const result = await buildDocs({ spec: flags.spec, json: flags.json, out: flags.out });
  const ms = Math.round(performance.now() - started);
  console.log(`Built "${result.title}" docs in ${ms} ms (${Math.round(result.bytes / 1024)} KiB page):`);
  for (const file of result.files) console.log(`  ${path.relative(process.cwd(), file)}`);
  console.log('The folder is static and self-contained: serve it from any static host (see README).');
} catch (error) {
  console.error(`npm run docs: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
