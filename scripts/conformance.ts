// npm run conformance: thin entry point; the CLI lives in src/conformance/cli.ts.
import { main } from '../src/conformance/cli.js';

process.exitCode = await main(process.argv.slice(2));
