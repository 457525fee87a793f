// The conformance suite's public API (package export `./conformance`).

export { type Check, type Expectation, expectResponse, type Need } from './check.js';
export { CHECK_NAMES, CHECKS, RESPONSE_CHECKS, STATEFUL_CHECKS, STATELESS_REASON } from './checks/index.js';
export { type Secret, toCurl } from './curl.js';
export { type KnownException, PRISM_KNOWN_EXCEPTIONS } from './known-exceptions.js';
export { findPii, PII_FIELDS } from './pii.js';
export { progressPrinter } from './progress.js';
export { formatReport } from './report.js';
export { CHECKABLE_RULES, RULES, type Rule } from './rules.js';
export { DEFAULT_NUM_RUNS, runConformance } from './runner.js';
export { renderChecksTable, renderRulesTable } from './tables.js';
export * from './types.js';
