/**
 * Argument checks shared by the data functions, on top of `core/errors` (same message template).
 * Internal: not exported from the package.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, formatValue, pairError, rangeError } from '../core/errors';

export { checkBoolean } from '../core/errors';

/** Seeds are integers ≥ 0 (`Random` reads them modulo 2³²). */
export function checkSeed(fn: string, value: unknown): number {
  return checkInteger(fn, 'seed', value, 0);
}

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

/** Throws `fn: a.shape[0] (m) must be equal to b.shape[0] (n)` unless two tensors have as many rows. */
export function checkSameRows(fn: string, a: string, x: tf.Tensor, b: string, y: tf.Tensor): void {
  if (x.shape[0] !== y.shape[0]) throw pairError(fn, `${a}.shape[0]`, x.shape[0], 'equal to', `${b}.shape[0]`, y.shape[0]);
}

function describeNonTensor(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value !== null && typeof value === 'object') return 'an object';
  return formatValue(value);
}
