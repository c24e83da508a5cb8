/**
 * Reference solutions for lesson 04, "Learning-rate schedules". Same signatures as exercise.ts;
 * the grader runs against this file with `npm run grade -- --solution`.
 */
import type { Schedule } from '../../src/index';

/** Options of {@link warmupCosineDecay}, as the library's `warmupCosine` (see exercise.ts). */
export interface WarmupCosineDecayOptions {
  /** η_init, the rate at step 0; default 0. */
  initLr?: number;
  /** η_peak, the rate at the end of the warmup (step W). */
  peakLr: number;
  /** W, warmup steps, ≥ 0. */
  warmupSteps: number;
  /** D, the whole schedule, warmup included; ≥ W. */
  decaySteps: number;
  /** η_end, the rate from step D on; default 0. */
  endLr?: number;
}

/** Options of {@link stepDecay}, as the library's `stepLr` (see exercise.ts). */
export interface StepDecayOptions {
  /** η₀, the rate at step 0. */
  initialLr: number;
  /** s, steps between two decays; an integer ≥ 1. */
  stepSize: number;
  /** γ > 0, the factor per decay; default 0.1. */
  gamma?: number;
}

/**
 * Linear warmup from η_init to η_peak over W steps, then cosine decay to η_end at step D (D counts
 * the warmup, as in optax):
 *
 *   η_t = η_init + (η_peak − η_init) · t / W                              for t < W
 *   η_t = η_end + (η_peak − η_end) · (1 + cos(π · (t − W) / (D − W))) / 2   for W ≤ t < D
 *   η_t = η_end                                                           for t ≥ D
 *
 * @throws RangeError if `warmupSteps > decaySteps`.
 */
export function warmupCosineDecay(options: WarmupCosineDecayOptions): Schedule {
  const { initLr = 0, peakLr, warmupSteps, decaySteps, endLr = 0 } = options;
  if (warmupSteps > decaySteps) {
    throw new RangeError(
      `warmupCosineDecay: warmupSteps (${warmupSteps}) must be ≤ decaySteps (${decaySteps}); decaySteps counts the warmup`,
    );
  }
  // The cases in this order never divide by zero: t < W implies W > 0, and W ≤ t < D implies D > W.
  return (t: number) => {
    if (t < warmupSteps) return initLr + ((peakLr - initLr) * t) / warmupSteps;
    if (t >= decaySteps) return endLr;
    const progress = (t - warmupSteps) / (decaySteps - warmupSteps); // 0 at the peak, → 1 at D
    return endLr + ((peakLr - endLr) * (1 + Math.cos(Math.PI * progress))) / 2;
  };
}

/**
 * Step decay: η_t = η₀ · γ^⌊t / s⌋.
 *
 * @throws RangeError if `stepSize` is not an integer ≥ 1 or `gamma` is not > 0.
 */
export function stepDecay(options: StepDecayOptions): Schedule {
  const { initialLr, stepSize, gamma = 0.1 } = options;
  if (!Number.isInteger(stepSize) || stepSize < 1) {
    throw new RangeError(`stepDecay: stepSize must be an integer ≥ 1, got ${stepSize}`);
  }
  if (!(gamma > 0)) throw new RangeError(`stepDecay: gamma must be > 0, got ${gamma}`);
  return (t: number) => initialLr * gamma ** Math.floor(t / stepSize);
}
