/**
 * Your exercises for lesson 05, "Validation-driven control: plateaus and early stopping"
 * (lessons/05-plateaus-and-early-stopping/lesson.md).
 *
 * Replace each `throw` with your implementation, then check your work:
 *
 *   npm run grade -- 05
 *
 * The grader tests one idea per check and tells you what to fix. In the notebook
 * (notebooks/05-plateaus-and-early-stopping.ipynb), the cell at the end of each exercise replays the
 * validation losses recorded in the lesson through your code, next to the library's callbacks;
 * re-run it after saving this file (no kernel restart needed).
 *
 * Exercises 1 and 2 work on plain numbers, one validation loss per epoch; Exercise 3 keeps a copy
 * of the model's weights (tensors).
 */
/* eslint-disable @typescript-eslint/no-unused-vars -- the parameters are yours to use */
import * as tf from '@tensorflow/tfjs';

/** The plateau rule's memory between epochs. A fresh state is `{ lr: η₀, best: Infinity, numBadEpochs: 0 }`. */
export interface PlateauState {
  /** η, the learning rate to use from now on. */
  lr: number;
  /** b, the validation loss of the last improvement (Infinity before the first epoch). */
  best: number;
  /** k, epochs in a row without improvement since the last improvement or reduction. */
  numBadEpochs: number;
}

/** The plateau rule's hyperparameters; the defaults are PyTorch's. */
export interface PlateauOptions {
  /** f in [0, 1), default 0.1: the new rate is η·f. */
  factor?: number;
  /** P, an integer ≥ 0, default 10: the rate drops at the (P + 1)-th bad epoch in a row. */
  patience?: number;
  /** τ in [0, 1), default 1e-4: an improvement must beat b·(1 − τ). */
  threshold?: number;
}

/**
 * Exercise 1. One epoch of reduce-on-plateau: PyTorch's ReduceLROnPlateau in 'min' mode with a
 * relative threshold, without cooldown or minimum rate. With x = `valLoss`:
 *
 * ```
 * (1) improved = x < b·(1 − τ)           a loss only counts if it beats the best by the fraction τ
 * (2) if improved: b ← x, k ← 0          else: k ← k + 1
 * (3) if k > P:    η ← η·f, k ← 0        the (P + 1)-th bad epoch in a row cuts the rate
 * ```
 *
 * Hint: copy the three numbers out of `state`, apply (1)–(3), return a new object. Starting from
 * b = Infinity makes the first epoch an improvement with no special case (∞·(1 − τ) = ∞).
 *
 * @param state η, b and k after the previous epoch (see {@link PlateauState}).
 * @param valLoss x, this epoch's validation loss.
 * @param options f, P and τ; missing ones take PyTorch's defaults 0.1, 10 and 1e-4.
 * @returns a NEW state object for the next epoch; leave `state` as it was.
 * @throws RangeError when `factor` is not in [0, 1) (a factor ≥ 1 would never lower the rate).
 * @example
 * let s = { lr: 0.1, best: Infinity, numBadEpochs: 0 };
 * for (const x of [1.0, 1.0, 1.0, 1.0]) s = plateauStep(s, x, { patience: 2 });
 * s.lr; // 0.01: epochs 2, 3 and 4 were bad, and 3 > patience 2
 */
export function plateauStep(state: PlateauState, valLoss: number, options: PlateauOptions = {}): PlateauState {
  throw new Error('TODO: implement plateauStep — see "Exercise 1" in lessons/05-plateaus-and-early-stopping/lesson.md');
}

/** Options of {@link createEarlyStopper}. */
export interface EarlyStopperOptions {
  /** P, an integer ≥ 0: stop at the P-th epoch in a row without improvement (P = 0: at the first). */
  patience: number;
  /** δ ≥ 0, default 0: an improvement must beat the best loss by more than δ. */
  minDelta?: number;
}

/** What the stopper says after one epoch. */
export interface EarlyStopDecision {
  /** This epoch's loss is the new best: keep a copy of the weights. */
  isBest: boolean;
  /** Stop training now. */
  stop: boolean;
}

/** An early-stopping monitor: call `update` once per epoch with that epoch's validation loss. */
export interface EarlyStopper {
  update(valLoss: number): EarlyStopDecision;
}

