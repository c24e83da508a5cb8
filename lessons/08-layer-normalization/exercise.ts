/**
 * Your exercise for lesson 08, "Layer normalization" (lessons/08-layer-normalization/lesson.md).
 * Replace the `throw` with your implementation, then run `npm run grade -- 08`.
 */
/* eslint-disable @typescript-eslint/no-unused-vars -- the parameters are yours to use */
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
 * Exercise 1. Layer normalization, forward: every sample (every position along the leading axes)
 * is normalized with the mean and variance of its OWN C features, the last axis.
 *
 * ```
 * (1) μ̂  = mean of x over the last axis                    one number per sample
 * (2) σ̂² = mean of (x − μ̂)² over the last axis             biased: divide by C, not C − 1
 * (3) x̂  = (x − μ̂) / √(σ̂² + ε)                             ε inside the square root
 * (4) y  = γ·x̂ + β                                          γ, β: [C], one per feature
 * ```
 *
 * @param x float32, any rank ≥ 1: `[C]` (one sample), `[B, C]`, `[B, T, C]`, …
 * @param options γ, β and ε (see {@link LayerNormForwardOptions}); may be omitted.
 * @returns y, shaped like x: a NEW tensor owned by the caller. Leave x as it was; leave no other
 *   tensor behind.
 */
export function layerNormForward(x: tf.Tensor, options: LayerNormForwardOptions = {}): tf.Tensor {
  throw new Error('TODO: implement layerNormForward — see "Exercise 1" in lessons/08-layer-normalization/lesson.md');
}
