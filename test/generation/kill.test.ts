// SIGKILL at any moment leaves out/ all-old or all-new. Each run is stopped at a named point of the
// generator (GENERATE_PAUSE_AT: after taking the lock, after the source gate, after the linters,
// after each emitter, before the switch, between its two renames, after it) or at a random moment,
// and killed there; the next run of the chain must then clean up after it. The last run of a
// chain completes and must leave exactly the new set and nothing beside it.
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { cleanWorkspaces, generate, leftovers, snapshot, startGenerate, workspace } from './helpers.js';

vi.setConfig({ testTimeout: 300_000 });
afterAll(cleanWorkspaces);

/** The new spec: one operation summary changed, which every generated file carries. */
const edit = (spec: string) =>
  spec.replace('summary: Delete an individual customer', 'summary: Soft-delete an individual customer');

const EMITTERS = ['openapiJson', 'schemaTypes', 'operationsFacade'];
const POINTS = [
  'locked',
  'checked',
  'linted',
  `emitted:${EMITTERS[0]}`,
  `emitted:${EMITTERS.at(-1)}`,
  'before-switch',
  'between-renames',
  'after-switch',
];

/** A workspace whose out/ is the committed set plus a file only the old set has. */
function oldWorkspace(): { dir: string; old: Record<string, string> } {
  const dir = workspace(edit);
  writeFileSync(path.join(dir, 'out', 'only-in-the-old-set.txt'), 'old\n');
  return { dir, old: snapshot(path.join(dir, 'out')) };
}

/** The state right after a kill: out/ is the old or the new set, or (between the renames) absent with the old set parked. */
function expectOldOrNew(
  dir: string,
  killedPid: number,
  old: object,
  fresh: object,
  where: string,
): 'old' | 'new' {
  const out = snapshot(path.join(dir, 'out'));
  const names = leftovers(dir);
  // Only the killed run's own names may be there (its predecessors' were cleaned by it).
  for (const name of names)
    expect(name, where).toMatch(new RegExp(`^\\.out\\.(lock|(tmp|old)-${killedPid})$`));
  if (readdirSync(dir).includes('out')) {
    if (JSON.stringify(out) === JSON.stringify(old)) return 'old';
    expect(out, `${where}: out/ is neither the old nor the new set`).toEqual(fresh);
    return 'new';
  }
  // Killed between the two renames: the old set is parked whole under the killed run's name.
  expect(names, where).toContain(`.out.old-${killedPid}`);
  expect(snapshot(path.join(dir, `.out.old-${killedPid}`)), where).toEqual(old);
  return 'old';
}

/** Starts a run and SIGKILLs it once it prints `marker`, or after `delayMs` (if it is still running). */
async function killAt(dir: string, env: NodeJS.ProcessEnv, marker: string | undefined, delayMs = 0) {
  const run = startGenerate(dir, [], env);
  try {
    if (marker) {
      await vi.waitFor(
        () => {
          if (run.child.exitCode === null && !run.output().includes(marker))
            throw new Error(`waiting for ${marker}`);
        },
        { timeout: 150_000, interval: 20 },
      );
    } else {
      await Promise.race([run.exited, new Promise((done) => setTimeout(done, delayMs))]);
    }
  } finally {
    run.kill();
  }
  await run.exited;
  return { pid: run.child.pid ?? -1, output: run.output() };
}

describe.concurrent('a generator killed with SIGKILL', () => {
  // The new set and how long a whole run takes, measured once on a copy.
  let reference = '';
  let fresh: Record<string, string> = {};
  let runMs = 0;
  beforeAll(async () => {
    reference = workspace(edit);
    const started = Date.now();
    const done = await generate(reference);
    runMs = Date.now() - started;
    expect(done.code, done.output).toBe(0);
    fresh = snapshot(path.join(reference, 'out'));
  }, 300_000);

  test('at every named point leaves all-old or all-new, and the next run cleans up', async () => {
    const { dir, old } = oldWorkspace();
    // Precondition: the edit changes each TypeScript output (files it cannot change, such as the SDKs'
    // READMEs, are the same in both sets), so a mix of the two sets would show.
    const changed = Object.keys(fresh).filter((file) => fresh[file] !== old[file]);
    expect(changed).toEqual(expect.arrayContaining(['openapi.json', 'schema.d.ts', 'operations.ts']));

    const seen: string[] = [];
    for (const point of POINTS) {
      const { pid, output } = await killAt(dir, { GENERATE_PAUSE_AT: point }, `paused at ${point}`);
      expect(output, point).toContain(`paused at ${point}`);
      seen.push(`${point}=${expectOldOrNew(dir, pid, old, fresh, point)}`);
    }
    // Before the switch every kill leaves the old set; from its second rename on, the new one.
    expect(seen).toEqual(POINTS.map((p) => `${p}=${p === 'after-switch' ? 'new' : 'old'}`));

    const last = await generate(dir);
    expect(last.code, last.output).toBe(0);
    expect(snapshot(path.join(dir, 'out'))).toEqual(fresh);
    expect(leftovers(dir)).toEqual([]);
  });

  test('at random moments leaves all-old or all-new, and the next run cleans up', async () => {
    const { dir, old } = oldWorkspace();
    for (const fraction of [0.5, 0.85, 0.95]) {
      const { pid } = await killAt(dir, {}, undefined, Math.round(runMs * fraction));
      expectOldOrNew(dir, pid, old, fresh, `killed after ${Math.round(fraction * 100)}% of a run`);
    }
    const last = await generate(dir);
    expect(last.code, last.output).toBe(0);
    expect(snapshot(path.join(dir, 'out'))).toEqual(fresh);
    expect(leftovers(dir)).toEqual([]);
  });
});
