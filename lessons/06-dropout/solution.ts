/**
 * Reference solution for lesson 06, "Dropout" (lessons/06-dropout/lesson.md).
 */
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
 * @returns a NEW tensor shaped like x, owned by the caller (in inference too: `tf.clone(x)`); leaks nothing.
 * @throws RangeError when `rate` is not in [0, 1) (p = 1 would divide by zero).
 */
export function invertedDropout(x: tf.Tensor, settings: DropoutSettings): tf.Tensor {
  const { rate, training, seed } = settings;
  if (!(rate >= 0 && rate < 1)) throw new RangeError(`invertedDropout: rate must be in [0, 1), got ${rate}`);
  if (!training) return tf.clone(x);
  return tf.tidy(() => {
    const u = tf.randomUniform(x.shape, 0, 1, 'float32', seed);
    const mask = tf.cast(tf.greaterEqual(u, rate), 'float32');
    return tf.div(tf.mul(x, mask), 1 - rate);
  });
}
