import { checkFinite, checkInRange, checkInteger, checkNonNegative, rangeError } from '../core/errors';
import type { Schedule } from '../core/types';
import { checkOptions, checkStep } from './validate';

/** Options of {@link linearLr}. */
export interface LinearLrOptions {
  /** η₀, the base learning rate the factors multiply; finite, ≥ 0. */
  initialLr: number;
  /** f_start, the factor at step 0; in (0, 1]. Default 1/3. */
  startFactor?: number;
  /** f_end, the factor from step N on; in [0, 1]. Default 1. */
  endFactor?: number;
  /** N, steps over which the factor moves from f_start to f_end; integer ≥ 1. Default 5. Counts updates, not epochs. */
  totalIters?: number;
}

/**
 * Linear change of a multiplicative factor: a linear warmup (f_start < f_end) or decay.
 *
 *   η_t = η₀ · (f_start + (f_end − f_start) · min(t, N) / N)
 *
 * This is torch's closed form of `LinearLR`; torch's stepped (recursive) values equal it to
 * within a few ulps. Both factors must be ≤ 1, as in torch, and f_start > 0: torch 1.13 accepts 0
 * but its stepped form then divides by zero at step 1 (newer torch rejects it). For a warmup from
 * 0, use {@link warmupCosine} (initLr = 0) or a tiny f_start.
 *
 * @param options - {@link LinearLrOptions}: `initialLr` (η₀), `startFactor` (f_start = 1/3), `endFactor` (f_end = 1), `totalIters` (N = 5).
 * @returns a pure Schedule. Throws a RangeError for a negative or non-integer step.
 * @see torch.optim.lr_scheduler.LinearLR — https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.LinearLR.html
 * @example
 * ```ts
 * const warmup = linearLr({ initialLr: 0.1, startFactor: 0.1, totalIters: 10 });
 * [warmup(0), warmup(5), warmup(10), warmup(50)]; // [0.01, 0.055, 0.1, 0.1] (up to rounding)
 * ```
 */
export function linearLr(options: LinearLrOptions): Schedule {
  const fn = 'linearLr';
  checkOptions(fn, options, ['initialLr', 'startFactor', 'endFactor', 'totalIters']);
  const { initialLr, startFactor = 1 / 3, endFactor = 1, totalIters = 5 } = options;
  checkNonNegative(fn, 'initialLr', initialLr);
  if (!(checkFinite(fn, 'startFactor', startFactor) > 0 && startFactor <= 1)) {
    throw rangeError(fn, 'startFactor', 'in (0, 1]', startFactor);
  }
  checkInRange(fn, 'endFactor', endFactor, 0, 1, true);
  checkInteger(fn, 'totalIters', totalIters, 1);
  return (step: number) => {
    checkStep(fn, step);
    return initialLr * (startFactor + ((endFactor - startFactor) * Math.min(totalIters, step)) / totalIters);
  };
}
