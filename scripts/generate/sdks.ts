// Emits generated/python/** and generated/go/**: a pip-installable Python package and a Go module,
// each a client of the API written by the pinned Redocly CLI's `redocly generate-client`
// (`--generator python`: dataclasses + httpx; `--generator go`: standard library only).
//
// The generators' files are kept exactly as they write them. The one post-processing step is this
// module's packaging around them, derived from the spec only: pyproject.toml, __init__.py,
// py.typed and .gitignore for Python; go.mod and doc.go for Go; a README in each. Same spec -> same bytes.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const REDOCLY = path.join(ROOT, 'node_modules', '.bin', 'redocly');

/** The Python distribution name (`pip install spec-first-customers-api`) and its import name. */
export const PYTHON_DISTRIBUTION = 'spec-first-customers-api';
export const PYTHON_PACKAGE = 'customers_api';
/** The Go module path: this repository's generated/go folder, so `go get` resolves it from the repo. */
export const GO_MODULE = 'github.com/spec-first/customers-api/generated/go';
/** The Go package (and its folder inside the module): `import ".../generated/go/customersapi"`. */
export const GO_PACKAGE = 'customersapi';
/** The oldest Go the generated client supports (the generator's own floor). */
const GO_VERSION = '1.21';

/** What an emitter gets: the bundled spec on disk, the folder to write into, the API version. */
export interface SdkContext {
  specJsonPath: string;
  outDir: string;
  version: string;
}

interface Info {
  title: string;
  version: string;
  description: string;
}

