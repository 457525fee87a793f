// A suite whose tool (curl, Chromium, a language toolchain, Schemathesis) is missing on this machine:
// it shows as skipped, with the reason and the install command, and fails when CI is set, because then
// nothing proved what the suite is for (.ci/run installs every such tool).
import { describe, expect, test } from 'vitest';

/**
 * Declares `suite` with one test that is skipped with `reason` outside CI and fails in CI. `stillMissing`
 * re-checks the tool, so the skip is only ever taken when the tool really is missing.
 */
export function missingTool(suite: string, reason: string, stillMissing: () => boolean): void {
  describe(suite, () => {
    test('cannot run here: its tool is missing (skipped outside CI, a failure when CI is set)', (context) => {
      expect(stillMissing()).toBe(true);
      if (process.env.CI)
        throw new Error(`${reason}\nIn CI (CI is set) this is a failure; .ci/run installs it.`);
      context.skip(reason);
    });
  });
}
