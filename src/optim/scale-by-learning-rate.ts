/**
 * The last link of every chain: turn a direction into a step by multiplying by −lr.
 */
import * as tf from '@tensorflow/tfjs';
import type { Schedule } from '../core/types';
import { mapTensors, type GradientTransformation } from './transform';
import { checkLearningRate, learningRateAt } from './validate';

/**
 * Multiplies updates by −lr, where lr is a number or a Schedule read fresh at every update.
 *
 * ```
 * (1) η = lr            or   η = schedule(step),  step = updates applied before this one (0 first)
 * (2) u ← −η·u          the minus sign lives here: the driver adds u to the parameters
 * ```
 *
 * The rate is never stored in the state: change a number by building a new chain, or pass a
 * Schedule (the ready optimizers pass one that reads their `learningRate` property).
 *
 * @param learningRate lr ≥ 0, or a Schedule whose every value must be a finite number ≥ 0 (else a
 *   RangeError names the step: `scaleByLearningRate: learningRate(12) must be ≥ 0, got -1`).
 * @returns a stateless transformation; updates are new tensors owned by the caller.
 * @see optax `scale_by_learning_rate`.
 * @example chain(scaleByAdam(), scaleByLearningRate((step) => 1e-3 * Math.min(1, (step + 1) / 100)))
 */
export function scaleByLearningRate(learningRate: number | Schedule): GradientTransformation {
  const fn = 'scaleByLearningRate';
  const lr = checkLearningRate(fn, learningRate);
  return {
    slots: [],
    fusable: true,
    init: () => ({}),
    update(updates, _state, _params, step) {
      const eta = learningRateAt(fn, lr, step); // (1)
      return { updates: mapTensors(updates, (u) => tf.mul(u, -eta)), state: {} }; // (2)
    },
  };
}
