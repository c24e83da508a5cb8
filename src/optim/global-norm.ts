/**
 * The global norm of many tensors — the one number gradient clipping and gradient monitoring read:
 * every element of every tensor taken as one long vector.
 *
 * ```
 * ‖g‖_p = (Σᵢ Σⱼ |gᵢⱼ|^p)^(1/p)          p > 0
 * ‖g‖_∞ = maxᵢ maxⱼ |gᵢⱼ|
 * ```
 *
 * Equal to PyTorch's `clip_grad_norm_` total (the p-norm of the per-tensor p-norms), up to float32
 * rounding (the sums are grouped differently). A NaN anywhere gives NaN, an ±Infinity (and no NaN)
 * gives Infinity; so do finite values whose p-th powers overflow float32 (as in torch).
 */
import * as tf from '@tensorflow/tfjs';
import { checkFinite, rangeError, typeError } from '../core/errors';
import type { NamedTensorMap } from '../core/types';

/** A norm's order: a finite p > 0, or `'inf'` (also written `Infinity`) for the largest |g|. */
export type NormType = number | 'inf';

/** Checks a norm type and returns p as a number (Infinity for `'inf'`). */
export function checkNormType(fn: string, normType: unknown): number {
  if (normType === 'inf' || normType === Infinity) return Infinity;
  if (typeof normType !== 'number') throw typeError(fn, 'normType', "a number > 0 or 'inf'", normType);
  const p = checkFinite(fn, 'normType', normType);
  if (p <= 0) throw rangeError(fn, 'normType', "> 0 or 'inf'", p);
  return p;
}

/** Throws unless `grads` is an object of live tensors (names → tensors). */
export function checkTensorMap(fn: string, param: string, grads: unknown): NamedTensorMap {
  if (typeof grads !== 'object' || grads === null || Array.isArray(grads) || grads instanceof tf.Tensor) {
    throw typeError(fn, param, 'an object of tensors keyed by variable name', grads);
  }
  for (const [name, g] of Object.entries(grads)) {
    if (!(g instanceof tf.Tensor)) throw typeError(fn, `${param}[${JSON.stringify(name)}]`, 'a tf.Tensor', g);
    if (g.isDisposed) throw new TypeError(`${fn}: ${param}[${JSON.stringify(name)}] must be a live tensor, got a disposed one`);
  }
  return grads as NamedTensorMap;
}

/**
 * The global p-norm of `tensors` as a float32 scalar (0 for none). Run it inside `tf.tidy`, or
 * dispose the result: a new tensor owned by the caller. `p` as `checkNormType` returns it.
 */
export function globalNorm(tensors: readonly tf.Tensor[], p: number): tf.Scalar {
  const fn = 'globalNorm';
  if (!Array.isArray(tensors) || !tensors.every((t) => t instanceof tf.Tensor && !t.isDisposed)) throw typeError(fn, 'tensors', 'an array of live tensors', tensors);
  if (p !== Infinity && !(checkFinite(fn, 'p', p) > 0)) throw rangeError(fn, 'p', '> 0 (or Infinity)', p);
  return tf.tidy((): tf.Scalar => {
    if (tensors.length === 0) return tf.scalar(0);
    const flat = tensors.map((t) => (t.rank === 1 ? t : tf.reshape(t, [-1])));
    const all = flat.length === 1 ? flat[0] : tf.concat(flat);
    if (p === Infinity) return tf.max(tf.abs(all)) as tf.Scalar; // tfjs's max propagates NaN (cpu, wasm: tested)
    if (p === 2) return tf.sqrt(tf.sum(tf.square(all))) as tf.Scalar;
    if (p === 1) return tf.sum(tf.abs(all)) as tf.Scalar;
    return tf.pow(tf.sum(tf.pow(tf.abs(all), p)), 1 / p) as tf.Scalar;
  });
}
