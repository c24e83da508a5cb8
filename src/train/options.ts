/**
 * `train()`'s inputs and their checks. Everything is checked before the first tensor is created,
 * and every message follows core/errors.ts: `train: batchSize must be an integer ≥ 1, got 0`.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, checkOneOf, checkOptions, checkPositive, checkString, formatValue, pairError, rangeError, typeError } from '../core/errors';
import type { Schedule } from '../core/types';
import { DynamicLossScaler } from '../precision/dynamic-loss-scaler';
import { TRAINING_PRECISIONS, type TrainingPrecision } from '../precision/training-memory';
import type { Callback } from './callbacks';
import { HOOKS } from './callbacks';
import { canSetLearningRate, hasOwnSchedule, optimizerName } from './learning-rate';
import { LOSS_NAMES, resolveLoss, type LossFn, type LossName } from './losses';
import { badType, lrNotSettableMessage, twoSchedulesMessage } from './messages';
import { resolveMetrics, type Metric, type ResolvedMetric } from './metrics';
import { PROGRESS_MODES, type ProgressMode } from './progress';

/** Inputs and targets, matched by row (axis 0). The caller keeps ownership. */
export interface TrainData {
  x: tf.Tensor;
  y: tf.Tensor;
}

export interface TrainOptions {
  /** Any `tf.Optimizer`: trainlab's (`adam(…)`) or tfjs's (`tf.train.adam(…)`). Required. The caller owns and disposes it. */
  optimizer: tf.Optimizer;
  /** A loss name (see `LOSS_NAMES`; match it to the model's last layer) or `(yTrue, yPred) => tf.Scalar`. Required. */
  loss: LossName | LossFn;
  /** Passes over the training data, integer ≥ 1. Default 1. */
  epochs?: number;
  /** Rows per update, integer ≥ 1 (the last batch of an epoch may be smaller). Default 32. */
  batchSize?: number;
  /** Evaluated after every epoch (loss and metrics, the model in inference mode). Default: none. */
  validationData?: TrainData;
  /** Reported per epoch on training batches and on validation data. Default `[]`. */
  metrics?: Metric[];
  /**
   * The learning rate of every update: a Schedule of the optimizer's update index (0 for its first
   * update ever, so a second `train` call continues the schedule), or a constant ≥ 0. Set on the
   * optimizer before each step, so it needs an optimizer whose rate can be set (trainlab's, or
   * `tf.train.sgd` / `tf.train.momentum`); the optimizer keeps the last rate afterwards. Default:
   * leave the optimizer's rate alone.
   */
  learningRate?: number | Schedule;
  /** Run in order at each hook (see `Callback`). Default `[]`. */
  callbacks?: Callback[];
  /** Seed of the per-epoch shuffle, integer ≥ 0 (same seed → same batches → same history). Default 0. */
  seed?: number;
  /** Shuffle the rows every epoch. Default true. */
  shuffle?: boolean;
  /** Where progress shows (see progress.ts). Default `'auto'`. */
  progress?: ProgressMode;
  /**
   * What a NaN or ±Infinity loss does: `'throw'` rejects with a NonFiniteLossError naming the step
   * (its `history` holds the run so far); `'stop'` ends the run like `context.stop(message)`. Default `'throw'`.
   */
  nonFiniteLoss?: 'throw' | 'stop';
  /**
   * Clip every update's gradients to this global 2-norm, finite > 0 (PyTorch's
   * `clip_grad_norm_(model.parameters(), clipGradNorm)` before each step). `history.gradNorm`
   * then records every step's norm before clipping. Default: no clipping.
   */
  clipGradNorm?: number;
  /**
   * Record every step's global gradient norm in `history.gradNorm` (what a clipping threshold is
   * chosen from), also without clipping. It costs a few small ops per step (≈ 8 % of a digits-MLP
   * step on wasm), read together with the loss (no extra sync). Default false (true in effect with
   * `clipGradNorm`).
   */
  recordGradNorm?: boolean;
  /**
   * Applied to each training batch's inputs before the forward pass, `(x, step) => augmented x`
   * (`step`: the update's index in this run, from 0), e.g. `augmentDigits()`. Validation data are
   * never augmented. It returns a new tensor, which train() disposes. Default: none.
   */
  augment?: (x: tf.Tensor, step: number) => tf.Tensor;
  /**
   * Micro-batches per update k, integer ≥ 1: gradients of k consecutive batches of `batchSize` rows
   * are combined into one update (weighted by rows, so it equals one batch of k·batchSize rows;
   * an epoch's last window may be shorter). The schedule counts updates. Default 1.
   */
  accumulationSteps?: number;
  /**
   * `'float16'` / `'bfloat16'`: emulated mixed precision — float32 master weights, forward and
   * backward on 16-bit rounded weights, activations and gradients, dynamic loss scaling for float16
   * (a skipped step applies nothing). Shows the numerics; slower than float32 here. Validation
   * still runs in float32 (`model.predict`). Default `'float32'`.
   */
  precision?: TrainingPrecision;
  /** The loss scaler for `precision: 'float16'` (read its `scale` from a callback). Default: a new `DynamicLossScaler()`. */
  lossScaler?: DynamicLossScaler;
  /**
   * Save a checkpoint into `dir` (created if needed) after every `everyEpochs`-th epoch (integer ≥ 1,
   * default 1): model weights, optimizer state and learning rate, the built-in callbacks' state
   * (reduce-on-plateau, early stopping with its best weights), the loss scaler, the history. The
   * write is atomic: a run killed mid-write leaves the previous checkpoint. Node only (a file).
   */
  checkpoint?: { dir: string; everyEpochs?: number };
  /**
   * Continue from the checkpoint in this directory: `epochs` is then the total (a checkpoint after
   * epoch 2 resumed with `epochs: 5` runs epochs 3–5) and the returned history covers the whole run,
   * equal number for number (and the weights bit for bit) to a run never interrupted. The model,
   * optimizer kind, callbacks, data size, batchSize, seed and shuffle must match the saved run's.
   * A missing, truncated, damaged, foreign or other-version file rejects with a CheckpointError
   * naming it, before anything is loaded. Node only.
   */
  resume?: string;
}

