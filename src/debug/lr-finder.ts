/**
 * `lrFinder`: the learning-rate range test (Smith 2017, §3.3; popularized by fastai's `lr_find`).
 * Train for a few steps while the learning rate grows exponentially from tiny to huge, watch the
 * loss: it stays flat while the rate is too small, falls once the rate is useful, and explodes when
 * it is too large. A good rate sits in the falling part. The model and the optimizer are put back
 * exactly as they were afterwards, so the test costs time, not the run.
 *
 * L. N. Smith, "Cyclical Learning Rates for Training Neural Networks", WACV 2017 (arXiv:1506.01186);
 * S. Gugger, "How Do You Find a Good Learning Rate" (2017) for the smoothing and divergence rule.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInRange, checkInteger, checkOneOf, checkPositive, pairError, rangeError } from '../core/errors';
import { checkOptions } from '../schedules/validate';
import type { Callback } from '../train/callbacks';
import { canSetLearningRate, optimizerName, setLearningRate } from '../train/learning-rate';
import type { LossFn, LossName } from '../train/losses';
import { lrNotSettableMessage } from '../train/messages';
import { checkFlag } from '../train/monitor';
import { checkTrainOptions, type TrainData } from '../train/options';
import type { ProgressMode } from '../train/progress';
import { train } from '../train/train';
import { LR_FINDER_RULES, suggest, type LrFinderRule, type LrSuggestion } from './lr-suggestion';

const FN = 'lrFinder';

const OPTIONS = [
  'optimizer', 'loss', 'minLr', 'maxLr', 'numSteps', 'batchSize', 'beta', 'divergenceFactor',
  'stopOnDivergence', 'rule', 'seed', 'shuffle', 'progress',
] as const;

export interface LrFinderOptions {
  /**
   * The optimizer to test, as you will train with it (its momentum, betas, weight decay shape the
   * curve). Its rate must be settable: trainlab's `sgd`, `adam`, `adamw`, `rmsprop`, or tfjs's
   * `tf.train.sgd` / `tf.train.momentum`. Required. Its state is restored afterwards.
   */
  optimizer: tf.Optimizer;
  /** A loss name or function, as `train()` takes it. Required. */
  loss: LossName | LossFn;
  /** η_min, the first rate of the sweep; > 0. Default 1e-7 (fastai's). */
  minLr?: number;
  /** η_max, the last rate of the sweep; > minLr. Default 10 (fastai's). */
  maxLr?: number;
  /** N, the number of updates in the sweep; integer ≥ 2 (more epochs run if the data is short). Default 100. */
  numSteps?: number;
  /** Rows per update, integer ≥ 1; use the batch size you will train with. Default 32. */
  batchSize?: number;
  /** β, the weight of the past in the loss's exponential moving average; in [0, 1). Default 0.98. */
  beta?: number;
  /** The sweep counts as diverged when the smoothed loss exceeds this many times its best; > 1. Default 4. */
  divergenceFactor?: number;
  /** End the sweep when it diverges (else run all N steps unless the loss becomes non-finite). Default true. */
  stopOnDivergence?: boolean;
  /** How to pick the suggested rate from the curve (see `LR_FINDER_RULES`). Default `'valley'`. */
  rule?: LrFinderRule;
  /** Seed of the batch shuffle, integer ≥ 0. Default 0. */
  seed?: number;
  /** Shuffle the rows each epoch. Default true. */
  shuffle?: boolean;
  /** Progress display while sweeping (as `train`'s). Default `'none'`. */
  progress?: ProgressMode;
}

/** The curve, one entry per update run, and the suggestion read from it. Plain numbers. */
export interface LrFinderResult {
  /** η_k, the rate of update k. */
  learningRates: number[];
  /** The loss of update k's batch (computed before that update, as `train` reports it). */
  losses: number[];
  /** The bias-corrected exponential moving average of `losses` (see `lrFinder`). */
  smoothedLosses: number[];
  /** The suggested rate, the rule that chose it, and the point it chose. */
  suggestion: LrSuggestion;
  /** True when the sweep ended because the loss diverged (the last entry is the one that did). */
  diverged: boolean;
}

/** Throws unless 0 < minLr < maxLr (finite) and numSteps is an integer ≥ 2. */
function checkSweep(fn: string, minLr: unknown, maxLr: unknown, numSteps: unknown): void {
  const lo = checkPositive(fn, 'minLr', minLr);
  const hi = checkPositive(fn, 'maxLr', maxLr);
  if (hi <= lo) throw pairError(fn, 'minLr', lo, '<', 'maxLr', hi);
  checkInteger(fn, 'numSteps', numSteps, 2);
}

