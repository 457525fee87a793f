// Per-attempt cancellation: one AbortSignal that fires on the caller's signal or on the
// per-attempt timeout, and a race that honours it even when a custom fetch ignores signals.

/** The reason an attempt's signal fired. */
export type AbortCause = 'timeout' | 'aborted';

/** One attempt's signal, which of the two fired, and the cleanup of its timer and listener. */
export interface AttemptSignal {
  readonly signal: AbortSignal;
  cause(): AbortCause | undefined;
  dispose(): void;
}

/** Combines the caller's signal with a timeout of `timeoutMs` (no AbortSignal.any: older runtimes lack it). */
export function attemptSignal(caller: AbortSignal | undefined, timeoutMs: number): AttemptSignal {
  const controller = new AbortController();
  let cause: AbortCause | undefined;
  const onCallerAbort = () => {
    cause ??= 'aborted';
    controller.abort(caller?.reason);
  };
  const timer = setTimeout(() => {
    cause ??= 'timeout';
    controller.abort(new DOMException(`The attempt timed out after ${timeoutMs} ms`, 'TimeoutError'));
  }, timeoutMs);
  if (caller?.aborted) onCallerAbort();
  else caller?.addEventListener('abort', onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    cause: () => cause,
    dispose() {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onCallerAbort);
    },
  };
}

/** Settles like `promise`, or rejects with `signal.reason` as soon as `signal` aborts. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
