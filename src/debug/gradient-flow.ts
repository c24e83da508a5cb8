/**
 * Gradient flow: how large the gradients, weights and updates of every layer are, and what the
 * activations look like — the numbers that show vanishing and exploding gradients, dead ReLUs and
 * saturated tanh/sigmoid units.
 *
 *   gradientFlow(model, batch, { loss })          one snapshot, for a model and a batch
 *   gradientFlowCallback({ x, y, loss, every })   a train() callback: a snapshot every N steps into
 *                                                 `history.gradientFlow`, with the real update ratio
 *
 * What each number means (per trainable variable, then per layer output):
 * ```
 * gradNorm     ‖∂L/∂w‖₂            vanishing: orders of magnitude smaller in early layers than late ones
 * weightNorm   ‖w‖₂
 * gradToWeight ‖∂L/∂w‖ / ‖w‖       ×η: the update/weight ratio plain SGD would make
 * updateRatio  ‖Δw‖ / ‖w‖          the real one, from the optimizer's step (callback only); ≈ 1e-3 is healthy (cs231n)
 * mean, std    of the layer's output over the batch (all units)
 * deadFraction (ReLU layers) units whose output is ≤ 0 for every example of the batch
 * saturatedFraction (tanh |a| > 0.99, sigmoid a < 0.01 or > 0.99) outputs in the flat tails, where the local gradient is < 2 %
 * ```
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, typeError } from '../core/errors';
import { checkOptions } from '../optim/validate';
import type { Callback, TrainContext } from '../train/callbacks';
import type { History } from '../train/history';
import { resolveLoss, type LossFn, type LossName } from '../train/losses';
import { checkModel } from '../train/options';

/** Bins of every activation histogram. */
export const HISTOGRAM_BINS = 40;

export interface VariableFlow {
  /** The variable's name, e.g. `dense_Dense3/kernel`. */
  name: string;
  /** The layer that owns it. */
  layer: string;
  shape: number[];
  gradNorm: number;
  weightNorm: number;
  /** gradNorm / weightNorm (Infinity for a zero weight with a gradient). */
  gradToWeight: number;
  /** ‖Δw‖ / ‖w‖ of the optimizer step that followed (gradientFlowCallback); null in a snapshot. */
  updateRatio: number | null;
}

export interface LayerFlow {
  /** The layer's name and class, e.g. `dense_Dense3`, `Dense`. */
  name: string;
  className: string;
  /** Its activation ('relu', 'tanh', 'sigmoid', 'linear', …) when it has one. */
  activation: string | null;
  /** 0 for the first layer after the input, 1 for the next, … */
  depth: number;
  mean: number;
  std: number;
  /** ReLU-family layers: fraction of units that output ≤ 0 for every example; null otherwise. */
  deadFraction: number | null;
  /** tanh / sigmoid layers: fraction of outputs in the saturated tails; null otherwise. */
  saturatedFraction: number | null;
  /** HISTOGRAM_BINS equal bins from the smallest to the largest output. */
  histogram: { edges: number[]; counts: number[] };
}

export interface GradientFlowStats {
  /** The batch's loss. */
  loss: number;
  /** The global gradient norm, all variables together. */
  globalGradNorm: number;
  variables: VariableFlow[];
  layers: LayerFlow[];
}

/** A snapshot taken by gradientFlowCallback: the stats plus the step they were taken before. */
export interface GradientFlowRecord extends GradientFlowStats {
  step: number;
}

export interface GradientFlowOptions {
  /** The loss, as train() takes it: a name or `(yTrue, yPred) => tf.Scalar`. */
  loss: LossName | LossFn;
}

const RELU_LIKE = new Set(['relu', 'relu6', 'elu', 'selu', 'leakyReLU', 'ReLU', 'LeakyReLU', 'ELU']);

function activationOf(layer: tf.layers.Layer): string | null {
  const config = layer.getConfig() as { activation?: unknown };
  const className = layer.getClassName();
  if (typeof config.activation === 'string') return config.activation;
  if (className === 'ReLU') return 'relu';
  if (className === 'LeakyReLU') return 'leakyReLU';
  if (className === 'ELU') return 'elu';
  return null;
}

/** The same layers, every output exposed: one forward pass gives every activation. */
function tapModel(fn: string, model: tf.LayersModel): { taps: tf.LayersModel; layers: tf.layers.Layer[] } {
  if (model instanceof tf.Sequential && model.inputs === undefined) model.build();
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  if (model.inputs.length !== 1 || model.outputs.length !== 1) throw typeError(fn, 'model', 'a model with one input and one output', `${model.inputs.length} inputs, ${model.outputs.length} outputs`);
  const outputs = layers.map((l) => l.output as tf.SymbolicTensor);
  return { taps: tf.model({ inputs: model.inputs, outputs }), layers };
}

