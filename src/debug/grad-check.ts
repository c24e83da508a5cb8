/**
 * A numerical gradient check: compare the gradient tfjs computes (`tf.grads`, or a gradient you
 * wrote yourself) with central differences of the function, element by element, as cs231n
 * teaches — the standard test that a hand-written backward pass (or a custom gradient) is right.
 *
 * ```
 * numeric gᵢ ≈ (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h          error O(h²) + rounding O(ε_mach·|f| / h)
 * relative error rᵢ = |aᵢ − nᵢ| / max(|aᵢ|, |nᵢ|, floorᵢ)
 * ```
 *
 * Thresholds for float32 (tfjs computes in float32; cs231n's 1e-7 / 1e-4 / 1e-2 are for float64):
 * with float32's ε_mach ≈ 1.2e-7 the best step is h ≈ ∛ε_mach ≈ 5e-3 — the default is h = 1e-2 —
 * and a correct smooth gradient then shows relative errors around 1e-5–1e-3. So:
 *   - max r ≤ 1e-2  → `'ok'`;
 *   - 1e-2 < max r ≤ 1e-1 → `'suspicious'` (a kink — ReLU at 0, max — within h of a checked point,
 *     or float32 rounding on a tiny component; look at the worst element);
 *   - max r > 1e-1 → `'wrong'`: a wrong gradient is wrong by a factor (missing 2: r = 0.33), far above.
 * Components smaller than floorᵢ = 1000·ε_mach·max(|f(x + h·eᵢ)|, |f(x − h·eᵢ)|)/h — above the
 * float32 rounding noise of the numeric estimate when f is a chain of float32 ops — are compared
 * absolutely against it, so that rounding noise on a near-zero gradient does not read as a 100 %
 * error, while a wrong gradient of any size still does.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, checkPositive, typeError } from '../core/errors';
import { Random } from '../core/random';
import { checkOptions } from '../optim/validate';

/** float32's machine epsilon (2⁻²³). */
const EPS32 = 2 ** -23;

/** Where `verdict` changes: `ok` up to `ok`, `suspicious` up to `wrong`, `wrong` above. */
export const GRAD_CHECK_THRESHOLDS = { ok: 1e-2, wrong: 1e-1 } as const;

export type GradCheckVerdict = 'ok' | 'suspicious' | 'wrong';

export interface GradCheckOptions {
  /** The step h of the central difference, finite > 0. Default 1e-2 (float32: see the module doc). */
  epsilon?: number;
  /** Elements checked per input, integer ≥ 1, chosen at random (seeded) when an input has more. Default 100. */
  maxElements?: number;
  /** Seed of that choice, integer ≥ 0. Default 0. */
  seed?: number;
  /**
   * The gradient to check, if not `tf.grads(f)`: a function of the same inputs returning one
   * tensor per input (e.g. your hand-written backward pass). The check disposes what it returns.
   */
  grads?: (...inputs: tf.Tensor[]) => tf.Tensor[];
}

export interface GradCheckElement {
  /** Which input (position in `inputs`) and which element of it (flat index). */
  input: number;
  index: number;
  analytic: number;
  numeric: number;
  relativeError: number;
  /** floorᵢ: below this size, |aᵢ − nᵢ| is compared with it instead of with |aᵢ| or |nᵢ|. */
  floor: number;
}

export interface GradCheckResult {
  verdict: GradCheckVerdict;
  /** The largest relative error over every checked element. */
  maxRelativeError: number;
  /** The element with that error. */
  worst: GradCheckElement;
  /** Every checked element, input by input. */
  elements: GradCheckElement[];
  /** The step h used. */
  epsilon: number;
}

/**
 * Checks the gradient of a scalar function of tensors against central differences.
 *
 * @param f a scalar function of the inputs (float32; it must return a tensor of one element). Called 2·(checked elements) + 1 times, with
 *   new tensors it must not keep; it runs inside `tf.tidy`.
 * @param inputs the point x (one tensor per argument of `f`; the caller keeps them, unchanged).
 * @param options `{ epsilon = 1e-2, maxElements = 100, seed = 0, grads? }`.
 * @returns plain numbers: the verdict (thresholds in GRAD_CHECK_THRESHOLDS, explained in the module
 *   doc), the worst element and every checked one. No tensor outlives the call.
 * @throws TypeError/RangeError for bad arguments before any tensor is made; an Error when `f` does
 *   not return a scalar or `grads` returns the wrong number or shapes of tensors.
 * @see cs231n, "Neural Networks Part 3: Learning and Evaluation", Gradient checks.
 * @example
 * const w = tf.randomNormal([4, 3]);
 * const x = tf.randomNormal([8, 4]);
 * const result = gradCheck((w) => tf.sum(tf.tanh(tf.matMul(x, w))), [w]);
 * result.verdict // 'ok'
 */
