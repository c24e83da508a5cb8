/**
 * Tensor argument checks, in the message template of `core/errors`:
 * `batchNorm: x must be a tf.Tensor, got an array`, `layerNorm: x.rank must be ≥ 1, got 0`.
 * Internal: not exported from the package.
 */
import * as tf from '@tensorflow/tfjs';
import { formatValue, pairError, rangeError } from './errors';

/** Throws unless `value` is a live (not disposed) tensor of rank `rank`, or of rank ≥ 1 when `rank` is omitted. */
export function checkTensor(fn: string, param: string, value: unknown, rank?: number): tf.Tensor {
  if (!(value instanceof tf.Tensor)) {
    throw new TypeError(`${fn}: ${param} must be a tf.Tensor, got ${describeNonTensor(value)}`);
  }
  if (value.isDisposed) throw new TypeError(`${fn}: ${param} must be a live tensor, got a disposed one`);
  if (rank === undefined ? value.rank < 1 : value.rank !== rank) {
    throw rangeError(fn, `${param}.rank`, rank === undefined ? '≥ 1' : String(rank), value.rank);
  }
  return value;
}

/** Throws unless `value` is a live float32 tensor of shape `[size]` (a per-channel parameter). */
export function checkVector(fn: string, param: string, value: unknown, size: number, sizeName: string): tf.Tensor1D {
  const t = checkTensor(fn, param, value, 1);
  if (t.shape[0] !== size) throw pairError(fn, `${param}.shape[0]`, t.shape[0], 'equal to', sizeName, size);
  if (t.dtype !== 'float32') throw new TypeError(`${fn}: ${param}.dtype must be "float32", got ${formatValue(t.dtype)}`);
  return t as tf.Tensor1D;
}

function describeNonTensor(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value !== null && typeof value === 'object') return 'an object';
  return formatValue(value);
}
