/**
 * Gradient transformations, optax-style: an optimizer is a chain of small steps, each turning the
 * incoming updates (at first, the gradients) into new updates and keeping its own per-variable state.
 *
 *   grads ──► addWeightDecay ──► scaleByAdam ──► addDecayedWeights ──► scaleByLearningRate ──► updates
 *   params ← params + updates                                           (the driver applies them)
 *
 * A transformation is pure: `update` returns new state instead of changing the old, so the driver
 * (`TransformOptimizer`) decides where state lives and when tensors are freed.
 */
import type * as tf from '@tensorflow/tfjs';
import { checkFunction, checkObject } from '../core/errors';
import type { NamedTensorMap } from '../core/types';

/**
 * A transformation's state: slot name → variable name → tensor, e.g. `{ m: { 'dense/kernel': … } }`.
 * A slot may lack an entry for a variable until its first update (SGD's momentum buffer does).
 */
export type TransformState = { [slot: string]: NamedTensorMap };

/** What `update` returns: the transformed updates and the next state (both new tensors). */
export interface TransformResult {
  updates: NamedTensorMap;
  state: TransformState;
}

/**
 * One step of an optimizer: `init(params) → state`, `update(grads, state, params, step) → { updates, state }`.
 *
 * - `step` is the number of updates applied before this one (0 for the first); the driver owns it,
 *   so every transformation in a chain sees the same count (Adam's bias correction uses t = step + 1).
 * - `update` never changes its arguments; run it inside `tf.tidy`. Its results may share data with
 *   its inputs (an identity step returns them as they are): keep what you need, as the driver does.
 * - `slots` names the state the transformation keeps per variable; saved optimizer state names each
 *   entry `<variable name>/<slot>`.
 * - `fusable` is true when applying the rule to a map in which some tensors are concatenated into
 *   one gives the concatenation of its per-tensor results: rules that treat every element on its own
 *   (elementwise), and rules that only reduce over all the tensors of the step together (a global
 *   norm, `clipByGlobalNorm`). The fused fast path (fused.ts) relies on it.
 */
export interface GradientTransformation {
  readonly slots: readonly string[];
  readonly fusable: boolean;
  init(params: NamedTensorMap): TransformState;
  update(grads: NamedTensorMap, state: TransformState, params: NamedTensorMap, step: number): TransformResult;
}

/** Applies `f` to every entry of `tensors`, keeping the names. */
export function mapTensors(tensors: NamedTensorMap, f: (x: tf.Tensor, name: string) => tf.Tensor): NamedTensorMap {
  checkObject('mapTensors', 'tensors', tensors, 'a map { name: tensor }');
  checkFunction('mapTensors', 'f', f, 'a function (x, name) => tf.Tensor');
  const out: NamedTensorMap = {};
  for (const name of Object.keys(tensors)) out[name] = f(tensors[name], name);
  return out;
}

/**
 * Composes transformations left to right: each one's updates feed the next; their states sit side
 * by side under their own slot names (which must not clash).
 *
 * @example
 * // AdamW, as optax writes it: Adam's direction, plus decoupled decay, times −lr.
 * const t = chain(scaleByAdam(), addDecayedWeights({ weightDecay: 1e-2 }), scaleByLearningRate(1e-3));
 */
export function chain(...transforms: GradientTransformation[]): GradientTransformation {
  const slots: string[] = [];
  transforms.forEach((t, i) => {
    if (typeof t?.update !== 'function' || typeof t?.init !== 'function') {
      throw new TypeError(`chain: argument ${i} must be a GradientTransformation, got ${String(t)}`);
    }
    for (const slot of t.slots) {
      if (slots.includes(slot)) throw new RangeError(`chain: slot "${slot}" is kept by two transformations; slot names must be unique`);
      slots.push(slot);
    }
  });
  const pick = (state: TransformState, keys: readonly string[]): TransformState =>
    Object.fromEntries(keys.map((k) => [k, state[k] ?? {}]));
  return {
    slots,
    fusable: transforms.every((t) => t.fusable),
    init(params) {
      return Object.assign({}, ...transforms.map((t) => t.init(params)));
    },
    update(grads, state, params, step) {
      let updates = grads;
      const next: TransformState = {};
      for (const t of transforms) {
        const result = t.update(updates, pick(state, t.slots), params, step);
        updates = result.updates;
        Object.assign(next, result.state);
      }
      return { updates, state: next };
    },
  };
}
