/**
 * Stochastic gradient descent with momentum, Nesterov momentum and L2 weight decay — PyTorch's
 * `torch.optim.SGD`, update for update.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInRange, checkNonNegative } from '../core/errors';
import type { Schedule } from '../core/types';
import { addWeightDecay } from './add-decayed-weights';
import { scaleByLearningRate } from './scale-by-learning-rate';
import { checkNesterov, traceMomentum } from './trace-momentum';
import { chain } from './transform';
import { TransformOptimizer } from './transform-optimizer';
import { checkBoolean, checkLearningRate, checkOptions } from './validate';

export interface SgdOptions {
  /** η ≥ 0 or a Schedule of the 0-based update index. Required (PyTorch has no default either). */
  learningRate: number | Schedule;
  /** μ in [0, 1), default 0 (plain SGD). */
  momentum?: number;
  /** τ in [0, 1], default 0: how much of g is held back from the buffer after the first step. */
  dampening?: number;
  /** Nesterov momentum (needs μ > 0 and τ = 0), default false. */
  nesterov?: boolean;
  /** λ ≥ 0, default 0: coupled L2 decay, added to the gradient. */
  weightDecay?: number;
  /** Use the fused multi-tensor path (default true; false runs the readable per-variable path). */
  fused?: boolean;
}

const OPTIONS = ['learningRate', 'momentum', 'dampening', 'nesterov', 'weightDecay', 'fused'] as const;

/**
 * SGD as a `tf.Optimizer`:
 *
 * ```
 * (1) g ← g + λ·p                     weight decay (coupled), when λ > 0
 * (2) b ← g                           first update: the buffer is the gradient (no dampening)
 *     b ← μ·b + (1 − τ)·g             later updates                       (2)–(3) only when μ > 0
 * (3) g ← g + μ·b   (nesterov)   or   g ← b
 * (4) p ← p − η·g                     η = learningRate, or schedule(step)
 * ```
 *
 * = `chain(addWeightDecay, traceMomentum, scaleByLearningRate)`.
 */
export class SGD extends TransformOptimizer {
  static className = 'trainlab.SGD';
  private readonly options: Required<Omit<SgdOptions, 'learningRate' | 'fused'>>;

  constructor(options: SgdOptions) {
    const fn = 'sgd';
    const o = checkOptions(fn, options, OPTIONS);
    const learningRate = checkLearningRate(fn, o.learningRate);
    const momentum = checkInRange(fn, 'momentum', o.momentum ?? 0, 0, 1);
    const dampening = checkInRange(fn, 'dampening', o.dampening ?? 0, 0, 1, true);
    const nesterov = checkBoolean(fn, 'nesterov', o.nesterov ?? false);
    const weightDecay = checkNonNegative(fn, 'weightDecay', o.weightDecay ?? 0);
    checkNesterov(fn, nesterov, momentum, dampening);
    super({
      name: fn,
      learningRate,
      fused: checkBoolean(fn, 'fused', o.fused ?? true),
      build: (lr) =>
        chain(
          addWeightDecay({ weightDecay }), //                  (1)
          traceMomentum({ momentum, dampening, nesterov }), // (2)–(3)
          scaleByLearningRate(lr), //                          (4)
        ),
    });
    this.options = { momentum, dampening, nesterov, weightDecay };
  }

  getConfig() {
    return { ...super.getConfig(), ...this.options };
  }
}

// Lets tfjs-layers rebuild the optimizer from a saved training config (numbers only: a Schedule is not saved).
tf.serialization.registerClass(SGD);

/**
 * SGD with PyTorch's update rule and defaults (see {@link SGD} for the algorithm).
 *
 * @param options `{ learningRate, momentum = 0, dampening = 0, nesterov = false, weightDecay = 0 }`.
 * @returns a `tf.Optimizer` owning its state variables: `dispose()` it when done.
 * @throws RangeError/TypeError at once for a bad option, e.g. `sgd: momentum (0) must be > 0 with nesterov (true)`.
 * @see PyTorch `torch.optim.SGD`; Sutskever et al. (ICML 2013) for momentum and Nesterov.
 * @example
 * model.compile({ optimizer: sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true }), loss: 'categoricalCrossentropy' });
 */
export function sgd(options: SgdOptions): SGD {
  return new SGD(options);
}
