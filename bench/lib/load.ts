// One autocannon run (autocannon used as a library) with the settings every server gets, reduced to
// the figures the report needs.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

/** Load settings shared by every server in one comparison. */
export interface LoadSettings {
  connections: number;
  /** Seconds of load per run. */
  durationSeconds: number;
  method: 'DELETE' | 'POST' | 'GET';
  headers: Record<string, string>;
}

/** What one load run measured. */
export interface LoadRun {
  /** Successful (2xx) responses per second over the whole run. */
  throughput: number;
  /** Latency percentiles of the 2xx responses, in milliseconds. */
  p50: number;
  p99: number;
  /** Responses that were not 2xx, and connection errors/timeouts: both must be 0 for a valid run. */
  non2xx: number;
  errors: number;
  total: number;
  /** CPU used by the server process during the run, in % of one core (NaN where /proc is missing). */
  serverCpu: number;
  /** CPU used by this process (the load generator), in % of one core. */
  loadCpu: number;
}

/** User + system CPU seconds of process `pid` so far, from /proc (Linux); NaN elsewhere. */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined || pid < 0) return Number.NaN;
  try {
    // Fields 14 and 15 of /proc/PID/stat (utime, stime), in clock ticks (100 per second on Linux).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** The value at quantile `q` (0..1) of an ascending array, nearest rank. */
function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

/**
 * Loads `url` for `settings.durationSeconds` and reports throughput, latency and failures. Latency
 * percentiles come from each 2xx response's own timing (autocannon's `response` event, sub-ms
 * precision) because autocannon's histogram keeps whole milliseconds, too coarse for a local server.
 */
export function load(url: string, settings: LoadSettings, serverPid?: number): Promise<LoadRun> {
  let latencies = new Float64Array(1 << 16);
  let count = 0;
  const serverStart = cpuSeconds(serverPid);
  const ownStart = process.cpuUsage();
  const wallStart = performance.now();
  return new Promise((done, fail) => {
    const instance = autocannon(
      {
        url,
        method: settings.method,
        headers: settings.headers,
        connections: settings.connections,
        duration: settings.durationSeconds,
        pipelining: 1,
        timeout: 10,
      },
      (error, result) => {
        if (error) {
          fail(error);
          return;
        }
        const sorted = latencies.subarray(0, count).sort();
        const wall = (performance.now() - wallStart) / 1000;
        const own = process.cpuUsage(ownStart);
        done({
          serverCpu: ((cpuSeconds(serverPid) - serverStart) / wall) * 100,
          loadCpu: ((own.user + own.system) / 1e6 / wall) * 100,
          throughput: result['2xx'] / result.duration,
          p50: quantile(sorted, 0.5),
          p99: quantile(sorted, 0.99),
          non2xx: result.non2xx,
          errors: result.errors,
          total: result.requests.total,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode < 200 || statusCode > 299) return;
      if (count === latencies.length) {
        const bigger = new Float64Array(latencies.length * 2);
        bigger.set(latencies);
        latencies = bigger;
      }
      latencies[count++] = responseTime;
    });
  });
}
