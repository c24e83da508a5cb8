/**
 * Your exercises for lesson 03, "Adaptive optimizers: RMSprop, Adam, AdamW"
 * (lessons/03-adaptive-optimizers/lesson.md). Replace each `throw` with your implementation, then
 * run `npm run grade -- 03`.
 */
/* eslint-disable @typescript-eslint/no-unused-vars -- the parameters are yours to use */
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
 * Exercise 1. One Adam update, with bias correction:
 *
 * ```
 * (0) t ← t + 1                     t starts at 1 for the first update
 * (1) m ← β₁·m + (1 − β₁)·g
 * (2) v ← β₂·v + (1 − β₂)·g²
 * (3) m̂ = m / (1 − β₁ᵗ)
 * (4) v̂ = v / (1 − β₂ᵗ)
 * (5) p ← p − η·m̂ / (√v̂ + ε)       ε outside the square root
 * ```
 *
 * @param params p, any shape.
 * @param grad g = ∇L(p), the shape of `params`.
 * @param state m, v (the shape of `params`) and t, the number of updates applied so far.
 * @param options η, β₁, β₂, ε (see {@link AdamStepOptions}).
 * @returns `{ params, state: { m, v, t } }`: NEW tensors owned by the caller, and t increased by 1.
 *   Leave the inputs as they were (do not change or dispose them); leave no other tensor behind.
 */
export function adamStep(params: tf.Tensor, grad: tf.Tensor, state: AdamState, options: AdamStepOptions = {}): AdamStepResult {
  throw new Error('TODO: implement adamStep — see "Exercise 1" in lessons/03-adaptive-optimizers/lesson.md');
}

/**
 * Exercise 2. One AdamW update: decoupled weight decay, then the Adam step.
 *
 * ```
 * (1) p ← p·(1 − η·λ)               shrink the weights directly: λ never meets √v̂
 * (2) p ← p − η·m̂ / (√v̂ + ε)       the Adam step of Exercise 1, with the same g (not g + λ·p)
 * ```
 *
 * @param params p, any shape.
 * @param grad g = ∇L(p), the shape of `params` (the loss's gradient only: no λ·p in it).
 * @param state as for `adamStep`.
 * @param options η, β₁, β₂, ε and λ (see {@link AdamWStepOptions}).
 * @returns as `adamStep`: new tensors owned by the caller; no other tensor left behind.
 */
export function adamwStep(params: tf.Tensor, grad: tf.Tensor, state: AdamState, options: AdamWStepOptions = {}): AdamStepResult {
  throw new Error('TODO: implement adamwStep — see "Exercise 2" in lessons/03-adaptive-optimizers/lesson.md');
}
