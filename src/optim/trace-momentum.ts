/**
 * Momentum as PyTorch's SGD keeps it: a running buffer b of the incoming updates, optionally with
 * dampening τ and Nesterov's look-ahead.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInRange, pairError } from '../core/errors';
import type { NamedTensorMap } from '../core/types';
import type { GradientTransformation, TransformState } from './transform';
import { checkBoolean, checkOptions } from './validate';

export interface TraceMomentumOptions {
  /** μ in [0, 1); 0 makes the transformation the identity (no buffer), as in PyTorch. */
  momentum: number;
  /** τ in [0, 1], default 0: the share of g held back from the buffer after the first step. */
  dampening?: number;
  /** Nesterov's variant (needs μ > 0 and τ = 0, as in PyTorch), default false. */
  nesterov?: boolean;
}

/**
 * Keeps a momentum buffer b per variable (slot `momentum`) and passes on b, or g + μ·b with Nesterov.
 *
 * ```
 * (1) b ← g                      at a variable's first update: the buffer starts as g (no dampening)
 *     b ← μ·b + (1 − τ)·g        at every later update
 * (2) u = g + μ·b                with nesterov;   u = b   without
 * ```
 *
 * Where the minus sign lives: nowhere here. `scaleByLearningRate` multiplies by −lr afterwards.
 * (The "velocity" form v ← μ·v − lr·g, p ← p + v is the same path while lr is constant; PyTorch's
 * form, used here, keeps lr out of the buffer so a changing lr acts at once.)
 *
 * @param options see {@link TraceMomentumOptions}.
 * @returns a transformation with slot `momentum`; updates and state are new tensors owned by the caller.
 * @see PyTorch `torch.optim.SGD` algorithm; Sutskever et al., "On the importance of initialization
 *   and momentum in deep learning" (ICML 2013) for Nesterov's momentum.
 * @example chain(traceMomentum({ momentum: 0.9, nesterov: true }), scaleByLearningRate(0.1))
 */
export function traceMomentum(options: TraceMomentumOptions): GradientTransformation {
  const fn = 'traceMomentum';
  const { momentum, dampening = 0, nesterov = false } = checkOptions(fn, options, ['momentum', 'dampening', 'nesterov']);
  const mu = checkInRange(fn, 'momentum', momentum, 0, 1);
  const tau = checkInRange(fn, 'dampening', dampening, 0, 1, true);
  const useNesterov = checkBoolean(fn, 'nesterov', nesterov);
  checkNesterov(fn, useNesterov, mu, tau);
  if (mu === 0) return { slots: [], fusable: true, init: () => ({}), update: (updates) => ({ updates, state: {} }) };
  return {
    slots: ['momentum'],
    fusable: true,
    init: () => ({ momentum: {} }), // created at each variable's first update, from g
    update(grads, state) {
      const updates: NamedTensorMap = {};
      const next: TransformState = { momentum: {} };
      for (const [name, g] of Object.entries(grads)) {
        const bPrev = state.momentum?.[name];
        // (τ = 0 skips a multiply by 1: same numbers, one op fewer.)
        const b = bPrev === undefined ? g : tf.add(tf.mul(bPrev, mu), tau === 0 ? g : tf.mul(g, 1 - tau)); // (1)
        const u = useNesterov ? tf.add(g, tf.mul(b, mu)) : b; //                                                 (2)
        next.momentum[name] = b;
        updates[name] = u;
      }
      return { updates, state: next };
    },
  };
}

/** PyTorch's rule: "Nesterov momentum requires a momentum and zero dampening". */
export function checkNesterov(fn: string, nesterov: boolean, momentum: number, dampening: number): void {
  if (!nesterov) return;
  if (momentum <= 0) throw pairError(fn, 'momentum', momentum, '> 0 with', 'nesterov', true);
  if (dampening !== 0) throw pairError(fn, 'dampening', dampening, '0 with', 'nesterov', true);
}
