/**
 * Two interleaving half circles ("moons"), laid out as scikit-learn's `make_moons`: separable by a
 * curved boundary, not by a line.
 *
 * Row i belongs to class c = i mod 2. With t ~ U[0, π) drawn per row:
 *   class 0 (upper moon): (cos t, sin t)
 *   class 1 (lower moon): (1 − cos t, 0.5 − sin t)
 * plus noise · N(0, 1) on each coordinate.
 * Deviation: scikit-learn spaces t evenly (linspace); here t is drawn at random.
 */
import { checkInteger, checkNonNegative, checkOptions } from '../core/errors';
import { Random } from '../core/random';
import { checkSeed } from './check';
import { classificationSet, type ClassificationSet } from './dataset';

export interface MoonsOptions {
  /** Number of points, integer ≥ 1 (half per class). Default 200. */
  n?: number;
  /** Std of the Gaussian noise added to each coordinate, ≥ 0. Default 0. */
  noise?: number;
  /** Seed (integer ≥ 0). Default 0. */
  seed?: number;
}

/**
 * Samples the two-moons set: `x` `[n, 2]`, `y` `[n, 2]` one-hot, `labels` 0/1, `numClasses` 2.
 * Same options → the same points. The caller owns the tensors: call `dispose()` on the result.
 *
 * @example
 * const data = moons({ n: 300, noise: 0.1, seed: 0 });
 */
export function moons(options: MoonsOptions = {}): ClassificationSet {
  const fn = 'moons';
  const { n = 200, noise = 0, seed = 0 } = checkOptions<MoonsOptions>(fn, options, ['n', 'noise', 'seed']);
  checkInteger(fn, 'n', n, 1);
  checkNonNegative(fn, 'noise', noise);
  checkSeed(fn, seed);

  const rng = new Random(seed);
  const features = new Float32Array(n * 2);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    const t = Math.PI * rng.next();
    const [a, b] = c === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
    features[2 * i] = a + noise * rng.normal();
    features[2 * i + 1] = b + noise * rng.normal();
    labels.push(c);
  }
  return classificationSet(features, 2, labels, 2);
}
