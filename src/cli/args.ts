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
    throw new UsageError(describeParseError(error as Error & { code?: string }));
  }
  const { help, ...values } = parsed.values as Record<string, unknown>;
  return {
    help: help === true,
    values: values as FlagValues<Flags>,
    positionals: parsed.positionals,
  };
}

// node:util's messages carry advice about `--` and long explanations; one line naming the flag is enough.
function describeParseError(error: Error & { code?: string }): string {
  const quoted = /'([^']*)'/.exec(error.message)?.[1];
  const flag = quoted?.split(/[ ,]/)[0];
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown flag ${flag ?? error.message}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return flag ? `${flag} needs a value` : (error.message.split('\n')[0] ?? 'invalid flag value');
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${JSON.stringify(quoted ?? '')}`;
    default:
      return error.message.split('\n')[0] ?? 'invalid command line';
  }
}

/** An integer flag in [min, max]; `fallback` when absent. Throws UsageError naming the flag. */
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
