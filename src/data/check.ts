/**
 * Argument checks shared by the data functions, on top of `core/errors` (same message template).
 * Internal: not exported from the package.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, pairError } from '../core/errors';

export { checkBoolean } from '../core/errors';
export { checkTensor } from '../core/check-tensor';

/** Seeds are integers ≥ 0 (`Random` reads them modulo 2³²). */
export function checkSeed(fn: string, value: unknown): number {
  return checkInteger(fn, 'seed', value, 0);
}

/** Throws `fn: a.shape[0] (m) must be equal to b.shape[0] (n)` unless two tensors have as many rows. */
export function checkSameRows(fn: string, a: string, x: tf.Tensor, b: string, y: tf.Tensor): void {
  if (x.shape[0] !== y.shape[0]) throw pairError(fn, `${a}.shape[0]`, x.shape[0], 'equal to', `${b}.shape[0]`, y.shape[0]);
}
