import { defineConfig } from 'vitest/config';

// Three projects, one concern each (`npm run test:unit`, `test:integration`, `test:e2e`; `npm test`
// runs all three):
// - unit: in-process only, no socket, no child process: runs in seconds;
// - integration: real servers on 127.0.0.1 (sandbox, Prism, hostile servers) and the project's own
//   command-line tools as child processes;
// - e2e: what a user outside the repo does: Chromium on the docs, a consumer project installing the
//   packed tarball, the Python and Go clients.
const unit = [
  'test/client/auth.test.ts',
  'test/client/package-rules.test.ts',
  'test/client/results.test.ts',
  'test/client/retry.test.ts',
  'test/client/secrets.test.ts',
  'test/client/timeout.test.ts',
  'test/conformance/units.test.ts',
  'test/conformance/rate-limit-wait.test.ts',
  'test/docs/site.test.ts',
  'test/docs/static.test.ts',
  'test/sandbox/in-process.test.ts',
  'test/sandbox/request-id.test.ts',
  'test/sandbox/spec-examples.test.ts',
  'test/sandbox/store.test.ts',
  'test/spec/examples.test.ts',
  'test/spec/seed-fidelity.test.ts',
];
const e2e = ['test/browser/**/*.test.ts', 'test/package/**/*.test.ts', 'test/sdks/**/*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: unit,
          typecheck: {
            enabled: true,
            include: ['test/**/*.test-d.ts'],
            tsconfig: './tsconfig.json',
          },
        },
      },
      {
        extends: true,
        test: { name: 'integration', include: ['test/**/*.test.ts'], exclude: [...unit, ...e2e] },
      },
      { extends: true, test: { name: 'e2e', include: e2e } },
    ],
  },
});
