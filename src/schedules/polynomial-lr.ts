import { checkInteger, checkNonNegative } from '../core/errors';
import type { Schedule } from '../core/types';
import { checkOptions, checkStep } from './validate';

/** Options of {@link polynomialLr}. */
export interface PolynomialLrOptions {
  /** η₀, the learning rate at step 0; finite, ≥ 0. */
  initialLr: number;
  /** N, steps until the rate reaches 0; integer ≥ 1. Default 5. Counts updates, not epochs. */
  totalIters?: number;
  /** p, the power of the polynomial; finite, ≥ 0 (1 = linear decay). Default 1. */
  power?: number;
}

/**
 * Polynomial decay to zero over N steps, then zero.
 *
 *   η_t = η₀ · (1 − min(t, N) / N)^p
 *
 * This is torch's closed form of `PolynomialLR`; torch's stepped (recursive) values equal it to
 * within a few ulps. The rate is exactly 0 from step N on: end training there, or follow it with
 * another schedule in {@link sequentialLr}.
 *
 * @param options - {@link PolynomialLrOptions}: `initialLr` (η₀), `totalIters` (N = 5), `power` (p = 1).
 * @returns a pure Schedule. Throws a RangeError for a negative or non-integer step.
 * @see torch.optim.lr_scheduler.PolynomialLR — https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.PolynomialLR.html
 * @example
 * ```ts
 * const lr = polynomialLr({ initialLr: 0.001, totalIters: 4 });
 * [lr(0), lr(1), lr(2), lr(3), lr(4)]; // [0.001, 0.00075, 0.0005, 0.00025, 0]
 * ```
 */
export function polynomialLr(options: PolynomialLrOptions): Schedule {
  const fn = 'polynomialLr';
  checkOptions(fn, options, ['initialLr', 'totalIters', 'power']);
  const { initialLr, totalIters = 5, power = 1 } = options;
  checkNonNegative(fn, 'initialLr', initialLr);
  checkInteger(fn, 'totalIters', totalIters, 1);
  checkNonNegative(fn, 'power', power);
  return (step: number) => {
    checkStep(fn, step);
    return initialLr * (1 - Math.min(totalIters, step) / totalIters) ** power;
  };
}
