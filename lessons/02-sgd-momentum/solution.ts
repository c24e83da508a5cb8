/**
 * Reference solutions for lesson 02, "SGD and momentum". Same signatures as exercise.ts; the grader
 * runs against this file with `npm run grade -- --solution`.
 */
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
 * One step of SGD with momentum, as PyTorch's `torch.optim.SGD`:
 *
 * ```
 * (1) b ← g                    on the first step (buffer === null): no dampening
 *     b ← μ·b + (1 − τ)·g      on every later step
 * (2) w ← w − η·b
 * ```
 *
 * @returns `{ params, buffer }`, new tensors owned by the caller; the inputs are left as they were.
 * @throws RangeError when μ is not in [0, 1) or τ is not in [0, 1].
 */
export function momentumStep(params: tf.Tensor, grad: tf.Tensor, buffer: tf.Tensor | null, options: MomentumStepOptions): MomentumStepResult {
  const { learningRate: eta, momentum: mu, dampening: tau = 0 } = options;
  if (!(mu >= 0 && mu < 1)) throw new RangeError(`momentumStep: momentum must be in [0, 1), got ${mu}`);
  if (!(tau >= 0 && tau <= 1)) throw new RangeError(`momentumStep: dampening must be in [0, 1], got ${tau}`);
  return tf.tidy(() => {
    // (1) A copy of g on the first step: the caller may dispose g, but keeps b.
    const b = buffer === null ? grad.clone() : buffer.mul(mu).add(grad.mul(1 - tau));
    const w = params.sub(b.mul(eta)); // (2)
    return { params: w, buffer: b };
  });
}

export interface NesterovStepOptions {
  /** η ≥ 0. */
  learningRate: number;
  /** μ in (0, 1): Nesterov needs some momentum. */
  momentum: number;
}

/**
 * One step of SGD with Nesterov momentum, as PyTorch (no dampening):
 *
 * ```
 * (1) b ← g                    on the first step (buffer === null)
 *     b ← μ·b + g              on every later step
 * (2) w ← w − η·(g + μ·b)      with the b of (1), already updated
 * ```
 *
 * @returns `{ params, buffer }`, new tensors owned by the caller; the inputs are left as they were.
 * @throws RangeError when μ is not in (0, 1).
 */
export function nesterovStep(params: tf.Tensor, grad: tf.Tensor, buffer: tf.Tensor | null, options: NesterovStepOptions): MomentumStepResult {
  const { learningRate: eta, momentum: mu } = options;
  if (!(mu > 0 && mu < 1)) throw new RangeError(`nesterovStep: momentum must be in (0, 1), got ${mu}`);
  return tf.tidy(() => {
    const b = buffer === null ? grad.clone() : buffer.mul(mu).add(grad); // (1)
    const w = params.sub(grad.add(b.mul(mu)).mul(eta)); //               (2)
    return { params: w, buffer: b };
  });
}
