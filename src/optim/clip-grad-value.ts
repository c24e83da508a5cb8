/**
 * Clipping by value, as PyTorch's `torch.nn.utils.clip_grad_value_`: every gradient element is
 * clamped to [−clipValue, clipValue] on its own. Unlike clipping by norm, this changes the direction
 * of the update whenever some elements are clipped and others are not.
 */
import * as tf from '@tensorflow/tfjs';
import { checkPositive } from '../core/errors';
import type { NamedTensorMap } from '../core/types';
import { checkTensorMap } from './global-norm';

/**
 * Clamps one tensor to [−c, c], keeping NaN (torch's clamp does; tfjs-wasm's `clipByValue` turns
 * NaN into −c, so it is not used). A new tensor owned by the caller.
 */
export function clampElements(g: tf.Tensor, clipValue: number): tf.Tensor {
  return tf.tidy(() => tf.minimum(tf.maximum(g, -clipValue), clipValue));
}

/**
 * Clamps every gradient element to [−clipValue, clipValue]:
 *
 * ```
 * (1) g ← min(max(g, −c), c)      elementwise; NaN stays NaN, ±Infinity becomes ±c
 * ```
 *
 * Equal to PyTorch's `clip_grad_value_` (tested against it, with infinite and NaN entries).
 *
 * @param grads gradients keyed by variable name; not changed.
 * @param clipValue c, finite > 0.
 * @returns the clipped gradients, keyed as given: new tensors owned by the caller.
 * @throws RangeError/TypeError for bad arguments (`clipGradValue: clipValue must be > 0, got -1`).
 * @see PyTorch `torch.nn.utils.clip_grad_value_`.
 * @example
 * const clipped = clipGradValue(grads, 0.5);
 */
export function clipGradValue(grads: NamedTensorMap, clipValue: number): NamedTensorMap {
  const fn = 'clipGradValue';
  const checked = checkTensorMap(fn, 'grads', grads);
  const c = checkPositive(fn, 'clipValue', clipValue);
  const out: NamedTensorMap = {};
  for (const [name, g] of Object.entries(checked)) out[name] = clampElements(g, c); // (1)
  return out;
}
