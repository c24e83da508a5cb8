/**
 * Your exercises for lesson 04, "Learning-rate schedules" (lessons/04-learning-rate-schedules/lesson.md).
 *
 * Replace each `throw` with your implementation, then check your work:
 *
 *   npm run grade -- 04
 *
 * The grader tests one idea per check and tells you what to fix. In the notebook
 * (notebooks/04-learning-rate-schedules.ipynb), the cell at the end of each exercise plots your
 * schedule next to the library's; re-run it after saving this file (no kernel restart needed).
 *
 * A schedule is a plain function `(step) => learning rate`, where `step` is the 0-based index of the
 * optimizer update (0 for the first update). It must be pure: the same step always gives the same
 * rate, however often and in whatever order it is called — so compute the rate from `step` alone
 * and keep no counter.
 */
/* eslint-disable @typescript-eslint/no-unused-vars -- the parameters are yours to use */
import type { Schedule } from '../../src/index';

/** Options of {@link warmupCosineDecay}: the same names and meanings as the library's `warmupCosine`. */
export interface WarmupCosineDecayOptions {
  /** η_init, the rate at step 0; ≥ 0. Default 0. */
  initLr?: number;
  /** η_peak, the rate at the end of the warmup (step W); ≥ 0. */
  peakLr: number;
  /** W, the number of warmup steps; a whole number ≥ 0 (0: no warmup, start at η_peak). */
  warmupSteps: number;
  /** D, the total length of the schedule, warmup included; a whole number ≥ W. */
  decaySteps: number;
  /** η_end, the rate from step D on; ≥ 0. Default 0. */
  endLr?: number;
}

/**
 * Exercise 1. Linear warmup from η_init to η_peak over W steps, then cosine decay to η_end at step D:
 *
 *   η_t = η_init + (η_peak − η_init) · t / W                              for t < W
 *   η_t = η_end + (η_peak − η_end) · (1 + cos(π · (t − W) / (D − W))) / 2   for W ≤ t < D
 *   η_t = η_end                                                           for t ≥ D
 *
 * D counts the warmup (as in optax and the library's `warmupCosine`): the cosine lasts D − W steps.
 *
 * Hint: check the three cases in order `t < W`, `t ≥ D`, else — then W = 0 (no warmup) and D = W
 * (no cosine) need no special code and never divide by zero.
 *
 * @param options see {@link WarmupCosineDecayOptions}; `initLr` and `endLr` default to 0.
 * @returns a pure schedule: step ↦ η_step.
 * @throws RangeError, when called, if `warmupSteps > decaySteps` (decaySteps counts the warmup).
 * @example
 * const lr = warmupCosineDecay({ peakLr: 0.1, warmupSteps: 100, decaySteps: 1000 });
 * [lr(0), lr(50), lr(100), lr(550), lr(1000), lr(2000)]; // [0, 0.05, 0.1, 0.05, 0, 0]
 */
export function warmupCosineDecay(options: WarmupCosineDecayOptions): Schedule {
  throw new Error('TODO: implement warmupCosineDecay — see "Exercise 1" in lessons/04-learning-rate-schedules/lesson.md');
}

/** Options of {@link stepDecay}: the same names and meanings as the library's `stepLr`. */
export interface StepDecayOptions {
  /** η₀, the rate at step 0; ≥ 0. */
  initialLr: number;
  /** s, the number of steps between two decays; a whole number ≥ 1. */
  stepSize: number;
  /** γ, the factor applied at every decay; > 0. Default 0.1. */
  gamma?: number;
}

/**
 * Exercise 2. Step decay: multiply the rate by γ every s steps,
 *
 *   η_t = η₀ · γ^⌊t / s⌋
 *
 * so the rate is η₀ for steps 0 … s − 1, η₀·γ for steps s … 2s − 1, and so on.
 *
 * @param options see {@link StepDecayOptions}; `gamma` defaults to 0.1.
 * @returns a pure schedule: step ↦ η_step.
 * @throws RangeError, when called, if `stepSize` is not a whole number ≥ 1 or `gamma` is not > 0.
 * @example
 * const lr = stepDecay({ initialLr: 0.1, stepSize: 30 });
 * [lr(0), lr(29), lr(30), lr(60)]; // [0.1, 0.1, 0.01, 0.001] (up to rounding)
 */
export function stepDecay(options: StepDecayOptions): Schedule {
  throw new Error('TODO: implement stepDecay — see "Exercise 2" in lessons/04-learning-rate-schedules/lesson.md');
}