/** η_k = η_min·(η_max/η_min)^(k/(N−1)), k = 0 … N−1: the first and last are η_min and η_max exactly. */
export function sweepRates(minLr: number, maxLr: number, numSteps: number): number[] {
  checkSweep('sweepRates', minLr, maxLr, numSteps);
  const rates = Array.from({ length: numSteps }, (_, k) => minLr * Math.pow(maxLr / minLr, k / (numSteps - 1)));
  rates[numSteps - 1] = maxLr;
  return rates;
}

/**
 * Runs the learning-rate range test on `model` and `data`, then restores the model and optimizer.
 *
 * The sweep: `train()` runs N updates (`batchSize` rows each, shuffled with `seed`); before update k
 * the optimizer's rate is set to
 *
 *   (1) η_k = η_min · (η_max / η_min)^(k / (N − 1))          exponential: equal steps in log(η)
 *
 * and after it the batch's loss ℓ_k is smoothed, with bias correction as in Adam (the average starts
 * at 0, so early values would be too small without it):
 *
 *   (2) a_k = β·a_{k−1} + (1 − β)·ℓ_k,   a_{−1} = 0
 *   (3) s_k = a_k / (1 − β^(k+1))
 *
 * Divergence: the sweep ends after update k when s_k > `divergenceFactor` · min_{j<k} s_j (default
 * 4×, fastai's rule) or s_k is not finite; that point is kept in the curve and `diverged` is true.
 * (Deviation from fastai: its rates reach η_max only after N steps, η_k = η_min·(η_max/η_min)^(k/N);
 * here the last update uses η_max.)
 *
 * The suggestion: `suggestLearningRate(learningRates, smoothedLosses, rule)` — `'valley'` by default
 * (fastai's current default), or `'steepest'` or `'minimum/10'`; see `LR_FINDER_RULES`.
 *
 * Restoring: before the sweep it copies every model weight (`model.getWeights()`, non-trainable ones
 * too) and the optimizer's state (`optimizer.getWeights()`: step count and slots) and its learning
 * rate (a number or a Schedule); afterwards — also when the sweep throws — it puts them back with
 * `setWeights` and frees the copies. For trainlab's optimizers and `tf.train.sgd` / `tf.train.momentum`
 * the model and the optimizer are then bit-for-bit as before, and the next update is the one that
 * would have happened without the test. No tensor outlives the call: tfjs's `setWeights` leaves its
 * replaced slot variables behind, and they are freed here. One accounting detail: a trainlab
 * optimizer on its fused path holds its state packed in one variable per slot; `setWeights` gives it
 * back one variable per slot and weight (the same values), and the next update packs it again — so
 * `tf.memory().numTensors` is back to its old value after that update (at once for a fresh or an
 * unfused optimizer).
 *
 * @returns a promise of plain arrays and the suggestion; no tensors.
 * @throws at once (synchronously) a TypeError/RangeError for a bad argument, e.g.
 *   `lrFinder: minLr (1) must be < maxLr (0.1)`, or for an optimizer whose rate cannot be set;
 *   rejects with a RangeError when the loss is not finite from the start (nothing to read).
 * @example
 * const data = loadDigits();
 * const result = await lrFinder(model, { x: data.xTrain, y: data.yTrain }, {
 *   optimizer: sgd({ learningRate: 0.1, momentum: 0.9 }), loss: 'softmaxCrossEntropy', batchSize: 64,
 * });
 * result.suggestion; // { learningRate: 0.03…, rule: 'valley', index: … }
 * await show(lrFinderPlot(result));
 */
export function lrFinder(model: tf.LayersModel, data: TrainData, options: LrFinderOptions): Promise<LrFinderResult> {
  checkOptions(FN, options, OPTIONS);
  const o = options;
  const { minLr = 1e-7, maxLr = 10, numSteps = 100 } = o;
  checkSweep(FN, minLr, maxLr, numSteps);
  const beta = checkInRange(FN, 'beta', o.beta ?? 0.98, 0, 1);
  const divergenceFactor = checkPositive(FN, 'divergenceFactor', o.divergenceFactor ?? 4);
  if (divergenceFactor <= 1) throw rangeError(FN, 'divergenceFactor', '> 1', divergenceFactor);
  const stopOnDivergence = checkFlag(FN, 'stopOnDivergence', o.stopOnDivergence ?? true);
  const rule = checkOneOf(FN, 'rule', o.rule ?? 'valley', LR_FINDER_RULES);
  const trainOptions = { optimizer: o.optimizer, loss: o.loss, batchSize: o.batchSize ?? 32, seed: o.seed ?? 0, shuffle: o.shuffle ?? true, progress: o.progress ?? 'none' };
  const checked = checkTrainOptions(FN, model, data, trainOptions);
  if (!canSetLearningRate(o.optimizer)) throw new TypeError(lrNotSettableMessage(FN, optimizerName(o.optimizer)));
  const stepsPerEpoch = Math.ceil(checked.data.x.shape[0] / checked.options.batchSize);
  const sweep = { rates: sweepRates(minLr, maxLr, numSteps), beta, divergenceFactor, stopOnDivergence, rule };
  return run(checked.model, checked.data, { ...trainOptions, epochs: Math.ceil(numSteps / stepsPerEpoch) }, sweep);
}

