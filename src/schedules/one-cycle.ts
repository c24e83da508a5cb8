import {
  checkInRange,
  checkInteger,
  checkNonNegative,
  checkOneOf,
  checkPositive,
  pairError,
  rangeError,
  typeError,
} from '../core/errors';
import type { Schedule } from '../core/types';
import { checkOptions, checkStep, withHint } from './validate';

/** How a one-cycle phase moves between its two values. */
export type AnnealStrategy = 'cos' | 'linear';

const ANNEAL_STRATEGIES: readonly AnnealStrategy[] = ['cos', 'linear'];

/** Options of {@link oneCycleLr}. */
export interface OneCycleLrOptions {
  /** η_max, the peak learning rate; finite, ≥ 0. */
  maxLr: number;
  /** T, the number of optimizer updates in the whole cycle; integer ≥ 1 (epochs × batches per epoch, not epochs). */
  totalSteps: number;
  /** p, the fraction of T spent rising to η_max; in [0, 1] (≤ 0.5 with `threePhase`), p·T ≠ 1. Default 0.3. */
  pctStart?: number;
  /** `'cos'` (cosine) or `'linear'` interpolation inside each phase. Default `'cos'`. */
  annealStrategy?: AnnealStrategy;
  /** d, the starting rate is η₀ = η_max / d; finite, > 0. Default 25. */
  divFactor?: number;
  /** d_final, the final rate is η_min = η₀ / d_final; finite, > 0. Default 1e4. */
  finalDivFactor?: number;
  /** Three phases as in Smith's paper (up, down to η₀, then down to η_min) instead of fastai's two. Default false. */
  threePhase?: boolean;
}

/** Options of {@link oneCycleMomentum}; `totalSteps`, `pctStart`, `annealStrategy`, `threePhase` as in {@link OneCycleLrOptions}. */
export interface OneCycleMomentumOptions {
  /** T, the number of optimizer updates in the whole cycle; integer ≥ 1. */
  totalSteps: number;
  /** p, the fraction of T spent lowering the momentum; in [0, 1] (≤ 0.5 with `threePhase`), p·T ≠ 1. Default 0.3. */
  pctStart?: number;
  /** `'cos'` or `'linear'`. Default `'cos'`. */
  annealStrategy?: AnnealStrategy;
  /** β_base, the momentum at the learning-rate peak; in [0, 1), ≤ maxMomentum. Default 0.85. */
  baseMomentum?: number;
  /** β_max, the momentum at the start (and end) of the cycle; in [0, 1). Default 0.95. */
  maxMomentum?: number;
  /** Use the three-phase cycle (must match the learning-rate schedule's). Default false. */
  threePhase?: boolean;
}

/** A phase ends at step `end` (a float, as in torch) and moves from `from` to `to`. */
interface Phase {
  end: number;
  from: number;
  to: number;
}

/** torch's `_annealing_cos` / `_annealing_linear`, same operation order. */
function anneal(strategy: AnnealStrategy, start: number, end: number, pct: number): number {
  if (strategy === 'linear') return (end - start) * pct + start;
  return end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);
}

/**
 * The phase end steps of torch's OneCycleLR. `values` holds the value at each phase boundary:
 * two phases `[start, peak, final]`, three phases `[start, peak, start, final]`.
 */
function phases(totalSteps: number, pctStart: number, threePhase: boolean, values: readonly number[]): Phase[] {
  const ends = threePhase
    ? [pctStart * totalSteps - 1, 2 * pctStart * totalSteps - 2, totalSteps - 1]
    : [pctStart * totalSteps - 1, totalSteps - 1];
  return ends.map((end, i) => ({ end, from: values[i], to: values[i + 1] }));
}

/** The value at `step`: find its phase (the last one catches everything after), interpolate. */
function cycleValue(step: number, list: readonly Phase[], strategy: AnnealStrategy): number {
  let i = 0;
  let start = 0;
  while (i < list.length - 1 && step > list[i].end) {
    start = list[i].end;
    i++;
  }
  const { end, from, to } = list[i];
  return anneal(strategy, from, to, (step - start) / (end - start));
}

