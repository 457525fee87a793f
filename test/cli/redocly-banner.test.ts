// npm run lint:spec drops Redocly's Node 20 end-of-life box and nothing else.
import path from 'node:path';
import { expect, test, vi } from 'vitest';
import { stripRedoclyBanner } from '../../src/cli/redocly-banner.js';
import { runCaptured } from '../support/run.js';

const root = path.resolve(import.meta.dirname, '../..');
vi.setConfig({ testTimeout: 120_000 });

const BOX = [
  '',
  '    ╔════════════════════════════════════════════════════╗',
  '    ║  Deprecation warning: Node.js 20 support is ending ║',
  '    ║  You are using Node.js v20.20.2.                   ║',
  '    ╚════════════════════════════════════════════════════╝',
  '',
].join('\n');

test('the filter removes the end-of-life box and keeps every other line and box', () => {
  const other = '  ╔═══╗\n  ║ a warning that matters ║\n  ╚═══╝\n';
  const text = `${BOX}\nvalidating openapi.yaml...\n\n[1] openapi.yaml:3:1 at #/info\n${other}done\n`;
  expect(stripRedoclyBanner(text)).toBe(
    `validating openapi.yaml...\n\n[1] openapi.yaml:3:1 at #/info\n${other}done\n`,
  );
  expect(stripRedoclyBanner('no box\n')).toBe('no box\n');
});

test('scripts/redocly.ts passes Redocly through without the box, exit code included', async () => {
  const wrapped = await runCaptured(
    process.execPath,
    ['--import', 'tsx', 'scripts/redocly.ts', 'lint', 'openapi.yaml'],
    { cwd: root },
  );
  expect(wrapped.code, wrapped.stderr).toBe(0);
  expect(wrapped.stdout + wrapped.stderr).toContain('validated in');
  expect(wrapped.stdout + wrapped.stderr).not.toContain('support is ending');
  const missing = await runCaptured(
    process.execPath,
    ['--import', 'tsx', 'scripts/redocly.ts', 'lint', 'no-such-file.yaml'],
    { cwd: root },
  );
  expect(missing.code).not.toBe(0);
  if (process.versions.node.startsWith('20.')) {
    // Redocly itself still prints the box here, so the assertion above can fail.
    const raw = await runCaptured(
      path.join(root, 'node_modules', '.bin', 'redocly'),
      ['lint', 'openapi.yaml'],
      {
        cwd: root,
      },
    );
    expect(raw.stdout + raw.stderr).toContain('support is ending');
  }
});
