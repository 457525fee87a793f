// The README shows the checks and the traceability of every rule of the spec, rendered from the
// declarations (src/conformance/checks, src/conformance/rules.ts). Rewrite both blocks with
// UPDATE_README=1 npx vitest run test/conformance/traceability.test.ts
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { CHECK_NAMES, RULES } from '../../src/conformance/index.js';
import { renderChecksTable, renderRulesTable, replaceBlock } from '../../src/conformance/tables.js';

const README = path.resolve(import.meta.dirname, '..', '..', 'README.md');

test('the README shows the check table and the rule table exactly as the declarations render them', () => {
  const text = readFileSync(README, 'utf8');
  const expected = replaceBlock(
    replaceBlock(text, 'checks', renderChecksTable()),
    'rules',
    renderRulesTable(),
  );
  if (process.env.UPDATE_README && expected !== text) writeFileSync(README, expected);
  else expect(text).toBe(expected);
});

test('every rule names known checks or says why none can verify it', () => {
  const ids = RULES.map((r) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const rule of RULES) {
    for (const check of rule.checks) expect(CHECK_NAMES).toContain(check);
    if (rule.checks.length === 0) expect(rule.unchecked, rule.id).toMatch(/.{20}/);
    else expect(rule.unchecked, rule.id).toBeUndefined();
  }
  // Every check verifies at least one rule.
  for (const name of CHECK_NAMES)
    expect(
      RULES.some((r) => r.checks.includes(name)),
      name,
    ).toBe(true);
});
