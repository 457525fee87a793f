// npm run build (also npm's prepack, so `npm pack` and `npm publish` from a fresh clone ship a built
// package): compiles to dist/ as ESM with .d.ts, in two passes: the browser-safe client (src/client,
// src/types.ts and the generated facade; tsconfig.build.json, no Node types) and the server side
// (sandbox, conformance suite, spec model, CLI parser; tsconfig.build.server.json). Then it copies
// the files the compiled code reads at run time, so that dist/ mirrors the repository's layout and
// every `new URL('…', import.meta.url)` in src/ finds the same file once compiled:
// - generated/openapi.json, byte for byte over tsc's re-serialized copy (the package ships the spec once);
// - openapi.yaml (the sandbox serves it at /openapi.yaml);
// - generated/schema.d.ts (tsc does not copy .d.ts inputs; the generated facade imports it).
import { spawnSync } from 'node:child_process';
import { copyFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { runCommand } from '../src/cli/args.js';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
const tsc = path.join(root, 'node_modules', '.bin', 'tsc');

/** Files the compiled code reads at run time, copied to the same path under dist/. */
const RUNTIME_FILES = ['generated/openapi.json', 'generated/schema.d.ts', 'openapi.yaml'] as const;

const USAGE = `Usage: npm run build

Compiles src/ to dist/ (ESM + .d.ts; JSON imports such as the sandbox fixtures come along) and
copies the spec and the generated types beside the compiled code. npm pack and npm publish run it first (prepack).`;

process.exitCode = await runCommand(
  { name: 'npm run build', usage: USAGE, flags: {} },
  process.argv.slice(2),
  async (_, io) => {
    await rm(dist, { recursive: true, force: true });
    for (const config of ['tsconfig.build.json', 'tsconfig.build.server.json']) {
      const compiled = spawnSync(tsc, ['-p', path.join(root, config)], { stdio: 'inherit' });
      if (compiled.status !== 0) {
        io.err(`build: ${config} does not compile (errors above). Fix them and run npm run build again.`);
        return 1;
      }
    }
    for (const file of RUNTIME_FILES) await copyFile(path.join(root, file), path.join(dist, file));
    io.out(
      'Built dist/: the client, types, sandbox, MSW handlers, conformance suite and CLIs as ESM + .d.ts, with the spec and fixtures they read.',
    );
    return 0;
  },
);
