/**
 * `withClipping(optimizer, …)`: gradient clipping for any `tf.Optimizer` — trainlab's or tfjs's — so
 * that `model.compile({ optimizer: withClipping(tf.train.adam(1e-3), { maxNorm: 1 }) })` and
 * `model.fit` clip every step, which tfjs cannot do on its own (its optimizers have no global-norm
 * clipping, and `clipnorm`/`clipvalue` from Keras are not implemented).
 */
import * as tf from '@tensorflow/tfjs';
import { checkOptimizer } from '../core/check-optimizer';
import { checkPositive } from '../core/errors';
import type { NamedTensorMap } from '../core/types';
import { clipCoefficient } from './clip-grad-norm';
import { clampElements } from './clip-grad-value';
import { gradientMap, type NamedTensor } from './gradient-map';
import { checkNormType, globalNorm, type NormType } from './global-norm';
import { OptimizerWrapper } from './optimizer-wrapper';
import { checkOptions } from './validate';

export interface WithClippingOptions {
  /** Clip by global norm to this length, finite > 0 (torch's `clip_grad_norm_`). */
  maxNorm?: number;
  /** The norm's order for `maxNorm`: p > 0 or `'inf'`. Default 2. */
  normType?: NormType;
  /** Clamp every element to [−clipValue, clipValue], finite > 0 (torch's `clip_grad_value_`). */
  clipValue?: number;
}

/**
 * A `tf.Optimizer` that clips the gradients, then lets the wrapped optimizer apply them. With both
 * options, elements are clamped first, then the result is clipped by norm.
 *
 * ```
 * (1) g ← min(max(g, −clipValue), clipValue)                 if clipValue is given
 * (2) n = ‖g‖_p over all variables;  g ← min(maxNorm / (n + 1e-6), 1)·g    if maxNorm is given
 * (3) inner.applyGradients(g)
 * ```
 *
 * No value is read back (no sync): the factor stays on the device. Gradients of a step are clipped
 * together — the norm of all variables passed to one `applyGradients`, as torch's `clip_grad_norm_`
 * over `model.parameters()`.
 */
export class ClippingOptimizer extends OptimizerWrapper {
  static className = 'trainlab.ClippingOptimizer';
  readonly maxNorm: number | null;
  readonly normType: NormType;
  readonly clipValue: number | null;
  private readonly p: number;

  constructor(optimizer: tf.Optimizer, options: WithClippingOptions) {
    const fn = 'withClipping';
    // Checks first, so a bad option throws before the wrapper exists.
    const { maxNorm, normType = 2, clipValue } = checkOptions(fn, options, ['maxNorm', 'normType', 'clipValue']);
    checkOptimizer(fn, optimizer);
    if (maxNorm === undefined && clipValue === undefined) {
      throw new TypeError(`${fn}: options must give maxNorm (clip by global norm) or clipValue (clip by value), got neither`);
    }
    const max = maxNorm === undefined ? null : checkPositive(fn, 'maxNorm', maxNorm);
    const p = checkNormType(fn, normType);
    if (max === null && options.normType !== undefined) throw new TypeError(`${fn}: normType is only used with maxNorm, which is missing`);
    const value = clipValue === undefined ? null : checkPositive(fn, 'clipValue', clipValue);
    super(fn, optimizer);
    this.maxNorm = max;
    this.normType = normType as NormType;
    this.clipValue = value;
    this.p = p;
  }

  /** Clips the step's gradients (new tensors, freed here) and applies them with the inner optimizer. */
  applyGradients(variableGradients: NamedTensorMap | NamedTensor[]): void {
    const grads = gradientMap(variableGradients);
    const names = Object.keys(grads);
    if (names.length === 0) return;
    const clipped = tf.tidy(() => {
      let g = grads;
      if (this.clipValue !== null) g = mapValues(g, (t) => clampElements(t, this.clipValue!)); //  (1)
      if (this.maxNorm !== null) {
        const c = clipCoefficient(globalNorm(names.map((n) => g[n]), this.p), this.maxNorm); //    (2)
        g = mapValues(g, (t) => tf.mul(t, c));
      }
      return g;
    });
    try {
      this.inner.applyGradients(clipped); //                                                        (3)
    } finally {
      tf.dispose(Object.values(clipped));
    }
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), maxNorm: this.maxNorm, normType: this.normType, clipValue: this.clipValue };
  }
}

function mapValues(m: NamedTensorMap, f: (t: tf.Tensor) => tf.Tensor): NamedTensorMap {
  const out: NamedTensorMap = {};
  for (const [k, t] of Object.entries(m)) out[k] = f(t);
  return out;
}

/**
 * Adds gradient clipping to any `tf.Optimizer` (see {@link ClippingOptimizer} for the rule).
 *
 * Composes with other wrappers: put accumulation outside, `withAccumulation(withClipping(opt, …), …)`,
 * to clip the accumulated gradient once per update, as PyTorch users do (clip after the last
 * `backward()` of the accumulation window).
 *
 * @param optimizer any `tf.Optimizer`; the wrapper owns it from now on (its `dispose()` disposes it).
 * @param options `{ maxNorm?, normType = 2, clipValue? }` — at least one of `maxNorm`, `clipValue`.
 * @returns a `tf.Optimizer` forwarding the learning rate, `iterations`, state and `dispose()` to
 *   `optimizer`. Not registered for serialization (a saved model's optimizer config is the inner one's).
 * @throws TypeError/RangeError at once for bad options, e.g. `withClipping: maxNorm must be > 0, got 0`.
 * @see PyTorch `torch.nn.utils.clip_grad_norm_`, `clip_grad_value_`; optax `clip_by_global_norm`.
 * @example
 * const optimizer = withClipping(tf.train.adam(1e-3), { maxNorm: 1 });
 * model.compile({ optimizer, loss: 'categoricalCrossentropy' });
 * await model.fit(x, y, { epochs: 5 });
 */
export function withClipping(optimizer: tf.Optimizer, options: WithClippingOptions): ClippingOptimizer {
  return new ClippingOptimizer(optimizer, options);
}
