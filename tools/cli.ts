/**
 * The one way every `npm run …` command reads its arguments: node's `util.parseArgs`, strict
 * (an unknown or misspelt flag is an error, never silently ignored), `-h`/`--help` printing the
 * command's usage, and bad usage printing the message and the usage and exiting 2.
 *
 * @example
 * const { values, positionals } = parseCommandLine('grade', USAGE, { json: { type: 'boolean' } }, { positionals: true });
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Prints `command: message`, the usage, and exits 2 (the shell's code for bad usage). */
export function usageError(command: string, message: string, usage: string): never {
  console.error(`${command}: ${message}\n\n${usage}`);
  process.exit(2);
}

/**
 * Parses `args` (default: the process's arguments) against `options`. `--help` prints `usage` and
 * exits 0; an unknown flag, a missing value or positionals where none are allowed exit 2.
 */
export function parseCommandLine<const T extends Options>(
  command: string,
  usage: string,
  options: T,
  { positionals = false, args = process.argv.slice(2) }: { positionals?: boolean; args?: string[] } = {},
) {
  const config = { args, options: { ...options, help: { type: 'boolean', short: 'h' } } as T & { help: { type: 'boolean'; short: 'h' } }, allowPositionals: positionals, strict: true } as const;
  let parsed: ReturnType<typeof parseArgs<typeof config>>;
  try {
    parsed = parseArgs(config);
  } catch (error) {
    usageError(command, (error as Error).message, usage);
  }
  if ((parsed.values as { help?: boolean }).help) {
    console.log(usage);
    process.exit(0);
  }
  return parsed;
}
