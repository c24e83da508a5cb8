import {
  checkInRange,
  checkInteger,
  checkNonNegative,
  checkOneOf,
  formatValue,
  pairError,
  rangeError,
  typeError,
} from '../core/errors';
import { checkOptions } from './validate';

/** Options of {@link ReduceLROnPlateau}. */
export interface ReduceLROnPlateauOptions {
  /** η₀, the learning rate before any reduction; finite, ≥ minLr. */
  initialLr: number;
  /** `'min'`: the metric should fall (a loss); `'max'`: it should rise (an accuracy). Default `'min'`. */
  mode?: 'min' | 'max';
  /** f, the new rate is η·f; in [0, 1). Default 0.1. */
  factor?: number;
  /** P, bad epochs tolerated before reducing (the rate drops on the (P+1)-th); integer ≥ 0. Default 10. */
  patience?: number;
  /** τ, how much better a metric must be to count as an improvement; ≥ 0, and < 1 in `'rel'` mode. Default 1e-4. */
  threshold?: number;
  /** `'rel'`: better than best·(1 ∓ τ); `'abs'`: better than best ∓ τ. Default `'rel'`. */
  thresholdMode?: 'rel' | 'abs';
  /** C, epochs after a reduction during which bad epochs are not counted; integer ≥ 0. Default 0. */
  cooldown?: number;
  /** η_min, the rate is never reduced below it; finite, in [0, initialLr]. Default 0. */
  minLr?: number;
  /** ε, a reduction smaller than ε is skipped; finite, ≥ 0. Default 1e-8. */
  eps?: number;
}

/**
 * Everything a {@link ReduceLROnPlateau} changes while it runs, as plain JSON (save it with a
 * checkpoint). The hyperparameters are not in it: they come from the constructor.
 */
export interface ReduceLROnPlateauState {
  /** The current learning rate. */
  lr: number;
  /** The best metric so far; `null` before the first `step` (torch holds ±Infinity, which JSON cannot). */
  best: number | null;
  /** Epochs since the last improvement (reset by a reduction and during cooldown). */
  numBadEpochs: number;
  /** Epochs of cooldown left. */
  cooldownCounter: number;
  /** Number of `step` calls so far. */
  lastEpoch: number;
}

const MODES = ['min', 'max'] as const;
const THRESHOLD_MODES = ['rel', 'abs'] as const;

/**
 * Reduce the learning rate when a monitored metric stops improving — the one stateful schedule:
 * it reacts to validation results instead of following the step count. Call `step(metric)` once
 * per evaluation (usually per epoch) and use the rate it returns.
 *
 * Per `step(x)`, exactly as torch (with `best` starting at +∞ in `'min'` mode, −∞ in `'max'`):
 *
 *   1. better(x) = x < best·(1 − τ)  (min, rel)   x < best − τ  (min, abs)
 *                  x > best·(1 + τ)  (max, rel)   x > best + τ  (max, abs)
 *   2. if better(x): best ← x, bad ← 0;  else bad ← bad + 1
 *   3. if cooldown > 0: cooldown ← cooldown − 1, bad ← 0
 *   4. if bad > P: η' = max(η·f, η_min); if η − η' > ε then η ← η'; cooldown ← C; bad ← 0
 *
 * Two torch behaviours kept on purpose: a skipped reduction (η − η' ≤ ε, e.g. already at η_min)
 * still starts the cooldown and resets the count; and `'rel'` mode assumes a positive metric — with a
 * negative one, best·(1 ∓ τ) moves the wrong way (in `'max'` mode a slightly worse value then counts as
 * better). Use `'abs'` for metrics that can be negative.
 *
 * Deviation: torch accepts a NaN or infinite metric (NaN never counts as better, so a diverged run
 * slowly loses its rate); here `step` throws a RangeError naming the epoch and changes nothing, because
 * a non-finite validation metric means training has failed and should be reported, not absorbed.
 *
 * @see torch.optim.lr_scheduler.ReduceLROnPlateau — https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ReduceLROnPlateau.html
 * @example
 * ```ts
 * const plateau = new ReduceLROnPlateau({ initialLr: 0.1, patience: 2 });
 * for (const valLoss of [1.0, 0.9, 0.9, 0.9, 0.9]) plateau.step(valLoss);
 * plateau.lr; // 0.01: three epochs without improvement > patience 2
 * const saved = JSON.stringify(plateau.state()); // checkpoint; later: plateau.loadState(JSON.parse(saved))
 * ```
 */
export class ReduceLROnPlateau {
  readonly initialLr: number;
  readonly mode: 'min' | 'max';
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly thresholdMode: 'rel' | 'abs';
  readonly cooldown: number;
  readonly minLr: number;
  readonly eps: number;

  private currentLr: number;
  private bestSoFar: number;
  private badEpochs = 0;
  private cooldownLeft = 0;
  private epochs = 0;

