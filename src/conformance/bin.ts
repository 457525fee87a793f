#!/usr/bin/env node
// The package's `customers-api-conformance` command (package.json "bin"): runs the CLI of cli.ts.
import { main } from './cli.js';

process.exitCode = await main(process.argv.slice(2));
