/**
 * Two interleaved spirals in the plane: a classic set no linear model (and no shallow net with few
 * units) separates, while a small MLP can.
 *
 * Row i belongs to class c = i mod 2 (so the classes alternate and differ in size by at most one).
 * With t ~ U[0, 1) drawn per row:
 *   θ = 2π · turns · t + c·π      class 1 is class 0 turned by half a circle
 *   r = t                          radius grows from 0 to 1 along the spiral
 *   (x₁, x₂) = r·(cos θ, sin θ) + noise · (ε₁, ε₂),   εₖ ~ N(0, 1)
 */
import { checkInteger, checkNonNegative, checkOptions, checkPositive } from '../core/errors';
import { Random } from '../core/random';
import { checkSeed } from './check';
import { classificationSet, type ClassificationSet } from './dataset';

export interface TwoSpiralsOptions {
  /** Number of points, integer ≥ 1 (half per class). Default 200. */
  n?: number;
  /** Std of the Gaussian noise added to each coordinate, ≥ 0. Default 0. */
  noise?: number;
  /** How many full turns each spiral makes, > 0. Default 1.5. */
  turns?: number;
  /** Seed (integer ≥ 0). Default 0. */
  seed?: number;
}

/**
 * Samples the two-spirals set: `x` `[n, 2]`, `y` `[n, 2]` one-hot, `labels` 0/1, `numClasses` 2.
 * Same options → the same points. The caller owns the tensors: call `dispose()` on the result.
 *
 * @example
 * const { x, y, labels, dispose } = twoSpirals({ n: 400, noise: 0.05, seed: 1 });
 */
export function twoSpirals(options: TwoSpiralsOptions = {}): ClassificationSet {
  const fn = 'twoSpirals';
  const { n = 200, noise = 0, turns = 1.5, seed = 0 } = checkOptions<TwoSpiralsOptions>(fn, options, ['n', 'noise', 'turns', 'seed']);
  checkInteger(fn, 'n', n, 1);
  checkNonNegative(fn, 'noise', noise);
  checkPositive(fn, 'turns', turns);
  checkSeed(fn, seed);

  const rng = new Random(seed);
  const features = new Float32Array(n * 2);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    const t = rng.next();
    const theta = 2 * Math.PI * turns * t + c * Math.PI;
    const r = t;
    features[2 * i] = r * Math.cos(theta) + noise * rng.normal();
    features[2 * i + 1] = r * Math.sin(theta) + noise * rng.normal();
    labels.push(c);
  }
  return classificationSet(features, 2, labels, 2);
}