export function gradCheck(f: (...inputs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[], options: GradCheckOptions = {}): GradCheckResult {
  const fn = 'gradCheck';
  if (typeof f !== 'function') throw typeError(fn, 'f', 'a function of the inputs returning a scalar tensor', f);
  if (!Array.isArray(inputs) || inputs.length === 0) throw typeError(fn, 'inputs', 'a non-empty array of tensors', inputs);
  inputs.forEach((x, i) => {
    if (!(x instanceof tf.Tensor) || x.isDisposed) throw typeError(fn, `inputs[${i}]`, 'a live tf.Tensor', x);
    if (x.dtype !== 'float32') throw typeError(fn, `inputs[${i}].dtype`, '"float32"', x.dtype);
  });
  const { epsilon = 1e-2, maxElements = 100, seed = 0, grads } = checkOptions(fn, options, ['epsilon', 'maxElements', 'seed', 'grads']);
  const h = checkPositive(fn, 'epsilon', epsilon);
  const limit = checkInteger(fn, 'maxElements', maxElements, 1);
  const rng = new Random(checkInteger(fn, 'seed', seed, 0));
  if (grads !== undefined && typeof grads !== 'function') throw typeError(fn, 'grads', 'a function of the inputs returning one tensor per input', grads);

  const evaluate = (xs: tf.Tensor[]): number => {
    const y = tf.tidy(() => f(...xs));
    if (!(y instanceof tf.Tensor) || y.size !== 1) {
      tf.dispose(y);
      throw new Error(`${fn}: f must return a scalar tensor, got ${y instanceof tf.Tensor ? `shape [${y.shape}]` : String(y)}`);
    }
    const value = y.dataSync()[0];
    y.dispose();
    return value;
  };
  evaluate(inputs); // f at x itself: fails early, with a clear message, for a non-scalar f
  const analytic = analyticGradients(fn, f, grads as GradCheckOptions['grads'], inputs);

  const elements: GradCheckElement[] = [];
  inputs.forEach((x, input) => {
    const base = x.dataSync() as Float32Array;
    const indices = x.size <= limit ? Array.from({ length: x.size }, (_, i) => i) : rng.permutation(x.size).slice(0, limit).sort((a, b) => a - b);
    for (const index of indices) {
      const at = (delta: number): number => {
        const values = base.slice();
        values[index] += delta;
        const moved = tf.tensor(values, x.shape, 'float32');
        try {
          return evaluate(inputs.map((other, k) => (k === input ? moved : other)));
        } finally {
          moved.dispose();
        }
      };
      const [plus, minus] = [at(h), at(-h)];
      const numeric = (plus - minus) / (2 * h);
      const floor = (1000 * EPS32 * Math.max(Math.abs(plus), Math.abs(minus))) / h;
      const a = analytic[input][index];
      const relativeError = Math.abs(a - numeric) / Math.max(Math.abs(a), Math.abs(numeric), floor, Number.MIN_VALUE);
      elements.push({ input, index, analytic: a, numeric, relativeError: Number.isNaN(relativeError) ? Infinity : relativeError, floor });
    }
  });
  const worst = elements.reduce((w, e) => (e.relativeError > w.relativeError ? e : w), elements[0]);
  const r = worst.relativeError;
  const verdict: GradCheckVerdict = r <= GRAD_CHECK_THRESHOLDS.ok ? 'ok' : r <= GRAD_CHECK_THRESHOLDS.wrong ? 'suspicious' : 'wrong';
  return { verdict, maxRelativeError: r, worst, elements, epsilon: h };
}

/** The gradient to check, as flat arrays (one per input). */
function analyticGradients(
  fn: string,
  f: (...inputs: tf.Tensor[]) => tf.Tensor,
  grads: GradCheckOptions['grads'],
  inputs: tf.Tensor[],
): Float32Array[] {
  const gs = tf.tidy(() => (grads === undefined ? tf.grads((...xs: tf.Tensor[]) => f(...xs) as tf.Scalar)(inputs) : grads(...inputs)));
  try {
    if (!Array.isArray(gs) || gs.length !== inputs.length) {
      throw new Error(`${fn}: grads must return one tensor per input (${inputs.length}), got ${Array.isArray(gs) ? gs.length : String(gs)}`);
    }
    return gs.map((g, i) => {
      if (!(g instanceof tf.Tensor) || !tf.util.arraysEqual(g.shape, inputs[i].shape)) {
        throw new Error(`${fn}: grads()[${i}] must have the shape of inputs[${i}] [${inputs[i].shape}], got ${g instanceof tf.Tensor ? `[${g.shape}]` : String(g)}`);
      }
      return g.dataSync() as Float32Array;
    });
  } finally {
    if (Array.isArray(gs)) tf.dispose(gs.filter((g) => g instanceof tf.Tensor));
  }
}
