// The hint a stateful check leaves when its customer answers 404 on the first delete: most often an
// earlier run deleted it, so the report says how to get it back.

/** What the report says when `id` (passed with `flag`) was already gone before this run deleted it. */
export function alreadyDeletedHint(id: string, flag: '--individual-id' | '--business-id'): string {
  return (
    `${id} answered 404 on its first delete: it was already deleted (an earlier run deletes it) or is not the caller's. ` +
    'To run again, reset the target: restart the sandbox (npm run sandbox), or call sandbox.store.reset() in code; ' +
    `or pass other ids it may delete with ${flag} (the sandbox prints its deletable demo ids at start-up; the README lists them).`
  );
}
