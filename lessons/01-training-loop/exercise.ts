/**
 * Your exercises for lesson 01, "Your first training loop" (lessons/01-training-loop/lesson.md).
 *
 * Replace each `throw` with your implementation, then check your work:
 *
 *   npm run grade -- 01
 *
 * The grader tests one idea per check and tells you what to fix. In the notebook
 * (notebooks/01-training-loop.ipynb), the cell at the end of each exercise runs your function next to
 * the library's; re-run it after saving this file (no kernel restart needed).
 */
/* eslint-disable @typescript-eslint/no-unused-vars -- the parameters are yours to use */
import * as tf from '@tensorflow/tfjs';

/**
 * Exercise 1. One gradient-descent step: w ← w − η·∇L(w).
 *
 * Hint: one line — the update from the lesson's loop, inside `tf.tidy(() => …)` so that the
 * temporary η·∇L(w) is freed. `tf.tidy` keeps the tensor its function returns.
 *
 * @param params w, a tensor of any shape (a scalar, a vector, a weight matrix).
 * @param grad ∇L(w), the same shape as `params`.
 * @param learningRate η > 0, the step size.
 * @returns a NEW tensor holding w − η·∇L(w), owned by the caller. Do not change or dispose `params`
 *   or `grad` (they belong to the caller), and leave no other tensor behind.
 * @example
 * gradientDescentStep(tf.tensor1d([1, 2]), tf.tensor1d([1, -1]), 0.5) // → [0.5, 2.5]
 */
export function gradientDescentStep(params: tf.Tensor, grad: tf.Tensor, learningRate: number): tf.Tensor {
  throw new Error('TODO: implement gradientDescentStep — see "Exercise 1" in lessons/01-training-loop/lesson.md');
}

/**
 * Exercise 2. Splits the sample indices 0…n−1 into mini-batches of `batchSize`: every index appears
 * exactly once, in consecutive batches, and the last batch holds the n mod batchSize left over (if any).
 * Without a seed, keep the indices in order; with a seed, shuffle them first — the same way every
 * time for the same seed.
 *
 * Hint: `Math.random` cannot be seeded. Use the library's seeded generator:
 * `import { Random } from '../../src/index'`; then `new Random(seed).permutation(n)` is 0…n−1 in a
 * shuffled order. Cut the order into batches with `slice`.
 *
 * @param n the number of samples (an integer ≥ 0).
 * @param batchSize B, the samples per batch.
 * @param seed when given, shuffle the indices with this seed first.
 * @returns the batches, each an array of indices.
 * @throws RangeError when `batchSize` is not an integer ≥ 1 (a batch size of 0 would never end).
 * @example
 * miniBatches(5, 2)      // → [[0, 1], [2, 3], [4]]
 * miniBatches(5, 2, 42)  // → the same five indices, shuffled, in batches of 2, 2 and 1
 */
export function miniBatches(n: number, batchSize: number, seed?: number): number[][] {
  throw new Error('TODO: implement miniBatches — see "Exercise 2" in lessons/01-training-loop/lesson.md');
}
