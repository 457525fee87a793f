// The smallest sandbox process, for the start-up benchmark: `sandbox-main.ts PORT` serves the
// default fixtures on 127.0.0.1:PORT until killed.
import { startSandbox } from '../../src/sandbox/index.js';

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0) throw new Error('usage: sandbox-main.ts PORT');
await startSandbox({ port, host: '127.0.0.1' });
