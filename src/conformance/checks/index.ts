// Every conformance check, in report order. The check names, the stateful ones, the run order and
// the README's check table are all derived from this one list.
import type { Check } from '../check.js';
import { businessUseAfterFree } from './business.js';
import { crossAccountIsolation } from './cross-account.js';
import { ignoredAuth } from './ignored-auth.js';
import { individualDeleteIdempotent, individualSoftDelete } from './individual.js';
import { negativeDataRejection } from './negative-data.js';
import { rateLimitEnforced } from './rate-limit.js';
import {
  contentTypeConformance,
  noPiiInResponses,
  notAServerError,
  responseHeadersConformance,
  responseSchemaConformance,
  statusCodeConformance,
} from './response.js';
import { tokenExchange } from './token-exchange.js';
import { unsupportedMethod } from './unsupported-method.js';
import { wrongCustomerType } from './wrong-customer-type.js';

/** Every check, in report order. */
export const CHECKS = [
  statusCodeConformance,
  contentTypeConformance,
  responseHeadersConformance,
  responseSchemaConformance,
  notAServerError,
  noPiiInResponses,
  ignoredAuth,
  unsupportedMethod,
  wrongCustomerType,
  negativeDataRejection,
  individualSoftDelete,
  individualDeleteIdempotent,
  businessUseAfterFree,
  crossAccountIsolation,
  tokenExchange,
  rateLimitEnforced,
] as const satisfies readonly Check[];

/** One check's name. */
export type CheckName = (typeof CHECKS)[number]['name'];

/** Every check name, in report order. */
export const CHECK_NAMES: readonly CheckName[] = CHECKS.map((c) => c.name);

/** Checks that change or need server state; never run against a stateless target. */
export const STATEFUL_CHECKS: readonly CheckName[] = CHECKS.filter((c) => c.stateful).map((c) => c.name);

/** The response checks (judging every exchange), in report order. */
export const RESPONSE_CHECKS: readonly CheckName[] = CHECKS.filter((c) => c.kind === 'response').map(
  (c) => c.name,
);

/** The check with this name. */
export function checkNamed(name: CheckName): Check {
  return CHECKS.find((c) => c.name === name) as Check;
}

/** The reason stateful checks give against Prism or with `stateless: true`. */
export const STATELESS_REASON = 'not applicable to a stateless mock';
