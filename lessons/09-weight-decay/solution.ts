/**
 * Reference solutions for lesson 09, "Weight decay". Same exports and signatures as exercise.ts;
 * the grader runs against this file with `npm run grade -- --solution`.
 */
import * as tf from '@tensorflow/tfjs';

/** What `l2PenaltyGradient` returns: new tensors, owned by the caller. */
export type L2PenaltyAndGradient = {
  /** R(w) = (λ/2)·Σ‖w‖², summed over every element of every tensor: a scalar. */
  penalty: tf.Scalar;
  /** ∂R/∂w for each tensor of `weights`, in the same order and shapes. */
  grads: tf.Tensor[];
};

/** Exercise 1. The L2 penalty (λ/2)·Σ‖w‖² and its gradient λ·w (see exercise.ts for the contract). */
export function l2PenaltyGradient(weights: tf.Tensor[], lambda: number): L2PenaltyAndGradient {
  if (!Number.isFinite(lambda) || lambda < 0) {
    throw new RangeError(`l2PenaltyGradient: lambda must be a finite number ≥ 0, got ${lambda}`);
  }
  return tf.tidy(() => {
    const sumOfSquares = tf.addN(weights.map((w) => tf.sum(tf.square(w)))); // Σᵢ wᵢ²
    const penalty = tf.mul(sumOfSquares, lambda / 2) as tf.Scalar; //          (1)
    const grads = weights.map((w) => tf.mul(w, lambda)); //                    (2)
    return { penalty, grads };
  });
}

/** The decoupled step's hyperparameters. */
export interface DecoupledDecayOptions {
  /** η > 0, the learning rate. */
  learningRate: number;
  /** λ ≥ 0, the decay strength: every step shrinks w by the factor 1 − η·λ. */
  weightDecay: number;
}

/** Exercise 2. w ← w·(1 − η·λ) − η·u (see exercise.ts for the contract). */
export function decoupledDecayStep(w: tf.Tensor, u: tf.Tensor, options: DecoupledDecayOptions): tf.Tensor {
  const { learningRate: eta, weightDecay: lambda } = options;
  return tf.tidy(() => tf.sub(tf.mul(w, 1 - eta * lambda), tf.mul(u, eta)));
}
