/**
 * Checks shared by the transformations and optimizers. Every message follows core/errors.ts
 * (`adamw: beta1 must be in [0, 1), got 1.2`) and is thrown before any tensor exists.
 */
import { checkFinite, checkNonNegative, rangeError, typeError } from '../core/errors';
import type { Schedule } from '../core/types';

export { checkBoolean, checkOptions } from '../core/errors';

/** A learning rate as the options take it: a number ≥ 0, or a Schedule of the update index. */
export function checkLearningRate(fn: string, value: unknown): number | Schedule {
  if (typeof value === 'function') return value as Schedule;
  if (typeof value !== 'number') throw typeError(fn, 'learningRate', 'a number or a Schedule (step => number)', value);
  return checkNonNegative(fn, 'learningRate', value);
}

/**
 * The learning rate for the update with 0-based index `step`: the number itself, or the schedule's
 * value, which must be a finite number ≥ 0 — `adam: learningRate(12) must be ≥ 0, got -0.5`.
 */
export function learningRateAt(fn: string, learningRate: number | Schedule, step: number): number {
  if (typeof learningRate === 'number') return learningRate;
  const param = `learningRate(${step})`;
  const value = checkFinite(fn, param, learningRate(step));
  if (value < 0) throw rangeError(fn, param, '≥ 0', value);
  return value;
}
