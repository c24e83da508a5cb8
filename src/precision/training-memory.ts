/**
 * `trainingMemory(model, options)`: how many bytes training holds at once — weights, gradients,
 * optimizer state and the activations kept for the backward pass — in float32 or in mixed
 * precision. An accounting, not a measurement (tfjs has no 16-bit tensors to measure).
 *
 * Per parameter (Ψ parameters), as in Rajbhandari et al. 2019 (ZeRO, section 3.1):
 *
 *                    float32          mixed float16 / bfloat16
 *   weights          4Ψ               2Ψ (16-bit copy) + 4Ψ (float32 master weights)
 *   gradients        4Ψ               2Ψ
 *   optimizer state  4·k·Ψ            4·k·Ψ (float32: k = 0 SGD, 1 momentum/RMSprop, 2 Adam/AdamW)
 *
 * So with Adam, mixed precision holds 16Ψ bytes, exactly as float32 does: the saving is in the
 * activations (2 bytes a value instead of 4), which dominate at large batch sizes — and in speed on
 * hardware with 16-bit matrix units, not in the weights.
 *
 * Activations: for a tfjs model, every layer's output (and the input) for `batchSize` rows — what
 * the backward pass needs. For a transformer described by a TransformerSpec, Korthikanti et al.
 * 2022 ("Reducing Activation Recomputation in Large Transformer Models", eq. 1): per layer
 * s·b·h·(34 + 5·a·s/h) bytes with 16-bit activations (s sequence length, b batch, h hidden size,
 * a attention heads); doubled for float32 (an approximation: its 1-byte dropout masks stay 1 byte).
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, checkOneOf, checkOptions, typeError } from '../core/errors';

/** Precisions of a training run: plain float32, or mixed (16-bit compute, float32 master weights). */
export type TrainingPrecision = 'float32' | 'float16' | 'bfloat16';
export const TRAINING_PRECISIONS: readonly TrainingPrecision[] = ['float32', 'float16', 'bfloat16'];

/** Optimizer state slots per parameter, by optimizer (float32 each). */
export const OPTIMIZER_SLOTS = { sgd: 0, momentum: 1, rmsprop: 1, adam: 2, adamw: 2 } as const;
export type OptimizerKind = keyof typeof OPTIMIZER_SLOTS;

/** A transformer described by its sizes (GPT-style decoder), for models too large to build here. */
export interface TransformerSpec {
  name: string;
  /** Number of parameters Ψ. */
  parameters: number;
  /** Transformer layers L. */
  layers: number;
  /** Hidden size h. */
  hidden: number;
  /** Attention heads a. */
  heads: number;
  /** Sequence length s (tokens per sample). */
  sequenceLength: number;
}

/**
 * Well-known models, sizes from their papers: GPT-2 (Radford et al. 2019, table 2; 124M is the
 * count of the released small model), GPT-3 175B (Brown et al. 2020, table 2.1), Llama 2 7B
 * (Touvron et al. 2023; 6.74B parameters, 4096 context).
 */
export const WELL_KNOWN_MODELS: readonly TransformerSpec[] = [
  { name: 'GPT-2 small', parameters: 124e6, layers: 12, hidden: 768, heads: 12, sequenceLength: 1024 },
  { name: 'GPT-2 XL', parameters: 1.558e9, layers: 48, hidden: 1600, heads: 25, sequenceLength: 1024 },
  { name: 'Llama 2 7B', parameters: 6.74e9, layers: 32, hidden: 4096, heads: 32, sequenceLength: 4096 },
  { name: 'GPT-3 175B', parameters: 175e9, layers: 96, hidden: 12288, heads: 96, sequenceLength: 2048 },
];

export interface TrainingMemoryOptions {
  /** Rows (samples) per step, integer ≥ 1. Required. */
  batchSize: number;
  /** Default `'float32'`. */
  precision?: TrainingPrecision;
  /** Which optimizer's state to count (see OPTIMIZER_SLOTS). Default `'adam'`. */
  optimizer?: OptimizerKind;
}

/** Bytes, by what holds them. */
export interface TrainingMemory {
  parameters: number;
  /** The weights the forward pass reads (16-bit in mixed precision). */
  weights: number;
  /** float32 master weights (mixed precision only; 0 in float32, where `weights` are the masters). */
  masterWeights: number;
  gradients: number;
  optimizerState: number;
  activations: number;
  total: number;
}

const OPTIONS = ['batchSize', 'precision', 'optimizer'] as const;

/** Values kept for the backward pass per sample: the input and every layer's output. */
function activationValues(model: tf.LayersModel): number {
  const perSample = (shape: readonly (number | null)[]) => shape.slice(1).reduce<number>((n, d) => n * (d ?? 1), 1);
  let values = model.inputs.reduce((n, t) => n + perSample(t.shape), 0);
  for (const layer of model.layers) {
    if (layer instanceof tf.layers.Layer && layer.getClassName() === 'InputLayer') continue;
    const shapes = layer.outputShape;
    const list = (Array.isArray(shapes[0]) || shapes.length === 0 ? shapes : [shapes]) as (number | null)[][];
    values += list.reduce((n, s) => n + perSample(s), 0);
  }
  return values;
}

/**
 * The memory a training step holds, in bytes (see the module doc for the accounting and sources).
 *
 * @param model a built tf.LayersModel (its trainable weights and layer output shapes are read; no
 *   tensor is created), or a TransformerSpec such as `WELL_KNOWN_MODELS[0]`.
 * @param options `{ batchSize, precision = 'float32', optimizer = 'adam' }`.
 * @returns plain numbers (bytes); `total` is their sum.
 * @example
 * trainingMemory(model, { batchSize: 256, precision: 'float16', optimizer: 'adamw' }).activations
 */
export function trainingMemory(model: tf.LayersModel | TransformerSpec, options: TrainingMemoryOptions): TrainingMemory {
  const fn = 'trainingMemory';
  const o = checkOptions(fn, options, OPTIONS) as Partial<TrainingMemoryOptions>;
  const batchSize = checkInteger(fn, 'batchSize', o.batchSize, 1);
  const precision = checkOneOf(fn, 'precision', o.precision ?? 'float32', TRAINING_PRECISIONS);
  const optimizer = checkOneOf(fn, 'optimizer', o.optimizer ?? 'adam', Object.keys(OPTIMIZER_SLOTS) as OptimizerKind[]);
  const mixed = precision !== 'float32';
  const bytes = mixed ? 2 : 4;

  let parameters: number;
  let activations: number;
  if (model instanceof tf.LayersModel) {
    parameters = model.trainableWeights.reduce((n, w) => n + (w.shape as number[]).reduce((a, b) => a * b, 1), 0);
    activations = activationValues(model) * batchSize * bytes;
  } else if (typeof model === 'object' && model !== null && typeof (model as TransformerSpec).parameters === 'number') {
    const { parameters: p, layers, hidden: h, heads: a, sequenceLength: s } = model;
    parameters = p;
    activations = layers * s * batchSize * h * (34 + (5 * a * s) / h) * (bytes / 2);
  } else {
    throw typeError(fn, 'model', 'a tf.LayersModel or a TransformerSpec { parameters, layers, hidden, heads, sequenceLength }', model);
  }
  const weights = parameters * bytes;
  const masterWeights = mixed ? parameters * 4 : 0;
  const gradients = parameters * bytes;
  const optimizerState = parameters * 4 * OPTIMIZER_SLOTS[optimizer];
  return { parameters, weights, masterWeights, gradients, optimizerState, activations, total: weights + masterWeights + gradients + optimizerState + activations };
}
