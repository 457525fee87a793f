// The spec's two independent lint gates: Redocly (recommended-strict plus the project's DELETE
// rules) and Spectral (spectral:oas plus the OWASP API Security ruleset).
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { repoRoot, writeSpecCopy } from '../support/spec-copy.js';

const run = promisify(execFile);
const bin = (name: string) => path.join(repoRoot, 'node_modules/.bin', name);

interface RedoclyReport {
  totals: { errors: number; warnings: number };
  problems: { ruleId: string; message: string }[];
}
interface SpectralResult {
  code: string;
  severity: number;
  path: string[];
}

async function redocly(spec: string): Promise<RedoclyReport> {
  const result = await run(bin('redocly'), ['lint', spec, '--format=json', '--config', 'redocly.yaml'], {
    cwd: repoRoot,
  }).catch((error: { stdout: string }) => error);
  return JSON.parse(result.stdout) as RedoclyReport;
}

async function spectral(spec: string): Promise<SpectralResult[]> {
  const result = await run(
    bin('spectral'),
    ['lint', spec, '--ruleset', '.spectral.yaml', '--format', 'json', '--fail-severity', 'hint', '--quiet'],
    { cwd: repoRoot },
  ).catch((error: { stdout: string }) => error);
  return JSON.parse(result.stdout) as SpectralResult[];
}

describe('Redocly', () => {
  test('openapi.yaml has zero errors and zero warnings', async () => {
    const report = await redocly('openapi.yaml');
    expect(report.problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  test('the DELETE rules and example checks fail a broken copy', async () => {
    const broken = await writeSpecCopy((doc) => {
      const del = doc.paths['/customers/{customerId}'].delete;
      delete del.responses['429'];
      del.requestBody = { content: { 'application/json': { schema: { type: 'object', maxProperties: 1 } } } };
      del.responses['200'].content['application/json'].examples.deleted.value.status = 'active';
      delete doc.paths['/customers/business/{customerId}'].delete.responses['200'].content['application/json']
        .schema;
    });
    const rules = new Set((await redocly(broken)).problems.map((p) => p.ruleId));
    expect(rules).toContain('rule/delete-documents-401-404-429');
    expect(rules).toContain('rule/delete-has-no-request-body');
    expect(rules).toContain('rule/delete-2xx-content-has-schema');
    expect(rules).toContain('no-invalid-media-type-examples');
  });
});

describe('Spectral with the OWASP ruleset', () => {
  test('openapi.yaml has zero results of any severity', async () => {
    expect(await spectral('openapi.yaml')).toEqual([]);
  });

  test('an unbounded string and an unprotected delete fail a broken copy', async () => {
    const broken = await writeSpecCopy((doc) => {
      delete doc.components.schemas.Customer.properties.lastName.maxLength;
      doc.paths['/customers/{customerId}'].delete.security = [];
    });
    const codes = new Set((await spectral(broken)).map((r) => r.code));
    expect(codes).toContain('owasp:api4:2023-string-limit');
    expect(codes).toContain('owasp:api2:2023-write-restricted');
  });

  test('every exception in .spectral.yaml is scoped to one place and gives its reason', async () => {
    const text = await readFile(path.join(repoRoot, '.spectral.yaml'), 'utf8');
    const blocks = text.split(/\n(?= {2}# )/).filter((block) => block.includes('rules:'));
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) {
      expect(block, 'an override without a reason comment').toMatch(/^ {2}# \S/);
      expect(block, 'an override that is not scoped to a JSON pointer').toMatch(/openapi\.yaml#\//);
    }
  });
});
