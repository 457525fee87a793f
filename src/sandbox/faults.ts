// Fault injection in Prism's style: `Prefer: code=503` answers with that status, `Prefer: delay=250`
// waits first (RFC 7240 preference syntax). Off when the server runs with `faults: false`/`--no-faults`.

/** What a request's `Prefer` header asks for. */
export interface Preferences {
  code?: number;
  delayMs?: number;
}

/** Statuses a gateway in front of any real deployment may answer, injectable although no operation documents them. */
export const GATEWAY_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

/**
 * Parses `Prefer` (RFC 7240, section 2): comma- or semicolon-separated `name=value` pairs, values
 * optionally quoted. Unknown preferences are ignored, as RFC 7240 asks. Returns an error message for a
 * malformed `code` or `delay`.
 */
export function parsePrefer(header: string | string[] | undefined, maxDelayMs: number): Preferences | string {
  const out: Preferences = {};
  if (header === undefined) return out;
  const text = Array.isArray(header) ? header.join(',') : header;
  for (const part of text.split(/[,;]/)) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim().toLowerCase();
    const value = part
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    if (name === 'code') {
      if (!/^[1-5][0-9]{2}$/.test(value)) return 'Invalid Prefer header: code must be a 3-digit HTTP status.';
      out.code = Number(value);
    } else if (name === 'delay') {
      if (!/^[0-9]{1,6}$/.test(value) || Number(value) > maxDelayMs)
        return `Invalid Prefer header: delay must be 0 to ${maxDelayMs} milliseconds.`;
      out.delayMs = Number(value);
    }
  }
  return out;
}
