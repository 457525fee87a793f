// What every request-sending check shares: its shape, path building from the spec, probe ids.
import { operation } from '../../spec/index.js';
import type { RunContext } from '../context.js';
import type { CheckName } from '../types.js';

/** A check that sends its own requests. */
export interface RequestCheck {
  name: CheckName;
  stateful: boolean;
  /** Why the check cannot run with these options (then it is reported not_applicable), else undefined. */
  notApplicable(ctx: RunContext): string | undefined;
  run(ctx: RunContext): Promise<void>;
}

/** The two delete operations, with the prefix their ids take (info.description, "Customer types"). */
export const DELETES = [
  { operationId: 'deleteCustomer', prefix: 'cst_', otherPrefix: 'cus_', kind: 'individual' },
  { operationId: 'deleteBusinessCustomer', prefix: 'cus_', otherPrefix: 'cst_', kind: 'business' },
] as const;

/** One of {@link DELETES}. */
export type DeleteOperation = (typeof DELETES)[number];

/** The concrete path for an operation, with `segment` (already percent-encoded) as its id. */
export function pathFor(operationId: string, segment: string): string {
  return operation(operationId).path.replace('{customerId}', segment);
}

/** A well-formed id that almost surely does not exist, so probing it never deletes anything. */
export function probeId(ctx: RunContext, prefix: string, n = 0): string {
  return `${prefix}conformanceProbe${Math.abs(ctx.seed)}x${n}`;
}

/** The operation that deletes ids of this prefix. */
export function deleteFor(id: string): DeleteOperation | undefined {
  return DELETES.find((d) => id.startsWith(d.prefix));
}

/** Reason used when a check needs credentials the options do not give. */
export const NEEDS_CREDENTIALS = 'needs credentials: pass --token, or --api-key with --api-secret';
