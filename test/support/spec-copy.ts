// Test helper: writes a modified copy of openapi.yaml into a temporary folder, so tests can prove
// that a gate fails on a broken spec without touching the real one.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';

/** The repository root (the folder holding openapi.yaml). */
export const repoRoot = path.resolve(import.meta.dirname, '../..');

/** Parses openapi.yaml, lets `edit` change it, and writes it as `<tmp>/openapi.yaml`. */
export async function writeSpecCopy(edit: (doc: Record<string, any>) => void): Promise<string> {
  const doc = parse(await readFile(path.join(repoRoot, 'openapi.yaml'), 'utf8')) as Record<string, any>;
  edit(doc);
  const dir = await mkdtemp(path.join(tmpdir(), 'customers-spec-'));
  const file = path.join(dir, 'openapi.yaml');
  await writeFile(file, stringify(doc));
  return file;
}
