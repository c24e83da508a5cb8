/**
 * A one-dimensional regression set: noisy samples of a function, for fitting, under- and
 * overfitting demos.
 *
 *   xᵢ ~ U[xMin, xMax),   yᵢ = fn(xᵢ) + noise · εᵢ,   εᵢ ~ N(0, 1)
 *
 * The default fn is sin(πx) on [-1, 1): one full period.
 */
import { checkFinite, checkInteger, checkNonNegative, checkOptions, pairError, rangeError, typeError } from '../core/errors';
import { Random } from '../core/random';
import { checkSeed } from './check';
import { regressionSet, type RegressionSet } from './dataset';

export interface Regression1dOptions {
  /** Number of points, integer ≥ 1. Default 100. */
  n?: number;
  /** Std of the Gaussian noise added to each target, ≥ 0. Default 0.1. */
  noise?: number;
  /** The noise-free target function. Default `(x) => Math.sin(Math.PI * x)`. */
  fn?: (x: number) => number;
  /** Inputs are drawn uniformly from [xRange[0], xRange[1]); finite, xRange[0] < xRange[1]. Default [-1, 1]. */
  xRange?: [number, number];
  /** Seed (integer ≥ 0). Default 0. */
  seed?: number;
}

/** The default target function, sin(πx). */
export const defaultRegressionFn = (x: number): number => Math.sin(Math.PI * checkFinite('defaultRegressionFn', 'x', x));

/**
 * Samples a 1-D regression set: `x` and `y`, both `[n, 1]` float32, rows in random order of x.
 * Same options → the same points. The caller owns the tensors: call `dispose()` on the result.
 *
 * @example
 * const data = regression1d({ n: 20, noise: 0.2, seed: 3 }); // few points: easy to overfit
 * const cubic = regression1d({ fn: (x) => x ** 3 - x, xRange: [-2, 2] });
 */
export function regression1d(options: Regression1dOptions = {}): RegressionSet {
  const name = 'regression1d';
  const { n = 100, noise = 0.1, fn = defaultRegressionFn, xRange = [-1, 1], seed = 0 } = checkOptions<Regression1dOptions>(name, options, ['n', 'noise', 'fn', 'xRange', 'seed']);
  checkInteger(name, 'n', n, 1);
  checkNonNegative(name, 'noise', noise);
  if (typeof fn !== 'function') throw typeError(name, 'fn', 'a function (x: number) => number', fn);
  if (!Array.isArray(xRange) || xRange.length !== 2) throw typeError(name, 'xRange', 'an array [min, max]', xRange);
  const [lo, hi] = [checkFinite(name, 'xRange[0]', xRange[0]), checkFinite(name, 'xRange[1]', xRange[1])];
  if (!(lo < hi)) throw pairError(name, 'xRange[0]', lo, '<', 'xRange[1]', hi);
  checkSeed(name, seed);

  const rng = new Random(seed);
  const inputs = new Float32Array(n);
  const targets = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const x = Math.fround(lo + (hi - lo) * rng.next()); // the float32 value stored, so y = fn(stored x) + noise
    const fx = fn(x);
    if (typeof fx !== 'number' || !Number.isFinite(fx)) throw rangeError(name, `fn(${x})`, 'a finite number', fx);
    inputs[i] = x;
    targets[i] = fx + noise * rng.normal();
  }
  return regressionSet(inputs, targets);
}
