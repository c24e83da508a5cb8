/**
 * Softmax cross-entropy as one custom-gradient op: the loss `train()` uses by the name
 * `softmaxCrossEntropy`, in about half the kernels of `tf.losses.softmaxCrossEntropy` under autodiff.
 *
 * For logits z `[…, k]` and targets y of the same shape (one-hot or probabilities), with
 * m = max_k z (row-wise) and R the number of rows (all axes but the last):
 *
 *   L = (1/R)·Σ_rows Σ_k y·(log Σ_k e^{z−m} − (z − m))        = mean over rows of −Σ y·log softmax(z)
 *   ∂L/∂z = (softmax(z) − y)/R
 *
 * tfjs's op computes the same quantities (its gradient is dy·(softmax − y) as well) through a
 * log-softmax, a separate mean and a tape that saves and clones each intermediate; here the forward
 * pass keeps softmax(z) and the backward pass is two kernels. The targets are constants: no
 * gradient flows into them (as in any training loss). Equal to `tf.losses.softmaxCrossEntropy`
 * within float32 rounding (tests/fast-softmax-cross-entropy.test.ts).
 */
import * as tf from '@tensorflow/tfjs';

/**
 * The mean softmax cross-entropy of `logits` against `labels`, with a fused gradient.
 *
 * @param labels targets, the shape of `logits` (one-hot rows, or probability rows summing to 1).
 * @param logits unnormalized scores `[…, k]` (no softmax layer before them).
 * @returns a scalar owned by the caller. Differentiable with respect to `logits` only.
 * @throws Error when the shapes differ (as tfjs's loss does).
 * @example
 * const loss = softmaxCrossEntropy(yOneHot, model.apply(x) as tf.Tensor);
 */
export function softmaxCrossEntropy(labels: tf.Tensor, logits: tf.Tensor): tf.Scalar {
  if (!tf.util.arraysEqual(labels.shape, logits.shape)) {
    throw new Error(`softmaxCrossEntropy: labels of shape [${labels.shape}] do not match logits of shape [${logits.shape}]`);
  }
  const rows = logits.size / logits.shape[logits.rank - 1];
  const loss = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [z, save] = args as [tf.Tensor, tf.GradSaveFunc];
    const y = labels.dtype === 'float32' ? labels : tf.cast(labels, 'float32');
    const shifted = tf.sub(z, tf.max(z, -1, true)); //                          z − m
    const e = tf.exp(shifted);
    const total = tf.sum(e, -1, true); //                                        Σ_k e^{z−m}
    const value = tf.div(tf.sum(tf.mul(y, tf.sub(tf.log(total), shifted))), rows) as tf.Scalar;
    save([tf.div(e, total), y]); //                                              softmax(z), y
    return { value, gradFunc: (dy: tf.Scalar, [softmax, yf]: tf.Tensor[]) => tf.mul(tf.sub(softmax, yf), tf.div(dy, rows)) };
  });
  return loss(logits) as tf.Scalar;
}
