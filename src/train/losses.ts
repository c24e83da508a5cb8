/**
 * The losses `train()` accepts by name, and the signature of a custom one.
 *
 * Every built-in loss is the mean over the batch (and, for mean squared error, over the output
 * columns), so losses of batches of different sizes average correctly when weighted by rows.
 */
import * as tf from '@tensorflow/tfjs';
import { checkOneOf } from '../core/errors';
import { softmaxCrossEntropy } from '../fast/softmax-cross-entropy';

/** A loss: targets and predictions in, a scalar out (the mean over the batch, by convention). */
export type LossFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;

/**
 * - `softmaxCrossEntropy`: the model outputs **logits** `[b, k]` (no softmax layer), targets are
 *   one-hot `[b, k]`; −Σ y·log softmax(z), averaged over the batch. The numerically stable choice.
 * - `categoricalCrossentropy`: the model outputs **probabilities** (a softmax last layer), as Keras's
 *   loss of that name. Using it on logits, or `softmaxCrossEntropy` after a softmax layer, trains
 *   badly without an error: match the loss to the last layer.
 * - `meanSquaredError`: mean of (y − ŷ)² over every element, for regression.
 */
export const LOSS_NAMES = ['softmaxCrossEntropy', 'categoricalCrossentropy', 'meanSquaredError'] as const;
export type LossName = (typeof LOSS_NAMES)[number];

const BUILT_IN: Record<LossName, LossFn> = {
  // tf.losses.softmaxCrossEntropy's value and gradient, fused into one custom-gradient op.
  softmaxCrossEntropy: (yTrue, yPred) => softmaxCrossEntropy(yTrue, yPred),
  categoricalCrossentropy: (yTrue, yPred) => tf.mean(tf.metrics.categoricalCrossentropy(yTrue, yPred)) as tf.Scalar,
  meanSquaredError: (yTrue, yPred) => tf.losses.meanSquaredError(yTrue, yPred) as tf.Scalar,
};

/** The loss function for a name or a function; `fn` and `param` name the caller in messages. */
export function resolveLoss(fn: string, param: string, loss: unknown): LossFn {
  if (typeof loss === 'function') return loss as LossFn;
  return BUILT_IN[checkOneOf(fn, param, loss, LOSS_NAMES)];
}

/** The name of a built-in loss function (as `resolveLoss` returns it), or null for a custom one. */
export function builtInLossName(loss: LossFn): LossName | null {
  return LOSS_NAMES.find((name) => BUILT_IN[name] === loss) ?? null;
}
