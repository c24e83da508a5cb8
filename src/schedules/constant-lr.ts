import { checkNonNegative } from '../core/errors';
import type { Schedule } from '../core/types';
import { checkStep } from './validate';

/**
 * A constant learning rate: the same value at every step.
 *
 *   η_t = η
 *
 * Not torch's `ConstantLR` (which scales the rate by a factor for the first `total_iters` steps);
 * this is the schedule equivalent of passing a plain number as `learningRate`, handy where a
 * Schedule is required (`sequentialLr`, plots).
 *
 * @param value - η, the learning rate; finite, ≥ 0.
 * @returns a pure Schedule. Throws a RangeError for a negative or non-integer step.
 * @see optax `constant_schedule` — https://optax.readthedocs.io/en/latest/api/optimizer_schedules.html
 * @example
 * ```ts
 * const lr = constantLr(0.01);
 * lr(0); // 0.01
 * lr(1000); // 0.01
 * ```
 */
export function constantLr(value: number): Schedule {
  checkNonNegative('constantLr', 'value', value);
  return (step: number) => {
    checkStep('constantLr', step);
    return value;
  };
}
