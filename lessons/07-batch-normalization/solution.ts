/**
 * Reference solutions for lesson 07, "Batch normalization" (lessons/07-batch-normalization/lesson.md).
 */
import * as tf from '@tensorflow/tfjs';

/** The learned scale γ and shift β, one per channel (`[C]`). */
export interface BatchNormParams {
  gamma: tf.Tensor1D;
  beta: tf.Tensor1D;
}

/** The running statistics carried from batch to batch, one per channel (`[C]`). */
export interface RunningStats {
  runningMean: tf.Tensor1D;
  runningVar: tf.Tensor1D;
}

/** Hyperparameters: ρ (PyTorch's `momentum`, default 0.1) and ε (default 1e-5). */
export interface BatchNormSettings {
  momentum?: number;
  epsilon?: number;
}

/**
 * Exercise 1. Batch norm in training mode, for x of shape [N, C]:
 *
 * ```
 * μ_B  = mean of x over the batch (axis 0)                        [C]
 * σ²_B = mean of (x − μ_B)² over the batch                        [C], biased: divide by N
 * y    = γ·(x − μ_B)/√(σ²_B + ε) + β                               [N, C]
 * runningMean' = (1 − ρ)·runningMean + ρ·μ_B
 * runningVar'  = (1 − ρ)·runningVar  + ρ·σ²_B·N/(N − 1)            the UNBIASED variance
 * ```
 *
 * @returns `{ output, runningMean, runningVar }`: three new tensors owned by the caller; the
 *   tensors passed in are left as they are. Leaks nothing.
 */
export function batchNormTrain(
  x: tf.Tensor2D,
  params: BatchNormParams,
  stats: RunningStats,
  settings: BatchNormSettings = {},
): { output: tf.Tensor2D; runningMean: tf.Tensor1D; runningVar: tf.Tensor1D } {
  const { momentum = 0.1, epsilon = 1e-5 } = settings;
  const n = x.shape[0];
  return tf.tidy(() => {
    const mean = tf.mean(x, 0);
    const variance = tf.mean(tf.square(tf.sub(x, mean)), 0);
    const xHat = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, epsilon)));
    const output = tf.add(tf.mul(xHat, params.gamma), params.beta) as tf.Tensor2D;
    const runningMean = tf.add(tf.mul(stats.runningMean, 1 - momentum), tf.mul(mean, momentum)) as tf.Tensor1D;
    const unbiased = tf.mul(variance, n / (n - 1));
    const runningVar = tf.add(tf.mul(stats.runningVar, 1 - momentum), tf.mul(unbiased, momentum)) as tf.Tensor1D;
    return { output, runningMean, runningVar };
  });
}

/**
 * Exercise 2. Batch norm in evaluation mode, for x of shape [N, C] (any N, even 1):
 *
 * ```
 * y = γ·(x − runningMean)/√(runningVar + ε) + β
 * ```
 *
 * @returns y, a new tensor owned by the caller; the batch's own statistics play no part. Leaks nothing.
 */
export function batchNormEval(x: tf.Tensor2D, params: BatchNormParams, stats: RunningStats, settings: BatchNormSettings = {}): tf.Tensor2D {
  const { epsilon = 1e-5 } = settings;
  return tf.tidy(() => {
    const xHat = tf.div(tf.sub(x, stats.runningMean), tf.sqrt(tf.add(stats.runningVar, epsilon)));
    return tf.add(tf.mul(xHat, params.gamma), params.beta) as tf.Tensor2D;
  });
}
