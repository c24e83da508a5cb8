import { checkInteger, checkNonNegative, pairError } from '../core/errors';
import type { Schedule } from '../core/types';
import { checkOptions, checkStep, withHint } from './validate';

/** Options of {@link warmupCosine}. */
export interface WarmupCosineOptions {
  /** η_init, the learning rate at step 0; finite, ≥ 0. Default 0. */
  initLr?: number;
  /** η_peak, the learning rate at the end of the warmup (step W); finite, ≥ 0. */
  peakLr: number;
  /** W, the number of warmup steps; integer ≥ 0 (0: no warmup, start at η_peak). */
  warmupSteps: number;
  /** D, the total length of the schedule, warmup included (as in optax); integer ≥ W (D = W: no decay phase). */
  decaySteps: number;
  /** η_end, the learning rate from step D on; finite, ≥ 0. Default 0. */
  endLr?: number;
}

/**
 * Linear warmup from η_init to η_peak over W steps, then cosine decay to η_end at step D.
 *
 *   η_t = η_init + (η_peak − η_init) · t / W                              for t < W
 *   η_t = η_end + (η_peak − η_end) · (1 + cos(π · (t − W) / (D − W))) / 2   for W ≤ t < D
 *   η_t = η_end                                                           for t ≥ D
 *
 * Semantics of optax's `warmup_cosine_decay_schedule` (exponent 1): D counts the warmup, so the
 * cosine lasts D − W steps and the schedule is exactly η_peak at t = W and η_end at t = D.
 *
 * Deviations from optax, stated: (1) both parts are written as interpolations from their start
 * value — η_init + (η_peak − η_init)·t/W and η_end + (η_peak − η_end)·c — rather than optax's
 * (η_init − η_peak)·(1 − t/W) + η_peak and η_peak·((1 − α)·c + α) with α = η_end/η_peak: equal up
 * to rounding (tested to 1e-12), but they hit η_init, η_peak and η_end exactly, and stay right when
 * η_peak = 0 (optax then sets α = 0 and never reaches η_end); (2) D = W is allowed (current optax raises):
 * there is no decay phase, and the warmup is followed directly by η_end. For warmup then a constant
 * rate, set `endLr` = `peakLr`. In PyTorch the same shape is
 * `SequentialLR([LinearLR, CosineAnnealingLR(T_max = D − W)], milestones = [W])`.
 *
 * @param options - {@link WarmupCosineOptions}: `initLr` (η_init = 0), `peakLr` (η_peak), `warmupSteps` (W),
 *   `decaySteps` (D), `endLr` (η_end = 0).
 * @returns a pure Schedule. Throws a RangeError for a negative or non-integer step.
 * @see optax.warmup_cosine_decay_schedule — https://optax.readthedocs.io/en/latest/api/optimizer_schedules.html
 * @see Goyal et al., "Accurate, Large Minibatch SGD: Training ImageNet in 1 Hour", 2017 (warmup) — https://arxiv.org/abs/1706.02677
 * @example
 * ```ts
 * const lr = warmupCosine({ peakLr: 1e-3, warmupSteps: 100, decaySteps: 1000 });
 * [lr(0), lr(50), lr(100), lr(550), lr(1000)]; // [0, 5e-4, 1e-3, 5e-4, 0] (up to rounding)
 * ```
 */
export function warmupCosine(options: WarmupCosineOptions): Schedule {
  const fn = 'warmupCosine';
  checkOptions(fn, options, ['initLr', 'peakLr', 'warmupSteps', 'decaySteps', 'endLr']);
  const { initLr = 0, peakLr, warmupSteps, decaySteps, endLr = 0 } = options;
  checkNonNegative(fn, 'initLr', initLr);
  checkNonNegative(fn, 'peakLr', peakLr);
  checkInteger(fn, 'warmupSteps', warmupSteps, 0);
  checkInteger(fn, 'decaySteps', decaySteps, 0);
  checkNonNegative(fn, 'endLr', endLr);
  if (warmupSteps > decaySteps) {
    throw withHint(
      pairError(fn, 'warmupSteps', warmupSteps, '≤', 'decaySteps', decaySteps),
      'decaySteps is the total length of the schedule and counts the warmup (optax semantics)',
    );
  }
  const cosineSteps = decaySteps - warmupSteps;
  return (step: number) => {
    checkStep(fn, step);
    if (step < warmupSteps) return initLr + ((peakLr - initLr) * step) / warmupSteps;
    if (step >= decaySteps) return endLr;
    const c = (1 + Math.cos((Math.PI * (step - warmupSteps)) / cosineSteps)) / 2;
    return endLr + (peakLr - endLr) * c;
  };
}