interface Sweep {
  rates: number[];
  beta: number;
  divergenceFactor: number;
  stopOnDivergence: boolean;
  rule: LrFinderRule;
}

async function run(
  model: tf.LayersModel,
  data: TrainData,
  trainOptions: Parameters<typeof train>[2],
  sweep: Sweep,
): Promise<LrFinderResult> {
  const { optimizer } = trainOptions;
  const { rates, beta, divergenceFactor, stopOnDivergence } = sweep;
  const learningRates: number[] = [];
  const losses: number[] = [];
  const smoothedLosses: number[] = [];
  let average = 0;
  let best = Infinity;
  let diverged = false;
  const recorder: Callback = {
    onBatchBegin: (_batch, _logs, ctx) => setLearningRate(ctx.optimizer, rates[ctx.step], FN), // (1)
    onBatchEnd: (_batch, logs, ctx) => {
      const k = losses.length;
      learningRates.push(logs.lr);
      losses.push(logs.loss);
      average = beta * average + (1 - beta) * logs.loss; //                                     (2)
      const smoothed = average / (1 - Math.pow(beta, k + 1)); //                                 (3)
      smoothedLosses.push(smoothed);
      if (!Number.isFinite(smoothed) || smoothed > divergenceFactor * best) {
        diverged = true;
        // A non-finite loss ends the run anyway (train's nonFiniteLoss: 'stop').
        if (stopOnDivergence || !Number.isFinite(logs.loss)) return ctx.stop(`${FN}: the loss diverged at learning rate ${logs.lr}`);
      }
      best = Math.min(best, smoothed);
      if (k + 1 >= rates.length) ctx.stop(`${FN}: sweep complete`);
    },
  };

  const restore = await snapshot(model, optimizer);
  try {
    await train(model, data, { ...trainOptions, nonFiniteLoss: 'stop', callbacks: [recorder] });
  } finally {
    await restore();
  }
  const suggestion = suggest(FN, learningRates, smoothedLosses, sweep.rule);
  return { learningRates, losses, smoothedLosses, suggestion, diverged };
}

/**
 * Copies what the sweep changes — the model's weights, the optimizer's state and learning rate —
 * and returns the function that puts them back and frees the copies.
 */
async function snapshot(model: tf.LayersModel, optimizer: tf.Optimizer): Promise<() => Promise<void>> {
  // model.getWeights() returns the variables themselves: copy them. The copies share the data,
  // which updates replace (assign) rather than overwrite, so they keep today's values.
  const weights = model.getWeights().map((w) => w.clone());
  // tfjs's optimizers return their live slot variables (copy those); trainlab's return copies and
  // every optimizer a fresh `iter` scalar — those are ours already.
  const state = (await optimizer.getWeights()).map((w) => ({ name: w.name, tensor: w.tensor instanceof tf.Variable ? w.tensor.clone() : w.tensor }));
  const rate: unknown = (optimizer as unknown as { learningRate: unknown }).learningRate;

  return async () => {
    try {
      model.setWeights(weights); // the variables now share the copies' data
      const replaced = await optimizer.getWeights();
      await optimizer.setWeights(state);
      const kept = new Set((await optimizer.getWeights()).map((w) => w.tensor));
      // Free what the optimizer no longer holds: tfjs's setWeights replaces its slot variables
      // without disposing the old ones; every other tensor here is a copy.
      for (const t of [...replaced.map((w) => w.tensor), ...kept]) {
        if (!(t instanceof tf.Variable && kept.has(t)) && !t.isDisposed) t.dispose();
      }
      if (typeof rate === 'function') (optimizer as unknown as { learningRate: unknown }).learningRate = rate; // a trainlab Schedule
      else if (typeof rate === 'number') setLearningRate(optimizer, rate, FN);
    } finally {
      tf.dispose(weights);
      tf.dispose(state.map((w) => w.tensor));
    }
  };
}
