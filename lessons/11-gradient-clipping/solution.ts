/**
 * Reference solutions for lesson 11, "Gradient clipping".
 * Same signatures as exercise.ts; the grader runs against this file with `npm run grade -- --solution`.
 */
import * as tf from '@tensorflow/tfjs';

/** Exercise 1: PyTorch's clip_grad_norm_ (2-norm). */
export function clipByNorm(grads: tf.Tensor[], maxNorm: number): { grads: tf.Tensor[]; totalNorm: number } {
  const norm = tf.tidy(() => tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g)))))); // (1)
  const totalNorm = norm.dataSync()[0];
  norm.dispose();
  const c = Math.min(maxNorm / (totalNorm + 1e-6), 1); //                                 (2)
  return { grads: grads.map((g) => tf.tidy(() => tf.mul(g, c))), totalNorm }; //          (3)
}

/** Exercise 2: PyTorch's clip_grad_value_. */
export function clipByValue(grads: tf.Tensor[], clipValue: number): tf.Tensor[] {
  if (typeof clipValue !== 'number' || !Number.isFinite(clipValue) || clipValue <= 0) {
    throw new RangeError(`clipByValue: clipValue must be a finite number > 0, got ${clipValue}`);
  }
  return grads.map((g) => tf.tidy(() => tf.minimum(tf.maximum(g, -clipValue), clipValue)));
}
