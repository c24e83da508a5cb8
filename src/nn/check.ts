/**
 * Argument checks shared by the normalization functions, in the template of `core/errors`.
 * Internal: not exported from the package.
 */
import * as tf from '@tensorflow/tfjs';
import { formatValue } from '../core/errors';
import { checkTensor, checkVector } from '../core/check-tensor';

/** Throws unless `x` is a live float32 tensor of rank ≥ `minRank` with at least one channel (last axis). */
export function checkInput(fn: string, x: unknown, minRank: number): tf.Tensor {
  const t = checkTensor(fn, 'x', x);
  if (t.rank < minRank) {
    throw new RangeError(`${fn}: x.rank must be ≥ ${minRank} (channels last: [N, C] or [N, H, W, C]), got ${t.rank}`);
  }
  if (t.dtype !== 'float32') throw new TypeError(`${fn}: x.dtype must be "float32", got ${formatValue(t.dtype)}`);
  if (t.shape[t.rank - 1] === 0) throw new RangeError(`${fn}: x must have at least one channel (its last axis), got shape ${formatValue(t.shape)}`);
  return t;
}

/** An optional per-channel parameter: undefined, or a float32 `[C]` tensor. */
export function checkOptionalVector(fn: string, param: string, value: unknown, channels: number): tf.Tensor1D | undefined {
  return value === undefined ? undefined : checkVector(fn, param, value, channels, 'x.shape[-1] (channels)');
}
