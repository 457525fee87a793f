// The README's two conformance tables, rendered from the declarations themselves: the checks
// (checks/index.ts) and the traceability of every rule of the spec (rules.ts). A test compares
// them with the README, so the text cannot drift from the code.
import { type Check, NEED_TEXT } from './check.js';
import { CHECKS } from './checks/index.js';
import { RULES, type Rule } from './rules.js';

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/** The traceability table (Markdown): rule, where the spec says it, the checks or why none. */
export function renderRulesTable(rules: readonly Rule[] = RULES): string {
  const lines = ['| rule | where the spec says it | verified by |', '| --- | --- | --- |'];
  for (const r of rules) {
    const by =
      r.checks.length > 0 ? r.checks.map((c) => `\`${c}\``).join(', ') : `not checked: ${r.unchecked}`;
    lines.push(`| ${cell(r.rule)} | ${cell(r.where)} | ${cell(by)} |`);
  }
  return lines.join('\n');
}

function needs(check: Check): string {
  const parts = [
    ...(check.stateful ? ['stateful'] : []),
    ...check.needs.map((n) => NEED_TEXT[n]),
    ...(check.uses ? [`uses ${check.uses}`] : []),
  ];
  return parts.length > 0 ? parts.join('; ') : '–';
}

/** The check table (Markdown): name, what it proves, what it needs. */
export function renderChecksTable(checks: readonly Check[] = CHECKS): string {
  const lines = ['| check | what it proves | needs |', '| --- | --- | --- |'];
  for (const c of checks) lines.push(`| \`${c.name}\` | ${cell(c.proves)} | ${cell(needs(c))} |`);
  return lines.join('\n');
}

/** `text` with the block between `<!-- NAME:start -->` and `<!-- NAME:end -->` replaced by `body`. */
export function replaceBlock(text: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`no ${start} ... ${end} block`);
  return `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`;
}
