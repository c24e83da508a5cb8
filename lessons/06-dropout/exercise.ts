/**
 * Your exercise for lesson 06, "Dropout" (lessons/06-dropout/lesson.md).
 *
 * Replace the `throw` with your implementation, then check your work:
 *
 *   npm run grade -- 06
 *
 * The grader tests one idea per check and tells you what to fix. In the notebook
 * (notebooks/06-dropout.ipynb), the cell at the end of the exercise runs your function next to the
 * library's `dropout`; re-run it after saving this file (no kernel restart needed).
 */
/* eslint-disable @typescript-eslint/no-unused-vars -- the parameters are yours to use */
import * as tf from '@tensorflow/tfjs';

/** What `invertedDropout` takes besides the tensor. */
export interface DropoutSettings {
  /** p in [0, 1): the probability that a unit is zeroed. */
  rate: number;
  /** true: drop units (training); false: return the input's values unchanged (inference). */
  training: boolean;
  /** Seed of the mask: the same seed draws the same mask. Default: a fresh random mask. */
  seed?: number;
}

/**
 * Exercise 1. Inverted dropout, forward pass. With p = `rate`:
 *
 * ```
 * training:   u = tf.randomUniform(x.shape, 0, 1, 'float32', seed)   one uniform number per unit
 *             m = (u ≥ p)                                            kept with probability 1 − p
 *             y = x·m / (1 − p)                                      so that E[y] = x
 * inference:  y = x                                                  nothing to correct
 * ```
 *
 * Hints: `tf.greaterEqual` gives a boolean tensor; `tf.cast(…, 'float32')` turns it into 0s and 1s.
 * Draw u exactly as above (same call, same seed) and your masks will equal the library's.
 *
 * @returns a NEW tensor shaped like x, owned by the caller (in inference too: `tf.clone(x)`); leaks nothing.
 * @throws RangeError when `rate` is not in [0, 1) (p = 1 would divide by zero).
 * @example
 * invertedDropout(tf.ones([6]), { rate: 0.5, training: true, seed: 0 }); // 0s and 2s
 * invertedDropout(tf.ones([6]), { rate: 0.5, training: false });          // six 1s
 */
export function invertedDropout(x: tf.Tensor, settings: DropoutSettings): tf.Tensor {
  throw new Error('TODO: implement invertedDropout — see "Exercise 1" in lessons/06-dropout/lesson.md');
}
