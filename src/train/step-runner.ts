/**
 * One training step of `train()` for a (micro-)batch — the part that changes with
 * `accumulationSteps` and `precision`. The loop (train.ts) stays the same: it hands a `forward`
 * closure that computes the loss from a `predict` function this runner supplies.
 *
 *   float32, no accumulation:   optimizer.minimize(forward(model.apply))          (the plain step)
 *   accumulationSteps = k:      the micro-batch loss is weighted by its share of the window's rows,
 *                               the weighted gradients summed by an AccumulatingOptimizer, one
 *                               update per k micro-batches (and at the end of an epoch), so k
 *                               micro-batches of b rows update exactly as one batch of k·b rows;
 *   precision float16/bfloat16: emulated mixed precision —
 *     1. the float32 master weights are swapped for rounded copies (the variables hold the 16-bit
 *        values during the forward and backward pass);
 *     2. the forward pass rounds the input and every layer's output (`toFloat16`/`toBFloat16`,
 *        whose gradient is the incoming gradient rounded: activation gradients are 16-bit too);
 *     3. float16 only: the loss is multiplied by the loss scale S before the backward pass;
 *     4. the masters are put back; the weight gradients are rounded to 16 bits (where small ones
 *        underflow), then, in float32, divided by S and checked: a step with a NaN or ±Infinity is
 *        skipped (no update, the schedule does not advance) and S backs off (DynamicLossScaler).
 *   The loss itself is computed in float32 from the rounded output, as autocast does.
 *
 * Honest about what this is: an emulation of the numerics of mixed precision on float32 hardware.
 * It is slower than float32 here (the rounding is extra work); the speed-up of real mixed precision
 * comes from 16-bit matrix units and half the bytes moved, which a CPU does not have.
 */
import * as tf from '@tensorflow/tfjs';
import type { NamedTensorMap } from '../core/types';
import { AccumulatingOptimizer } from '../optim/with-accumulation';
import { DynamicLossScaler } from '../precision/dynamic-loss-scaler';
import { roundArray, toBFloat16, toFloat16, type LowPrecision } from '../precision/to-low-precision';
import type { TrainingPrecision } from '../precision/training-memory';

/** Computes a batch's loss from a `predict(x)` that runs the model in training mode. */
export type Forward = (predict: (x: tf.Tensor) => tf.Tensor) => tf.Scalar;

export interface StepRunnerOptions {
  accumulationSteps: number;
  precision: TrainingPrecision;
  /** The float16 scaler (null for float32 and bfloat16). */
  lossScaler: DynamicLossScaler | null;
  batchSize: number;
  samples: number;
}

/** The layers of a model that is a plain chain (each layer feeds the next), or null. */
function chainOf(model: tf.LayersModel): tf.layers.Layer[] | null {
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  if (model instanceof tf.Sequential) return layers;
  for (let i = 1; i < layers.length; i++) {
    const nodes = (layers[i] as unknown as { inboundNodes: { inboundLayers: tf.layers.Layer[] }[] }).inboundNodes;
    if (nodes.length !== 1 || nodes[0].inboundLayers.length !== 1 || nodes[0].inboundLayers[0] !== layers[i - 1]) return null;
  }
  return layers;
}

/**
 * `predict(x)` with every activation rounded: the input and each layer's output for a chain of
 * layers; for other graphs, the input and the model's output only.
 */
export function lowPrecisionPredict(model: tf.LayersModel, precision: LowPrecision): (x: tf.Tensor) => tf.Tensor {
  const round = precision === 'float16' ? toFloat16 : toBFloat16;
  const chain = chainOf(model);
  if (chain === null) return (x) => round(model.apply(round(x), { training: true }) as tf.Tensor);
  return (x) => chain.reduce((h, layer) => round(layer.apply(h, { training: true }) as tf.Tensor), round(x));
}

/** Rounded copies of tensors (no gradient), new tensors. */
function rounded(tensors: NamedTensorMap, precision: LowPrecision): NamedTensorMap {
  const out: NamedTensorMap = {};
  for (const [name, t] of Object.entries(tensors)) out[name] = tf.tensor(roundArray(Float32Array.from(t.dataSync() as Float32Array), precision), t.shape, 'float32');
  return out;
}

