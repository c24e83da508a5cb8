/**
 * Clipping as gradient transformations, to put in front of any chain (optax's `clip_by_global_norm`
 * and `clip`): `chain(clipByGlobalNorm({ maxNorm: 1 }), scaleByAdam(), …)`.
 */
import * as tf from '@tensorflow/tfjs';
import { checkPositive } from '../core/errors';
import { clipCoefficient } from './clip-grad-norm';
import { clampElements } from './clip-grad-value';
import { checkNormType, globalNorm, type NormType } from './global-norm';
import { mapTensors, type GradientTransformation } from './transform';
import { checkOptions } from './validate';

export interface ClipByGlobalNormOptions {
  /** The largest allowed global norm, finite > 0. */
  maxNorm: number;
  /** p, a finite number > 0, or `'inf'`. Default 2. */
  normType?: NormType;
}

/**
 * Scales the incoming updates by one factor so that their global p-norm is at most `maxNorm`, as
 * `clipGradNorm` (and PyTorch's `clip_grad_norm_`) does, without reading anything back:
 *
 * ```
 * (1) n = ‖u‖_p over every update of the step, all variables together
 * (2) c = min(maxNorm / (n + 1e-6), 1)
 * (3) u ← c·u
 * ```
 *
 * Stateless. `fusable`: it reduces over all the tensors it is given at once, so packing some of them
 * into one vector (the fused path, fused.ts) gives the same n and the same c — equal to the
 * readable path up to float32 rounding of the sum (tested). A NaN or infinite norm is not an error
 * here (nothing is read): NaN gradients give NaN updates, as in torch; `train()` and
 * `NonFiniteLossError` report it.
 *
 * @param options `{ maxNorm, normType = 2 }`.
 * @returns a transformation; its updates are new tensors.
 * @see PyTorch `torch.nn.utils.clip_grad_norm_`; optax `clip_by_global_norm`.
 * @example
 * const opt = new TransformOptimizer({ name: 'clippedAdam', learningRate: 1e-3,
 *   build: (lr) => chain(clipByGlobalNorm({ maxNorm: 1 }), scaleByAdam(), scaleByLearningRate(lr)) });
 */
export function clipByGlobalNorm(options: ClipByGlobalNormOptions): GradientTransformation {
  const fn = 'clipByGlobalNorm';
  const { maxNorm, normType = 2 } = checkOptions(fn, options, ['maxNorm', 'normType']);
  const max = checkPositive(fn, 'maxNorm', maxNorm);
  const p = checkNormType(fn, normType);
  return {
    slots: [],
    fusable: true,
    init: () => ({}),
    update(updates) {
      const n = globalNorm(Object.values(updates), p); //  (1)
      const c = clipCoefficient(n, max); //                (2)
      return { updates: mapTensors(updates, (u) => tf.mul(u, c)), state: {} }; // (3)
    },
  };
}

export interface ClipByValueOptions {
  /** c, finite > 0: every element is clamped to [−c, c]. */
  clipValue: number;
}

/**
 * Clamps every update element to [−clipValue, clipValue], as `clipGradValue` (and PyTorch's
 * `clip_grad_value_`): `u ← min(max(u, −c), c)`, NaN kept. Stateless and elementwise (`fusable`).
 *
 * @param options `{ clipValue }`.
 * @returns a transformation; its updates are new tensors.
 * @see PyTorch `torch.nn.utils.clip_grad_value_`; optax `clip`.
 * @example chain(clipByValue({ clipValue: 0.5 }), traceMomentum({ momentum: 0.9 }), scaleByLearningRate(0.1))
 */
export function clipByValue(options: ClipByValueOptions): GradientTransformation {
  const fn = 'clipByValue';
  const { clipValue } = checkOptions(fn, options, ['clipValue']);
  const c = checkPositive(fn, 'clipValue', clipValue);
  return {
    slots: [],
    fusable: true,
    init: () => ({}),
    update: (updates) => ({ updates: mapTensors(updates, (u) => clampElements(u, c)), state: {} }),
  };
}
