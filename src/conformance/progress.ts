// Prints a run's progress as it goes: on a terminal one live line (the check, its request count,
// a 429 wait) that each finished check leaves behind as a plain line; elsewhere (CI, a pipe) only
// the plain lines, so logs stay readable.
import type { ProgressEvent } from './types.js';

export interface ProgressOutput {
  write(text: string): void;
  /** A terminal that can redraw a line (`\r` and erase-line). */
  live: boolean;
}

/** A progress printer for `runConformance`'s `onProgress`. */
export function progressPrinter(output: ProgressOutput): (event: ProgressEvent) => void {
  let current = '';
  let position = '';
  let lastDraw = 0;
  const draw = (text: string, force = false) => {
    if (!output.live) return;
    const now = Date.now();
    if (!force && now - lastDraw < 80) return;
    lastDraw = now;
    output.write(`\r\u001b[2K${text}`);
  };
  const line = (text: string) => {
    output.write(output.live ? `\r\u001b[2K${text}\n` : `${text}\n`);
  };
  return (event) => {
    switch (event.type) {
      case 'check':
        current = event.check;
        position = `[${event.index}/${event.total}]`;
        draw(`${position} ${current} ...`, true);
        return;
      case 'request':
        draw(`${position} ${current}: ${event.sent} sent`);
        return;
      case 'wait': {
        const seconds = event.ms / 1000;
        line(
          `${position} ${event.check}: got 429, waiting ${seconds} s (Retry-After: ${event.retryAfter}) until ${new Date(Date.now() + event.ms).toISOString().slice(11, 19)} UTC, then retrying`,
        );
        return;
      }
      case 'checked':
        line(`${`[${event.index}/${event.total}]`} ${event.check}: ${event.summary}`);
        return;
      case 'result':
        return;
    }
  };
}
