/**
 * Sanity checks on a model before a long run (Karpathy's "recipe for training neural networks"):
 *
 *   checkInitialLoss        at initialization, softmax cross-entropy over C classes should be ≈ ln C
 *                           (the model guesses uniformly); far above means huge logits (raw inputs,
 *                           an initialization too large), far below means a leak or a bug in the loss;
 *   checkOverfitBatch       a model that can learn at all drives the loss of one small batch to ~0
 *                           in a few hundred steps; if it cannot, no amount of data will help;
 *   checkLossMatchesOutput  the wrong-loss check: softmaxCrossEntropy wants logits, categoricalCrossentropy
 *                           wants probabilities — look at what the model outputs.
 *
 * Each returns `{ name, pass, message }` (a CheckResult) and leaves no tensor behind; the model's
 * weights are unchanged afterwards (checkOverfitBatch restores them).
 */
import * as tf from '@tensorflow/tfjs';
import { checkInRange, checkInteger, checkOptions, checkPositive, pairError, rangeError } from '../core/errors';
import { checkSameRows, checkTensor } from '../data/check';
import { adam } from '../optim/adam';
import { resolveLoss, LOSS_NAMES, type LossName } from '../train/losses';
import { checkModel } from '../train/options';
import { train } from '../train/train';
import type { CheckResult } from './data-checks';

function r(x: number): number {
  return Number(x.toPrecision(3));
}

function checkXY(fn: string, x: unknown, y: unknown): { x: tf.Tensor; y: tf.Tensor } {
  const xt = checkTensor(fn, 'x', x);
  const yt = checkTensor(fn, 'y', y, 2);
  checkSameRows(fn, 'y', yt, 'x', xt);
  if (yt.shape[1]! < 2) throw rangeError(fn, 'y.shape[1]', '≥ 2 (one-hot targets over C classes)', yt.shape[1]);
  return { x: xt, y: yt };
}

/** The loss of `model` on (x, y) in inference mode, as a number. */
function lossOf(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, loss: LossName): number {
  const value = tf.tidy(() => resolveLoss('lossOf', 'loss', loss)(y, model.predict(x) as tf.Tensor));
  const out = value.dataSync()[0];
  value.dispose();
  return out;
}

/**
 * Is the loss at initialization ≈ ln C? Computes the loss of the untrained `model` on (x, y) and
 * passes when |loss − ln C| ≤ tolerance · ln C.
 *
 * @param model a tf.LayersModel whose outputs match `loss` (default 'softmaxCrossEntropy': logits).
 * @param x inputs `[n, …]`; @param y one-hot targets `[n, C]`, C ≥ 2. The caller keeps both.
 * @param options `loss` (a loss name, default 'softmaxCrossEntropy'), `tolerance` in (0, 1] (default 0.25).
 * @example
 * const { pass, message } = checkInitialLoss(model, data.xTrain, data.yTrain);
 * // pass: true, 'initial loss 2.41 is within 25 % of ln C = 2.3 (C = 10): the model starts by guessing uniformly'
 */
export function checkInitialLoss(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  options: { loss?: LossName; tolerance?: number } = {},
): CheckResult {
  const fn = 'checkInitialLoss';
  checkModel(fn, model);
  const data = checkXY(fn, x, y);
  checkOptions(fn, options, ['loss', 'tolerance']);
  const loss = resolveLossName(fn, options.loss);
  const tolerance = options.tolerance === undefined ? 0.25 : checkInRange(fn, 'tolerance', options.tolerance, 0, 1, true);
  if (tolerance === 0) throw rangeError(fn, 'tolerance', 'in (0, 1]', 0);
  const C = data.y.shape[1]!;
  const chance = Math.log(C);
  const value = lossOf(model, data.x, data.y, loss);
  const name = 'initial loss';
  const within = Number.isFinite(value) && Math.abs(value - chance) <= tolerance * chance;
  if (within) return { name, pass: true, message: `initial loss ${r(value)} is within ${Math.round(100 * tolerance)} % of ln C = ${r(chance)} (C = ${C}): the model starts by guessing uniformly` };
  const why = !Number.isFinite(value)
    ? 'the loss is not even finite: look for NaN inputs or a broken loss'
    : value > chance
      ? 'the untrained model is confidently wrong: its logits are huge — standardize the inputs, shrink the initialization (Glorot/He), or start the last layer at zero'
      : 'the untrained model is already better than a guess: look for a leak (the target among the inputs) or a loss that is not cross-entropy';
  return { name, pass: false, message: `initial loss ${r(value)} is ${r(value / chance)}× ln C = ${r(chance)} (C = ${C}; rule: within ${Math.round(100 * tolerance)} %): ${why}` };
}

