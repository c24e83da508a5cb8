/**
 * Reference solutions for lesson 01, "Your first training loop". Same signatures as exercise.ts;
 * the grader runs against this file with `npm run grade -- --solution`.
 */
import * as tf from '@tensorflow/tfjs';
import { Random } from '../../src/index';

/**
 * One gradient-descent step: w ← w − η·∇L(w).
 *
 * @param params w, any shape.
 * @param grad ∇L(w), the same shape as `params`.
 * @param learningRate η > 0.
 * @returns a new tensor (the caller owns it); `params` and `grad` are left as they were.
 */
export function gradientDescentStep(params: tf.Tensor, grad: tf.Tensor, learningRate: number): tf.Tensor {
  return tf.tidy(() => params.sub(grad.mul(learningRate)));
}

/**
 * Splits the sample indices 0…n−1 into mini-batches of `batchSize`; the last batch holds the
 * n mod batchSize left over. Every index appears exactly once. Without a seed the indices stay in
 * order; with a seed they are shuffled first, the same way for the same seed.
 *
 * @throws RangeError when `batchSize` is not an integer ≥ 1 (the loop would never end).
 */
export function miniBatches(n: number, batchSize: number, seed?: number): number[][] {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`miniBatches: batchSize must be an integer ≥ 1, got ${batchSize}`);
  }
  const order = seed === undefined ? Array.from({ length: n }, (_, i) => i) : new Random(seed).permutation(n);
  const batches: number[][] = [];
  for (let start = 0; start < n; start += batchSize) {
    batches.push(order.slice(start, start + batchSize));
  }
  return batches;
}
