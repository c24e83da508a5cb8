/**
 * Checks shared by the schedules: the options object, the step argument, milestone lists.
 * Messages follow core/errors.ts (`fn: param must be …, got …`); hints for the usual mix-up
 * (steps vs epochs) are appended after the template, so tests can match the template exactly.
 */
import { checkInteger, formatValue, rangeError, typeError } from '../core/errors';

/** A hint appended to every bad-step message. */
export const STEP_HINT = 'a schedule is called with the 0-based index of the optimizer update, not an epoch';

/** Returns `error` with `; hint` appended to its message (same class). */
export function withHint<E extends Error>(error: E, hint: string): E {
  error.message = `${error.message}; ${hint}`;
  return error;
}

/**
 * Throws a TypeError unless `options` is a plain object whose keys are all in `allowed`
 * (`param` names the argument, `noun` its keys: options/option, state/field).
 * Catches torch-style names (`step_size`) and typos that would otherwise fall back to a default.
 */
export function checkOptions(
  fn: string,
  options: unknown,
  allowed: readonly string[],
  param = 'options',
  noun = 'option',
): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw typeError(fn, param, 'an object', options);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new TypeError(`${fn}: unknown ${noun} ${formatValue(key)} (valid: ${allowed.join(', ')})`);
    }
  }
}

/** Throws unless `step` is an integer ≥ 0: `stepLr: step must be an integer ≥ 0, got -1; …`. */
export function checkStep(fn: string, step: unknown): number {
  try {
    return checkInteger(fn, 'step', step, 0);
  } catch (error) {
    throw withHint(error as Error, STEP_HINT);
  }
}

/**
 * Throws unless `milestones` is an array of strictly increasing integers ≥ `min`.
 * Returns a copy, so a caller mutating its array later cannot change the schedule.
 */
export function checkMilestones(fn: string, milestones: unknown, min: number): number[] {
  const ok =
    Array.isArray(milestones) &&
    milestones.every((m, i) => Number.isInteger(m) && m >= min && (i === 0 || m > milestones[i - 1]));
  if (!ok) throw rangeError(fn, 'milestones', `strictly increasing integers ≥ ${min}`, milestones);
  return [...(milestones as number[])];
}

/** Number of milestones ≤ step (Python's `bisect_right`); milestones are sorted. */
export function countReached(milestones: readonly number[], step: number): number {
  let n = 0;
  while (n < milestones.length && milestones[n] <= step) n++;
  return n;
}