/**
 * Gradient, weight and activation statistics of `model` on one batch (training mode: dropout and
 * batch norm behave as in a training step). Nothing is updated.
 *
 * @param model a tf.LayersModel with one input and one output (any graph; a Sequential is built first).
 * @param batch `{ x, y }` (the caller keeps them).
 * @param options `{ loss }`.
 * @returns plain numbers (see the module doc for each). No tensor outlives the call.
 * @example
 * const stats = gradientFlow(model, { x: xBatch, y: yBatch }, { loss: 'softmaxCrossEntropy' });
 * stats.variables.map((v) => v.gradNorm) // vanishing: tiny at the bottom, large at the top
 * await show(activationHistogramPlot(stats));
 */
export function gradientFlow(model: tf.LayersModel, batch: { x: tf.Tensor; y: tf.Tensor }, options: GradientFlowOptions): GradientFlowStats {
  const fn = 'gradientFlow';
  checkModel(fn, model);
  const { loss } = checkOptions(fn, options, ['loss']);
  const lossFn = resolveLoss(fn, 'loss', loss);
  checkBatch(fn, batch);
  return computeFlow(fn, model, batch, lossFn);
}

function checkBatch(fn: string, batch: unknown): void {
  const b = batch as { x?: unknown; y?: unknown } | null;
  if (typeof b !== 'object' || b === null || !(b.x instanceof tf.Tensor) || !(b.y instanceof tf.Tensor)) {
    throw typeError(fn, 'batch', 'an object { x, y } of tensors', batch);
  }
}

function computeFlow(fn: string, model: tf.LayersModel, batch: { x: tf.Tensor; y: tf.Tensor }, lossFn: LossFn): GradientFlowStats {
  const { taps, layers } = tapModel(fn, model);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const owner = new Map<string, string>();
  for (const layer of layers) for (const w of layer.trainableWeights) owner.set((w.read() as tf.Variable).name, layer.name);

  let activations: tf.Tensor[] = [];
  const { value, grads } = tf.variableGrads(() => {
    const outs = taps.apply(batch.x, { training: true }) as tf.Tensor | tf.Tensor[];
    const list = Array.isArray(outs) ? outs : [outs];
    activations = list.map((a) => tf.keep(a));
    return lossFn(batch.y, list[list.length - 1]);
  }, variables);
  try {
    // Every norm in one read: [‖g₁‖, ‖w₁‖, ‖g₂‖, ‖w₂‖, …, loss].
    const norms = tf.tidy(() => tf.stack([...variables.flatMap((v) => [tf.norm(grads[v.name]), tf.norm(v)]), value]));
    const n = norms.dataSync();
    norms.dispose();
    const vars: VariableFlow[] = variables.map((v, i) => {
      const [gradNorm, weightNorm] = [n[2 * i], n[2 * i + 1]];
      return { name: v.name, layer: owner.get(v.name) ?? '', shape: v.shape.slice(), gradNorm, weightNorm, gradToWeight: gradNorm / weightNorm, updateRatio: null };
    });
    const global = Math.sqrt(vars.reduce((s, v) => s + v.gradNorm ** 2, 0));
    const layerStats = layers.map((layer, depth) => layerFlow(layer, depth, activations[depth]));
    return { loss: n[n.length - 1], globalGradNorm: global, variables: vars, layers: layerStats };
  } finally {
    tf.dispose([value, ...Object.values(grads), ...activations]);
  }
}

function layerFlow(layer: tf.layers.Layer, depth: number, a: tf.Tensor): LayerFlow {
  const activation = activationOf(layer);
  const values = a.dataSync() as Float32Array;
  const units = a.shape[a.shape.length - 1] ?? 1;
  let sum = 0;
  let sq = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    sum += v;
    sq += v * v;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const mean = sum / values.length;
  const std = Math.sqrt(Math.max(0, sq / values.length - mean * mean));

  let deadFraction: number | null = null;
  if (activation !== null && RELU_LIKE.has(activation)) {
    const alive = new Uint8Array(units);
    for (let i = 0; i < values.length; i++) if (values[i] > 0) alive[i % units] = 1;
    deadFraction = 1 - alive.reduce((s, x) => s + x, 0) / units;
  }
  let saturatedFraction: number | null = null;
  if (activation === 'tanh' || activation === 'sigmoid') {
    let saturated = 0;
    for (const v of values) if (activation === 'tanh' ? Math.abs(v) > 0.99 : v < 0.01 || v > 0.99) saturated++;
    saturatedFraction = saturated / values.length;
  }
  const width = hi > lo ? (hi - lo) / HISTOGRAM_BINS : 1;
  const edges = Array.from({ length: HISTOGRAM_BINS + 1 }, (_, i) => lo + i * width);
  const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
  for (const v of values) counts[Math.min(HISTOGRAM_BINS - 1, Math.floor((v - lo) / width))]++;
  return { name: layer.name, className: layer.getClassName(), activation, depth, mean, std, deadFraction, saturatedFraction, histogram: { edges, counts } };
}

