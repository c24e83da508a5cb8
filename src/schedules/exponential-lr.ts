import { checkNonNegative, checkPositive } from '../core/errors';
import type { Schedule } from '../core/types';
import { checkOptions, checkStep } from './validate';

/** Options of {@link exponentialLr}. */
export interface ExponentialLrOptions {
  /** η₀, the learning rate at step 0; finite, ≥ 0. */
  initialLr: number;
  /** γ, the factor per step; finite, > 0 (γ < 1 decays, γ > 1 grows, as in an LR range test). */
  gamma: number;
}

/**
 * Exponential decay: multiply the learning rate by γ at every step.
 *
 *   η_t = η₀ · γ^t
 *
 * Equal to torch's `ExponentialLR` stepped once per optimizer update. Per update, γ is close to 1:
 * a tenfold decay over N updates is γ = 0.1^(1/N).
 *
 * @param options - {@link ExponentialLrOptions}: `initialLr` (η₀), `gamma` (γ, no default).
 * @returns a pure Schedule. Throws a RangeError for a negative or non-integer step.
 * @see torch.optim.lr_scheduler.ExponentialLR — https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ExponentialLR.html
 * @example
 * ```ts
 * const lr = exponentialLr({ initialLr: 0.1, gamma: 0.99 });
 * lr(100); // 0.1 · 0.99¹⁰⁰ ≈ 0.0366
 * ```
 */
export function exponentialLr(options: ExponentialLrOptions): Schedule {
  const fn = 'exponentialLr';
  checkOptions(fn, options, ['initialLr', 'gamma']);
  const { initialLr, gamma } = options;
  checkNonNegative(fn, 'initialLr', initialLr);
  checkPositive(fn, 'gamma', gamma);
  return (step: number) => {
    checkStep(fn, step);
    return initialLr * gamma ** step;
  };
}
