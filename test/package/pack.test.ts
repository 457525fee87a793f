// The package as another repository gets it: `npm pack` (prepack builds dist/), then the tarball
// installed into two temporary projects: `bare` holds the tarball alone (the commands must work with
// nothing else installed); `consumer` adds vitest and msw and is a real consumer project (copied from
// test/package/consumer/), which type-checks against the package and runs its own vitest suite.
// Installs reach the registry only for what the npm cache lacks (--prefer-offline), so a new machine
// with an empty cache installs too.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const exec = promisify(execFile);

let work = '';
let tarball = '';
let listing: string[] = [];
let bare = '';
let consumer = '';
/** The package.json inside the tarball, as installed. */
let packed: {
  exports: Record<string, string | Record<string, string>>;
  bin: Record<string, string>;
  [key: string]: unknown;
};

/** This process's environment without vitest's own variables, so a nested vitest starts clean. */
function childEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(VITEST|TEST$|NODE_OPTIONS$)/.test(name)),
  );
}

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end; never throws for a non-zero exit (the caller asserts the code). */
async function run(command: string, args: string[], cwd: string, timeout = 240_000): Promise<Ran> {
  try {
    const { stdout, stderr } = await exec(command, args, {
      cwd,
      env: childEnv(),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number | string; stdout?: string; stderr?: string; message: string };
    return {
      code: typeof e.code === 'number' ? e.code : -1,
      stdout: e.stdout ?? '',
      stderr: e.stderr || e.message,
    };
  }
}

/** Runs a command that must succeed; its output is in the error otherwise. */
async function ok(command: string, args: string[], cwd: string, timeout?: number): Promise<string> {
  const ran = await run(command, args, cwd, timeout);
  if (ran.code !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited ${ran.code} in ${cwd}:\n${ran.stdout.slice(-4000)}\n${ran.stderr.slice(-4000)}`,
    );
  }
  return ran.stdout;
}

/** The version of a package this repo has installed: the consumer gets the same one. */
function installed(name: string): string {
  const manifest = JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8'));
  return `${name}@${manifest.version as string}`;
}

/** Copies test/package/consumer/ to `to`, dropping the .txt suffixes. */
async function copyConsumer(to: string): Promise<void> {
  await cp(path.join(import.meta.dirname, 'consumer'), to, { recursive: true });
  for (const entry of await readdir(to, { recursive: true })) {
    if (entry.endsWith('.txt')) await rename(path.join(to, entry), path.join(to, entry.slice(0, -4)));
  }
}

/** The TypeScript x-codeSamples of every operation in generated/openapi.json. */
function codeSamples(): string[] {
  const spec = JSON.parse(readFileSync(path.join(root, 'generated', 'openapi.json'), 'utf8')) as {
    paths: Record<string, Record<string, { 'x-codeSamples'?: { lang: string; source: string }[] }>>;
  };
  return Object.values(spec.paths)
    .flatMap((item) => Object.values(item))
    .flatMap((op) => op['x-codeSamples'] ?? [])
    .filter((sample) => sample.lang === 'TypeScript')
    .map((sample) => sample.source);
}

async function project(dir: string, name: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(
    path.join(dir, 'package.json'),
    `${JSON.stringify({ name, private: true, type: 'module' }, null, 2)}\n`,
  );
}

const install = (dir: string, specs: string[]) =>
  ok(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', ...specs], dir);

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'customers-pack-'));
  // No build first: prepack builds dist/, exactly as it does for `npm publish` from a fresh clone.
  await ok(npm, ['pack', '--pack-destination', work], root);
  const name = (await readdir(work)).find((file) => file.endsWith('.tgz'));
  if (!name) throw new Error(`npm pack wrote no tarball to ${work}`);
  tarball = path.join(work, name);
  listing = (await ok('tar', ['-tzf', tarball], work)).split('\n').filter(Boolean);

  bare = path.join(work, 'bare');
  consumer = path.join(work, 'consumer');
  await project(bare, 'bare-consumer');
  await copyConsumer(consumer);
  await project(consumer, 'consumer');
  await Promise.all([
    install(bare, [tarball]),
    install(consumer, [tarball, installed('vitest'), installed('msw')]),
  ]);
  packed = JSON.parse(
    await readFile(path.join(bare, 'node_modules', '@spec-first', 'customers-api', 'package.json'), 'utf8'),
  );
}, 420_000);
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the tarball', () => {
  test('ships dist/, LICENSE and README, every export and bin target, and nothing of the sources', () => {
    const files = listing.map((file) => file.replace(/^package\//, ''));
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json']));
    expect(
      readFileSync(path.join(bare, 'node_modules', '@spec-first', 'customers-api', 'LICENSE'), 'utf8'),
    ).toMatch(/^MIT License\n/);
    const targets = [
      ...Object.values(packed.exports).flatMap((target) =>
        typeof target === 'string' ? [target] : Object.values(target),
      ),
      ...Object.values(packed.bin),
    ].map((target) => target.replace(/^\.\//, ''));
    expect(targets).toEqual(
      expect.arrayContaining([
        'dist/src/sandbox/index.js',
        'dist/src/sandbox/msw.js',
        'dist/src/sandbox/cli.js',
        'dist/src/conformance/bin.js',
      ]),
    );
    expect(targets.filter((target) => !files.includes(target))).toEqual([]);
    // What the sandbox reads at run time travels with it.
    expect(files).toEqual(
      expect.arrayContaining([
        'dist/src/sandbox/fixtures/accounts.json',
        'dist/src/sandbox/fixtures/individuals.json',
        'dist/src/sandbox/fixtures/businesses.json',
        'dist/openapi.yaml',
        'dist/generated/schema.d.ts',
      ]),
    );
    expect(
      files.filter(
        (file) =>
          /^(src|test|scripts|bench|generated)\//.test(file) ||
          (file.endsWith('.ts') && !file.endsWith('.d.ts')),
      ),
    ).toEqual([]);
    expect(packed).toMatchObject({
      license: 'MIT',
      repository: { url: expect.stringContaining('github.com/spec-first/customers-api') },
      homepage: expect.stringMatching(/^https:\/\//),
      bugs: { url: expect.stringMatching(/^https:\/\//) },
    });
  });

  test('holds the spec once: one openapi.json, byte for byte the generated one', () => {
    expect(listing.filter((file) => path.basename(file) === 'openapi.json')).toEqual([
      'package/dist/generated/openapi.json',
    ]);
    const shipped = readFileSync(
      path.join(bare, 'node_modules', '@spec-first', 'customers-api', 'dist', 'generated', 'openapi.json'),
    );
    expect(shipped.equals(readFileSync(path.join(root, 'generated', 'openapi.json')))).toBe(true);
  });

  test('publint and attw (esm-only profile) find no problem in the tarball as packed', async () => {
    // Run in the temporary directory, on the .tgz: no configuration of this repo applies.
    expect(await ok(bin('publint'), ['run', '--strict', tarball], work)).toContain('All good!');
    const attw = await run(bin('attw'), [tarball, '--profile', 'esm-only', '-f', 'json'], work);
    const report = JSON.parse(attw.stdout) as {
      problems?: Record<string, { entrypoint: string; resolutionKind: string }[]>;
    };
    // esm-only ignores CommonJS and node10 resolution; every other problem fails the package.
    const counted = Object.values(report.problems ?? {})
      .flat()
      .filter((p) => !['node10', 'node16-cjs'].includes(p.resolutionKind));
    expect(counted).toEqual([]);
    expect(attw.code).toBe(0);
  });
});

describe('installed alone (nothing else in the project)', () => {
  test('nothing but the package and its dependencies is installed', () => {
    expect(existsSync(path.join(bare, 'node_modules', '@spec-first', 'customers-api'))).toBe(true);
    for (const absent of ['vitest', 'msw', 'typescript', 'tsx']) {
      expect(existsSync(path.join(bare, 'node_modules', absent)), absent).toBe(false);
    }
  });

  test.each([
    ['customers-api-conformance', 'Usage: customers-api-conformance'],
    ['customers-api-sandbox', 'Usage: customers-api-sandbox'],
  ])('npx %s --help prints the usage and exits 0', async (command, usage) => {
    const ran = await run(npx, ['--no', '--', command, '--help'], bare, 60_000);
    expect(ran.stderr).not.toMatch(/ERR_|at .*\.js:\d+/);
    expect(ran.stdout).toContain(usage);
    expect(ran.code).toBe(0);
  });

  test('npx customers-api-sandbox serves, and npx customers-api-conformance passes against it', async () => {
    const server = spawn(
      npx,
      ['--no', '--', 'customers-api-sandbox', '--port', '0', '--rate-limit', '100000'],
      {
        cwd: bare,
        env: childEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group: npx and the sandbox under it stop together.
        detached: true,
      },
    );
    try {
      const url = await listeningUrl(server);
      const ran = await run(
        npx,
        [
          '--no',
          '--',
          'customers-api-conformance',
          '--base-url',
          url,
          '--api-key',
          'sk_sdbx_4eC39HqLyjWDarjtT1zdp7dc',
          '--api-secret',
          'ss_9Fh2LmQ7pX4sT8vW1yZ3bC6dN0kR5jH2',
          '--individual-id',
          'cst_01H9Xa8F5dN6mP3q',
          '--business-id',
          'cus_abc123xyz789',
          '--num-runs',
          '10',
        ],
        bare,
        120_000,
      );
      expect(ran.stderr).not.toMatch(/ERR_MODULE_NOT_FOUND|Cannot find package/);
      expect(ran.stdout).toContain('individual_soft_delete');
      expect(ran.code, `${ran.stdout}\n${ran.stderr}`).toBe(0);
    } finally {
      await stop(server);
    }
  }, 180_000);
});

describe('a consumer project', () => {
  test("type-checks its tests, its app and the spec's TypeScript code samples against the package", async () => {
    const samples = codeSamples();
    expect(samples.length).toBeGreaterThanOrEqual(3);
    await Promise.all(
      samples.map((source, i) => writeFile(path.join(consumer, `sample-${i}.ts`), `${source}\nexport {};\n`)),
    );
    // Its tests and app with the libraries' declarations taken as given (skipLibCheck, as most projects
    // do); then the app, the code samples and the package's own .d.ts files checked in full.
    await writeFile(
      path.join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          resolveJsonModule: true,
          skipLibCheck: true,
          lib: ['ES2022', 'DOM', 'DOM.Iterable'],
          typeRoots: [path.join(root, 'node_modules', '@types')],
          types: ['node'],
          outDir: 'out',
        },
        include: ['*.ts', 'test/**/*.ts'],
      }),
    );
    await writeFile(
      path.join(consumer, 'tsconfig.package.json'),
      JSON.stringify({
        extends: './tsconfig.json',
        compilerOptions: { skipLibCheck: false, noEmit: true },
        include: [],
        files: ['consumer.ts', 'browser-app.ts', ...samples.map((_, i) => `sample-${i}.ts`)],
      }),
    );
    await ok(bin('tsc'), ['-p', 'tsconfig.json'], consumer);
    await ok(bin('tsc'), ['-p', 'tsconfig.package.json'], consumer);
  }, 120_000);

  test('runs the client, ./types and ./openapi.json against an injected fetch', async () => {
    const out = path.join(consumer, 'out', 'consumer.js');
    if (!existsSync(out)) await ok(bin('tsc'), ['-p', 'tsconfig.json'], consumer);
    expect(JSON.parse(await ok(process.execPath, [out], consumer))).toEqual({
      status: 'inactive',
      requestId: 'req_0123abcd',
      notFound: '404 customer_not_found',
      thrown: 'customer_not_found',
      code: 'customer_not_found',
      title: 'Customers API',
      yaml: true,
    });
  }, 120_000);

  test('its own vitest suite passes: the delete flow in process, over HTTP and through MSW, and the conformance command', async () => {
    const ran = await run(
      npx,
      ['--no', '--', 'vitest', 'run', '--reporter=json', '--outputFile=results.json'],
      consumer,
    );
    const results = existsSync(path.join(consumer, 'results.json'))
      ? (JSON.parse(await readFile(path.join(consumer, 'results.json'), 'utf8')) as {
          testResults: {
            assertionResults: { fullName: string; status: string; failureMessages?: string[] }[];
          }[];
        })
      : { testResults: [] };
    const outcomes = Object.fromEntries(
      results.testResults.flatMap((file) => file.assertionResults.map((t) => [t.fullName, t.status])),
    );
    const flow = [
      'the demo key and secret are exchanged for a bearer token',
      'a business id on the individual endpoint is 400 customer_type_mismatch',
      'deleting a business customer is 200',
      'deleting the same business customer again is 404 customer_not_found',
      'deleting an individual twice is 200 both times, with the same body',
    ];
    const expected = [
      ...[
        'in process: createSandbox().fetch',
        'over HTTP: startSandbox in globalSetup',
        'through MSW: createHandlers with msw/node',
      ].flatMap((transport) => flow.map((name) => `${transport} ${name}`)),
      'npx customers-api-conformance passes every check against the sandbox',
    ];
    const failures = results.testResults
      .flatMap((file) => file.assertionResults)
      .filter((t) => t.status === 'failed')
      .map((t) => `${t.fullName}:\n${(t.failureMessages ?? []).join('\n').slice(0, 4000)}`);
    expect(outcomes, failures.join('\n\n') || ran.stderr.slice(-3000)).toEqual(
      Object.fromEntries(expected.map((name) => [name, 'passed'])),
    );
    expect(ran.code).toBe(0);
  }, 240_000);

  test('a browser app importing only the client bundles only the client and openapi-fetch', async () => {
    const out = await build({
      absWorkingDir: consumer,
      entryPoints: ['browser-app.ts'],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
      metafile: true,
      outfile: 'app.js',
      logLevel: 'silent',
    });
    const inputs = Object.keys(out.metafile.inputs).filter((input) => input !== 'browser-app.ts');
    expect(inputs.length).toBeGreaterThan(3);
    expect(
      inputs.filter(
        (input) =>
          !/^node_modules\/(openapi-fetch\/|@spec-first\/customers-api\/dist\/(src\/client\/|generated\/[^/]+\.js$))/.test(
            input,
          ),
      ),
    ).toEqual([]);
  });
});

/** Resolves with the sandbox's URL from its first output line; rejects if it exits or says nothing in time. */
function listeningUrl(server: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`the sandbox printed no URL in 60 s:\n${output}`)),
      60_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const url = /https?:\/\/127\.0\.0\.1:\d+/.exec(output)?.[0];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    };
    server.stdout?.on('data', onData);
    server.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    server.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the sandbox exited (${code}) before listening:\n${output}`));
    });
  });
}

/** Stops a detached child's process group (SIGTERM, then SIGKILL after 10 s) and waits for its exit. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const group = -child.pid;
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(group, name);
    } catch {
      // already gone
    }
  };
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