export interface GradientFlowCallbackOptions {
  /** A fixed probe batch (the caller keeps and disposes it): the same rows every time, so snapshots compare. */
  x: tf.Tensor;
  y: tf.Tensor;
  /** The loss (as train() takes it). */
  loss: LossName | LossFn;
  /** Take a snapshot every `every` steps (integer ≥ 1), starting at step 0. Default 10. */
  every?: number;
}

/** The callback; its snapshots are also in `records`. */
export interface GradientFlowCallback extends Callback {
  readonly records: GradientFlowRecord[];
}

/** A History that gradientFlowCallback filled in. */
export type HistoryWithGradientFlow = History & { gradientFlow: GradientFlowRecord[] };

/**
 * A `train()` callback that takes a gradientFlow snapshot on a fixed probe batch before every
 * `every`-th step, then measures that step's real update ratio ‖Δw‖/‖w‖ per variable, and appends
 * the record to `history.gradientFlow` (and to its own `records`).
 *
 * Cost: one extra forward and backward pass on the probe batch, and a copy of the weights (read
 * to JS), per snapshot — keep `every` ≥ 10 on long runs.
 *
 * @param options `{ x, y, loss, every = 10 }`.
 * @returns a Callback for `train({ callbacks: [...] })` (trainlab's context is needed: not for model.fit).
 * @example
 * const flow = gradientFlowCallback({ x: probe.x, y: probe.y, loss: 'softmaxCrossEntropy', every: 20 });
 * const history = await train(model, data, { optimizer, loss: 'softmaxCrossEntropy', callbacks: [flow] });
 * await show(gradientFlowPlot(flow.records));
 */
export function gradientFlowCallback(options: GradientFlowCallbackOptions): GradientFlowCallback {
  const fn = 'gradientFlowCallback';
  const { x, y, loss, every = 10 } = checkOptions(fn, options, ['x', 'y', 'loss', 'every']);
  for (const [param, t] of [['x', x], ['y', y]] as const) if (!(t instanceof tf.Tensor)) throw typeError(fn, param, 'a tf.Tensor', t);
  const lossFn = resolveLoss(fn, 'loss', loss);
  const period = checkInteger(fn, 'every', every, 1);
  const records: GradientFlowRecord[] = [];
  // The weights before the step are kept as plain arrays, not tensors: a run that fails between
  // onBatchBegin and onBatchEnd (no onTrainEnd then) leaves nothing to free.
  let pending: { record: GradientFlowRecord; before: Float32Array[]; variables: tf.Variable[] } | null = null;
  return {
    records,
    onBatchBegin(_batch, _logs, context?: TrainContext) {
      if (context === undefined) throw new Error(`${fn}: needs train()'s context (use it with train(), not model.fit)`);
      if (context.step % period !== 0) return;
      const stats = computeFlow(fn, context.model, { x: x as tf.Tensor, y: y as tf.Tensor }, lossFn);
      const variables = context.model.trainableWeights.map((w) => w.read() as tf.Variable);
      pending = { record: { step: context.step, ...stats }, before: variables.map((v) => (v.dataSync() as Float32Array).slice()), variables };
    },
    onBatchEnd(_batch, _logs, context?: TrainContext) {
      if (pending === null || context === undefined) return;
      const { record, before, variables } = pending;
      variables.forEach((v, i) => {
        const after = v.dataSync();
        let [delta, size] = [0, 0];
        before[i].forEach((b, k) => {
          delta += (after[k] - b) ** 2;
          size += b * b;
        });
        record.variables[i].updateRatio = Math.sqrt(delta) / Math.sqrt(size); // ‖Δw‖ / ‖w‖
      });
      records.push(record);
      const history = context.history as HistoryWithGradientFlow;
      (history.gradientFlow ??= []).push(record);
      pending = null;
    },
    onTrainEnd() {
      pending = null;
    },
  };
}
