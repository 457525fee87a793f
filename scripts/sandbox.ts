// npm run sandbox: the `customers-api-sandbox` command of src/sandbox/cli.ts (flags --port/--host, env
// SANDBOX_PORT/SANDBOX_HOST, --no-faults, --token-ttl SECONDS, --rate-limit N, --help).
import { main } from '../src/sandbox/cli.js';

process.exit(await main(process.argv.slice(2)));
