/**
 * Reference solutions for lesson 12, "Gradient accumulation" (lessons/12-gradient-accumulation/lesson.md).
 * Same exports and signatures as exercise.ts.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * Exercise 1. The mean of k gradient maps, name by name: (1/k)·Σⱼ gⱼ.
 *
 * @param maps k ≥ 1 maps with the same names and shapes (gradients of the same variables).
 * @returns a NEW map of new tensors (the caller owns them); the inputs are left alone.
 * @throws RangeError for an empty list.
 */
export function averageGradients(maps: tf.NamedTensorMap[]): tf.NamedTensorMap {
  if (maps.length === 0) throw new RangeError('averageGradients: maps must hold at least one gradient map, got []');
  return tf.tidy(() => {
    const mean: tf.NamedTensorMap = {};
    for (const name of Object.keys(maps[0])) {
      mean[name] = tf.div(tf.addN(maps.map((m) => m[name])), maps.length);
    }
    return mean;
  });
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
 * @param optimizer any tf.Optimizer; it applies the updates.
 * @param steps k, an integer ≥ 1: micro-batches per update.
 * @throws RangeError when `steps` is not an integer ≥ 1.
 */
export function createAccumulator(optimizer: tf.Optimizer, steps: number): Accumulator {
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`createAccumulator: steps must be an integer ≥ 1, got ${steps}`);
  let sums: tf.NamedTensorMap = {};
  let count = 0;
  return {
    add(grads: tf.NamedTensorMap): boolean {
      const previous = sums;
      sums = tf.tidy(() => {
        const next: tf.NamedTensorMap = {};
        for (const name of Object.keys(grads)) {
          next[name] = previous[name] === undefined ? tf.clone(grads[name]) : tf.add(previous[name], grads[name]);
        }
        return next;
      });
      tf.dispose(Object.values(previous));
      count++;
      if (count < steps) return false;
      const mean = tf.tidy(() => {
        const m: tf.NamedTensorMap = {};
        for (const name of Object.keys(sums)) m[name] = tf.div(sums[name], steps);
        return m;
      });
      optimizer.applyGradients(mean);
      tf.dispose([...Object.values(mean), ...Object.values(sums)]);
      sums = {};
      count = 0;
      return true;
    },
  };
}
