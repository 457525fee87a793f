// npm run mock: serves openapi.yaml with Prism on 127.0.0.1:4010 (flags --port/--host, env
// MOCK_PORT/MOCK_HOST), prints the URL and a curl to try, stops cleanly on Ctrl-C or SIGTERM, and
// exits 1 (naming the port and the fix) when Prism fails to start or dies later.
import { parseArgs } from 'node:util';
import { startPrism } from '../src/mock/prism.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', short: 'p' },
    host: { type: 'string', short: 'h' },
    spec: { type: 'string' },
    verbose: { type: 'boolean', short: 'v' },
  },
});
const port = Number(values.port ?? process.env.MOCK_PORT ?? 4010);
const host = values.host ?? process.env.MOCK_HOST ?? '127.0.0.1';
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(
    `scripts/mock.ts: --port/MOCK_PORT must be 0..65535, got ${JSON.stringify(values.port ?? process.env.MOCK_PORT)}`,
  );
  process.exit(2);
}

const mock = await startPrism({
  port,
  host,
  ...(values.spec && { specPath: values.spec }),
  ...(values.verbose && { onLog: (line: string) => console.log(`[prism] ${line}`) }),
}).catch((error: Error) => {
  console.error(`scripts/mock.ts: ${error.message}`);
  process.exit(1);
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

let stopping = false;
// A mock that dies under us must not leave a script that looks healthy.
void mock.exited.then(({ code, signal }) => {
  if (stopping) return;
  console.error(
    `scripts/mock.ts: Prism at ${mock.url} exited unexpectedly (${signal ?? `code ${code}`}). ` +
      `Restart with npm run mock (or --port / MOCK_PORT for another port). Last log lines:\n${mock.lastLog().slice(-10).join('\n')}`,
  );
  process.exit(1);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping Prism...`);
    void mock.close().then(() => {
      console.log('Prism stopped.');
      process.exit(0);
    });
  });
}