function run(command: string, args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      // No telemetry and no update check: generation must not contact any host.
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Runs `redocly generate-client` and checks that it wrote every `expected` file. */
async function generateClient(specJsonPath: string, output: string, expected: string[], extra: string[]) {
  if (!existsSync(REDOCLY)) throw new Error(`${REDOCLY}: not found. Run npm ci.`);
  await mkdir(path.dirname(output), { recursive: true });
  // cwd is the output folder, so no redocly.yaml of the caller's changes what is generated.
  const args = ['generate-client', specJsonPath, '--output', output, ...extra];
  const { code, output: log } = await run(REDOCLY, args, path.dirname(output));
  if (code !== 0 || !expected.every((file) => existsSync(file))) {
    const lines = log
      .split('\n')
      .filter((line) => line.trim() !== '' && !/[║╔╚]/.test(line))
      .join('\n');
    throw new Error(`redocly ${args.join(' ')} failed (exit ${code}):\n${lines}`);
  }
}

/** Public top-level names of the generated Python module: its classes and the spec's type aliases. */
function pythonExports(source: string): string[] {
  const runtimeAt = source.indexOf('\n# ─── Embedded runtime');
  const specPart = runtimeAt === -1 ? source : source.slice(0, runtimeAt);
  const names = new Set<string>();
  for (const m of source.matchAll(/^class ([A-Za-z]\w*)\b/gm)) if (m[1]) names.add(m[1]);
  for (const m of specPart.matchAll(/^([A-Z]\w*) = /gm)) if (m[1]) names.add(m[1]);
  if (!names.has('Client')) throw new Error('redocly generate-client (python) wrote no Client class.');
  return [...names].sort();
}

/** A one-line summary for package metadata: the first sentence of info.description. */
function summary(info: Info): string {
  const first =
    info.description
      .split(/\n\s*\n/)[0]
      ?.replace(/\s+/g, ' ')
      .trim() ?? '';
  const sentence = first.match(/^.*?[.!?](?=\s|$)/)?.[0] ?? first;
  return `Python client of the ${info.title} ${info.version}, generated from its OpenAPI description. ${sentence}`
    .replace(/`/g, '')
    .trim();
}

function tomlString(value: string): string {
  return JSON.stringify(value);
}

function pythonFiles(info: Info, clientSource: string, notice: string): Map<string, string> {
  const exports = pythonExports(clientSource);
  const init = [
    `# ${notice}`,
    `"""Python client of the ${info.title} ${info.version}.`,
    '',
    'The client, its models and errors are in `customers_api.client` (written by',
    '`redocly generate-client --generator python`); the names are re-exported here.',
    '"""',
    '',
    'from .client import (',
    ...exports.map((name) => `    ${name},`),
    ')',
    '',
    `__version__ = ${JSON.stringify(info.version)}`,
    '',
    '__all__ = [',
    ...[...exports, '__version__'].map((name) => `    ${JSON.stringify(name)},`),
    ']',
    '',
  ].join('\n');
  const pyproject = [
    `# ${notice}`,
    '[build-system]',
    'requires = ["setuptools>=61"]',
    'build-backend = "setuptools.build_meta"',
    '',
    '[project]',
    `name = ${tomlString(PYTHON_DISTRIBUTION)}`,
    `version = ${tomlString(info.version)}`,
    `description = ${tomlString(summary(info))}`,
    'readme = "README.md"',
    'requires-python = ">=3.9"',
    'license = { text = "MIT" }',
    'dependencies = ["httpx>=0.23,<1"]',
    'classifiers = [',
    '    "Programming Language :: Python :: 3",',
    '    "Typing :: Typed",',
    ']',
    '',
    '[tool.setuptools]',
    `packages = [${tomlString(PYTHON_PACKAGE)}]`,
    '',
    '[tool.setuptools.package-data]',
    `${PYTHON_PACKAGE} = ["py.typed"]`,
    '',
  ].join('\n');
  const readme = [
    `# ${PYTHON_DISTRIBUTION}`,
    '',
    `<!-- ${notice} -->`,
    '',
    `Python client of the ${info.title} ${info.version} (Python >= 3.9, httpx).`,
    '',
    '```python',
    `from ${PYTHON_PACKAGE} import AccessTokenRequest, Client`,
    '',
    'client = Client("https://sandbox-api.polygon.technology/v0.9")',
    'token = client.create_access_token(AccessTokenRequest(api_key="sk_...", api_secret="ss_..."))',
    'client = Client("https://sandbox-api.polygon.technology/v0.9", auth={"bearer": token.access_token})',
    'print(client.delete_customer("cst_01H9Xa8F5dN6mP3q").status)  # inactive',
    '```',
    '',
    'A non-2xx answer raises `ApiError` (`status`, and `body` with `message`, `code`, `requestId`).',
    'See the repository README for retries, errors and running the flows against the local sandbox.',
    '',
  ].join('\n');
  // `pip install` from a clone builds in the source folder; keep its by-products out of git.
  const gitignore = [`# ${notice}`, 'build/', 'dist/', '*.egg-info/', '__pycache__/', ''].join('\n');
  return new Map([
    ['.gitignore', gitignore],
    ['pyproject.toml', pyproject],
    ['README.md', readme],
    [`${PYTHON_PACKAGE}/__init__.py`, init],
    [`${PYTHON_PACKAGE}/py.typed`, ''],
  ]);
}

function goFiles(info: Info, notice: string): Map<string, string> {
  const goMod = [`// ${notice}`, `module ${GO_MODULE}`, '', `go ${GO_VERSION}`, ''].join('\n');
  const doc = [
    `// Code generated by npm run generate from openapi.yaml. DO NOT EDIT.`,
    '',
    `// Package ${GO_PACKAGE} is the Go client of the ${info.title} ${info.version}, written by`,
    '// `redocly generate-client --generator go` (standard library only). Create a client with',
    '// New(Config{ServerURL: ..., Auth: ...}); a non-2xx answer is returned as *APIError.',
    `package ${GO_PACKAGE}`,
    '',
  ].join('\n');
  const readme = [
    `# ${GO_MODULE}`,
    '',
    `<!-- ${notice} -->`,
    '',
    `Go client of the ${info.title} ${info.version} (Go >= ${GO_VERSION}, standard library only).`,
    '',
    '```go',
    `import "${GO_MODULE}/${GO_PACKAGE}"`,
    '',
    `client := ${GO_PACKAGE}.New(${GO_PACKAGE}.Config{ServerURL: "https://sandbox-api.polygon.technology/v0.9"})`,
    `token, err := client.CreateAccessToken(ctx, ${GO_PACKAGE}.AccessTokenRequest{ApiKey: "sk_...", ApiSecret: &secret})`,
    '```',
    '',
    'A non-2xx answer is a `*customersapi.APIError` (`Status`, and `Body` with `message`, `code`,',
    '`requestId`). See the repository README for retries, errors and running the flows against the',
    'local sandbox.',
    '',
  ].join('\n');
  return new Map([
    ['go.mod', goMod],
    ['README.md', readme],
    [`${GO_PACKAGE}/doc.go`, doc],
  ]);
}

/**
 * Writes `outDir/python/**` and `outDir/go/**` from the bundled spec at `specJsonPath`.
 * A failing generator run rejects with the CLI's output.
 */
export async function emitSdks(ctx: SdkContext): Promise<void> {
  const spec = JSON.parse(await readFile(ctx.specJsonPath, 'utf8')) as { info?: Partial<Info> };
  const info: Info = {
    title: spec.info?.title ?? 'API',
    version: ctx.version,
    description: spec.info?.description ?? '',
  };
  const specJson = path.resolve(ctx.specJsonPath);
  const pyDir = path.join(ctx.outDir, 'python');
  const goDir = path.join(ctx.outDir, 'go');
  const pyClient = path.join(pyDir, PYTHON_PACKAGE, 'client.py');
  const goClient = path.join(goDir, GO_PACKAGE, 'client.go');
  // One run for both generators (one CLI start-up); each names its file after --output's stem
  // (client.ts -> client.py, client.go), and the files are then moved, unchanged, into their packages.
  await mkdir(ctx.outDir, { recursive: true });
  const staging = await mkdtemp(path.join(ctx.outDir, '.generate-client-'));
  try {
    await generateClient(
      specJson,
      path.join(staging, 'client.ts'),
      ['client.py', 'client.go'].map((name) => path.join(staging, name)),
      ['--generator', 'python', '--generator', 'go', '--go-package', GO_PACKAGE],
    );
    for (const [from, to] of [
      ['client.py', pyClient],
      ['client.go', goClient],
    ] as const) {
      await mkdir(path.dirname(to), { recursive: true });
      await rename(path.join(staging, from), to);
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  const notice =
    'Generated by `npm run generate` from openapi.yaml. Do not edit: change openapi.yaml and run npm run generate.';
  const files = new Map<string, string>();
  for (const [name, content] of pythonFiles(info, await readFile(pyClient, 'utf8'), notice)) {
    files.set(path.join(pyDir, name), content);
  }
  for (const [name, content] of goFiles(info, notice)) files.set(path.join(goDir, name), content);
  for (const [file, content] of files) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
}
