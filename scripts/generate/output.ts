// The output directory is replaced as one set: every file is written into a temporary directory
// beside it, and a switch of two renames makes the new set current. A run killed at any moment
// leaves either the old set (possibly parked under its `.old-PID` name, which the next run puts
// back) or the new one, never a mix; the next run removes what a killed run left behind.
//
// Names beside OUT (all hidden, all matched by .gitignore for the default generated/):
//   .OUT.tmp-PID   the set being written by process PID
//   .OUT.old-PID   the previous set, parked during PID's switch
//   .OUT.lock      held by the one process allowed to switch
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface OutputPaths {
  out: string;
  tmp: string;
  old: string;
  lock: string;
}

export function outputPaths(out: string, pid = process.pid): OutputPaths {
  const parent = path.dirname(path.resolve(out));
  const base = path.basename(path.resolve(out));
  return {
    out: path.resolve(out),
    tmp: path.join(parent, `.${base}.tmp-${pid}`),
    old: path.join(parent, `.${base}.old-${pid}`),
    lock: path.join(parent, `.${base}.lock`),
  };
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** What killed runs left beside `out`: temporaries (to delete) and parked old sets. */
function leftovers(out: string): { tmp: string[]; old: string[] } {
  const parent = path.dirname(path.resolve(out));
  const base = path.basename(path.resolve(out));
  const pattern = new RegExp(`^\\.${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(tmp|old)-(\\d+)$`);
  const found = { tmp: [] as string[], old: [] as string[] };
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return found;
  }
  for (const name of names) {
    const match = pattern.exec(name);
    if (!match || alive(Number(match[2]))) continue;
    found[match[1] as 'tmp' | 'old'].push(path.join(parent, name));
  }
  return found;
}

/** A parked old set whose run died between its two renames, when `out` itself is gone. */
export function interruptedSwitch(out: string): string | undefined {
  return existsSync(out) ? undefined : leftovers(out).old[0];
}

/**
 * Puts back an old set parked by a run that died between its renames, and deletes every other
 * leftover of dead runs. Returns one line per thing it did.
 */
export function recover(out: string): string[] {
  const notes: string[] = [];
  const { tmp, old } = leftovers(out);
  for (const dir of old) {
    if (!existsSync(out)) {
      renameSync(dir, out);
      notes.push(`restored ${display(out)}/ from an interrupted run (${path.basename(dir)})`);
    } else {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  for (const dir of tmp) rmSync(dir, { recursive: true, force: true });
  if (tmp.length > 0)
    notes.push(`removed ${tmp.length} temporary director${tmp.length === 1 ? 'y' : 'ies'} of killed runs`);
  return notes;
}

/** Removes only dead runs' temporaries (what a run that must not write generated/ may do). */
export function removeStaleTemporaries(out: string): void {
  for (const dir of leftovers(out).tmp) rmSync(dir, { recursive: true, force: true });
}

/** Takes the switch lock beside `out`; a lock of a dead process is taken over. */
export async function lock(paths: OutputPaths): Promise<() => void> {
  await mkdir(path.dirname(paths.lock), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(paths.lock, `${process.pid}\n`, { flag: 'wx' });
      return () => rmSync(paths.lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number((await readFile(paths.lock, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(holder) && holder > 0 && alive(holder) && holder !== process.pid) {
        throw new Error(
          `another npm run generate (pid ${holder}) is writing ${display(paths.out)}/; wait for it, or delete ${display(paths.lock)} if that process is not a generator`,
        );
      }
      rmSync(paths.lock, { force: true });
    }
  }
  throw new Error(`could not take ${display(paths.lock)}`);
}

/** A fresh, empty temporary directory for this process. */
export async function freshTemp(paths: OutputPaths): Promise<string> {
  await rm(paths.tmp, { recursive: true, force: true });
  await mkdir(paths.tmp, { recursive: true });
  return paths.tmp;
}

/**
 * Makes the temporary set current: OUT -> .OUT.old-PID, then .OUT.tmp-PID -> OUT, then the old set
 * is deleted. Synchronous renames, so nothing runs between them. `pause` is a test hook.
 */
export function commit(paths: OutputPaths, pause: (step: string) => void = () => {}): void {
  const hadOld = existsSync(paths.out);
  if (hadOld) renameSync(paths.out, paths.old);
  pause('between-renames');
  try {
    renameSync(paths.tmp, paths.out);
  } catch (error) {
    if (hadOld) renameSync(paths.old, paths.out);
    throw new Error(
      `could not replace ${display(paths.out)}/ (${(error as Error).message}); it was left as it was`,
    );
  }
  pause('after-switch');
  if (hadOld) rmSync(paths.old, { recursive: true, force: true });
}

/** Every file under `dir`, relative, with `/` separators, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => !entry.isDirectory())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

export interface Drift {
  stale: string[];
  missing: string[];
  extra: string[];
}

/** How `current` differs from `expected`: changed, missing and extra files (the whole set). */
export async function compareTrees(expected: string, current: string): Promise<Drift> {
  const [want, have] = await Promise.all([listFiles(expected), listFiles(current)]);
  const haveSet = new Set(have);
  const wantSet = new Set(want);
  const drift: Drift = { stale: [], missing: [], extra: have.filter((file) => !wantSet.has(file)) };
  for (const file of want) {
    if (!haveSet.has(file)) drift.missing.push(file);
    else {
      const [a, b] = await Promise.all([
        readFile(path.join(expected, file)),
        readFile(path.join(current, file)),
      ]);
      if (!a.equals(b)) drift.stale.push(file);
    }
  }
  return drift;
}

export function display(file: string): string {
  return path.relative(process.cwd(), file) || '.';
}
