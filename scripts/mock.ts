// npm run mock: serves openapi.yaml with Prism on 127.0.0.1:4010 (flags --port/--host, env
// MOCK_PORT/MOCK_HOST), prints the URL and a curl to try, stops cleanly on Ctrl-C or SIGTERM, and
// exits 1 with one line naming the port and the fix when the port is busy, Prism fails to start or
// dies later.
import { integerFlag, runCommand } from '../src/cli/args.js';
import { startPrism } from '../src/mock/prism.js';

const command = {
  name: 'npm run mock',
  usage: `Usage: npm run mock -- [flags]

Serves openapi.yaml with the Prism mock (stateless: it answers with the spec's examples).

Flags:
  -p, --port N     port to listen on (env MOCK_PORT; default 4010; 0 picks a free one)
  -h, --host HOST  address to bind (env MOCK_HOST; default 127.0.0.1)
      --spec PATH  the OpenAPI document (default openapi.yaml)
  -v, --verbose    print Prism's own log lines
      --help       print this help`,
  flags: {
    port: { type: 'string', short: 'p' },
    host: { type: 'string', short: 'h' },
    spec: { type: 'string' },
    verbose: { type: 'boolean', short: 'v' },
  },
} as const;

const code = await runCommand(command, process.argv.slice(2), async ({ values }) => {
  const port = values.port
    ? integerFlag('--port', values.port, { min: 0, max: 65535, fallback: 4010 })
    : integerFlag('MOCK_PORT', process.env.MOCK_PORT, { min: 0, max: 65535, fallback: 4010 });
  const host = values.host || process.env.MOCK_HOST || '127.0.0.1';

  const mock = await startPrism({
    port,
    host,
    ...(values.spec && { specPath: values.spec }),
    ...(values.verbose && { onLog: (line: string) => console.log(`[prism] ${line}`) }),
  });
  console.log(
    `Prism mock of openapi.yaml listening on ${mock.url} (stateless; answers with the spec's examples)`,
  );
  console.log('Try:');
  console.log(
    `  curl -i --request DELETE ${mock.url}/customers/cst_01H9Xa8F5dN6mP3q --header 'Authorization: Bearer any-token'`,
  );
  console.log(`Check it: npm run conformance -- --base-url ${mock.url} --token x`);
  console.log(`Prism pid ${mock.pid} (leads its own process group).`);
  console.log('Ctrl-C stops it.');

  return new Promise<number>((done) => {
    let stopping = false;
    // A mock that dies under us must not leave a script that looks healthy.
    void mock.exited.then(({ code, signal }) => {
      if (stopping) return;
      console.error(
        `npm run mock: Prism at ${mock.url} exited unexpectedly (${signal ?? `code ${code}`}). ` +
          `Restart with npm run mock (or --port / MOCK_PORT for another port). Last log lines:\n${mock.lastLog().slice(-10).join('\n')}`,
      );
      done(1);
    });
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.on(signal, () => {
        if (stopping) return;
        stopping = true;
        console.log(`\n${signal}: stopping Prism...`);
        void mock.close().then(() => {
          console.log('Prism stopped.');
          done(0);
        });
      });
    }
  });
});
// Prism's pipes and the signal handlers must not keep a finished command alive.
process.exit(code);
