/**
 * Standardization: shift and scale each feature to mean 0 and standard deviation 1, with statistics
 * fitted on the training data only and then applied, unchanged, to validation, test and new data.
 *
 *   (1) μⱼ = (1/n) Σᵢ xᵢⱼ
 *   (2) σⱼ = √((1/n) Σᵢ (xᵢⱼ − μⱼ)²)      population std (divide by n), as scikit-learn's StandardScaler
 *   (3) σⱼ ← 1  where every xᵢⱼ is equal  a constant feature (σⱼ = 0) would give 0/0 = NaN
 *   (4) zᵢⱼ = (xᵢⱼ − μⱼ) / σⱼ
 *
 * Rule (3) maps a constant feature to 0 on the training data (the digits set has several pixels that
 * are 0 in every image). It is decided by comparing values (min = max), not by a tolerance on σ.
 * Deviation: `torch.std` divides by n − 1 by default; (2) divides by n, so the fitted training
 * features have a population std of exactly 1.
 */
import * as tf from '@tensorflow/tfjs';
import { checkFiniteArray, checkOptions, pairError, rangeError } from '../core/errors';
import { checkTensor } from './check';

/** Per-feature statistics fitted on training data; `std` holds the divisor actually used (1 for constant features). */
export interface Standardizer {
  /** μⱼ for each feature j. */
  mean: number[];
  /** σⱼ for each feature j, > 0 (1 where the feature is constant). */
  std: number[];
}

/** Fits (1)–(3) on row-major values `[n × d]`, in float64. Internal: `fitStandardizer` takes a tensor. */
export function fitStandardizerArray(values: ArrayLike<number>, n: number, d: number): Standardizer {
  const mean = new Array<number>(d).fill(0);
  const std = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += values[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n; // (1)
  for (let j = 0; j < d; j++) {
    let sumSq = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = values[i * d + j];
      sumSq += (v - mean[j]) ** 2;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    std[j] = min === max ? 1 : Math.sqrt(sumSq / n); // (3) : (2)
  }
  return { mean, std };
}

/**
 * Fits per-feature mean and std on `x` (`[n, d]`, n ≥ 1), following (1)–(3). Reads `x` once from the
 * backend; creates no tensor; `x` stays the caller's.
 *
 * @example
 * const stats = fitStandardizer(xTrain);
 * const z = standardize(xTest, stats); // caller disposes z
 */
export function fitStandardizer(x: tf.Tensor2D): Standardizer {
  checkTensor('fitStandardizer', 'x', x, 2);
  const [n, d] = x.shape;
  if (n < 1) throw rangeError('fitStandardizer', 'x.shape[0]', '≥ 1', n);
  return fitStandardizerArray(x.dataSync(), n, d);
}

/**
 * Applies (4): `(x − mean) / std` per feature, with statistics from `fitStandardizer` (or the
 * `standardizer` that `loadDigits` returns). `x` is `[m, d]` with d = `stats.mean.length`.
 * Returns a new float32 tensor owned by the caller; `x` is not disposed.
 */
export function standardize(x: tf.Tensor2D, stats: Standardizer): tf.Tensor2D {
  checkTensor('standardize', 'x', x, 2);
  checkOptions('standardize', stats, ['mean', 'std'], 'stats', 'field');
  const mean = checkFiniteArray('standardize', 'mean', stats.mean);
  const std = checkFiniteArray('standardize', 'std', stats.std);
  if (mean.length !== std.length) {
    throw pairError('standardize', 'mean.length', mean.length, 'equal to', 'std.length', std.length);
  }
  if (x.shape[1] !== mean.length) {
    throw pairError('standardize', 'x.shape[1]', x.shape[1], 'equal to', 'mean.length', mean.length);
  }
  const bad = std.findIndex((s) => !(s > 0) || !Number.isFinite(s));
  if (bad >= 0) throw rangeError('standardize', `std[${bad}]`, 'finite and > 0', std[bad]);
  return tf.tidy(() => tf.div(tf.sub(tf.cast(x, 'float32'), tf.tensor1d(mean)), tf.tensor1d(std))); // (4)
}
