/**
 * `batchNorm`: batch normalization as a function of tensors, PyTorch's `F.batch_norm` semantics,
 * channels last. The layer `batchNormLayer` calls this very function.
 */
import * as tf from '@tensorflow/tfjs';
import { checkBoolean, checkInRange, checkOptions, checkPositive } from '../core/errors';
import { checkVector } from '../core/check-tensor';
import { checkInput, checkOptionalVector } from './check';
import { normalize } from './normalize';

const FN = 'batchNorm';
const OPTION_NAMES = ['gamma', 'beta', 'runningMean', 'runningVar', 'training', 'momentum', 'epsilon'] as const;

export interface BatchNormOptions {
  /** γ, the per-channel scale, `[C]`. Default: ones (no scaling). */
  gamma?: tf.Tensor1D;
  /** β, the per-channel shift, `[C]`. Default: zeros (no shift). */
  beta?: tf.Tensor1D;
  /** The running mean μ̂ so far, `[C]` (start: zeros). Required. Read, never modified. */
  runningMean: tf.Tensor1D;
  /** The running variance σ̂² so far, `[C]` (start: ones). Required. Read, never modified. */
  runningVar: tf.Tensor1D;
  /** `true`: normalize with this batch's statistics and update the running ones; `false`: use the running ones. Required. */
  training: boolean;
  /** m in [0, 1], PyTorch's convention: the weight of the NEW batch in the running averages. Default 0.1. */
  momentum?: number;
  /** ε > 0, added to the variance inside the square root. Default 1e-5. */
  epsilon?: number;
}

/** What `batchNorm` returns: three new tensors, all owned by the caller. */
export interface BatchNormResult {
  /** y, shaped like x. */
  output: tf.Tensor;
  /** The running mean after this call, `[C]` (in eval mode: equal to the one passed in). */
  runningMean: tf.Tensor1D;
  /** The running variance after this call, `[C]` (in eval mode: equal to the one passed in). */
  runningVar: tf.Tensor1D;
}

/**
 * Batch normalization (Ioffe & Szegedy, 2015), channels last: the statistics of each channel
 * (the last axis) are taken over every other axis, so `[N, C]` and NHWC `[N, H, W, C]` both work.
 *
 * Training (`training: true`), with n = x.size / C values per channel:
 *   (1) μ_B = mean(x),  σ²_B = mean((x − μ_B)²)               biased, over every axis but the last
 *   (2) y = γ·(x − μ_B)/√(σ²_B + ε) + β
 *   (3) μ̂ ← (1 − m)·μ̂ + m·μ_B
 *   (4) σ̂² ← (1 − m)·σ̂² + m·σ²_B·n/(n − 1)                   the UNBIASED variance, as torch
 * Evaluation (`training: false`):
 *   (5) y = γ·(x − μ̂)/√(σ̂² + ε) + β                          μ̂ and σ̂² returned unchanged
 *
 * Momentum: m = 0.1 (PyTorch's default) means "10 % new batch". Keras and tfjs's
 * `tf.layers.batchNormalization` call the OTHER weight momentum: their `momentum = 1 − m`, so
 * PyTorch's 0.1 is their 0.9, and their default 0.99 is PyTorch's 0.01 (running statistics that move
 * ten times slower). tfjs also feeds the biased variance into its running average.
 *
 * Gradients (dx, dγ, dβ) flow through the batch statistics in training mode (a closed form, see
 * normalize.ts) and through the running statistics as constants in eval mode; values and gradients
 * equal `torch.nn.functional.batch_norm` to float32 precision (tests/nn-parity.test.ts).
 *
 * @param x float32 input, rank ≥ 2, channels on the last axis. Training needs n ≥ 2 values per
 *   channel (the unbiased variance divides by n − 1), as torch.
 * @param options see BatchNormOptions. `runningMean`, `runningVar` and `training` are required.
 * @returns `{ output, runningMean, runningVar }`: new tensors owned by the caller (dispose all
 *   three); the tensors passed in are not modified or disposed.
 * @throws TypeError/RangeError before any tensor is created, e.g. `batchNorm: momentum must be
 *   in [0, 1], got 1.5`, `batchNorm: runningMean.shape[0] (3) must be equal to x.shape[-1] (channels) (4)`.
 * @see https://arxiv.org/abs/1502.03167 (algorithm 1; the running averages as in torch.nn.BatchNorm)
 * @example
 * const state = { runningMean: tf.zeros([4]) as tf.Tensor1D, runningVar: tf.ones([4]) as tf.Tensor1D };
 * const { output, runningMean, runningVar } = batchNorm(x, { ...state, training: true });
 * tf.dispose([state.runningMean, state.runningVar]);
 * state.runningMean = runningMean;                         // carry the statistics to the next batch
 * state.runningVar = runningVar;
 */
export function batchNorm(x: tf.Tensor, options: BatchNormOptions): BatchNormResult {
  const o = checkOptions(FN, options, OPTION_NAMES);
  const input = checkInput(FN, x, 2);
  const channels = input.shape[input.rank - 1];
  const gamma = checkOptionalVector(FN, 'gamma', o.gamma, channels);
  const beta = checkOptionalVector(FN, 'beta', o.beta, channels);
  const runningMean = checkVector(FN, 'runningMean', o.runningMean, channels, 'x.shape[-1] (channels)');
  const runningVar = checkVector(FN, 'runningVar', o.runningVar, channels, 'x.shape[-1] (channels)');
  const training = checkBoolean(FN, 'training', o.training);
  const momentum = checkInRange(FN, 'momentum', o.momentum ?? 0.1, 0, 1, true);
  const epsilon = checkPositive(FN, 'epsilon', o.epsilon ?? 1e-5);
  const n = input.size / channels;
  if (training && n < 2) {
    throw new RangeError(
      `${FN}: x must have ≥ 2 values per channel in training mode (the unbiased variance divides by n − 1), ` +
        `got ${n} (shape [${input.shape.join(', ')}])`,
    );
  }

  return tf.tidy(() => {
    const g = gamma ?? (tf.ones([channels]) as tf.Tensor1D);
    const b = beta ?? (tf.zeros([channels]) as tf.Tensor1D);
    if (!training) {
      // (5) as one multiply and one add on x: y = x·s + (β − μ̂·s) with s = γ/√(σ̂² + ε).
      const scale = tf.mul(g, tf.rsqrt(tf.add(runningVar, epsilon)));
      const output = tf.add(tf.mul(input, scale), tf.sub(b, tf.mul(runningMean, scale)));
      return { output, runningMean: tf.clone(runningMean), runningVar: tf.clone(runningVar) };
    }
    const axes = Array.from({ length: input.rank - 1 }, (_, i) => i);
    const { output, mean, variance } = normalize(input, g, b, axes, epsilon); //                    (1) (2)
    const newMean = tf.add(tf.mul(runningMean, 1 - momentum), tf.mul(tf.reshape(mean, [channels]), momentum)); // (3)
    const unbiased = tf.mul(tf.reshape(variance, [channels]), n / (n - 1));
    const newVar = tf.add(tf.mul(runningVar, 1 - momentum), tf.mul(unbiased, momentum)); //          (4)
    tf.dispose([mean, variance]); // kept by normalize, outside every scope
    return { output, runningMean: newMean as tf.Tensor1D, runningVar: newVar as tf.Tensor1D };
  });
}
