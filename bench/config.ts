// Every knob of `npm run bench` in one place: the full profile the committed results use, and the
// quick profile (`npm run bench -- --quick`) for developing the harness on a shared machine.

/** Run counts, durations and concurrency of one bench profile. */
export interface BenchConfig {
  name: 'full' | 'quick';
  mock: { connections: number; warmupSeconds: number; durationSeconds: number; runs: number };
  client: { concurrency: number; warmupRounds: number; rounds: number; roundMs: number };
  inProcess: { concurrency: number; warmupRounds: number; rounds: number; roundMs: number };
  regenerate: { warmups: number; runs: number };
  startup: { sandboxRuns: number; prismRuns: number };
  scale: { operations: number; regenerateRuns: number; loadSpecRuns: number; routingLookups: number };
}

/** The sandbox's per-credential token bucket during the bench: far more than any run sends, so no 429s. */
export const BENCH_RATE_LIMIT = { limit: 999_999_999, windowSeconds: 1 } as const;

/** The profile the committed bench/results.json is produced with (about 3 minutes on an idle 2-core machine). */
export const FULL: BenchConfig = {
  name: 'full',
  mock: { connections: 10, warmupSeconds: 1, durationSeconds: 2, runs: 3 },
  client: { concurrency: 10, warmupRounds: 1, rounds: 4, roundMs: 500 },
  inProcess: { concurrency: 10, warmupRounds: 1, rounds: 3, roundMs: 800 },
  regenerate: { warmups: 0, runs: 3 },
  startup: { sandboxRuns: 3, prismRuns: 2 },
  scale: { operations: 200, regenerateRuns: 1, loadSpecRuns: 1, routingLookups: 20_000 },
};

/** A fast smoke run of the same code paths, for development only (figures not meaningful). */
export const QUICK: BenchConfig = {
  name: 'quick',
  mock: { connections: 4, warmupSeconds: 0.3, durationSeconds: 0.5, runs: 1 },
  client: { concurrency: 4, warmupRounds: 1, rounds: 1, roundMs: 200 },
  inProcess: { concurrency: 4, warmupRounds: 1, rounds: 1, roundMs: 200 },
  regenerate: { warmups: 0, runs: 1 },
  startup: { sandboxRuns: 1, prismRuns: 1 },
  scale: { operations: 200, regenerateRuns: 1, loadSpecRuns: 1, routingLookups: 2_000 },
};