  /**
   * @param options - {@link ReduceLROnPlateauOptions}: `initialLr` (η₀), `mode` ('min'), `factor` (f = 0.1),
   *   `patience` (P = 10), `threshold` (τ = 1e-4), `thresholdMode` ('rel'), `cooldown` (C = 0),
   *   `minLr` (η_min = 0), `eps` (ε = 1e-8).
   */
  constructor(options: ReduceLROnPlateauOptions) {
    const fn = 'ReduceLROnPlateau';
    checkOptions(fn, options, [
      'initialLr',
      'mode',
      'factor',
      'patience',
      'threshold',
      'thresholdMode',
      'cooldown',
      'minLr',
      'eps',
    ]);
    const {
      initialLr,
      mode = 'min',
      factor = 0.1,
      patience = 10,
      threshold = 1e-4,
      thresholdMode = 'rel',
      cooldown = 0,
      minLr = 0,
      eps = 1e-8,
    } = options;
    this.initialLr = checkNonNegative(fn, 'initialLr', initialLr);
    this.mode = checkOneOf(fn, 'mode', mode, MODES);
    this.factor = checkInRange(fn, 'factor', factor, 0, 1);
    this.patience = checkInteger(fn, 'patience', patience, 0);
    this.thresholdMode = checkOneOf(fn, 'thresholdMode', thresholdMode, THRESHOLD_MODES);
    // 'rel' with τ ≥ 1 makes best·(1 − τ) ≤ 0 (and ∞·0 = NaN at the start): nothing would ever improve.
    this.threshold =
      this.thresholdMode === 'rel'
        ? checkInRange(fn, 'threshold', threshold, 0, 1)
        : checkNonNegative(fn, 'threshold', threshold);
    this.cooldown = checkInteger(fn, 'cooldown', cooldown, 0);
    this.minLr = checkNonNegative(fn, 'minLr', minLr);
    if (this.minLr > this.initialLr) throw pairError(fn, 'minLr', this.minLr, '≤', 'initialLr', this.initialLr);
    this.eps = checkNonNegative(fn, 'eps', eps);
    this.currentLr = this.initialLr;
    this.bestSoFar = this.worst();
  }

  /** The current learning rate. */
  get lr(): number {
    return this.currentLr;
  }

  /** The best metric so far (±Infinity before the first step, as torch). */
  get best(): number {
    return this.bestSoFar;
  }

  /** Epochs since the last improvement, as counted by torch (0 during cooldown). */
  get numBadEpochs(): number {
    return this.badEpochs;
  }

  /** Epochs of cooldown left. */
  get cooldownCounter(): number {
    return this.cooldownLeft;
  }

  /** True while bad epochs are being ignored after a reduction. */
  get inCooldown(): boolean {
    return this.cooldownLeft > 0;
  }

  /** Number of `step` calls so far (torch's `last_epoch`). */
  get lastEpoch(): number {
    return this.epochs;
  }

  /** Whether `x` improves on `best` by more than the threshold (torch's `is_better`). */
  isBetter(x: number, best: number): boolean {
    if (this.mode === 'min') {
      return this.thresholdMode === 'rel' ? x < best * (1 - this.threshold) : x < best - this.threshold;
    }
    return this.thresholdMode === 'rel' ? x > best * (this.threshold + 1) : x > best + this.threshold;
  }

  /**
   * Records one evaluation of the monitored metric and returns the learning rate to use from now on.
   * Throws (and changes nothing) if `metric` is not a finite number.
   */
  step(metric: number): number {
    const epoch = this.epochs + 1;
    if (typeof metric !== 'number') throw typeError('ReduceLROnPlateau.step', 'metric', 'a number', metric);
    if (!Number.isFinite(metric)) {
      throw new RangeError(
        `ReduceLROnPlateau.step: metric must be finite, got ${formatValue(metric)} (epoch ${epoch}); ` +
          'the monitored value diverged — lower the learning rate or check the data',
      );
    }
    this.epochs = epoch;
    if (this.isBetter(metric, this.bestSoFar)) {
      this.bestSoFar = metric;
      this.badEpochs = 0;
    } else {
      this.badEpochs += 1;
    }
    if (this.inCooldown) {
      this.cooldownLeft -= 1;
      this.badEpochs = 0; // bad epochs during cooldown are ignored
    }
    if (this.badEpochs > this.patience) {
      const reduced = Math.max(this.currentLr * this.factor, this.minLr);
      if (this.currentLr - reduced > this.eps) this.currentLr = reduced;
      this.cooldownLeft = this.cooldown;
      this.badEpochs = 0;
    }
    return this.currentLr;
  }

  /** A JSON-safe copy of the running state; see {@link ReduceLROnPlateauState}. */
  state(): ReduceLROnPlateauState {
    return {
      lr: this.currentLr,
      best: Number.isFinite(this.bestSoFar) ? this.bestSoFar : null,
      numBadEpochs: this.badEpochs,
      cooldownCounter: this.cooldownLeft,
      lastEpoch: this.epochs,
    };
  }

  /** Restores a state saved by {@link ReduceLROnPlateau.state}; validates every field first. */
  loadState(state: ReduceLROnPlateauState): void {
    const fn = 'ReduceLROnPlateau.loadState';
    checkOptions(fn, state, ['lr', 'best', 'numBadEpochs', 'cooldownCounter', 'lastEpoch'], 'state', 'field', ['best']);
    const lr = checkNonNegative(fn, 'lr', state.lr);
    if (lr < this.minLr) throw pairError(fn, 'lr', lr, '≥', 'minLr', this.minLr);
    if (state.best !== null && !Number.isFinite(state.best)) {
      throw rangeError(fn, 'best', 'a finite number or null', state.best);
    }
    const numBadEpochs = checkInteger(fn, 'numBadEpochs', state.numBadEpochs, 0);
    const cooldownCounter = checkInteger(fn, 'cooldownCounter', state.cooldownCounter, 0);
    const lastEpoch = checkInteger(fn, 'lastEpoch', state.lastEpoch, 0);
    this.currentLr = lr;
    this.bestSoFar = state.best === null ? this.worst() : state.best;
    this.badEpochs = numBadEpochs;
    this.cooldownLeft = cooldownCounter;
    this.epochs = lastEpoch;
  }

  /** torch's `mode_worse`: the starting `best`. */
  private worst(): number {
    return this.mode === 'min' ? Infinity : -Infinity;
  }
}