export class StepRunner {
  /** What receives the gradients: the accumulator, or the optimizer (or train's probe) itself. */
  private readonly target: tf.Optimizer;
  private readonly accumulator: AccumulatingOptimizer | null;
  private readonly predict: (x: tf.Tensor) => tf.Tensor;
  /** False once a micro-batch of the current window had non-finite gradients: the window is dropped. */
  private windowFinite = true;
  /** Updates skipped for non-finite gradients (float16). */
  skipped = 0;

  constructor(
    model: tf.LayersModel,
    optimizer: tf.Optimizer,
    private readonly variables: tf.Variable[],
    private readonly o: StepRunnerOptions,
  ) {
    this.accumulator = o.accumulationSteps > 1 ? new AccumulatingOptimizer(optimizer, { steps: o.accumulationSteps, average: false }) : null;
    this.target = this.accumulator ?? optimizer;
    this.predict = o.precision === 'float32' ? (x) => model.apply(x, { training: true }) as tf.Tensor : lowPrecisionPredict(model, o.precision);
  }

  /** Rows in the accumulation window of batch `index` (the epoch's last window may be short). */
  private windowRows(index: number): number {
    const k = this.o.accumulationSteps;
    const start = Math.floor(index / k) * k * this.o.batchSize;
    return Math.min(start + k * this.o.batchSize, this.o.samples) - start;
  }

  /** True when batch `index` closes its window (the k-th, or the epoch's last batch). */
  private closesWindow(index: number): boolean {
    return (index + 1) % this.o.accumulationSteps === 0 || (index + 1) * this.o.batchSize >= this.o.samples;
  }

  /**
   * Runs one (micro-)batch of `rows` rows, the `index`-th of its epoch: forward, backward and, when
   * due, the update. Returns the batch's (unweighted, unscaled) loss; the caller disposes it.
   */
  step(index: number, rows: number, forward: Forward): tf.Scalar {
    const { precision, lossScaler } = this.o;
    const weight = this.accumulator === null ? 1 : rows / this.windowRows(index);
    if (precision === 'float32' && this.accumulator === null) return this.target.minimize(() => forward(this.predict), true, this.variables)!;

    let loss: tf.Scalar | null = null;
    let grads: NamedTensorMap;
    const masters = precision === 'float32' ? null : this.variables.map((v) => tf.keep(v.clone())); // (1)
    try {
      if (masters !== null) {
        const copies = rounded(Object.fromEntries(this.variables.map((v) => [v.name, v])), precision as LowPrecision);
        this.variables.forEach((v) => v.assign(copies[v.name]));
        tf.dispose(Object.values(copies));
      }
      const result = this.target.computeGradients(() => {
        loss = tf.keep(forward(this.predict)); //                                                    (2)
        const weighted = weight === 1 ? loss : tf.mul(loss, weight);
        return lossScaler === null ? (weighted as tf.Scalar) : (lossScaler.scaleLoss(weighted) as tf.Scalar); // (3)
      }, this.variables);
      if (result.value !== loss) result.value.dispose(); // weight 1, no scaler: the value is the loss itself
      grads = result.grads;
    } finally {
      if (masters !== null) this.variables.forEach((v, i) => v.assign(masters[i])); //               (4)
      tf.dispose(masters ?? []);
    }

    let finite = true;
    if (precision !== 'float32') {
      const low = rounded(grads, precision);
      tf.dispose(Object.values(grads));
      grads = low;
      if (lossScaler !== null) {
        const unscaled = lossScaler.unscale(grads);
        tf.dispose(Object.values(grads));
        grads = unscaled.grads;
        finite = unscaled.finite;
      }
    }
    try {
      if (!finite && this.windowFinite) {
        this.windowFinite = false;
        this.accumulator?.reset();
      }
      if (this.windowFinite) this.target.applyGradients(grads);
    } finally {
      tf.dispose(Object.values(grads));
    }
    if (this.accumulator === null || this.closesWindow(index)) this.closeWindow();
    return loss!;
  }

  /** Ends the window: applies a short one, or counts a dropped one; moves the loss scale. */
  private closeWindow(): void {
    if (this.windowFinite) this.accumulator?.flush();
    else this.skipped++;
    this.o.lossScaler?.update(this.windowFinite);
    this.windowFinite = true;
  }

  /** Drops anything pending (a run stopped mid-window). Never disposes the caller's optimizer. */
  release(): void {
    this.accumulator?.reset();
  }
}
