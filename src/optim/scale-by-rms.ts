/**
 * RMSprop's scaling: divide each gradient by the root of a running mean of its square, so every
 * parameter moves at a similar pace whatever the size of its gradients.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInRange, checkNonNegative } from '../core/errors';
import type { NamedTensorMap } from '../core/types';
import { mapTensors, type GradientTransformation, type TransformState } from './transform';
import { checkBoolean, checkOptions } from './validate';

export interface ScaleByRmsOptions {
  /** α in [0, 1), default 0.99: decay of the running mean of g². */
  alpha?: number;
  /** ε ≥ 0, default 1e-8: added to the root (outside it, as PyTorch). */
  epsilon?: number;
  /** Divide by the root of the running variance v − ḡ² instead of v (Graves, 2013), default false. */
  centered?: boolean;
}

/**
 * Scales updates by RMSprop's rule (slots `v`, and `gAvg` when centered).
 *
 * ```
 * (1) v ← α·v + (1 − α)·g²
 * (2) ḡ ← α·ḡ + (1 − α)·g            centered only
 * (3) u = g / (√(v − ḡ²) + ε)         centered;   u = g / (√v + ε)   otherwise
 * ```
 *
 * v starts at 0 and is not bias-corrected (unlike Adam), so the first steps are large: with α = 0.99
 * the first u is g / (0.1·|g| + ε) ≈ ±10. PyTorch's RMSprop momentum is `traceMomentum` after this
 * (its buffer starts at 0, so its first value is u itself).
 *
 * @param options see {@link ScaleByRmsOptions}; defaults are PyTorch's.
 * @returns a transformation; updates and state are new tensors owned by the caller.
 * @see Tieleman & Hinton, Lecture 6.5 "rmsprop" (2012); Graves, "Generating Sequences with
 *   Recurrent Neural Networks" (2013), eq. 38–41 for the centered form.
 * @example chain(scaleByRms({ centered: true }), traceMomentum({ momentum: 0.9 }), scaleByLearningRate(1e-2))
 */
export function scaleByRms(options: ScaleByRmsOptions = {}): GradientTransformation {
  const fn = 'scaleByRms';
  const { alpha = 0.99, epsilon = 1e-8, centered = false } = checkOptions(fn, options, ['alpha', 'epsilon', 'centered']);
  const a = checkInRange(fn, 'alpha', alpha, 0, 1);
  const eps = checkNonNegative(fn, 'epsilon', epsilon);
  const isCentered = checkBoolean(fn, 'centered', centered);
  const zeros = (params: NamedTensorMap) => mapTensors(params, (p) => tf.zerosLike(p));
  return {
    slots: isCentered ? ['v', 'gAvg'] : ['v'],
    fusable: true,
    init(params) {
      const state: TransformState = { v: zeros(params) };
      if (isCentered) state.gAvg = zeros(params);
      return state;
    },
    update(grads, state) {
      const updates: NamedTensorMap = {};
      const next: TransformState = isCentered ? { v: {}, gAvg: {} } : { v: {} };
      for (const [name, g] of Object.entries(grads)) {
        const v = tf.add(tf.mul(state.v[name], a), tf.mul(tf.square(g), 1 - a)); // (1)
        next.v[name] = v;
        if (isCentered) {
          const gAvg = tf.add(tf.mul(state.gAvg[name], a), tf.mul(g, 1 - a)); //  (2)
          const u = tf.div(g, tf.add(tf.sqrt(tf.sub(v, tf.square(gAvg))), eps)); // (3)
          next.gAvg[name] = gAvg;
          updates[name] = u;
        } else {
          const u = tf.div(g, tf.add(tf.sqrt(v), eps)); //                         (3)
          updates[name] = u;
        }
      }
      return { updates, state: next };
    },
  };
}
