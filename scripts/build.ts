// npm run build: compiles to dist/ as ESM with .d.ts, in two passes: the browser-safe client
// (src/client, src/types.ts and the generated facade; tsconfig.build.json, no Node types) and the
// server-side conformance suite (src/conformance, src/spec; tsconfig.build.server.json). tsc does
// not copy .d.ts inputs, so generated/schema.d.ts is copied beside the facade that imports it.
import { spawnSync } from 'node:child_process';
import { copyFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseOrExit } from '../src/cli/args.js';

parseOrExit(
  {
    name: 'npm run build',
    usage: `Usage: npm run build

Compiles the package to dist/ (ESM + .d.ts): the browser-safe client, then the conformance suite.

Flags:
  --help  print this help`,
    flags: {},
  },
  process.argv.slice(2),
);

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
const tsc = path.join(root, 'node_modules', '.bin', 'tsc');

await rm(dist, { recursive: true, force: true });
for (const config of ['tsconfig.build.json', 'tsconfig.build.server.json']) {
  const compiled = spawnSync(tsc, ['-p', path.join(root, config)], { stdio: 'inherit' });
  if (compiled.status !== 0) {
    console.error(`Build failed: ${config} does not compile (errors above). Fix them and run npm run build.`);
    process.exit(compiled.status ?? 1);
  }
}
await copyFile(path.join(root, 'generated', 'schema.d.ts'), path.join(dist, 'generated', 'schema.d.ts'));
console.log('Built dist/: src/client, src/types, src/conformance, src/spec and generated/ as ESM + .d.ts.');