/** The options after their checks, defaults filled in. */
export interface CheckedOptions {
  optimizer: tf.Optimizer;
  loss: LossFn;
  epochs: number;
  batchSize: number;
  validationData: TrainData | null;
  metrics: ResolvedMetric[];
  /** The rate of each update this run may apply (index = step in this run), or null. */
  learningRates: number[] | null;
  callbacks: Callback[];
  seed: number;
  shuffle: boolean;
  progress: ProgressMode;
  nonFiniteLoss: 'throw' | 'stop';
  /** Global-norm clipping threshold, or null. */
  clipGradNorm: number | null;
  recordGradNorm: boolean;
  augment: ((x: tf.Tensor, step: number) => tf.Tensor) | null;
  accumulationSteps: number;
  precision: TrainingPrecision;
  /** The float16 run's scaler; null for float32 and bfloat16. */
  lossScaler: DynamicLossScaler | null;
  /** Where and how often to save checkpoints, or null. */
  checkpoint: { dir: string; everyEpochs: number } | null;
  /** The checkpoint directory to resume from, or null. */
  resume: string | null;
}

const OPTION_NAMES = [
  'optimizer', 'loss', 'epochs', 'batchSize', 'validationData', 'metrics', 'learningRate',
  'callbacks', 'seed', 'shuffle', 'progress', 'nonFiniteLoss', 'clipGradNorm', 'recordGradNorm', 'augment',
  'accumulationSteps', 'precision', 'lossScaler', 'checkpoint', 'resume',
] as const;

function checkTensor(fn: string, param: string, value: unknown): tf.Tensor {
  if (!(value instanceof tf.Tensor)) throw badType(fn, param, 'a tf.Tensor', value);
  if (value.isDisposed) throw new TypeError(`${fn}: ${param} must be a live tensor, got a disposed one`);
  if (value.rank < 1) throw rangeError(fn, `${param}.rank`, '≥ 1', value.rank);
  return value;
}

function checkData(fn: string, param: string, data: unknown): TrainData {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw badType(fn, param, 'an object { x, y } of tensors', data);
  const { x, y } = data as Partial<TrainData>;
  checkTensor(fn, `${param}.x`, x);
  checkTensor(fn, `${param}.y`, y);
  if (x!.shape[0] !== y!.shape[0]) throw pairError(fn, `${param}.x.shape[0]`, x!.shape[0], 'equal to', `${param}.y.shape[0]`, y!.shape[0]);
  if (x!.shape[0] === 0) throw rangeError(fn, `${param}.x.shape[0]`, '≥ 1 (at least one row)', 0);
  return { x: x!, y: y! };
}

