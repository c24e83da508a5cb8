/**
 * Adam's direction: momentum (first moment) divided by the root of a running mean of squared
 * gradients (second moment), both corrected for starting at zero.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInRange, checkNonNegative } from '../core/errors';
import type { NamedTensorMap } from '../core/types';
import { mapTensors, type GradientTransformation, type TransformState } from './transform';
import { checkBoolean, checkOptions } from './validate';

export interface ScaleByAdamOptions {
  /** β₁ in [0, 1), default 0.9: decay of the first moment m. */
  beta1?: number;
  /** β₂ in [0, 1), default 0.999: decay of the second moment v. */
  beta2?: number;
  /** ε ≥ 0, default 1e-8: added to √v̂ (outside the root, as PyTorch). */
  epsilon?: number;
  /** Divide by the largest v seen so far instead of the current one (AMSGrad), default false. */
  amsgrad?: boolean;
}

/**
 * Scales updates by Adam's rule (slots `m`, `v`, and `vMax` with amsgrad).
 *
 * ```
 * t = step + 1                        t starts at 1: the bias correction divides by 1 − β^t ≠ 0
 * (1) m ← β₁·m + (1 − β₁)·g
 * (2) v ← β₂·v + (1 − β₂)·g²
 * (3) m̂ = m / (1 − β₁ᵗ)
 * (4) v̂ = v / (1 − β₂ᵗ)             amsgrad: vMax ← max(vMax, v), then v̂ = vMax / (1 − β₂ᵗ)
 * (5) u = m̂ / (√v̂ + ε)              ε outside the square root
 * ```
 *
 * The result points uphill (no minus sign): `scaleByLearningRate` turns it into a step.
 *
 * @param options see {@link ScaleByAdamOptions}; defaults are PyTorch's.
 * @returns a transformation; updates and state are new tensors owned by the caller.
 * @see Kingma & Ba, "Adam: A Method for Stochastic Optimization" (ICLR 2015), Algorithm 1;
 *   Reddi et al., "On the Convergence of Adam and Beyond" (ICLR 2018) for AMSGrad.
 * @example chain(scaleByAdam({ beta2: 0.99 }), scaleByLearningRate(1e-3))
 */
export function scaleByAdam(options: ScaleByAdamOptions = {}): GradientTransformation {
  const fn = 'scaleByAdam';
  const { beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8, amsgrad = false } = checkOptions(fn, options, [
    'beta1',
    'beta2',
    'epsilon',
    'amsgrad',
  ]);
  const b1 = checkInRange(fn, 'beta1', beta1, 0, 1);
  const b2 = checkInRange(fn, 'beta2', beta2, 0, 1);
  const eps = checkNonNegative(fn, 'epsilon', epsilon);
  const useMax = checkBoolean(fn, 'amsgrad', amsgrad);
  const zeros = (params: NamedTensorMap) => mapTensors(params, (p) => tf.zerosLike(p));
  return {
    slots: useMax ? ['m', 'v', 'vMax'] : ['m', 'v'],
    fusable: true,
    init(params) {
      const state: TransformState = { m: zeros(params), v: zeros(params) };
      if (useMax) state.vMax = zeros(params);
      return state;
    },
    update(grads, state, _params, step) {
      const t = step + 1;
      const updates: NamedTensorMap = {};
      const next: TransformState = useMax ? { m: {}, v: {}, vMax: {} } : { m: {}, v: {} };
      for (const [name, g] of Object.entries(grads)) {
        const m = tf.add(tf.mul(state.m[name], b1), tf.mul(g, 1 - b1)); //           (1)
        const v = tf.add(tf.mul(state.v[name], b2), tf.mul(tf.square(g), 1 - b2)); // (2)
        const mHat = tf.div(m, 1 - b1 ** t); //                                        (3)
        const vMax = useMax ? tf.maximum(state.vMax[name], v) : v; //                  (4) amsgrad
        const vHat = tf.div(vMax, 1 - b2 ** t); //                                     (4)
        const u = tf.div(mHat, tf.add(tf.sqrt(vHat), eps)); //                         (5)
        updates[name] = u;
        next.m[name] = m;
        next.v[name] = v;
        if (useMax) next.vMax[name] = vMax;
      }
      return { updates, state: next };
    },
  };
}
