/**
 * AdamW: Adam with decoupled weight decay — the decay shrinks the weights directly instead of
 * passing through Adam's per-parameter scaling. PyTorch's `torch.optim.AdamW`.
 */
import * as tf from '@tensorflow/tfjs';
import type { Schedule } from '../core/types';
import { addDecayedWeights } from './add-decayed-weights';
import { adamSettings, type AdamOptions, type AdamSettings } from './adam';
import { scaleByAdam } from './scale-by-adam';
import { scaleByLearningRate } from './scale-by-learning-rate';
import { chain } from './transform';
import { TransformOptimizer } from './transform-optimizer';

/** AdamW's options: Adam's, with `weightDecay` defaulting to 1e-2 and meaning decoupled decay. */
export type AdamWOptions = AdamOptions;

/**
 * AdamW as a `tf.Optimizer`:
 *
 * ```
 * (1) m ← β₁·m + (1 − β₁)·g
 * (2) v ← β₂·v + (1 − β₂)·g²              amsgrad: vMax ← max(vMax, v), used below instead of v
 * (3) m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)    t = step + 1
 * (4) p ← p·(1 − η·λ) − η·m̂ / (√v̂ + ε)    decoupled decay: λ never meets √v̂
 * ```
 *
 * = `chain(scaleByAdam, addDecayedWeights, scaleByLearningRate)`, which computes
 * p + (−η)·(m̂/(√v̂ + ε) + λ·p) — the same as PyTorch's p·(1 − ηλ) first, then the Adam step.
 */
export class AdamW extends TransformOptimizer {
  static className = 'trainlab.AdamW';
  private readonly settings: AdamSettings;

  constructor(options: AdamWOptions = {}) {
    const s = adamSettings('adamw', options, 1e-2);
    const { beta1, beta2, epsilon, amsgrad, weightDecay } = s;
    super({
      name: 'adamw',
      learningRate: s.learningRate,
      fused: s.fused,
      build: (lr: Schedule) =>
        chain(
          scaleByAdam({ beta1, beta2, epsilon, amsgrad }), // (1)–(3), and m̂ / (√v̂ + ε)
          addDecayedWeights({ weightDecay }), //              (4) + λ·p
          scaleByLearningRate(lr), //                         (4) × (−η)
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
tf.serialization.registerClass(AdamW);

/**
 * AdamW with PyTorch's update rule and defaults (see {@link AdamW} for the algorithm).
 *
 * @param options `{ learningRate = 1e-3, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8, weightDecay = 1e-2, amsgrad = false }`.
 * @returns a `tf.Optimizer` owning its state variables (`dispose()` it when done).
 * @throws RangeError/TypeError at once for a bad option, e.g. `adamw: beta1 must be in [0, 1), got 1.2`.
 * @see Loshchilov & Hutter, "Decoupled Weight Decay Regularization" (ICLR 2019), Algorithm 2;
 *   PyTorch `torch.optim.AdamW`.
 * @example
 * model.compile({ optimizer: adamw({ learningRate: 1e-3, weightDecay: 0.05 }), loss: 'categoricalCrossentropy' });
 */
export function adamw(options: AdamWOptions = {}): AdamW {
  return new AdamW(options);
}