function resolveLossName(fn: string, loss: unknown): LossName {
  if (loss === undefined) return 'softmaxCrossEntropy';
  if (!(LOSS_NAMES as readonly unknown[]).includes(loss)) resolveLoss(fn, 'loss', loss); // throws the shared message
  return loss as LossName;
}

/** Options of `checkOverfitBatch`. */
export interface OverfitBatchOptions {
  /** Loss name, default 'softmaxCrossEntropy'. */
  loss?: LossName;
  /** Rows of the batch: the first `batchSize` rows of x and y, integer ≥ 1 (default 16). */
  batchSize?: number;
  /** Full-batch updates, integer ≥ 1 (default 200). */
  steps?: number;
  /** Pass when the final loss is ≤ this, > 0 (default 0.05). */
  maxLoss?: number;
  /** Learning rate of the Adam optimizer the check makes, > 0 (default 0.01). */
  learningRate?: number;
}

/**
 * Can `model` overfit one small batch? Trains it with Adam on the first `batchSize` rows for `steps`
 * full-batch updates and passes when the loss reaches `maxLoss`. The weights are restored afterwards,
 * so the model is as it was; the check's optimizer is its own and disposed.
 *
 * A model that fails this cannot learn: a bug in the model (dead units, a frozen layer), in the loss
 * (it does not match the last layer) or in the targets' shape. Shuffled labels do not fail it — a big
 * enough model memorizes a small batch whatever its labels — which is why the data checks exist too.
 *
 * @returns the CheckResult; its message gives the first and final loss and the number of steps.
 * @example
 * const r = await checkOverfitBatch(model, data.xTrain, data.yTrain);   // { pass: true, message: 'loss 2.38 → 0.004 …' }
 */
export async function checkOverfitBatch(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, options: OverfitBatchOptions = {}): Promise<CheckResult> {
  const fn = 'checkOverfitBatch';
  checkModel(fn, model);
  const data = checkXY(fn, x, y);
  checkOptions(fn, options, ['loss', 'batchSize', 'steps', 'maxLoss', 'learningRate']);
  const loss = resolveLossName(fn, options.loss);
  const batchSize = checkInteger(fn, 'batchSize', options.batchSize ?? 16, 1);
  if (batchSize > data.x.shape[0]) throw pairError(fn, 'batchSize', batchSize, '≤', 'x.shape[0]', data.x.shape[0]);
  const steps = checkInteger(fn, 'steps', options.steps ?? 200, 1);
  const maxLoss = checkPositive(fn, 'maxLoss', options.maxLoss ?? 0.05);
  const learningRate = checkPositive(fn, 'learningRate', options.learningRate ?? 0.01);

  const saved = model.getWeights().map((w) => w.clone());
  const xb = data.x.slice(0, batchSize);
  const yb = data.y.slice(0, batchSize);
  const optimizer = adam({ learningRate });
  try {
    const history = await train(model, { x: xb, y: yb }, { optimizer, loss, epochs: steps, batchSize, shuffle: false, progress: 'none', nonFiniteLoss: 'stop' });
    const first = history.stepLoss[0];
    const last = history.stepLoss[history.stepLoss.length - 1];
    const reached = history.stepLoss.findIndex((l) => l <= maxLoss);
    const name = 'overfit one batch';
    if (reached >= 0) {
      return { name, pass: true, message: `loss on one batch of ${batchSize} rows went ${r(first)} → ${r(history.stepLoss[reached])} in ${reached + 1} steps (rule: ≤ ${maxLoss} within ${steps}): the model and loss can learn` };
    }
    return {
      name,
      pass: false,
      message: `loss on one batch of ${batchSize} rows went only ${r(first)} → ${r(last)} in ${history.stepLoss.length} steps (rule: ≤ ${maxLoss} within ${steps}): the model cannot even memorize ${batchSize} rows — look for dead units, a loss that does not match the last layer, or targets in the wrong shape`,
    };
  } finally {
    model.setWeights(saved);
    tf.dispose([...saved, xb, yb]);
    optimizer.dispose();
  }
}

