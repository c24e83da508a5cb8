/**
 * Reference solutions for lesson 03, "Adaptive optimizers: RMSprop, Adam, AdamW". Same exports and
 * signatures as exercise.ts; the grader runs against this file with `npm run grade -- --solution`.
 */
import * as tf from '@tensorflow/tfjs';

/** Adam's state for one tensor of parameters. A fresh state is `{ m: tf.zerosLike(p), v: tf.zerosLike(p), t: 0 }`. */
export type AdamState = {
  /** m, the running mean of g (first moment), the shape of the parameters. Zeros at first. */
  m: tf.Tensor;
  /** v, the running mean of g² (second moment), the shape of the parameters. Zeros at first. */
  v: tf.Tensor;
  /** t, the number of updates applied so far: 0 for a fresh state. The update being applied is number t + 1. */
  t: number;
};

/** Adam's hyperparameters; the defaults are PyTorch's. */
export interface AdamStepOptions {
  /** η > 0, default 1e-3. */
  learningRate?: number;
  /** β₁ in [0, 1), default 0.9: how slowly m forgets. */
  beta1?: number;
  /** β₂ in [0, 1), default 0.999: how slowly v forgets. */
  beta2?: number;
  /** ε ≥ 0, default 1e-8, added to √v̂ (outside the square root). */
  epsilon?: number;
}

/** AdamW's hyperparameters: Adam's, plus the decoupled weight decay λ. */
export interface AdamWStepOptions extends AdamStepOptions {
  /** λ ≥ 0, default 1e-2 (PyTorch's AdamW). */
  weightDecay?: number;
}

/**
 * What one step returns: the new parameters and the new state (all new tensors, owned by the caller).
 * (Types, not interfaces, so that `tf.tidy(() => …)` may return them.)
 */
export type AdamStepResult = {
  params: tf.Tensor;
  state: AdamState;
};

/**
 * One Adam update with bias correction (Kingma & Ba, 2015, Algorithm 1):
 *
 * ```
 * (0) t ← t + 1
 * (1) m ← β₁·m + (1 − β₁)·g
 * (2) v ← β₂·v + (1 − β₂)·g²
 * (3) m̂ = m / (1 − β₁ᵗ)
 * (4) v̂ = v / (1 − β₂ᵗ)
 * (5) p ← p − η·m̂ / (√v̂ + ε)
 * ```
 *
 * @returns new tensors owned by the caller; the inputs are left as they were.
 */
export function adamStep(params: tf.Tensor, grad: tf.Tensor, state: AdamState, options: AdamStepOptions = {}): AdamStepResult {
  const { learningRate = 1e-3, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 } = options;
  return tf.tidy(() => {
    const g = grad;
    const t = state.t + 1; //                                            (0) t starts at 1
    const m = state.m.mul(beta1).add(g.mul(1 - beta1)); //               (1)
    const v = state.v.mul(beta2).add(g.square().mul(1 - beta2)); //      (2)
    const mHat = m.div(1 - beta1 ** t); //                               (3)
    const vHat = v.div(1 - beta2 ** t); //                               (4)
    const p = params.sub(mHat.div(vHat.sqrt().add(epsilon)).mul(learningRate)); // (5) ε outside the root
    return { params: p, state: { m, v, t } };
  });
}

/**
 * One AdamW update (Loshchilov & Hutter, 2019, as PyTorch's AdamW): decoupled decay of the weights,
 * then the Adam step on the loss's gradient alone.
 *
 * ```
 * (1) p ← p·(1 − η·λ)
 * (2) p ← p − η·m̂ / (√v̂ + ε)
 * ```
 *
 * @returns new tensors owned by the caller; the inputs are left as they were.
 */
export function adamwStep(params: tf.Tensor, grad: tf.Tensor, state: AdamState, options: AdamWStepOptions = {}): AdamStepResult {
  const { weightDecay = 1e-2, ...adamOptions } = options;
  const learningRate = adamOptions.learningRate ?? 1e-3;
  return tf.tidy(() => {
    const decayed = params.mul(1 - learningRate * weightDecay); // (1)
    return adamStep(decayed, grad, state, adamOptions); //        (2)
  });
}
