// The conformance suite's public API (package export `./conformance`).

export { type Secret, toCurl } from './curl.js';
export { type KnownException, PRISM_KNOWN_EXCEPTIONS } from './known-exceptions.js';
export { findPii, PII_FIELDS } from './pii.js';
export { formatReport } from './report.js';
export { DEFAULT_NUM_RUNS, runConformance } from './runner.js';
export * from './types.js';