/** Rows must look alike in training and validation data: same shape after axis 0. */
function checkSameFeatures(fn: string, param: string, train: tf.Tensor, val: tf.Tensor): void {
  const [a, b] = [train.shape.slice(1), val.shape.slice(1)];
  if (a.length !== b.length || a.some((d, i) => d !== b[i])) {
    throw pairError(fn, `validationData.${param}.shape.slice(1)`, b, 'equal to', `data.${param}.shape.slice(1)`, a);
  }
}

/** Throws unless `model` is a tfjs LayersModel with trainable weights. */
export function checkModel(fn: string, model: unknown): tf.LayersModel {
  const m = model as Partial<tf.LayersModel> | null;
  if (typeof m !== 'object' || m === null || typeof m.apply !== 'function' || typeof m.predict !== 'function' || !Array.isArray(m.trainableWeights)) {
    throw badType(fn, 'model', 'a tf.LayersModel (tf.sequential() or tf.model())', model);
  }
  if (m.trainableWeights.length === 0) throw new RangeError(`${fn}: model has no trainable weights (are all its layers frozen?)`);
  if (m.inputs !== undefined && m.inputs.length !== 1) throw rangeError(fn, 'model.inputs.length', '1 (train feeds one x tensor)', m.inputs.length);
  if (m.outputs !== undefined && m.outputs.length !== 1) throw rangeError(fn, 'model.outputs.length', '1 (train computes one loss)', m.outputs.length);
  return m as tf.LayersModel;
}

/** Throws unless a tensor's row shape fits a model's symbolic shape (`null` dims match anything). */
function checkFits(fn: string, param: string, tensor: tf.Tensor, what: string, symbolic: readonly (number | null)[] | undefined): void {
  if (symbolic === undefined) return;
  const [rows, model] = [tensor.shape.slice(1), symbolic.slice(1)];
  if (rows.length !== model.length || model.some((d, i) => d !== null && d !== rows[i])) {
    throw pairError(fn, `${param}.shape.slice(1)`, rows, 'equal to', `the model's ${what} shape`, model.map((d) => d ?? 'any'));
  }
}

function checkBoolean(fn: string, param: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw typeError(fn, param, 'a boolean', value);
  return value;
}

function checkCallbacks(fn: string, callbacks: unknown): Callback[] {
  if (!Array.isArray(callbacks)) throw badType(fn, 'callbacks', 'an array of callback objects', callbacks);
  callbacks.forEach((cb: unknown, i) => {
    if (typeof cb !== 'object' || cb === null) throw badType(fn, `callbacks[${i}]`, `an object with hooks (${HOOKS.join(', ')})`, cb);
    for (const hook of HOOKS) {
      const h = (cb as Record<string, unknown>)[hook];
      if (h !== undefined && typeof h !== 'function') throw badType(fn, `callbacks[${i}].${hook}`, 'a function', h);
    }
  });
  return callbacks as Callback[];
}

/**
 * The rate of each update this run may apply, checked up front: a schedule is a pure function of
 * the step, so a bad value (negative, NaN) is found before training, not at step 12,000.
 */
function learningRates(fn: string, learningRate: unknown, optimizer: tf.Optimizer, steps: number): number[] {
  if (typeof learningRate !== 'number' && typeof learningRate !== 'function') {
    throw badType(fn, 'learningRate', 'a number or a Schedule (step => number)', learningRate);
  }
  if (!canSetLearningRate(optimizer)) throw new TypeError(lrNotSettableMessage(fn, optimizerName(optimizer)));
  if (hasOwnSchedule(optimizer)) throw new TypeError(twoSchedulesMessage(fn));
  const first = optimizer.iterations;
  const rates: number[] = [];
  for (let k = 0; k < steps; k++) {
    const step = first + k;
    const value = typeof learningRate === 'number' ? learningRate : (learningRate as Schedule)(step);
    const param = typeof learningRate === 'number' ? 'learningRate' : `learningRate(${step})`;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw rangeError(fn, param, 'a finite number ≥ 0', value);
    rates.push(value);
  }
  return rates;
}

/** `checkpoint: { dir, everyEpochs = 1 }`, checked. */
function checkCheckpointOption(fn: string, value: unknown): CheckedOptions['checkpoint'] {
  if (value === undefined) return null;
  const { dir, everyEpochs = 1 } = checkOptions<{ dir?: unknown; everyEpochs?: unknown }>(fn, value, ['dir', 'everyEpochs'], 'checkpoint');
  return { dir: checkString(fn, 'checkpoint.dir', dir), everyEpochs: checkInteger(fn, 'checkpoint.everyEpochs', everyEpochs, 1) };
}

