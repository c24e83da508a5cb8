/**
 * Checks shared by the schedules: the options object, the step argument, milestone lists.
 * Messages follow core/errors.ts (`fn: param must be …, got …`); hints for the usual mix-up
 * (steps vs epochs) are appended after the template, so tests can match the template exactly.
 */
import { checkInteger, rangeError } from '../core/errors';

export { checkOptions } from '../core/errors';

/** A hint appended to every bad-step message. */
export const STEP_HINT = 'a schedule is called with the 0-based index of the optimizer update, not an epoch';

/** Returns `error` with `; hint` appended to its message (same class). */
export function withHint<E extends Error>(error: E, hint: string): E {
  error.message = `${error.message}; ${hint}`;
  return error;
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
