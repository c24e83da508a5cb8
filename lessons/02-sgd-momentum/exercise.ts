/**
 * Your exercises for lesson 02, "SGD and momentum" (lessons/02-sgd-momentum/lesson.md).
 * Replace each `throw` with your implementation, then run `npm run grade -- 02`.
 */
/* eslint-disable @typescript-eslint/no-unused-vars -- the parameters are yours to use */
import * as tf from '@tensorflow/tfjs';

/** What one step returns: the new parameters w and the new momentum buffer b. */
export type MomentumStepResult = { params: tf.Tensor; buffer: tf.Tensor };

export interface MomentumStepOptions {
  /** η ≥ 0. */
  learningRate: number;
  /** μ in [0, 1). */
  momentum: number;
  /** τ in [0, 1], default 0: the share of g held back from the buffer after the first step. */
  dampening?: number;
}

/**
 * Exercise 1. One step of SGD with momentum, as PyTorch's `torch.optim.SGD` writes it:
 *
 * ```
 * (1) b ← g                    on the first step (buffer === null): no dampening
 *     b ← μ·b + (1 − τ)·g      on every later step
 * (2) w ← w − η·b
 * ```
 *
 * @param params w, any shape.
 * @param grad g = ∇L(w), the same shape as `params`.
 * @param buffer b from the previous step, or `null` on the first step.
 * @param options `{ learningRate: η, momentum: μ, dampening: τ = 0 }`.
 * @returns `{ params, buffer }`: NEW tensors holding the new w and the new b (the caller owns them;
 *   on the first step the buffer must be a copy of g, not g itself). Leave `params`, `grad` and
 *   `buffer` as they were, and leave no other tensors behind.
 * @throws RangeError when μ is not in [0, 1) or τ is not in [0, 1].
 */
export function momentumStep(params: tf.Tensor, grad: tf.Tensor, buffer: tf.Tensor | null, options: MomentumStepOptions): MomentumStepResult {
  throw new Error('TODO: implement momentumStep — see "Exercise 1" in lessons/02-sgd-momentum/lesson.md');
}

export interface NesterovStepOptions {
  /** η ≥ 0. */
  learningRate: number;
  /** μ in (0, 1): Nesterov needs some momentum. */
  momentum: number;
}

/**
 * Exercise 2. One step of SGD with Nesterov momentum, as PyTorch writes it (no dampening):
 *
 * ```
 * (1) b ← g                    on the first step (buffer === null)
 *     b ← μ·b + g              on every later step
 * (2) w ← w − η·(g + μ·b)      with the b of (1), already updated
 * ```
 *
 * @param params w, any shape.
 * @param grad g = ∇L(w), the same shape as `params`.
 * @param buffer b from the previous step, or `null` on the first step.
 * @param options `{ learningRate: η, momentum: μ }`.
 * @returns `{ params, buffer }`: NEW tensors holding the new w and the new b (the caller owns them).
 *   Leave the inputs as they were, and leave no other tensors behind.
 * @throws RangeError when μ is not in (0, 1).
 */
export function nesterovStep(params: tf.Tensor, grad: tf.Tensor, buffer: tf.Tensor | null, options: NesterovStepOptions): MomentumStepResult {
  throw new Error('TODO: implement nesterovStep — see "Exercise 2" in lessons/02-sgd-momentum/lesson.md');
}
