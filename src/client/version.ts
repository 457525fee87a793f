// The package name and version the client announces in User-Agent and X-Client. Kept in code,
// not read from package.json, so the client needs no JSON import and runs in browsers unchanged;
// test/client/package-rules.test.ts fails when it drifts from package.json.

/** The npm package name. */
export const PACKAGE_NAME = '@spec-first/customers-api';

/** The npm package version. */
export const PACKAGE_VERSION = '0.9.1';

/** `@spec-first/customers-api/0.9.1`: the product token sent in User-Agent (RFC 9110, section 10.1.5). */
export const CLIENT_ID = `${PACKAGE_NAME}/${PACKAGE_VERSION}`;
