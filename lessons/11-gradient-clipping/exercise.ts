/**
 * Your exercises for lesson 11, "Gradient clipping" (lessons/11-gradient-clipping/lesson.md).
 *
 * Replace each `throw` with your implementation, then check your work:
 *
 *   npm run grade -- 11
 *
 * The grader tests one idea per check and tells you what to fix. In the notebook
 * (notebooks/11-gradient-clipping.ipynb), the cell at the end of each exercise runs your function
 * next to the library's; re-run it after saving this file (no kernel restart needed).
 */
/* eslint-disable @typescript-eslint/no-unused-vars -- the parameters are yours to use */
import type * as tf from '@tensorflow/tfjs';

/**
 * Exercise 1. Clipping by global norm, as PyTorch's `clip_grad_norm_` defines it:
 *
 * ```
 * (1) n = √(Σ g²)                      over every element of every tensor, all together
 * (2) c = min(maxNorm / (n + 1e-6), 1)
 * (3) g ← c·g                          every tensor, the same c
 * ```
 *
 * @returns the clipped tensors (new, same order and shapes) and `totalNorm` = n, before clipping.
 *   No other tensor outlives the call.
 */
export function clipByNorm(grads: tf.Tensor[], maxNorm: number): { grads: tf.Tensor[]; totalNorm: number } {
  throw new Error('TODO: implement clipByNorm — see "Exercise 1" in lessons/11-gradient-clipping/lesson.md');
}

/**
 * Exercise 2. Clipping by value, as PyTorch's `clip_grad_value_`: every element clamped to
 * [−clipValue, clipValue].
 *
 * @returns new tensors, same order and shapes.
 * @throws RangeError unless `clipValue` is a finite number > 0.
 */
export function clipByValue(grads: tf.Tensor[], clipValue: number): tf.Tensor[] {
  throw new Error('TODO: implement clipByValue — see "Exercise 2" in lessons/11-gradient-clipping/lesson.md');
}
