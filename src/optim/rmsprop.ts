/**
 * RMSprop with PyTorch's update rule and defaults: optional centering, momentum and coupled L2
 * weight decay. (tfjs's own RMSProp differs: ε inside the root, ε = 1e-7, α = 0.9.)
 */
import * as tf from '@tensorflow/tfjs';
import { checkInRange, checkNonNegative } from '../core/errors';
import type { Schedule } from '../core/types';
import { addWeightDecay } from './add-decayed-weights';
import { scaleByLearningRate } from './scale-by-learning-rate';
import { scaleByRms } from './scale-by-rms';
import { traceMomentum } from './trace-momentum';
import { chain } from './transform';
import { TransformOptimizer } from './transform-optimizer';
import { checkBoolean, checkLearningRate, checkOptions } from './validate';

export interface RmspropOptions {
  /** η ≥ 0 or a Schedule of the 0-based update index, default 1e-2. */
  learningRate?: number | Schedule;
  /** α in [0, 1), default 0.99: decay of the running mean of g². */
  alpha?: number;
  /** ε ≥ 0, default 1e-8, added outside the root. */
  epsilon?: number;
  /** μ in [0, 1), default 0: momentum on the scaled gradient. */
  momentum?: number;
  /** Divide by the running variance (v − ḡ²) instead of v, default false. */
  centered?: boolean;
  /** λ ≥ 0, default 0: coupled L2 decay, added to the gradient. */
  weightDecay?: number;
  /** Use the fused multi-tensor path (default true; false runs the readable per-variable path). */
  fused?: boolean;
}

const OPTIONS = ['learningRate', 'alpha', 'epsilon', 'momentum', 'centered', 'weightDecay', 'fused'] as const;

/**
 * RMSprop as a `tf.Optimizer`:
 *
 * ```
 * (1) g ← g + λ·p                     coupled L2 decay, when λ > 0
 * (2) v ← α·v + (1 − α)·g²
 * (3) ḡ ← α·ḡ + (1 − α)·g            centered only
 * (4) u = g / (√(v − ḡ²) + ε)         centered;   u = g / (√v + ε) otherwise
 * (5) b ← μ·b + u                     when μ > 0 (b starts at 0, so its first value is u); u ← b
 * (6) p ← p − η·u
 * ```
 *
 * = `chain(addWeightDecay, scaleByRms, traceMomentum, scaleByLearningRate)`.
 */
export class RMSprop extends TransformOptimizer {
  static className = 'trainlab.RMSprop';
  private readonly options: { alpha: number; epsilon: number; momentum: number; centered: boolean; weightDecay: number };

  constructor(options: RmspropOptions = {}) {
    const fn = 'rmsprop';
    const o = checkOptions(fn, options, OPTIONS);
    const learningRate = checkLearningRate(fn, o.learningRate ?? 1e-2);
    const alpha = checkInRange(fn, 'alpha', o.alpha ?? 0.99, 0, 1);
    const epsilon = checkNonNegative(fn, 'epsilon', o.epsilon ?? 1e-8);
    const momentum = checkInRange(fn, 'momentum', o.momentum ?? 0, 0, 1);
    const centered = checkBoolean(fn, 'centered', o.centered ?? false);
    const weightDecay = checkNonNegative(fn, 'weightDecay', o.weightDecay ?? 0);
    super({
      name: fn,
      learningRate,
      fused: checkBoolean(fn, 'fused', o.fused ?? true),
      build: (lr) =>
        chain(
          addWeightDecay({ weightDecay }), //             (1)
          scaleByRms({ alpha, epsilon, centered }), //    (2)–(4)
          traceMomentum({ momentum }), //                 (5)
          scaleByLearningRate(lr), //                     (6)
        ),
    });
    this.options = { alpha, epsilon, momentum, centered, weightDecay };
  }

  getConfig() {
    return { ...super.getConfig(), ...this.options };
  }
}

// Lets tfjs-layers rebuild the optimizer from a saved training config (numbers only: a Schedule is not saved).
tf.serialization.registerClass(RMSprop);

/**
 * RMSprop with PyTorch's update rule and defaults (see {@link RMSprop} for the algorithm).
 *
 * @param options `{ learningRate = 1e-2, alpha = 0.99, epsilon = 1e-8, momentum = 0, centered = false, weightDecay = 0 }`.
 * @returns a `tf.Optimizer` owning its state variables (`dispose()` it when done).
 * @throws RangeError/TypeError at once for a bad option, e.g. `rmsprop: alpha must be in [0, 1), got 1.5`.
 * @see Tieleman & Hinton, Lecture 6.5 (2012); Graves (2013) for the centered form; PyTorch `torch.optim.RMSprop`.
 * @example
 * const opt = rmsprop({ learningRate: 1e-3, momentum: 0.9, centered: true });
 */
export function rmsprop(options: RmspropOptions = {}): RMSprop {
  return new RMSprop(options);
}
