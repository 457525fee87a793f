// Runs the Redocly CLI from node_modules with the given arguments (passed through untouched, --help
// included, so this wrapper parses no flags of its own) and drops its Node 20 end-of-life box from
// the output (src/cli/redocly-banner.ts). Exit code and every other line are Redocly's.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { RedoclyBannerFilter } from '../src/cli/redocly-banner.js';

const bin = path.join(import.meta.dirname, '..', 'node_modules', '.bin', 'redocly');
const child = spawn(bin, process.argv.slice(2), { stdio: ['inherit', 'pipe', 'pipe'] });
child.stdout.pipe(new RedoclyBannerFilter()).pipe(process.stdout);
child.stderr.pipe(new RedoclyBannerFilter()).pipe(process.stderr);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('error', (error) => {
  console.error(`redocly: could not run ${bin} (${error.message}); run npm ci.`);
  process.exitCode = 1;
});
child.on('close', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});
