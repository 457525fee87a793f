// Keeps credentials out of everything a person may see: error messages, bodies kept for
// debugging, and log lines. Known secrets are replaced exactly; bearer tokens, JWS-shaped
// strings and API keys are replaced by shape in case a server echoes one we never held.

const REDACTED = '[REDACTED]';
/** How many recent access tokens are remembered for redaction. */
const MAX_TOKENS = 16;
const SHAPES: readonly RegExp[] = [
  /\bBearer\s+[^\s"',;]+/gi, // RFC 6750, section 2.1: b64token after the scheme.
  /\beyJ[\w-]*\.[\w-]+\.[\w-]*/g, // A JWS in compact serialization (RFC 7515, section 7.1).
  /\bsk_[A-Za-z0-9_]{8,}/g, // This API's key shape: sk_[env_](live|sdbx)_...
  /\bss_[A-Za-z0-9_]{8,}/g, // This API's secret shape.
];
/** A run of this many characters of a known secret is recognisable, and is redacted too. */
const FRAGMENT = 8;

/** `text` with every run of at least FRAGMENT characters of `secret` replaced. */
function redactFragments(text: string, secret: string): string {
  let out = text;
  for (let start = 0; start + FRAGMENT <= secret.length; start++) {
    const window = secret.slice(start, start + FRAGMENT);
    for (let at = out.indexOf(window); at >= 0; at = out.indexOf(window, at)) {
      // Grow the match both ways along the secret, then cut it out whole.
      let from = at;
      let to = at + FRAGMENT;
      for (let s = start - 1; from > 0 && s >= 0 && out[from - 1] === secret[s]; s--) from--;
      for (let s = start + FRAGMENT; to < out.length && s < secret.length && out[to] === secret[s]; s++) to++;
      out = `${out.slice(0, from)}${REDACTED}${out.slice(to)}`;
      at = from + REDACTED.length;
    }
  }
  return out;
}

/** A set of secret strings to redact; the client adds every token it obtains. */
export class SecretSet {
  readonly #credentials = new Set<string>();
  readonly #tokens: string[] = [];

  /** Remembers a configured credential (ignores strings too short to be one). */
  add(value: string | undefined): void {
    if (value && value.length >= 4) this.#credentials.add(value);
  }

  /** Remembers an access token; a long-lived client exchanges one an hour, so only recent ones are kept. */
  addToken(value: string): void {
    if (value.length < 4 || this.#tokens.includes(value)) return;
    this.#tokens.push(value);
    if (this.#tokens.length > MAX_TOKENS) this.#tokens.shift();
  }

  /**
   * `text` with every known secret, every run of 8 or more of its characters, and every
   * secret-shaped string replaced by `[REDACTED]`.
   */
  redact(text: string): string {
    let out = text;
    for (const secret of [...this.#credentials, ...this.#tokens]) {
      out = out.split(secret).join(REDACTED);
      out = redactFragments(out, secret);
    }
    for (const shape of SHAPES) out = out.replace(shape, REDACTED);
    return out;
  }

  /** Never serialize the secrets themselves. */
  toJSON(): string {
    return REDACTED;
  }
}

/** The longest raw body an ApiError keeps, in characters. */
export const MAX_BODY_CHARS = 1024;

/** `text` redacted and cut to MAX_BODY_CHARS, with a marker when cut. */
export function safeBody(text: string, secrets: SecretSet): string {
  // Cut first (with room for a secret straddling the cut), so a huge body is never scanned whole.
  const redacted = secrets.redact(
    text.length > MAX_BODY_CHARS * 4 ? text.slice(0, MAX_BODY_CHARS * 4) : text,
  );
  return redacted.length <= MAX_BODY_CHARS ? redacted : `${redacted.slice(0, MAX_BODY_CHARS)}…[truncated]`;
}

/** What a server's error `code` must look like to be kept: a short snake_case identifier. */
const CODE_SHAPE = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * A server-sent error `code` when it is a short snake_case identifier that contains no known or
 * secret-shaped string, else undefined: a code becomes part of ApiError's message and toJSON.
 */
export function safeCode(value: unknown, redact: (text: string) => string): string | undefined {
  if (typeof value !== 'string' || !CODE_SHAPE.test(value)) return undefined;
  return redact(value) === value ? value : undefined;
}

/** The standard constructors a redacted copy keeps, so `instanceof TypeError` still holds. */
const KEPT_CLASSES = [TypeError, RangeError, SyntaxError, URIError, EvalError, ReferenceError] as const;
/** How many `cause` links a redacted copy follows (fetch failed -> socket error -> ...). */
const MAX_CAUSE_DEPTH = 3;

/**
 * A redacted copy of a thrown value, for ApiError's `cause`: the same standard class and name,
 * message, stack and string `code` (for example ECONNREFUSED) with every secret replaced, and
 * its own cause copied the same way. The original object, which may hold a secret in any
 * property, is never kept. A non-Error becomes an Error with the redacted String() of it.
 */
export function redactedCause(
  value: unknown,
  redact: (text: string) => string,
  depth = 0,
): Error | undefined {
  if (value === undefined || value === null) return undefined;
  if (!(value instanceof Error)) return new Error(redact(String(value)));
  const Kept = KEPT_CLASSES.find((ctor) => value.constructor === ctor) ?? Error;
  const nested = depth < MAX_CAUSE_DEPTH ? redactedCause(value.cause, redact, depth + 1) : undefined;
  const copy = new Kept(redact(String(value.message)), nested === undefined ? undefined : { cause: nested });
  const name = redact(String(value.name));
  if (copy.name !== name)
    Object.defineProperty(copy, 'name', { value: name, configurable: true, writable: true });
  copy.stack = typeof value.stack === 'string' ? redact(value.stack) : `${name}: ${copy.message}`;
  const { code } = value as { code?: unknown };
  if (typeof code === 'string') Object.assign(copy, { code: redact(code) });
  return copy;
}
