/**
 * Your exercises for lesson 01, "Your first training loop" (lessons/01-training-loop/lesson.md).
 * Replace each `throw` with your implementation, then run `npm run grade -- 01`.
 */
/* eslint-disable @typescript-eslint/no-unused-vars -- the parameters are yours to use */
import * as tf from '@tensorflow/tfjs';

/**
 * Exercise 1. One gradient-descent step: w ← w − η·∇L(w).
 *
 * @param params w, any shape.
 * @param grad ∇L(w), the same shape as `params`.
 * @param learningRate η > 0.
 * @returns a NEW tensor holding the updated w. Leave `params` and `grad` as they were (do not
 *   dispose them), and leave no other tensors behind: wrap the math in `tf.tidy(() => …)`.
 */
export function gradientDescentStep(params: tf.Tensor, grad: tf.Tensor, learningRate: number): tf.Tensor {
  throw new Error('TODO: implement gradientDescentStep — see "Exercise 1" in lessons/01-training-loop/lesson.md');
}

/**
 * Exercise 2. Splits the sample indices 0…n−1 into mini-batches of `batchSize`: every index appears
 * exactly once, and the last batch holds the n mod batchSize left over (if any).
 * Without a seed, keep the indices in order; with a seed, shuffle them first — the same way every
 * time for the same seed. The library's seeded generator helps:
 * `import { Random } from '../../src/index'`, then `new Random(seed).permutation(n)` is a shuffled 0…n−1.
 *
 * @throws RangeError when `batchSize` is not an integer ≥ 1 (your loop would never end).
 */
export function miniBatches(n: number, batchSize: number, seed?: number): number[][] {
  throw new Error('TODO: implement miniBatches — see "Exercise 2" in lessons/01-training-loop/lesson.md');
}
