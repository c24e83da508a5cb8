/**
 * `l2Penalty`: the L2 weight penalty as a loss term — the coupled form of weight decay, beside
 * the optimizers' `weightDecay` option (coupled in sgd/adam/rmsprop, decoupled in adamw).
 */
import * as tf from '@tensorflow/tfjs';
import { checkNonNegative, formatValue } from '../core/errors';
import { checkTensor } from '../core/check-tensor';
import type { NamedTensorMap } from '../core/types';

const FN = 'l2Penalty';

/** Weights to penalize: tensors (variables), a model's `LayerVariable`s, or a name → tensor map. */
export type PenalizedWeights = readonly (tf.Tensor | tf.LayerVariable)[] | NamedTensorMap;

/**
 * The L2 penalty ½·λ·Σ‖w‖², to add to a loss inside `optimizer.minimize`.
 *
 *   (1) R(w) = (λ/2)·Σᵢ wᵢ²            summed over every element of every weight
 *   (2) ∂R/∂w = λ·w                    exactly the term PyTorch's `weight_decay = λ` adds to each gradient
 *
 * So `loss + l2Penalty(w, λ)` with plain SGD takes the same steps as `sgd({ weightDecay: λ })`;
 * with Adam the penalty's gradient is rescaled by Adam's per-weight step size, which is why
 * AdamW's decoupled decay behaves differently (Loshchilov & Hutter, 2019). Keras's
 * `tf.regularizers.l2({ l2: k })` adds k·Σw² (no ½): its gradient is 2k·w, so k = λ/2.
 * Penalize kernels, usually not biases or normalization parameters: pass only the weights you mean.
 *
 * @param weights a non-empty array of tensors or `LayerVariable`s (e.g. `model.trainableWeights`
 *   filtered to kernels), or a name → tensor map. Read, never modified.
 * @param lambda λ ≥ 0, the L2 strength (0 gives a zero penalty).
 * @returns a new float32 scalar tensor owned by the caller; differentiable with respect to the weights.
 * @throws TypeError/RangeError before any tensor is created, e.g. `l2Penalty: lambda must be ≥ 0, got -1`.
 * @see https://arxiv.org/abs/1711.05101 (decoupled weight decay)
 * @example
 * const kernels = model.trainableWeights.filter((w) => w.name.endsWith('kernel'));
 * optimizer.minimize(() => tf.add(tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor),
 *   l2Penalty(kernels, 1e-4)) as tf.Scalar);
 */
export function l2Penalty(weights: PenalizedWeights, lambda: number): tf.Scalar {
  const tensors = checkWeights(weights);
  const strength = checkNonNegative(FN, 'lambda', lambda);
  return tf.tidy(() => {
    const sumOfSquares = tf.addN(tensors.map((w) => tf.sum(tf.square(w)))); //   Σᵢ wᵢ²
    return tf.mul(sumOfSquares, strength / 2) as tf.Scalar; //                   (1)
  });
}

function checkWeights(weights: unknown): tf.Tensor[] {
  const isMap = typeof weights === 'object' && weights !== null && !Array.isArray(weights) && !(weights instanceof tf.Tensor);
  if (!Array.isArray(weights) && !isMap) {
    throw new TypeError(`${FN}: weights must be an array of tensors or a name → tensor map, got ${formatValue(weights)}`);
  }
  const entries: [string, unknown][] = Array.isArray(weights)
    ? weights.map((w, i) => [`weights[${i}]`, w])
    : Object.entries(weights as object).map(([name, w]) => [`weights[${formatValue(name)}]`, w]);
  if (entries.length === 0) throw new RangeError(`${FN}: weights must not be empty (nothing to penalize), got ${Array.isArray(weights) ? '[]' : '{}'}`);
  return entries.map(([param, w]) => {
    const tensor = w instanceof tf.LayerVariable ? w.read() : w;
    // Any rank, a scalar included: checkTensor's rank rule does not apply.
    const t = tensor instanceof tf.Tensor && tensor.rank === 0 && !tensor.isDisposed ? tensor : checkTensor(FN, param, tensor);
    if (t.dtype !== 'float32') throw new TypeError(`${FN}: ${param}.dtype must be "float32", got "${t.dtype}"`);
    return tensor as tf.Tensor;
  });
}
