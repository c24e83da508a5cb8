/**
 * Weight decay, in the two places it can sit in a chain. The arithmetic is the same (add λ·p); the
 * position decides what it means:
 *
 * - `addWeightDecay` — before the scaling (coupled): λ·p joins the gradient, which is what an L2
 *   penalty (λ/2)·‖p‖² does. Adam then divides it by √v̂, so heavily-updated weights decay less.
 *   PyTorch's `weight_decay` in SGD, Adam and RMSprop.
 * - `addDecayedWeights` — after the scaling (decoupled): λ·p joins the step itself, so every weight
 *   shrinks by the factor (1 − lr·λ) whatever its gradient history. AdamW (Loshchilov & Hutter, 2019).
 */
import * as tf from '@tensorflow/tfjs';
import { checkNonNegative } from '../core/errors';
import { mapTensors, type GradientTransformation } from './transform';
import { checkOptions } from './validate';

export interface WeightDecayOptions {
  /** λ ≥ 0. */
  weightDecay: number;
}

function addScaledParams(fn: string, options: WeightDecayOptions): GradientTransformation {
  const { weightDecay } = checkOptions(fn, options, ['weightDecay']);
  const lambda = checkNonNegative(fn, 'weightDecay', weightDecay);
  return {
    slots: [],
    fusable: true,
    init: () => ({}),
    update(updates, _state, params) {
      if (lambda === 0) return { updates, state: {} };
      const out = mapTensors(updates, (u, name) => {
        const p = params[name];
        return tf.add(u, tf.mul(p, lambda)); // (1)
      });
      return { updates: out, state: {} };
    },
  };
}

/**
 * Coupled weight decay (L2 penalty): adds λ·p to the gradient, before any scaling.
 *
 * ```
 * (1) g ← g + λ·p
 * ```
 *
 * @param options.weightDecay λ ≥ 0 (0: identity).
 * @returns a stateless transformation; its updates are new tensors (the input itself when λ = 0).
 * @see PyTorch `torch.optim.SGD/Adam/RMSprop(weight_decay=λ)`.
 * @example chain(addWeightDecay({ weightDecay: 5e-4 }), traceMomentum({ momentum: 0.9 }), scaleByLearningRate(0.1))
 */
export function addWeightDecay(options: WeightDecayOptions): GradientTransformation {
  return addScaledParams('addWeightDecay', options);
}

/**
 * Decoupled weight decay: adds λ·p to the update after the optimizer's scaling, so that with
 * `scaleByLearningRate(lr)` after it the parameter shrinks as p ← p·(1 − lr·λ).
 *
 * ```
 * (1) u ← u + λ·p
 * ```
 *
 * @param options.weightDecay λ ≥ 0 (0: identity).
 * @returns a stateless transformation; its updates are new tensors (the input itself when λ = 0).
 * @see Loshchilov & Hutter, "Decoupled Weight Decay Regularization" (ICLR 2019), Algorithm 2, line 12.
 * @example chain(scaleByAdam(), addDecayedWeights({ weightDecay: 1e-2 }), scaleByLearningRate(1e-3)) // AdamW
 */
export function addDecayedWeights(options: WeightDecayOptions): GradientTransformation {
  return addScaledParams('addDecayedWeights', options);
}