/**
 * Exercise 2. An early-stopping monitor, with the rule of the library's `earlyStopping` (Keras's).
 * Each `update(x)`:
 *
 * ```
 * (1) isBest = x < best − δ              best starts at +∞, so the first epoch is always the best
 * (2) if isBest: best ← x, wait ← 0      else: wait ← wait + 1
 * (3) stop = not isBest and wait ≥ P     the P-th bad epoch in a row stops the run
 * ```
 *
 * Hint: keep `best` and `wait` in `let` variables inside `createEarlyStopper` and return an object
 * whose `update` reads and changes them (a closure). Each stopper must have its own.
 *
 * @param options P (`patience`) and δ (`minDelta`, default 0).
 * @returns a new, independent stopper.
 * @throws RangeError when `patience` is not an integer ≥ 0.
 * @example
 * const stopper = createEarlyStopper({ patience: 2 });
 * [1.0, 0.8, 0.9, 0.85].map((x) => stopper.update(x));
 * // → { isBest: true, stop: false }, { isBest: true, stop: false },
 * //   { isBest: false, stop: false }, { isBest: false, stop: true }
 */
export function createEarlyStopper(options: EarlyStopperOptions): EarlyStopper {
  throw new Error('TODO: implement createEarlyStopper — see "Exercise 2" in lessons/05-plateaus-and-early-stopping/lesson.md');
}

/** A training run as {@link trainWithEarlyStopping} drives it. */
export interface EarlyStoppingRun {
  /** The model's weights. `trainEpoch` changes them in place; at the end they hold the best epoch's. */
  weights: tf.Variable[];
  /** Trains one epoch (changing `weights`) and returns that epoch's validation loss. */
  trainEpoch(): number;
}

/** What {@link trainWithEarlyStopping} reports. */
export interface EarlyStoppingResult {
  /** How many epochs were trained. */
  epochs: number;
  /** The epoch (1-based) whose weights the model holds at the end: the stopper's last best. */
  bestEpoch: number;
}

/**
 * Exercise 3. Early stopping that keeps the best weights, as the library's
 * `earlyStopping({ restoreBestWeights: true })`: train epoch by epoch, ask the stopper after each,
 * keep a copy of the weights of the best epoch, and put that copy back when the run ends.
 *
 * ```
 * for epoch = 1, 2, … up to maxEpochs:
 *   (1) x = run.trainEpoch();  decision = stopper.update(x)
 *   (2) if decision.isBest: replace the saved copy with a copy of every weight; bestEpoch ← epoch
 *   (3) if decision.stop: leave the loop
 * (4) put the saved copy back into the weights, and free it
 * ```
 *
 * Hint: a copy is `w.clone()` — keeping `w` itself would keep a variable that training goes on
 * changing. `w.assign(copy)` writes a copy back into the variable. Dispose the copy you replace in
 * (2) and the one you restore in (4): nothing may be left behind.
 *
 * @param run the model's weights (`tf.Variable`s, changed in place) and `trainEpoch()`, which trains
 *   one epoch and returns that epoch's validation loss.
 * @param stopper decides after each epoch (your {@link createEarlyStopper} would do; the grader passes its own).
 * @param maxEpochs an integer ≥ 1: the run ends after this many epochs if the stopper never says stop.
 * @returns `{ epochs, bestEpoch }`: how many epochs ran, and the (1-based) epoch whose weights the model holds.
 * @throws RangeError when `maxEpochs` is not an integer ≥ 1.
 * @example
 * const w = tf.variable(tf.scalar(0));
 * let epoch = 0;
 * const losses = [1, 0.8, 0.9, 0.95];
 * const run = { weights: [w], trainEpoch: () => { epoch += 1; w.assign(tf.scalar(epoch)); return losses[epoch - 1]; } };
 * trainWithEarlyStopping(run, createEarlyStopper({ patience: 2 }), 10);
 * // → { epochs: 4, bestEpoch: 2 }, and w holds 2 again (the weights of epoch 2)
 */
export function trainWithEarlyStopping(run: EarlyStoppingRun, stopper: EarlyStopper, maxEpochs: number): EarlyStoppingResult {
  throw new Error('TODO: implement trainWithEarlyStopping — see "Exercise 3" in lessons/05-plateaus-and-early-stopping/lesson.md');
}
