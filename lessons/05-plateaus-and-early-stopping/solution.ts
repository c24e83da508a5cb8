/**
 * Reference solutions for lesson 05, "Validation-driven control: plateaus and early stopping".
 * Same signatures as exercise.ts; the grader runs against this file with `npm run grade -- --solution`.
 */
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
 * One epoch of reduce-on-plateau, PyTorch's rule in 'min' mode with a relative threshold (no
 * cooldown, no minimum rate):
 *
 *   1. improved = x < b·(1 − τ)
 *   2. if improved: b ← x, k ← 0;  else k ← k + 1
 *   3. if k > P: η ← η·f, k ← 0
 *
 * @returns a new state; `state` is left as it was.
 * @throws RangeError when `factor` is not in [0, 1).
 */
export function plateauStep(state: PlateauState, valLoss: number, options: PlateauOptions = {}): PlateauState {
  const { factor = 0.1, patience = 10, threshold = 1e-4 } = options;
  if (!(factor >= 0 && factor < 1)) {
    throw new RangeError(`plateauStep: factor must be in [0, 1), got ${factor}`);
  }
  let { lr, best, numBadEpochs } = state;
  if (valLoss < best * (1 - threshold)) { // (1)
    best = valLoss; //                        (2)
    numBadEpochs = 0;
  } else {
    numBadEpochs += 1;
  }
  if (numBadEpochs > patience) { //         (3)
    lr *= factor;
    numBadEpochs = 0;
  }
  return { lr, best, numBadEpochs };
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
 * An early-stopping monitor (Keras's rule in 'min' mode, as the library's `earlyStopping`):
 *
 *   1. isBest = x < best − δ            (best starts at +∞, so the first epoch is always the best)
 *   2. if isBest: best ← x, wait ← 0;  else wait ← wait + 1
 *   3. stop = not isBest and wait ≥ P
 *
 * @throws RangeError when `patience` is not an integer ≥ 0.
 */
export function createEarlyStopper(options: EarlyStopperOptions): EarlyStopper {
  const { patience, minDelta = 0 } = options;
  if (!Number.isInteger(patience) || patience < 0) {
    throw new RangeError(`createEarlyStopper: patience must be an integer ≥ 0, got ${patience}`);
  }
  let best = Infinity;
  let wait = 0;
  return {
    update(valLoss: number): EarlyStopDecision {
      const isBest = valLoss < best - minDelta; //           (1)
      if (isBest) { //                                       (2)
        best = valLoss;
        wait = 0;
      } else {
        wait += 1;
      }
      return { isBest, stop: !isBest && wait >= patience }; // (3)
    },
  };
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
 * Exercise 3. Early stopping that keeps the best weights (the library's
 * `earlyStopping({ restoreBestWeights: true })`):
 *
 *   for epoch = 1, 2, … up to maxEpochs:
 *     1. x = run.trainEpoch();  decision = stopper.update(x)
 *     2. if decision.isBest: replace the saved copy with a copy of every weight (w.clone()); bestEpoch ← epoch
 *     3. if decision.stop: leave the loop
 *   then put the saved copy back into the weights (w.assign(copy)) and free the copy.
 *
 * @param run the model's weights and a function that trains one epoch.
 * @param stopper decides, epoch by epoch (e.g. {@link createEarlyStopper}).
 * @param maxEpochs an integer ≥ 1: the run ends after this many epochs if the stopper never says stop.
 * @returns how many epochs ran and which epoch's weights the model now holds. No tensor is left behind.
 * @throws RangeError when `maxEpochs` is not an integer ≥ 1.
 */
export function trainWithEarlyStopping(run: EarlyStoppingRun, stopper: EarlyStopper, maxEpochs: number): EarlyStoppingResult {
  if (!Number.isInteger(maxEpochs) || maxEpochs < 1) {
    throw new RangeError(`trainWithEarlyStopping: maxEpochs must be an integer ≥ 1, got ${maxEpochs}`);
  }
  let best: tf.Tensor[] = [];
  let bestEpoch = 0;
  let epochs = 0;
  try {
    while (epochs < maxEpochs) {
      epochs += 1;
      const { isBest, stop } = stopper.update(run.trainEpoch()); // (1)
      if (isBest) { //                                             (2) a copy: the variables keep changing
        tf.dispose(best);
        best = run.weights.map((w) => w.clone());
        bestEpoch = epochs;
      }
      if (stop) break; //                                          (3)
    }
    if (bestEpoch > 0) run.weights.forEach((w, i) => w.assign(best[i])); // restore
  } finally {
    tf.dispose(best);
  }
  return { epochs, bestEpoch };
}
