/**
 * Isotropic Gaussian blobs, as scikit-learn's `make_blobs`: k clusters, one class each.
 *
 * Row i belongs to class c = i mod k and is drawn as  x = center_c + std · ε,  ε ~ N(0, I_dim).
 * Given a number k, the centers are drawn first, uniformly in the box [-10, 10]^dim
 * (scikit-learn's default `center_box`); given an array, they are used as they are.
 */
import { checkFinite, checkInteger, checkNonNegative, checkOptions, pairError, typeError } from '../core/errors';
import { Random } from '../core/random';
import { checkSeed } from './check';
import { classificationSet, type ClassificationSet } from './dataset';

/** Edges of the box that random centers are drawn from, per coordinate. */
export const BLOB_CENTER_BOX: readonly [number, number] = [-10, 10];

export interface BlobsOptions {
  /** Number of points, integer ≥ 1 (about n/k per class). Default 300. */
  n?: number;
  /**
   * Number of clusters k (integer ≥ 1; centers drawn at random), or the centers themselves
   * (k rows of equal length). Default 3.
   */
  centers?: number | number[][];
  /** Std of each cluster along every axis, ≥ 0. Default 1. */
  std?: number;
  /** Dimension of the points when `centers` is a number, integer ≥ 1. Default 2 (or the length of the given centers). */
  dim?: number;
  /** Seed (integer ≥ 0). Default 0. */
  seed?: number;
}

/** A blobs set: a ClassificationSet (k classes) plus the centers used. */
export interface BlobsSet extends ClassificationSet {
  /** The k cluster centers, `[k][dim]` plain numbers. */
  centers: number[][];
}

function checkCenters(fn: string, centers: unknown): number[][] {
  if (!Array.isArray(centers) || centers.length === 0) {
    throw typeError(fn, 'centers', 'an integer ≥ 1 or a non-empty array of points', centers);
  }
  centers.forEach((center: unknown, c) => {
    if (!Array.isArray(center) || center.length === 0) {
      throw typeError(fn, `centers[${c}]`, 'a non-empty array of numbers', center);
    }
    if (center.length !== centers[0].length) {
      throw pairError(fn, `centers[${c}].length`, center.length, 'equal to', 'centers[0].length', centers[0].length);
    }
    center.forEach((v: unknown, j) => checkFinite(fn, `centers[${c}][${j}]`, v));
  });
  return centers as number[][];
}

/**
 * Samples k Gaussian blobs: `x` `[n, dim]`, `y` `[n, k]` one-hot, `labels` 0..k−1, `numClasses` k,
 * `centers`. Same options → the same points. The caller owns the tensors: call `dispose()`.
 *
 * @example
 * const data = blobs({ n: 300, centers: [[0, 0], [4, 4]], std: 1.5, seed: 2 });
 */
export function blobs(options: BlobsOptions = {}): BlobsSet {
  const fn = 'blobs';
  const { n = 300, centers = 3, std = 1, seed = 0 } = checkOptions<BlobsOptions>(fn, options, ['n', 'centers', 'std', 'dim', 'seed']);
  checkInteger(fn, 'n', n, 1);
  checkNonNegative(fn, 'std', std);
  checkSeed(fn, seed);
  let dim: number;
  if (typeof centers === 'number') {
    checkInteger(fn, 'centers', centers, 1);
    dim = checkInteger(fn, 'dim', options.dim ?? 2, 1);
  } else {
    dim = checkCenters(fn, centers)[0].length;
    if (options.dim !== undefined && options.dim !== dim) {
      throw pairError(fn, 'dim', options.dim, 'equal to', 'the length of each center', dim);
    }
  }

  const rng = new Random(seed);
  const [lo, hi] = BLOB_CENTER_BOX;
  const means =
    typeof centers === 'number'
      ? Array.from({ length: centers }, () => Array.from({ length: dim }, () => lo + (hi - lo) * rng.next()))
      : centers.map((center) => [...center]);
  const k = means.length;
  const features = new Float32Array(n * dim);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % k;
    for (let j = 0; j < dim; j++) features[i * dim + j] = means[c][j] + std * rng.normal();
    labels.push(c);
  }
  return { ...classificationSet(features, dim, labels, k), centers: means };
}
