// npm run docs: openapi.yaml -> docs/index.html (Redoc, self-contained) + docs/openapi.{json,yaml}.
// Thin entry point: parses flags, calls src/docs/build.ts, prints what it wrote.
import path from 'node:path';
import { runCommand } from '../src/cli/args.js';
import { buildDocs } from '../src/docs/build.js';

const command = {
  name: 'npm run docs',
  usage: `Usage: npm run docs -- [flags]

Builds the Redoc reference page into a static folder (index.html, openapi.json, openapi.yaml).

Flags:
  --spec PATH  the OpenAPI source (default openapi.yaml)
  --json PATH  the bundled description offered for download (default generated/openapi.json)
  --out DIR    the folder to write (default docs)
  --help       print this help`,
  flags: {
    spec: { type: 'string' },
    json: { type: 'string' },
    out: { type: 'string' },
  },
} as const;

process.exitCode = await runCommand(command, process.argv.slice(2), async ({ values }) => {
  const started = performance.now();
  const result = await buildDocs({
    spec: values.spec || 'openapi.yaml',
    json: values.json || 'generated/openapi.json',
    out: values.out || 'docs',
  });
  const ms = Math.round(performance.now() - started);
  console.log(`Built "${result.title}" docs in ${ms} ms (${Math.round(result.bytes / 1024)} KiB page):`);
  for (const file of result.files) console.log(`  ${path.relative(process.cwd(), file)}`);
  console.log('The folder is static and self-contained: serve it from any static host (see README).');
  return 0;
});
