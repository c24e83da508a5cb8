/**
 * Clipping by global norm, as PyTorch's `torch.nn.utils.clip_grad_norm_`: when the gradients, taken
 * together, are longer than `maxNorm`, scale them all by one factor so that they are not. The
 * direction of the whole update is kept; only its length changes.
 */
import * as tf from '@tensorflow/tfjs';
import { checkPositive, formatValue } from '../core/errors';
import type { NamedTensorMap } from '../core/types';
import { checkNormType, checkTensorMap, globalNorm, type NormType } from './global-norm';
import { checkBoolean, checkOptions } from './validate';

/** Added to the norm before dividing, as torch does (so zero gradients give a finite factor). */
export const CLIP_EPSILON = 1e-6;

export interface ClipGradNormOptions {
  /** Throw when the total norm is NaN or ±Infinity instead of returning NaN-scaled gradients (torch's `error_if_nonfinite`). Default false. */
  errorIfNonfinite?: boolean;
}

export interface ClipGradNormResult {
  /** The clipped gradients, keyed as given: new tensors owned by the caller. */
  grads: NamedTensorMap;
  /** The global norm before clipping (a JS number; NaN or Infinity when a gradient is). */
  totalNorm: number;
}

/** The message for a non-finite total norm with `errorIfNonfinite` (torch's wording, our template). */
export function nonFiniteNormMessage(fn: string, normType: NormType, totalNorm: number): string {
  return `${fn}: the total norm of order ${formatValue(normType)} of the gradients is ${totalNorm}; some gradient is NaN or ±Infinity (set errorIfNonfinite: false to clip anyway)`;
}

/**
 * The clip factor as a tensor, in float32 as torch computes it: `min(maxNorm / (norm + 1e-6), 1)`.
 * A NaN norm gives NaN (torch's clamp keeps NaN; so does `tf.minimum`), an infinite one 0.
 */
export function clipCoefficient(norm: tf.Scalar, maxNorm: number): tf.Scalar {
  return tf.tidy(() => tf.minimum(tf.div(maxNorm, tf.add(norm, CLIP_EPSILON)), 1));
}

/**
 * Scales all gradients by one factor so that their global p-norm is at most `maxNorm`:
 *
 * ```
 * (1) n = ‖g‖_p = (Σ over all elements of all gradients |g|^p)^(1/p)    p = ∞: max |g|
 * (2) c = min(maxNorm / (n + 1e-6), 1)
 * (3) g ← c·g                                   (every gradient, the same c: the direction is kept)
 * ```
 *
 * Equal to PyTorch's `clip_grad_norm_` (tested against it for p = 1, 2, 3, 0.5, ∞, above and below
 * the threshold, zero, infinite and NaN gradients): the factor is computed in float32 as torch
 * does; an infinite norm gives c = 0 (finite entries become 0, infinite ones NaN), a NaN norm
 * makes every gradient NaN — unless `errorIfNonfinite`, which throws instead.
 *
 * @param grads gradients keyed by variable name (as `tf.variableGrads` returns them); not changed.
 * @param maxNorm the largest allowed norm, finite > 0.
 * @param normType p, a finite number > 0, or `'inf'` (default 2).
 * @param options `{ errorIfNonfinite = false }`.
 * @returns `{ grads, totalNorm }`: new tensors owned by the caller (dispose them), and the norm
 *   before clipping as a JS number — one read from the backend per call.
 * @throws RangeError/TypeError for bad arguments, before any tensor is made
 *   (`clipGradNorm: maxNorm must be > 0, got 0`); an Error for a non-finite norm with `errorIfNonfinite`.
 * @see PyTorch `torch.nn.utils.clip_grad_norm_`; Pascanu, Mikolov & Bengio, "On the difficulty of
 *   training recurrent neural networks" (ICML 2013), Algorithm 1.
 * @example
 * const { value, grads } = tf.variableGrads(() => loss(model, x, y));
 * const { grads: clipped, totalNorm } = clipGradNorm(grads, 1.0);
 * optimizer.applyGradients(clipped);
 * tf.dispose([value, grads, clipped]);
 */
export function clipGradNorm(
  grads: NamedTensorMap,
  maxNorm: number,
  normType: NormType = 2,
  options: ClipGradNormOptions = {},
): ClipGradNormResult {
  const fn = 'clipGradNorm';
  const checked = checkTensorMap(fn, 'grads', grads);
  const max = checkPositive(fn, 'maxNorm', maxNorm);
  const p = checkNormType(fn, normType);
  const { errorIfNonfinite = false } = checkOptions(fn, options, ['errorIfNonfinite']);
  const strict = checkBoolean(fn, 'errorIfNonfinite', errorIfNonfinite);

  const names = Object.keys(checked);
  const normTensor = globalNorm(names.map((n) => checked[n]), p); //                      (1)
  const totalNorm = normTensor.dataSync()[0]; // the one read
  normTensor.dispose();
  if (strict && !Number.isFinite(totalNorm)) throw new Error(nonFiniteNormMessage(fn, normType, totalNorm));
  // (2) in float32, step by step as torch: float32(maxNorm) / float32(n + float32(1e-6)), clamped.
  const f32 = Math.fround;
  const c = Math.min(f32(f32(max) / f32(totalNorm + f32(CLIP_EPSILON))), 1);
  const coef = Number.isNaN(totalNorm) ? NaN : c;
  const out = tf.tidy(() => {
    const scaled: NamedTensorMap = {};
    for (const n of names) scaled[n] = coef === 1 ? tf.clone(checked[n]) : tf.mul(checked[n], coef); //   (3)
    return scaled;
  });
  return { grads: out, totalNorm };
}
