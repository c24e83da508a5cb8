/**
 * Adam with PyTorch's update rule and defaults: optional AMSGrad and coupled L2 weight decay.
 * (For decoupled decay use `adamw`.)
 */
import * as tf from '@tensorflow/tfjs';
import { checkInRange, checkNonNegative } from '../core/errors';
import type { Schedule } from '../core/types';
import { addWeightDecay } from './add-decayed-weights';
import { scaleByAdam } from './scale-by-adam';
import { scaleByLearningRate } from './scale-by-learning-rate';
import { chain } from './transform';
import { TransformOptimizer } from './transform-optimizer';
import { checkBoolean, checkLearningRate, checkOptions } from './validate';

export interface AdamOptions {
  /** η ≥ 0 or a Schedule of the 0-based update index, default 1e-3. */
  learningRate?: number | Schedule;
  /** β₁ in [0, 1), default 0.9. */
  beta1?: number;
  /** β₂ in [0, 1), default 0.999. */
  beta2?: number;
  /** ε ≥ 0, default 1e-8 (outside the square root; tfjs's own Adam defaults to 1e-7). */
  epsilon?: number;
  /** λ ≥ 0: L2 decay added to the gradient (Adam) or decoupled decay (AdamW). */
  weightDecay?: number;
  /** AMSGrad: divide by the largest second moment so far, default false. */
  amsgrad?: boolean;
  /** Use the fused multi-tensor path (default true; false runs the readable per-variable path). */
  fused?: boolean;
}

const OPTIONS = ['learningRate', 'beta1', 'beta2', 'epsilon', 'weightDecay', 'amsgrad', 'fused'] as const;

/** The validated numbers of an Adam-family optimizer (shared with `adamw`). */
export interface AdamSettings {
  learningRate: number | Schedule;
  beta1: number;
  beta2: number;
  epsilon: number;
  weightDecay: number;
  amsgrad: boolean;
  fused?: boolean;
}

/** Validates Adam/AdamW options under the name `fn`, filling PyTorch's defaults. */
export function adamSettings(fn: string, options: unknown, defaultWeightDecay: number): AdamSettings {
  const o = checkOptions(fn, options, OPTIONS);
  return {
    learningRate: checkLearningRate(fn, o.learningRate ?? 1e-3),
    beta1: checkInRange(fn, 'beta1', o.beta1 ?? 0.9, 0, 1),
    beta2: checkInRange(fn, 'beta2', o.beta2 ?? 0.999, 0, 1),
    epsilon: checkNonNegative(fn, 'epsilon', o.epsilon ?? 1e-8),
    weightDecay: checkNonNegative(fn, 'weightDecay', o.weightDecay ?? defaultWeightDecay),
    amsgrad: checkBoolean(fn, 'amsgrad', o.amsgrad ?? false),
    fused: o.fused === undefined ? undefined : checkBoolean(fn, 'fused', o.fused),
  };
}

/**
 * Adam as a `tf.Optimizer`:
 *
 * ```
 * (1) g ← g + λ·p                          coupled L2 decay (λ = weightDecay, default 0)
 * (2) m ← β₁·m + (1 − β₁)·g
 * (3) v ← β₂·v + (1 − β₂)·g²              amsgrad: vMax ← max(vMax, v), used below instead of v
 * (4) m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)    t = step + 1 (t starts at 1)
 * (5) p ← p − η·m̂ / (√v̂ + ε)              ε outside the root; η = learningRate or schedule(step)
 * ```
 *
 * = `chain(addWeightDecay, scaleByAdam, scaleByLearningRate)`. With λ > 0 the decay goes through
 * the adaptive scaling; that is Adam + L2, not AdamW.
 */
export class Adam extends TransformOptimizer {
  static className = 'trainlab.Adam';
  private readonly settings: AdamSettings;

  constructor(options: AdamOptions = {}) {
    const s = adamSettings('adam', options, 0);
    const { beta1, beta2, epsilon, amsgrad, weightDecay } = s;
    super({
      name: 'adam',
      learningRate: s.learningRate,
      fused: s.fused,
      build: (lr) =>
        chain(
          addWeightDecay({ weightDecay }), //                    (1)
          scaleByAdam({ beta1, beta2, epsilon, amsgrad }), //    (2)–(4), and m̂ / (√v̂ + ε)
          scaleByLearningRate(lr), //                            (5)
        ),
    });
    this.settings = s;
  }

  getConfig() {
    const { beta1, beta2, epsilon, weightDecay, amsgrad } = this.settings;
    return { ...super.getConfig(), beta1, beta2, epsilon, weightDecay, amsgrad };
  }
}

// Lets tfjs-layers rebuild the optimizer from a saved training config (numbers only: a Schedule is not saved).
tf.serialization.registerClass(Adam);

/**
 * Adam with PyTorch's update rule and defaults (see {@link Adam} for the algorithm).
 *
 * @param options `{ learningRate = 1e-3, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8, weightDecay = 0, amsgrad = false }`.
 * @returns a `tf.Optimizer` owning its state variables (`dispose()` it when done).
 * @throws RangeError/TypeError at once for a bad option, e.g. `adam: beta1 must be in [0, 1), got 1.2`.
 * @see Kingma & Ba (ICLR 2015), Algorithm 1; PyTorch `torch.optim.Adam`.
 * @example
 * model.compile({ optimizer: adam({ learningRate: 3e-4 }), loss: 'categoricalCrossentropy' });
 */
export function adam(options: AdamOptions = {}): Adam {
  return new Adam(options);
}
