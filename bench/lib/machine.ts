// The machine a run was measured on, for results.json and BENCHMARKS.md.
import { arch, cpus, platform, release, totalmem } from 'node:os';
import type { BenchResults } from './results.js';

/** CPU model, core count, memory, OS and Node version of this machine. */
export function machine(): BenchResults['machine'] {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()} ${arch()}`,
    node: process.version,
  };
}
