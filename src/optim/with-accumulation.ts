/**
 * `withAccumulation(optimizer, { steps, average })`: gradient accumulation for any `tf.Optimizer` —
 * trainlab's or tfjs's — as optax's `MultiSteps`: k micro-batch gradients are summed, and every
 * k-th call applies one update with their mean (or sum). A batch too large for memory is trained
 * as k micro-batches of b rows: with a mean loss, the mean of their gradients is exactly the
 * gradient of the k·b-row batch, so the parameters follow the same path (to float32 rounding).
 *
 *   calls 1 … k−1:   G ← G + g                       (no update; the optimizer is not called)
 *   call k:          inner.applyGradients(G / k)     (or G with `average: false`);  G ← 0
 *
 * The inner optimizer counts only the updates it applies, so a learning-rate schedule advances once
 * per update, never per micro-batch; `iterations` reports that count.
 *
 * Where the equivalence breaks: batch normalization. Its training-mode statistics (mean, variance)
 * are those of each micro-batch of b rows, not of the k·b rows, so the forward pass itself differs
 * (noisier statistics for small b), and its running averages are updated k times instead of once.
 * Layer norm, per sample, has no such problem. Dropout draws different masks, equal in distribution.
 */
import * as tf from '@tensorflow/tfjs';
import { checkOptimizer } from '../core/check-optimizer';
import { checkBoolean, checkInteger, checkOptions, formatValue } from '../core/errors';
import type { NamedTensorMap } from '../core/types';
import { gradientMap, type NamedTensor } from './gradient-map';
import { OptimizerWrapper } from './optimizer-wrapper';

export interface WithAccumulationOptions {
  /** Micro-batches per update k, integer ≥ 1 (1: every call updates). Required. */
  steps: number;
  /** Apply the mean of the k gradients (true) or their sum (false). Default true. */
  average?: boolean;
}

/** The state slot names `getWeights` uses: `<variable name>/accumulated` and the micro-step count. */
const SLOT = 'accumulated';
const COUNT = 'accumulation/count';

/**
 * A `tf.Optimizer` that accumulates gradients over `steps` calls, then lets the wrapped optimizer
 * apply their mean (see the module doc for the rule). Sums are float32 tensors held between calls
 * (one per variable, the size of the parameters); `dispose()` frees them and the inner optimizer.
 */
export class AccumulatingOptimizer extends OptimizerWrapper {
  static className = 'trainlab.AccumulatingOptimizer';
  readonly steps: number;
  readonly average: boolean;
  private sums: NamedTensorMap = {};
  private count = 0;

  constructor(optimizer: tf.Optimizer, options: WithAccumulationOptions) {
    const fn = 'withAccumulation';
    const o = checkOptions(fn, options, ['steps', 'average']) as Partial<WithAccumulationOptions>;
    checkOptimizer(fn, optimizer);
    if (o.steps === undefined) throw new TypeError(`${fn}: options.steps (micro-batches per update, an integer ≥ 1) is required`);
    const steps = checkInteger(fn, 'steps', o.steps, 1);
    const average = checkBoolean(fn, 'average', o.average ?? true);
    super(fn, optimizer);
    this.steps = steps;
    this.average = average;
  }

  /** Micro-batches accumulated since the last update: 0 … steps − 1. */
  get microStep(): number {
    return this.count;
  }

  /**
   * Adds this micro-batch's gradients to the sums; on the `steps`-th call, applies the update and
   * starts a new window. A call without gradients is not counted. The caller keeps its tensors.
   */
  applyGradients(variableGradients: NamedTensorMap | NamedTensor[]): void {
    const grads = gradientMap(variableGradients);
    if (Object.keys(grads).length === 0) return;
    const previous = this.sums;
    // The first micro-batch is kept as is (a clone shares the data: no copy); later ones are added.
    // `keep`: the sums outlive any tidy the caller runs this in (model.fit runs its step in one).
    this.sums = tf.tidy(() => {
      const next: NamedTensorMap = { ...previous };
      for (const [name, g] of Object.entries(grads)) next[name] = tf.keep(previous[name] === undefined ? tf.clone(g) : tf.add(previous[name], g));
      return next;
    });
    for (const [name, t] of Object.entries(previous)) if (this.sums[name] !== t) t.dispose();
    this.count++;
    if (this.count >= this.steps) this.flush();
  }

