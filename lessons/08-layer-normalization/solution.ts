/**
 * Reference solution for lesson 08, "Layer normalization". Same exports and signatures as
 * exercise.ts; the grader runs against this file with `npm run grade -- --solution`.
 */
import * as tf from '@tensorflow/tfjs';

/** Layer norm's options; the defaults are PyTorch's `nn.LayerNorm`. */
export interface LayerNormForwardOptions {
  /** γ, the per-feature scale, shape `[C]` (C = the size of x's last axis). Default: no scaling (ones). */
  gamma?: tf.Tensor1D;
  /** β, the per-feature shift, shape `[C]`. Default: no shift (zeros). */
  beta?: tf.Tensor1D;
  /** ε > 0, added to the variance inside the square root. Default 1e-5. */
  epsilon?: number;
}

/**
 * Exercise 1. Layer normalization, forward, over the last axis (see exercise.ts for the contract).
 */
export function layerNormForward(x: tf.Tensor, options: LayerNormForwardOptions = {}): tf.Tensor {
  const { gamma, beta, epsilon = 1e-5 } = options;
  return tf.tidy(() => {
    const axis = x.rank - 1; //                                 the C features of each sample
    const mu = tf.mean(x, axis, true); //                        (1) kept as a size-1 axis: broadcasts back
    const centered = tf.sub(x, mu);
    const variance = tf.mean(tf.square(centered), axis, true); // (2) biased
    const xHat = tf.div(centered, tf.sqrt(tf.add(variance, epsilon))); // (3)
    const scaled = gamma === undefined ? xHat : tf.mul(xHat, gamma); //   (4)
    return beta === undefined ? scaled : tf.add(scaled, beta);
  });
}
