/**
 * Your exercises for lesson 12, "Gradient accumulation" (lessons/12-gradient-accumulation/lesson.md).
 *
 * Replace each `throw` with your implementation, then check your work:
 *
 *   npm run grade -- 12
 *
 * The grader tests one idea per check and tells you what to fix. In the notebook
 * (notebooks/12-gradient-accumulation.ipynb), the cell at the end of each exercise runs your code
 * on the digits next to a 256-row batch; re-run it after saving this file (no kernel restart needed).
 */
/* eslint-disable @typescript-eslint/no-unused-vars -- the parameters are yours to use */
import * as tf from '@tensorflow/tfjs';

/**
 * Exercise 1. The mean of k gradient maps, name by name: (1/k)·Σⱼ gⱼ.
 *
 * Hint: inside `tf.tidy`, for each name of the first map, add the k tensors under that name
 * (`tf.addN` adds a list) and divide by k. Return the new map from the tidy so its tensors survive.
 *
 * @param maps k ≥ 1 maps with the same names and shapes (gradients of the same variables).
 * @returns a NEW map of new tensors (the caller owns them); the inputs are left alone.
 * @throws RangeError for an empty list.
 * @example
 * averageGradients([{ w: tf.tensor([2, 4]) }, { w: tf.tensor([0, 2]) }]).w; // [1, 3]
 */
export function averageGradients(maps: tf.NamedTensorMap[]): tf.NamedTensorMap {
  throw new Error('TODO: implement averageGradients — see "Exercise 1" in lessons/12-gradient-accumulation/lesson.md');
}

/** What createAccumulator returns. */
export interface Accumulator {
  /** Adds one micro-batch's gradients (the caller keeps them); true when this call applied an update. */
  add(grads: tf.NamedTensorMap): boolean;
}

/**
 * Exercise 2. Gradient accumulation around an optimizer: the running sum of `steps` gradient maps,
 * one `optimizer.applyGradients(mean)` on the `steps`-th call, then a fresh start.
 *
 * ```
 * add(g):  G ← G + g;  count ← count + 1
 *          if count = k:  optimizer.applyGradients(G / k);  G ← nothing;  count ← 0;  return true
 *          return false
 * ```
 *
 * Hint: keep `let sums: tf.NamedTensorMap = {}` and `let count = 0` inside createAccumulator (a
 * closure). The caller frees `grads` after `add` returns, so keep a `tf.clone` of the first
 * map, or a new sum; dispose the sums you replace. Free the mean after applying it.
 *
 * @param optimizer any tf.Optimizer; it applies the updates.
 * @param steps k, an integer ≥ 1: micro-batches per update.
 * @throws RangeError when `steps` is not an integer ≥ 1.
 * @example
 * const acc = createAccumulator(sgd({ learningRate: 0.1 }), 4);
 * acc.add(g1); acc.add(g2); acc.add(g3); // false, false, false
 * acc.add(g4);                           // true: one update with (g1 + g2 + g3 + g4) / 4
 */
export function createAccumulator(optimizer: tf.Optimizer, steps: number): Accumulator {
  throw new Error('TODO: implement createAccumulator — see "Exercise 2" in lessons/12-gradient-accumulation/lesson.md');
}