  /**
   * Applies what has been accumulated now, even if fewer than `steps` micro-batches came (their
   * mean, or sum), and starts a new window. Does nothing when nothing is pending. `train()` calls
   * it at the end of each epoch, so a window never spans two epochs.
   */
  flush(): void {
    if (this.count === 0) return;
    const n = this.count;
    const update = this.average ? tf.tidy(() => mapValues(this.sums, (s) => tf.div(s, n))) : this.sums;
    try {
      this.inner.applyGradients(update);
    } finally {
      if (update !== this.sums) tf.dispose(Object.values(update));
      this.reset();
    }
  }

  /** Drops the accumulated gradients without applying them. */
  reset(): void {
    tf.dispose(Object.values(this.sums));
    this.sums = {};
    this.count = 0;
  }

  /**
   * The inner optimizer's state, then the pending sums as `<variable name>/accumulated` and the
   * micro-step count as `accumulation/count` (new tensors owned by the caller).
   */
  async getWeights(): Promise<NamedTensor[]> {
    const inner = await this.inner.getWeights();
    const sums = Object.entries(this.sums).map(([name, t]) => ({ name: `${name}/${SLOT}`, tensor: t.clone() }));
    return [...inner, ...sums, { name: COUNT, tensor: tf.scalar(this.count, 'int32') }];
  }

  /** Restores what `getWeights` saved (the caller keeps its tensors). */
  async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const mine = (w: NamedTensor) => w.name === COUNT || w.name.endsWith(`/${SLOT}`);
    await this.inner.setWeights(weightValues.filter((w) => !mine(w)));
    const count = weightValues.find((w) => w.name === COUNT);
    const value = count === undefined ? 0 : (await count.tensor.data())[0];
    if (!Number.isInteger(value) || value < 0 || value >= this.steps) {
      throw new RangeError(`withAccumulation: setWeights got ${COUNT} = ${formatValue(value)}; it must be an integer in [0, ${this.steps})`);
    }
    this.reset();
    for (const w of weightValues) if (w.name.endsWith(`/${SLOT}`)) this.sums[w.name.slice(0, -SLOT.length - 1)] = tf.keep(w.tensor.clone());
    this.count = value;
  }

  /** Frees the sums, then the inner optimizer. Idempotent. */
  dispose(): void {
    this.reset();
    super.dispose();
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), steps: this.steps, average: this.average };
  }
}

function mapValues(m: NamedTensorMap, f: (t: tf.Tensor) => tf.Tensor): NamedTensorMap {
  const out: NamedTensorMap = {};
  for (const [k, t] of Object.entries(m)) out[k] = f(t);
  return out;
}

/**
 * Gradient accumulation for any `tf.Optimizer` (see {@link AccumulatingOptimizer}): one update
 * every `steps` calls, with the mean (default) or sum of their gradients.
 *
 * Composes with clipping: `withAccumulation(withClipping(opt, { maxNorm: 1 }), { steps: 4 })`
 * clips the accumulated gradient once per update, as PyTorch users clip after the window's last
 * `backward()`. (The other order would clip each micro-batch.)
 *
 * @param optimizer any `tf.Optimizer`; the wrapper owns it from now on (its `dispose()` disposes it).
 * @param options `{ steps, average = true }`: `steps` integer ≥ 1.
 * @returns a `tf.Optimizer` for `model.compile`/`fit`, `minimize`, `applyGradients`; it forwards the
 *   learning rate and `iterations` (applied updates) to `optimizer`.
 * @throws TypeError/RangeError at once for bad options, e.g. `withAccumulation: steps must be an integer ≥ 1, got 0`.
 * @see optax `MultiSteps`; Goyal et al. 2017 ("Accurate, Large Minibatch SGD") on large batches.
 * @example
 * // A batch of 256 rows, in 4 micro-batches of 64:
 * const optimizer = withAccumulation(adamw({ learningRate: 1e-3 }), { steps: 4 });
 * model.compile({ optimizer, loss: 'categoricalCrossentropy' });
 * await model.fit(x, y, { batchSize: 64, epochs: 5 });
 */
export function withAccumulation(optimizer: tf.Optimizer, options: WithAccumulationOptions): AccumulatingOptimizer {
  return new AccumulatingOptimizer(optimizer, options);
}