/** Validation shared by both schedules. */
function checkCycle(
  fn: string,
  totalSteps: number,
  pctStart: number,
  annealStrategy: AnnealStrategy,
  threePhase: boolean,
): void {
  checkInteger(fn, 'totalSteps', totalSteps, 1);
  checkInRange(fn, 'pctStart', pctStart, 0, 1, true);
  if (pctStart * totalSteps === 1) {
    throw new RangeError(
      `${fn}: pctStart · totalSteps must be ≠ 1, got ${pctStart} · ${totalSteps}; ` +
        'the first phase would last zero steps (torch divides by zero there)',
    );
  }
  checkOneOf(fn, 'annealStrategy', annealStrategy, ANNEAL_STRATEGIES);
  if (typeof threePhase !== 'boolean') throw typeError(fn, 'threePhase', 'a boolean', threePhase);
  if (threePhase && pctStart > 0.5) {
    // torch accepts it, but then the third phase is never reached and η_min never used.
    throw withHint(
      rangeError(fn, 'pctStart', '≤ 0.5 with threePhase', pctStart),
      'the rise and the symmetric fall would take more than the whole cycle',
    );
  }
}

/** The step check: an integer in [0, totalSteps). */
function checkCycleStep(fn: string, step: number, totalSteps: number): void {
  checkStep(fn, step);
  if (step >= totalSteps) {
    throw withHint(
      pairError(fn, 'step', step, '<', 'totalSteps', totalSteps),
      'the cycle is over; totalSteps counts optimizer updates (epochs × batches per epoch)',
    );
  }
}

/**
 * The 1cycle learning-rate policy: warm up from η₀ = η_max/d to η_max, then anneal to
 * η_min = η₀/d_final, over exactly `totalSteps` updates.
 *
 * Two phases (default, fastai's): with p·T − 1 = e₁ and T − 1 = e₂,
 *
 *   η_t = anneal(η₀, η_max, t / e₁)                  for t ≤ e₁
 *   η_t = anneal(η_max, η_min, (t − e₁) / (e₂ − e₁))  otherwise
 *
 * Three phases (Smith's paper): up η₀→η_max until e₁ = p·T − 1, back down η_max→η₀ until
 * e₂ = 2p·T − 2, then η₀→η_min until T − 1. With `'cos'`, anneal(a, b, x) = b + (a − b)·(1 + cos πx)/2;
 * with `'linear'`, anneal(a, b, x) = a + (b − a)·x.
 *
 * Equal to torch's `OneCycleLR` stepped once per optimizer update. Past the cycle the schedule
 * throws a RangeError (`step (100) must be < totalSteps (100)`): torch raises too once stepped more
 * than `total_steps` times, and only computes (never uses) a value for step `totalSteps` because a
 * loop steps the scheduler after its last update. Pair it with {@link oneCycleMomentum}.
 *
 * Deviation: `threePhase` with p > 0.5 is rejected; torch accepts it, but its third phase then
 * never starts and the rate never reaches η_min.
 *
 * @param options - {@link OneCycleLrOptions}: `maxLr` (η_max), `totalSteps` (T), `pctStart` (p = 0.3),
 *   `annealStrategy` ('cos'), `divFactor` (d = 25), `finalDivFactor` (d_final = 1e4), `threePhase` (false).
 * @returns a pure Schedule defined for steps 0 … totalSteps − 1.
 * @see torch.optim.lr_scheduler.OneCycleLR — https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.OneCycleLR.html
 * @see Smith & Topin, "Super-Convergence: Very Fast Training of Neural Networks Using Large Learning Rates", 2017 — https://arxiv.org/abs/1708.07120
 * @example
 * ```ts
 * const lr = oneCycleLr({ maxLr: 0.1, totalSteps: 100 });
 * [lr(0), lr(29), lr(99)]; // [0.004, 0.1, 4e-7] (up to rounding)
 * ```
 */
