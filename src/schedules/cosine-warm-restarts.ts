import { checkInteger, checkNonNegative, pairError } from '../core/errors';
import type { Schedule } from '../core/types';
import { checkOptions, checkStep } from './validate';

/** Options of {@link cosineWarmRestarts}. */
export interface CosineWarmRestartsOptions {
  /** η_max, the learning rate at step 0 and after every restart; finite, ≥ 0. */
  initialLr: number;
  /** T₀, steps in the first cycle; integer ≥ 1. Counts updates, not epochs. */
  t0: number;
  /** T_mult, growth of the cycle length after each restart (T_{i+1} = T_mult · T_i); integer ≥ 1. Default 1. */
  tMult?: number;
  /** η_min, the learning rate approached at the end of each cycle; finite, in [0, initialLr]. Default 0. */
  etaMin?: number;
}

/**
 * Cosine annealing with warm restarts (SGDR): cycles of cosine decay, each restarting at η_max.
 *
 *   η_t = η_min + (η_max − η_min) · (1 + cos(π · T_cur / T_i)) / 2
 *
 * where T_i is the length of the current cycle (T₀, T₀·T_mult, T₀·T_mult², …) and T_cur the
 * number of steps since the last restart (0 at a restart). A cycle's last step is T_cur = T_i − 1,
 * so η_min itself is never reached: the next step restarts at η_max.
 *
 * Equal to torch's `CosineAnnealingWarmRestarts` stepped once per optimizer update (`step()` with
 * no argument). T_cur and T_i are found from t with integer arithmetic, so there is no drift.
 *
 * @param options - {@link CosineWarmRestartsOptions}: `initialLr` (η_max), `t0` (T₀), `tMult` (T_mult = 1), `etaMin` (η_min = 0).
 * @returns a pure Schedule. Throws a RangeError for a negative or non-integer step.
 * @see torch.optim.lr_scheduler.CosineAnnealingWarmRestarts — https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.CosineAnnealingWarmRestarts.html
 * @see Loshchilov & Hutter, "SGDR: Stochastic Gradient Descent with Warm Restarts", ICLR 2017 — https://arxiv.org/abs/1608.03983
 * @example
 * ```ts
 * const lr = cosineWarmRestarts({ initialLr: 0.1, t0: 10, tMult: 2 });
 * // cycles cover steps 0–9, 10–29, 30–69, …
 * [lr(0), lr(10), lr(20), lr(30)]; // [0.1, 0.1, 0.05, 0.1] (up to rounding)
 * ```
 */
export function cosineWarmRestarts(options: CosineWarmRestartsOptions): Schedule {
  const fn = 'cosineWarmRestarts';
  checkOptions(fn, options, ['initialLr', 't0', 'tMult', 'etaMin']);
  const { initialLr, t0, tMult = 1, etaMin = 0 } = options;
  checkNonNegative(fn, 'initialLr', initialLr);
  checkInteger(fn, 't0', t0, 1);
  checkInteger(fn, 'tMult', tMult, 1);
  checkNonNegative(fn, 'etaMin', etaMin);
  if (etaMin > initialLr) throw pairError(fn, 'etaMin', etaMin, '≤', 'initialLr', initialLr);
  return (step: number) => {
    checkStep(fn, step);
    let tCur = step;
    let tI = t0;
    if (tMult === 1) {
      tCur = step % t0;
    } else {
      // At most log_{T_mult}(t / T₀) + 1 iterations.
      while (tCur >= tI) {
        tCur -= tI;
        tI *= tMult;
      }
    }
    return etaMin + ((initialLr - etaMin) * (1 + Math.cos((Math.PI * tCur) / tI))) / 2;
  };
}