/** Checks `train(model, data, options)`'s arguments; creates no tensor. */
export function checkTrainOptions(fn: string, model: unknown, data: unknown, options: unknown): { model: tf.LayersModel; data: TrainData; options: CheckedOptions } {
  const checkedModel = checkModel(fn, model);
  const checkedData = checkData(fn, 'data', data);
  // Catches Keras/PyTorch names (`lr`, `validation_data`, `epoch`) and nulls that would otherwise mean a default.
  checkOptions(fn, options, OPTION_NAMES);
  const o = options as Partial<TrainOptions>;
  if (typeof o.optimizer !== 'object' || o.optimizer === null || !(o.optimizer instanceof tf.Optimizer)) throw badType(fn, 'optimizer', 'a tf.Optimizer (e.g. adam({ learningRate: 1e-3 }) or tf.train.adam())', o.optimizer);
  if (typeof o.loss !== 'string' && typeof o.loss !== 'function') {
    throw badType(fn, 'loss', `a loss name (${LOSS_NAMES.map(formatValue).join(', ')}) or a function (yTrue, yPred) => tf.Scalar`, o.loss);
  }
  const loss = resolveLoss(fn, 'loss', o.loss);
  checkFits(fn, 'data.x', checkedData.x, 'input', checkedModel.inputs?.[0]?.shape);
  // Built-in losses compare y with the output element by element; a custom loss may take other targets.
  if (typeof o.loss === 'string') checkFits(fn, 'data.y', checkedData.y, 'output', checkedModel.outputs?.[0]?.shape);
  const epochs = checkInteger(fn, 'epochs', o.epochs ?? 1, 1);
  const batchSize = checkInteger(fn, 'batchSize', o.batchSize ?? 32, 1);
  let validationData: TrainData | null = null;
  if (o.validationData !== undefined) {
    validationData = checkData(fn, 'validationData', o.validationData);
    checkSameFeatures(fn, 'x', checkedData.x, validationData.x);
    checkSameFeatures(fn, 'y', checkedData.y, validationData.y);
  }
  const metrics = resolveMetrics(fn, o.metrics ?? [], checkedData.y.shape);
  const callbacks = checkCallbacks(fn, o.callbacks ?? []);
  const seed = checkInteger(fn, 'seed', o.seed ?? 0, 0);
  const shuffle = checkBoolean(fn, 'shuffle', o.shuffle ?? true);
  const progress = checkOneOf(fn, 'progress', o.progress ?? 'auto', PROGRESS_MODES);
  const nonFiniteLoss = checkOneOf(fn, 'nonFiniteLoss', o.nonFiniteLoss ?? 'throw', ['throw', 'stop'] as const);
  const clipGradNorm = o.clipGradNorm === undefined ? null : checkPositive(fn, 'clipGradNorm', o.clipGradNorm);
  const recordGradNorm = checkBoolean(fn, 'recordGradNorm', o.recordGradNorm ?? false);
  if (o.augment !== undefined && typeof o.augment !== 'function') throw badType(fn, 'augment', 'a function (x, step) => tf.Tensor', o.augment);
  const accumulationSteps = checkInteger(fn, 'accumulationSteps', o.accumulationSteps ?? 1, 1);
  const precision = checkOneOf(fn, 'precision', o.precision ?? 'float32', TRAINING_PRECISIONS);
  if (o.lossScaler !== undefined && !(o.lossScaler instanceof DynamicLossScaler)) throw badType(fn, 'lossScaler', 'a DynamicLossScaler', o.lossScaler);
  if (o.lossScaler !== undefined && precision !== 'float16') throw new TypeError(`${fn}: lossScaler is used only with precision "float16", got precision ${formatValue(precision)}`);
  const lossScaler = precision === 'float16' ? (o.lossScaler ?? new DynamicLossScaler()) : null;
  const checkpoint = checkCheckpointOption(fn, o.checkpoint);
  const resume = o.resume === undefined ? null : checkString(fn, 'resume', o.resume);
  const stepsPerEpoch = Math.ceil(checkedData.x.shape[0] / batchSize);
  const rates = o.learningRate === undefined ? null : learningRates(fn, o.learningRate, o.optimizer, epochs * stepsPerEpoch);
  return {
    model: checkedModel,
    data: checkedData,
    options: { optimizer: o.optimizer, loss, epochs, batchSize, validationData, metrics, learningRates: rates, callbacks, seed, shuffle, progress, nonFiniteLoss, clipGradNorm, recordGradNorm, augment: o.augment ?? null, accumulationSteps, precision, lossScaler, checkpoint, resume },
  };
}
