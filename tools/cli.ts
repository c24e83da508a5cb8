/**
 * The one way every `npm run …` command reads its arguments: node's `util.parseArgs`, strict
 * (an unknown or misspelt flag is an error, never silently ignored), `-h`/`--help` printing the
 * command's usage, and bad usage printing the message and the usage and exiting 2.
 *
 * @example
 * const { values, positionals } = parseCommandLine('grade', USAGE, { json: { type: 'boolean' } }, { positionals: true });
 */
import { statSync } from 'node:fs';
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

/**
 * Exits 2 with `command: FILE: no such file` (or `…: is a folder, not a file`, and the reverse for
 * `kind: 'folder'`) for every path in `paths` that is not there as that kind, before the command
 * does anything: a mistyped path fails at once and by name, never as a raw ENOENT halfway through.
 */
export function requireExisting(command: string, paths: readonly string[], kind: 'file' | 'folder' = 'file'): void {
  const problems = paths.flatMap((target) => {
    const info = statSync(target, { throwIfNoEntry: false });
    if (!info) return [`${target}: no such ${kind}`];
    if (kind === 'file' && info.isDirectory()) return [`${target}: is a folder, not a file`];
    if (kind === 'folder' && !info.isDirectory()) return [`${target}: is a file, not a folder`];
    return [];
  });
  if (problems.length === 0) return;
  for (const problem of problems) console.error(`${command}: ${problem}`);
  process.exit(2);
}

/** Aborts on SIGINT or SIGTERM, so a command stops its kernels cleanly (npm relays Ctrl-C more than once: `on`, not `once`). */
export function abortOnSignals(): AbortSignal {
  const stop = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => stop.abort(new Error(`stopped by ${signal}`)));
  }
  return stop.signal;
}
