/**
 * Guards for tests that need a program outside npm (Jupyter, Chromium, …).
 *
 * Locally, a missing program skips those tests with a printed reason: a contributor without
 * Jupyter can still run the suite. Under `CI=true` a missing program is an error instead, so CI
 * can never pass by silently skipping the checks it exists to run.
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

export interface RequireProgramOptions {
  /** How to install it, shown in the skip/failure message, e.g. "apt-get install jupyter-nbconvert". */
  hint?: string;
  /** Environment to read `CI` and `PATH` from (default `process.env`). */
  env?: Record<string, string | undefined>;
}

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The program's path: `program` itself when it contains a slash, else the first match on PATH. */
export function findProgram(program: string, env: Record<string, string | undefined> = process.env): string | undefined {
  if (program.includes('/')) return isExecutableFile(program) ? program : undefined;
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  return dirs.map((dir) => path.join(dir, program)).find(isExecutableFile);
}

/**
 * Whether the tests needing `program` (a name looked up on PATH, or a path) should run here.
 * Returns false, after printing why, when it is missing; throws instead when `CI=true`.
 *
 * @example
 * const hasJupyter = requireProgram('/usr/bin/jupyter', { hint: 'apt-get install jupyter-nbconvert' });
 * it.skipIf(!hasJupyter)('matches nbconvert', async () => { … });
 */
export function requireProgram(program: string, options: RequireProgramOptions = {}): boolean {
  const env = options.env ?? process.env;
  if (findProgram(program, env)) return true;
  const missing = `${program} is not installed${options.hint ? ` (install: ${options.hint})` : ''}`;
  if (env.CI === 'true') {
    throw new Error(`${missing}; CI=true, so the tests that need it fail instead of being skipped`);
  }
  console.warn(`skipping the tests that need ${program}: ${missing}`);
  return false;
}