/**
 * The wrong-loss check: does the model's output match what the loss expects? Runs the model on up to
 * 64 rows of `x` (inference mode) and looks at the outputs:
 *   - 'softmaxCrossEntropy' expects logits: it fails when every row is already a probability
 *     vector (entries in [0, 1] summing to 1 within 1e-3) — a softmax layer before a loss that
 *     applies softmax again, which cannot go below ln(1 + (C−1)/e) (see `softmaxFloor`);
 *   - 'categoricalCrossentropy' expects probabilities: it fails when some row has a negative entry
 *     or does not sum to 1 — logits fed to a loss that treats them as probabilities.
 * 'meanSquaredError' has no expectation to check and passes.
 *
 * @example
 * checkLossMatchesOutput(model, data.xVal, 'softmaxCrossEntropy');
 * // { pass: false, message: 'every output row sums to 1 (a softmax layer?) but softmaxCrossEntropy expects logits …' }
 */
export function checkLossMatchesOutput(model: tf.LayersModel, x: tf.Tensor, loss: LossName): CheckResult {
  const fn = 'checkLossMatchesOutput';
  checkModel(fn, model);
  const xt = checkTensor(fn, 'x', x);
  const lossName = resolveLossName(fn, loss);
  const rows = Math.min(64, xt.shape[0]);
  const out = tf.tidy(() => model.predict(xt.slice(0, rows)) as tf.Tensor);
  const values = out.dataSync();
  const C = out.shape[out.rank - 1]!;
  out.dispose();
  let probabilityRows = 0;
  let minValue = Infinity;
  for (let i = 0; i < values.length / C; i++) {
    let sum = 0;
    let inUnit = true;
    for (let j = 0; j < C; j++) {
      const v = values[i * C + j];
      sum += v;
      minValue = Math.min(minValue, v);
      if (!(v >= 0 && v <= 1)) inUnit = false;
    }
    if (inUnit && Math.abs(sum - 1) <= 1e-3) probabilityRows++;
  }
  const n = values.length / C;
  const name = 'loss matches output';
  if (lossName === 'softmaxCrossEntropy') {
    if (probabilityRows === n) {
      return { name, pass: false, message: `every output row of the model sums to 1 with entries in [0, 1] (${n} rows checked): it outputs probabilities (a softmax last layer?), but softmaxCrossEntropy expects logits and applies softmax again — the loss cannot fall below ln(1 + (C−1)/e) = ${r(Math.log(1 + (C - 1) / Math.E))}. Remove the softmax, or use categoricalCrossentropy` };
    }
    return { name, pass: true, message: `outputs are not probability rows (${n - probabilityRows} of ${n} rows are not): logits, as softmaxCrossEntropy expects` };
  }
  if (lossName === 'categoricalCrossentropy') {
    if (probabilityRows < n) {
      return { name, pass: false, message: `${n - probabilityRows} of ${n} output rows are not probabilities (smallest output ${r(minValue)}; rows should be ≥ 0 and sum to 1): categoricalCrossentropy expects a softmax last layer — add one, or use softmaxCrossEntropy on these logits` };
    }
    return { name, pass: true, message: `all ${n} output rows are probabilities, as categoricalCrossentropy expects` };
  }
  return { name, pass: true, message: `${lossName} compares outputs with targets directly: nothing to check` };
}
