/**
 * `layerNorm`: layer normalization as a function of tensors, PyTorch's `F.layer_norm` over the
 * last axis. The layer `layerNormLayer` calls this very function.
 */
import * as tf from '@tensorflow/tfjs';
import { checkOptions, checkPositive } from '../core/errors';
import { checkInput, checkOptionalVector } from './check';
import { normalize } from './normalize';

const FN = 'layerNorm';
const OPTION_NAMES = ['gamma', 'beta', 'epsilon'] as const;

export interface LayerNormOptions {
  /** γ, the per-feature scale, `[C]` (C = x.shape[-1]). Default: ones (no scaling). */
  gamma?: tf.Tensor1D;
  /** β, the per-feature shift, `[C]`. Default: zeros (no shift). */
  beta?: tf.Tensor1D;
  /** ε > 0, added to the variance inside the square root. Default 1e-5 (torch's). */
  epsilon?: number;
}

/**
 * Layer normalization (Ba, Kiros & Hinton, 2016) over the last axis: every sample (every row,
 * every position of a sequence) is normalized with its OWN statistics, so a sample's output does
 * not depend on the rest of the batch — a batch of one works, and training and inference compute
 * the same thing (no running statistics, no `training` flag).
 *
 * With C = x.shape[-1] and statistics over the last axis only:
 *   (1) μ = mean(x),  σ² = mean((x − μ)²)          biased, per sample
 *   (2) y = γ·(x − μ)/√(σ² + ε) + β               γ, β: [C]
 *
 * Values and gradients (dx, dγ, dβ) equal `torch.nn.functional.layer_norm(x, [C], γ, β, ε)` to
 * float32 precision (tests/nn-parity.test.ts); the gradient is written out (see normalize.ts).
 *
 * @param x float32 input of any rank ≥ 1; the last axis holds the C features.
 * @param options `{ gamma?, beta?, epsilon = 1e-5 }`; may be omitted.
 * @returns y, shaped like x: a new tensor owned by the caller.
 * @throws TypeError/RangeError before any tensor is created, e.g.
 *   `layerNorm: gamma.shape[0] (3) must be equal to x.shape[-1] (channels) (4)`.
 * @see https://arxiv.org/abs/1607.06450
 * @example
 * const y = layerNorm(tf.tensor2d([[1, 2, 3]]));             // [[-1.2247, 0, 1.2247]]
 */
export function layerNorm(x: tf.Tensor, options: LayerNormOptions = {}): tf.Tensor {
  const o = checkOptions(FN, options, OPTION_NAMES);
  const input = checkInput(FN, x, 1);
  const channels = input.shape[input.rank - 1];
  const gamma = checkOptionalVector(FN, 'gamma', o.gamma, channels);
  const beta = checkOptionalVector(FN, 'beta', o.beta, channels);
  const epsilon = checkPositive(FN, 'epsilon', o.epsilon ?? 1e-5);

  return tf.tidy(() => {
    const g = gamma ?? (tf.ones([channels]) as tf.Tensor1D);
    const b = beta ?? (tf.zeros([channels]) as tf.Tensor1D);
    // A vector is one sample: give it a batch axis so γ and β's gradients have an axis to sum over.
    const rows = input.rank === 1 ? tf.reshape(input, [1, channels]) : input;
    const { output, mean, variance } = normalize(rows, g, b, [rows.rank - 1], epsilon);
    tf.dispose([mean, variance]); // kept by normalize, outside every scope
    return input.rank === 1 ? tf.reshape(output, [channels]) : output;
  });
}