export function oneCycleLr(options: OneCycleLrOptions): Schedule {
  const fn = 'oneCycleLr';
  checkOptions(fn, options, ['maxLr', 'totalSteps', 'pctStart', 'annealStrategy', 'divFactor', 'finalDivFactor', 'threePhase']);
  const {
    maxLr,
    totalSteps,
    pctStart = 0.3,
    annealStrategy = 'cos',
    divFactor = 25,
    finalDivFactor = 1e4,
    threePhase = false,
  } = options;
  checkNonNegative(fn, 'maxLr', maxLr);
  checkCycle(fn, totalSteps, pctStart, annealStrategy, threePhase);
  checkPositive(fn, 'divFactor', divFactor);
  checkPositive(fn, 'finalDivFactor', finalDivFactor);
  const initialLr = maxLr / divFactor; // η₀
  const minLr = initialLr / finalDivFactor; // η_min
  const values = threePhase ? [initialLr, maxLr, initialLr, minLr] : [initialLr, maxLr, minLr];
  const list = phases(totalSteps, pctStart, threePhase, values);
  return (step: number) => {
    checkCycleStep(fn, step, totalSteps);
    return cycleValue(step, list, annealStrategy);
  };
}

/**
 * The momentum cycle that goes with {@link oneCycleLr}: momentum falls while the learning rate
 * rises and rises while it falls (β_max → β_base → β_max; three phases: β_max → β_base → β_max → β_max),
 * using the same phases and interpolation as the learning rate. Use it for SGD's `momentum` or
 * Adam's β₁.
 *
 * Equal to the momentum (or `betas[0]`) torch's `OneCycleLR` writes into the optimizer for each
 * update. Throws past the cycle, like {@link oneCycleLr}.
 *
 * @param options - {@link OneCycleMomentumOptions}: `totalSteps` (T), `pctStart` (p = 0.3), `annealStrategy` ('cos'),
 *   `baseMomentum` (β_base = 0.85), `maxMomentum` (β_max = 0.95), `threePhase` (false).
 * @returns a pure Schedule (of momentum, not learning rate) defined for steps 0 … totalSteps − 1.
 * @see torch.optim.lr_scheduler.OneCycleLR (`cycle_momentum`) — https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.OneCycleLR.html
 * @see Smith, "A disciplined approach to neural network hyper-parameters: Part 1", 2018 — https://arxiv.org/abs/1803.09820
 * @example
 * ```ts
 * const beta1 = oneCycleMomentum({ totalSteps: 100 });
 * [beta1(0), beta1(29), beta1(99)]; // [0.95, 0.85, 0.95]
 * ```
 */
export function oneCycleMomentum(options: OneCycleMomentumOptions): Schedule {
  const fn = 'oneCycleMomentum';
  checkOptions(fn, options, ['totalSteps', 'pctStart', 'annealStrategy', 'baseMomentum', 'maxMomentum', 'threePhase']);
  const {
    totalSteps,
    pctStart = 0.3,
    annealStrategy = 'cos',
    baseMomentum = 0.85,
    maxMomentum = 0.95,
    threePhase = false,
  } = options;
  checkCycle(fn, totalSteps, pctStart, annealStrategy, threePhase);
  checkInRange(fn, 'baseMomentum', baseMomentum, 0, 1);
  checkInRange(fn, 'maxMomentum', maxMomentum, 0, 1);
  if (baseMomentum > maxMomentum) {
    throw pairError(fn, 'baseMomentum', baseMomentum, '≤', 'maxMomentum', maxMomentum);
  }
  const values = threePhase
    ? [maxMomentum, baseMomentum, maxMomentum, maxMomentum]
    : [maxMomentum, baseMomentum, maxMomentum];
  const list = phases(totalSteps, pctStart, threePhase, values);
  return (step: number) => {
    checkCycleStep(fn, step, totalSteps);
    return cycleValue(step, list, annealStrategy);
  };
}
