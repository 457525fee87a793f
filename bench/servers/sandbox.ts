// The sandbox under load, in its own process: startSandbox with a rate limit far above what a
// benchmark run sends (so the run measures serving, not 429s), then reports its URL and the first
// demo account's deleting key over IPC. Request and response validation stay on, as in normal use.
import { startSandbox } from '../../src/sandbox/index.js';
import { BENCH_RATE_LIMIT } from '../config.js';
import { deletingKey } from '../lib/demo-key.js';

const sandbox = await startSandbox({ port: 0, host: '127.0.0.1', rateLimit: { ...BENCH_RATE_LIMIT } });
const key = deletingKey();

async function stop(): Promise<void> {
  await sandbox.close();
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('disconnect', () => void stop());
// The bench asks for the sandbox's counters after the load: requests seen and self-check failures.
process.on('message', (message: { ask?: string }) => {
  if (message.ask === 'stats') process.send?.({ to: 'stats', answer: { ...sandbox.stats } });
});
process.send?.({ url: sandbox.url, apiKey: key.apiKey, apiSecret: key.apiSecret });
