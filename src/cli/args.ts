// The one flag parser of every script and bin: `--help` prints the usage and exits 0; an unknown
// flag or a bad value prints one line naming it, then the usage, and exits 2. A user's mistake
// never ends in a stack trace.
import { parseArgs } from 'node:util';

/** A mistake in the command line: reported as one line plus the usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface FlagSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
}

export interface Command<Flags extends Record<string, FlagSpec>> {
  /** The name printed before each message, e.g. `customers-api-sandbox`. */
  name: string;
  /** The whole usage text printed for --help and after a usage error. */
  usage: string;
  flags: Flags;
  /** Whether positionals are accepted (default: no). */
  positionals?: boolean;
}

type FlagValue<F extends FlagSpec> = F['type'] extends 'boolean'
  ? boolean | undefined
  : F['multiple'] extends true
    ? string[] | undefined
    : string | undefined;

export type FlagValues<Flags extends Record<string, FlagSpec>> = { [K in keyof Flags]: FlagValue<Flags[K]> };

export interface Parsed<Flags extends Record<string, FlagSpec>> {
  help: boolean;
  values: FlagValues<Flags>;
  positionals: string[];
}

/** Parses argv (without node and the script); throws UsageError for an unknown flag or a missing value. */
export function parseCommandLine<Flags extends Record<string, FlagSpec>>(
  command: Command<Flags>,
  argv: readonly string[],
): Parsed<Flags> {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {
    help: { type: 'boolean' },
  };
  for (const [name, spec] of Object.entries(command.flags)) options[name] = { ...spec };
  if (!Object.values(command.flags).some((flag) => flag.short === 'h')) {
    options.help = { type: 'boolean', short: 'h' };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options,
      strict: true,
      allowPositionals: command.positionals === true,
      allowNegative: false,
    });
  } catch (error) {
    throw new UsageError(describeParseError(error as Error & { code?: string }, argv, Object.keys(options)));
  }
  const { help, ...values } = parsed.values as Record<string, unknown>;
  return {
    help: help === true,
    values: values as FlagValues<Flags>,
    positionals: parsed.positionals,
  };
}

// node:util's messages span lines and explain `--`; one line naming the flag is enough.
function describeParseError(
  error: Error & { code?: string },
  argv: readonly string[],
  known: string[],
): string {
  const quoted = /'([^']*)'/.exec(error.message)?.[1];
  // `'-h, --help'`: name the long form.
  const flag = /--[\w-]+/.exec(quoted ?? '')?.[0] ?? quoted?.split(/[ ,]/)[0];
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const name = flag ?? error.message;
      const guess = closest(name.replace(/^-+/, '').split('=')[0] ?? '', known);
      return `unknown flag ${name}${guess ? ` (did you mean --${guess}?)` : ''}`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      if (!flag) return firstLine(error.message, 'invalid flag value');
      if (/does not take an argument/.test(error.message)) return `${flag} takes no value`;
      if (/ambiguous/.test(error.message)) {
        // `--limit -5`: parseArgs will not take a value that starts with a dash.
        const next = argv[argv.indexOf(flag) + 1];
        return next === undefined
          ? `${flag} needs a value`
          : `${flag} needs a value; to pass ${JSON.stringify(next)}, write ${flag}=${next}`;
      }
      return `${flag} needs a value`;
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${JSON.stringify(quoted ?? '')} (this command takes flags only)`;
    default:
      return firstLine(error.message, 'invalid command line');
  }
}

function firstLine(text: string, fallback: string): string {
  return text.split('\n')[0] || fallback;
}

/** The known flag within edit distance 2 of `name`, for "did you mean". */
function closest(name: string, known: string[]): string | undefined {
  let best: { flag: string; distance: number } | undefined;
  for (const flag of known) {
    const distance = editDistance(name, flag);
    if (distance <= 2 && distance < name.length && (!best || distance < best.distance))
      best = { flag, distance };
  }
  return best?.flag;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** An integer flag in [min, max]; `fallback` when absent. Throws UsageError naming the flag. */
export function integerFlag(
  flag: string,
  raw: string | undefined,
  bounds: { min: number; max: number; fallback: number },
): number;
export function integerFlag(
  flag: string,
  raw: string | undefined,
  bounds: { min: number; max: number; fallback?: number },
): number | undefined;
export function integerFlag(
  flag: string,
  raw: string | undefined,
  { min, max, fallback }: { min: number; max: number; fallback?: number },
): number | undefined {
  if (raw === undefined || raw === '') return fallback;
  const value = /^-?\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** A URL flag (http or https). Throws UsageError naming the flag. */
export function urlFlag(flag: string, raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`${flag} must be an http(s) URL, got ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${flag} must be an http(s) URL, got ${JSON.stringify(raw)}`);
  }
  return url;
}

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const processIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/**
 * Runs a command's body and turns the outcome into an exit code: --help prints the usage (0); a
 * UsageError prints `name: message`, a blank line and the usage (2); any other error prints
 * `name: message` without a stack (1), unless `DEBUG` is set.
 */
export async function runCommand<Flags extends Record<string, FlagSpec>>(
  command: Command<Flags>,
  argv: readonly string[],
  body: (parsed: Parsed<Flags>, io: CliIo) => Promise<number> | number,
  io: CliIo = processIo,
): Promise<number> {
  try {
    const parsed = parseCommandLine(command, argv);
    if (parsed.help) {
      io.out(command.usage);
      return 0;
    }
    return await body(parsed, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${command.name}: ${error.message}\n\n${command.usage}`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.err(`${command.name}: ${message}`);
    if (process.env.DEBUG && error instanceof Error && error.stack) io.err(error.stack);
    return 1;
  }
}

/**
 * For scripts written as top-level code: parses argv like {@link runCommand} does, prints the usage
 * and exits 0 on --help, prints the mistake and the usage and exits 2 on a usage error.
 */
export function parseOrExit<Flags extends Record<string, FlagSpec>>(
  command: Command<Flags>,
  argv: readonly string[],
  io: CliIo = processIo,
): Parsed<Flags> {
  try {
    const parsed = parseCommandLine(command, argv);
    if (parsed.help) {
      io.out(command.usage);
      process.exit(0);
    }
    return parsed;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`${command.name}: ${error.message}\n\n${command.usage}`);
    process.exit(2);
  }
}
