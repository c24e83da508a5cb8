/**
 * Your exercises for lesson 09, "Weight decay" (lessons/09-weight-decay/lesson.md). Replace each
 * `throw` with your implementation, then run `npm run grade -- 09`.
 */
/* eslint-disable @typescript-eslint/no-unused-vars -- the parameters are yours to use */
import * as tf from '@tensorflow/tfjs';

/** What `l2PenaltyGradient` returns: new tensors, owned by the caller. */
export type L2PenaltyAndGradient = {
  /** R(w) = (λ/2)·Σ‖w‖², summed over every element of every tensor: a scalar. */
  penalty: tf.Scalar;
  /** ∂R/∂w for each tensor of `weights`, in the same order and shapes. */
  grads: tf.Tensor[];
};

/**
 * Exercise 1. The L2 penalty and its gradient:
 *
 * ```
 * (1) R(w) = (λ/2)·Σᵢ wᵢ²        over every element of every tensor in `weights`
 * (2) ∂R/∂w = λ·w               one gradient per tensor, shaped like it
 * ```
 *
 * @param weights the tensors to penalize (any shapes), e.g. a model's kernels. Read, never changed.
 * @param lambda λ ≥ 0, the L2 strength. Throw a RangeError for a negative or non-finite λ.
 * @returns `{ penalty, grads }`: new tensors owned by the caller; no other tensor left behind.
 */
export function l2PenaltyGradient(weights: tf.Tensor[], lambda: number): L2PenaltyAndGradient {
  throw new Error('TODO: implement l2PenaltyGradient — see "Exercise 1" in lessons/09-weight-decay/lesson.md');
}

/** The decoupled step's hyperparameters. */
export interface DecoupledDecayOptions {
  /** η > 0, the learning rate. */
  learningRate: number;
  /** λ ≥ 0, the decay strength: every step shrinks w by the factor 1 − η·λ. */
  weightDecay: number;
}

/**
 * Exercise 2. One step with decoupled weight decay (PyTorch's AdamW convention):
 *
 * ```
 * w ← w − η·(u + λ·w)  =  w·(1 − η·λ) − η·u
 * ```
 *
 * `u` is the optimizer's step direction WITHOUT any decay in it: the gradient g for SGD,
 * m̂/(√v̂ + ε) for Adam. The decay λ·w is added after the optimizer has made u, so it never
 * passes through Adam's scaling.
 *
 * @param w the weights, any shape. Leave the tensor as it was.
 * @param u the optimizer's direction, shaped like `w`.
 * @param options η and λ (see {@link DecoupledDecayOptions}).
 * @returns the new weights: a NEW tensor owned by the caller; no other tensor left behind.
 */
export function decoupledDecayStep(w: tf.Tensor, u: tf.Tensor, options: DecoupledDecayOptions): tf.Tensor {
  throw new Error('TODO: implement decoupledDecayStep — see "Exercise 2" in lessons/09-weight-decay/lesson.md');
}
