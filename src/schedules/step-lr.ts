import { checkInteger, checkNonNegative, checkPositive } from '../core/errors';
import type { Schedule } from '../core/types';
import { checkOptions, checkStep } from './validate';

/** Options of {@link stepLr}. */
export interface StepLrOptions {
  /** η₀, the learning rate at step 0; finite, ≥ 0. */
  initialLr: number;
  /** s, steps between two decays; integer ≥ 1. */
  stepSize: number;
  /** γ, the factor applied at every decay; finite, > 0. Default 0.1. */
  gamma?: number;
}

/**
 * Step decay: multiply the learning rate by γ every `stepSize` steps.
 *
 *   η_t = η₀ · γ^⌊t / s⌋
 *
 * Equal to torch's `StepLR` stepped once per optimizer update. Torch usually steps it once per
 * epoch; here t counts updates, so a decay every 30 epochs of 100 batches is `stepSize: 3000`.
 *
 * @param options - {@link StepLrOptions}: `initialLr` (η₀), `stepSize` (s), `gamma` (γ = 0.1).
 * @returns a pure Schedule. Throws a RangeError for a negative or non-integer step.
 * @see torch.optim.lr_scheduler.StepLR — https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.StepLR.html
 * @example
 * ```ts
 * const lr = stepLr({ initialLr: 0.1, stepSize: 30 });
 * [lr(0), lr(29), lr(30), lr(60)]; // [0.1, 0.1, 0.01, 0.001] (up to rounding)
 * ```
 */
export function stepLr(options: StepLrOptions): Schedule {
  const fn = 'stepLr';
  checkOptions(fn, options, ['initialLr', 'stepSize', 'gamma']);
  const { initialLr, stepSize, gamma = 0.1 } = options;
  checkNonNegative(fn, 'initialLr', initialLr);
  checkInteger(fn, 'stepSize', stepSize, 1);
  checkPositive(fn, 'gamma', gamma);
  return (step: number) => {
    checkStep(fn, step);
    return initialLr * gamma ** Math.floor(step / stepSize);
  };
}
