/**
 * Your exercises for lesson 07, "Batch normalization" (lessons/07-batch-normalization/lesson.md).
 *
 * Replace each `throw` with your implementation, then check your work:
 *
 *   npm run grade -- 07
 *
 * The grader tests one idea per check and tells you what to fix. In the notebook
 * (notebooks/07-batch-normalization.ipynb), the cell at the end of each exercise runs your function
 * next to the library's `batchNorm`; re-run it after saving this file (no kernel restart needed).
 */
/* eslint-disable @typescript-eslint/no-unused-vars -- the parameters are yours to use */
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
 * Hints: `tf.mean(x, 0)` averages over the batch axis and gives `[C]`, which broadcasts against
 * `[N, C]`; do everything inside one `tf.tidy` and return the object of three tensors from it.
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
  throw new Error('TODO: implement batchNormTrain — see "Exercise 1" in lessons/07-batch-normalization/lesson.md');
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
  throw new Error('TODO: implement batchNormEval — see "Exercise 2" in lessons/07-batch-normalization/lesson.md');
}
