// npm run check:breaking: is openapi.yaml, compared with the last release, safe for its consumers?
// Exit 0: no unaccepted breaking change and the version rule holds; 1: it does not; 2: usage error.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { runCommand, UsageError } from '../src/cli/args.js';
import { FORMATS, type Format, formatReport } from '../src/lifecycle/format.js';
import { runGate } from '../src/lifecycle/gate.js';
import { displayPath, LEDGER, lastReleaseFile, ROOT, SPEC } from '../src/lifecycle/paths.js';
import { releaseRecordProblems } from '../src/lifecycle/records.js';

const usage = `Usage: npm run check:breaking -- [flags]

Compares openapi.yaml with the last release (${'releases/<version>.yaml'}) through redocly diff
(config redocly.diff.yaml), type-checks the last release's TypeScript samples against a client
generated from the revision, and applies the ledger (${LEDGER}) and the version rule.

Flags:
  --base FILE         the older description (default: the last release in releases/)
  --revision FILE     the newer description (default: openapi.yaml)
  --ledger FILE       the ledger of accepted changes (default: ${LEDGER})
  --package FILE      package.json whose version must equal info.version
                      (default: package.json when --revision is openapi.yaml)
  --format FORMAT     stylish (default), markdown or json
  --no-typescript     skip the TypeScript samples check
  -h, --help          this help

Exit codes: 0 nothing unaccepted, 1 an unaccepted breaking change or a version that does not
match, 2 a usage error.`;

const command = {
  name: 'check-breaking',
  usage,
  flags: {
    base: { type: 'string' },
    revision: { type: 'string' },
    ledger: { type: 'string' },
    package: { type: 'string' },
    format: { type: 'string' },
    'no-typescript': { type: 'boolean' },
  },
} as const;

function existing(flag: string, file: string): string {
  if (!existsSync(file)) throw new UsageError(`${flag}: no such file ${JSON.stringify(file)}`);
  return file;
}

process.exitCode = await runCommand(command, process.argv.slice(2), async ({ values }, io) => {
  const format = (values.format ?? 'stylish') as Format;
  if (!FORMATS.includes(format)) {
    throw new UsageError(
      `--format must be one of ${FORMATS.join(', ')}, got ${JSON.stringify(values.format)}`,
    );
  }
  const defaultBase = lastReleaseFile();
  if (!values.base && !defaultBase) {
    throw new UsageError(
      'no release in releases/ yet: make the first one with npm run release -- <version>, or pass --base',
    );
  }
  const base = existing('--base', values.base ?? displayPath(path.join(ROOT, defaultBase ?? '')));
  const revision = existing('--revision', values.revision ?? displayPath(path.join(ROOT, SPEC)));
  const ledger = values.ledger ? existing('--ledger', values.ledger) : path.join(ROOT, LEDGER);
  const isRepoSpec = path.resolve(revision) === path.join(ROOT, SPEC);
  const packageJson = values.package
    ? existing('--package', values.package)
    : isRepoSpec
      ? path.join(ROOT, 'package.json')
      : undefined;
  const report = await runGate({
    base,
    revision,
    ledger,
    ...(packageJson ? { packageJson } : {}),
    typescript: values['no-typescript'] !== true,
  });
  if (isRepoSpec && !values.base) {
    const problems = releaseRecordProblems(ROOT);
    if (problems.length > 0) {
      report.problems.push(...problems);
      report.ok = false;
    }
  }
  io.out(formatReport(report, format));
  return report.ok ? 0 : 1;
});
