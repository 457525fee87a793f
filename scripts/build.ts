// npm run build: compiles the client (src/client), the ./types module (src/types.ts) and the
// generated facade to dist/ as ESM with .d.ts, per tsconfig.build.json. tsc does not copy .d.ts
// inputs, so generated/schema.d.ts is copied beside the compiled facade that imports it.
import { spawnSync } from 'node:child_process';
import { copyFile, rm } from 'node:fs/promises';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
const tsc = path.join(root, 'node_modules', '.bin', 'tsc');

await rm(dist, { recursive: true, force: true });
const compiled = spawnSync(tsc, ['-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (compiled.status !== 0) {
  console.error(
    'Build failed: tsconfig.build.json does not compile (errors above). Fix them and run npm run build.',
  );
  process.exit(compiled.status ?? 1);
}
await copyFile(path.join(root, 'generated', 'schema.d.ts'), path.join(dist, 'generated', 'schema.d.ts'));
console.log('Built dist/: src/client, src/types and generated/ as ESM + .d.ts.');
