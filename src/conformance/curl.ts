// Renders a sent request as a copy-pasteable curl line, with every secret replaced by a shell
// variable so a failure can be replayed without ever printing a token, key or secret.
import type { SentRequest } from './types.js';

/** A secret value and the shell variable that stands for it in printed curl lines. */
export interface Secret {
  value: string;
  variable: string;
}

/** Headers whose value is always a credential (RFC 9110, section 11.6.2; the spec's apiKeyAuth). */
const CREDENTIAL_HEADERS = new Set(['authorization', 'x-api-key']);

/** Escapes text for a double-quoted POSIX shell word. */
function shellEscape(text: string): string {
  return text.replace(/[\\"$`]/g, (c) => `\\${c}`).replace(/\n/g, '\\n');
}

/**
 * Replaces every secret in `text` by its `${VARIABLE}` (longest first, so a token that contains a
 * key is replaced whole) and shell-escapes the rest. Secrets shorter than 4 characters are only
 * recognised in credential headers (see toCurl): replacing "x" everywhere would garble the line.
 */
function redact(text: string, secrets: readonly Secret[]): string {
  type Piece = { text: string; variable?: string };
  let pieces: Piece[] = [{ text }];
  const sorted = secrets.filter((s) => s.value.length >= 4).sort((a, b) => b.value.length - a.value.length);
  for (const secret of sorted) {
    pieces = pieces.flatMap((piece): Piece[] => {
      if (piece.variable !== undefined) return [piece];
      return piece.text
        .split(secret.value)
        .flatMap((part, i): Piece[] =>
          i === 0 ? [{ text: part }] : [{ text: '', variable: secret.variable }, { text: part }],
        );
    });
  }
  return pieces.map((p) => (p.variable === undefined ? shellEscape(p.text) : `\${${p.variable}}`)).join('');
}

/** The shown value of a credential header: a variable, the public value itself, or a mask. */
function credential(value: string, secrets: readonly Secret[], publicValues: ReadonlySet<string>): string {
  if (publicValues.has(value)) return shellEscape(value);
  const space = value.indexOf(' ');
  const scheme = space > 0 ? value.slice(0, space + 1) : '';
  const rest = space > 0 ? value.slice(space + 1) : value;
  const secret = secrets.find((s) => s.value === rest);
  return `${shellEscape(scheme)}${secret ? `\${${secret.variable}}` : '[REDACTED]'}`;
}

/**
 * The request as one `curl` command line. Configured secrets become `${CONFORMANCE_TOKEN}` etc.;
 * a credential header is printed verbatim only when it is one of `publicValues` (the suite's own
 * made-up invalid credentials), and masked otherwise, so a secret never reaches a log.
 */
export function toCurl(
  request: SentRequest,
  secrets: readonly Secret[] = [],
  publicValues: ReadonlySet<string> = new Set(),
): string {
  const words = [`curl --request ${request.method}`, `--url "${redact(request.url, secrets)}"`];
  for (const [name, value] of Object.entries(request.headers)) {
    const shown = CREDENTIAL_HEADERS.has(name.toLowerCase())
      ? credential(value, secrets, publicValues)
      : redact(value, secrets);
    words.push(`--header "${shellEscape(name)}: ${shown}"`);
  }
  if (request.body !== undefined) words.push(`--data "${redact(request.body, secrets)}"`);
  return words.join(' ');
}
