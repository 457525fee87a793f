// Test helpers for the generator: temporary projects holding a copy of the spec and of the committed
// generated/, a byte-for-byte snapshot of a directory, and a runner that starts scripts/generate.ts
// with node directly (no npm in between), so a signal sent to it lands on the generator itself.
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const root = path.resolve(import.meta.dirname, '../..');
const loader = pathToFileURL(path.join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const script = path.join(root, 'scripts', 'generate.ts');
const made: string[] = [];

/** Removes every workspace made so far (call from afterAll). */
export function cleanWorkspaces(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A temp project: openapi.yaml (edited by `edit`) and the committed generated/ copied to out/. */
export function workspace(edit: (spec: string) => string = (spec) => spec): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'customers-generate-'));
  made.push(dir);
  writeFileSync(path.join(dir, 'openapi.yaml'), edit(readFileSync(path.join(root, 'openapi.yaml'), 'utf8')));
  cpSync(path.join(root, 'generated'), path.join(dir, 'out'), { recursive: true });
  return dir;
}

/** Every file under `dir` with its bytes (base64), to compare before and after a run; {} if absent. */
export function snapshot(dir: string): Record<string, string> {
  if (!existsSync(dir)) return {};
  return Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const file = path.join(entry.parentPath, entry.name);
        return [path.relative(dir, file), readFileSync(file).toString('base64')];
      }),
  );
}

export interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  /** SIGKILLs the generator and its process group (Spectral included). */
  kill(): void;
}

/** Starts the generator in `cwd` (its own process group); `--out out` unless args say otherwise. */
export function startGenerate(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const child = spawn(
    process.execPath,
    ['--import', loader, script, ...(args.includes('--out') ? [] : ['--out', 'out']), ...args],
    { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((done) => child.once('close', (code) => done(code)));
  return {
    child,
    output: () => output,
    exited,
    kill() {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    },
  };
}

/** Runs the generator to completion. */
export async function generate(
  cwd: string,
  ...args: string[]
): Promise<{ code: number | null; output: string }> {
  const run = startGenerate(cwd, args);
  const code = await run.exited;
  return { code, output: run.output() };
}

/** The 1-based line and column where `needle` starts in `text`. */
export function locate(text: string, needle: string): { line: number; col: number } {
  const index = text.indexOf(needle);
  if (index === -1) throw new Error(`${needle} not found`);
  const before = text.slice(0, index).split('\n');
  return { line: before.length, col: (before.at(-1)?.length ?? 0) + 1 };
}

/** The names beside `out` that the generator uses for temporaries, parked sets and its lock. */
export function leftovers(dir: string, base = 'out'): string[] {
  return readdirSync(dir).filter((name) => name.startsWith(`.${base}.`));
}
