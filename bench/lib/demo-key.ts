// The demo key the benchmarks authenticate with, read from the sandbox's exported demo credentials.
import { demoCredentials } from '../../src/sandbox/index.js';

/** A demo API key and secret. */
export interface DemoKey {
  apiKey: string;
  apiSecret: string;
  canDelete: boolean;
}

/** The first key of the first demo account that may delete (that account holds cst_01H9Xa8F5dN6mP3q). */
export function deletingKey(): DemoKey {
  const all = (
    Array.isArray(demoCredentials) ? demoCredentials : Object.values(demoCredentials)
  ) as unknown[];
  const flat = all.flatMap((entry) => {
    const e = entry as Partial<DemoKey> & { keys?: DemoKey[] };
    return e.keys ?? [e as DemoKey];
  });
  const key = flat.find((k) => k.canDelete === true);
  if (!key)
    throw new Error('bench/lib/demo-key.ts: demoCredentials of src/sandbox has no key with canDelete');
  return key;
}
