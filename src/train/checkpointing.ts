/**
 * Saving and restoring a `train()` run: between the loop (train.ts), the format (checkpoint.ts)
 * and the files (src/platform/checkpoint-files.ts).
 *
 * Restoring is two-phase so a load never stops half way: `prepareResume` checks the checkpoint
 * against this run — the model's weights (count, shapes), the optimizer's kind, the callbacks'
 * kinds, the data size, batchSize, seed, shuffle, metrics and validation — and throws a
 * CheckpointError naming the file before anything changes; the functions it returns then apply it.
 *
 * Optimizer state is keyed by variable name (`dense_Dense1/kernel/m`). A model rebuilt in the same
 * process gets new names from tfjs (`dense_Dense3/kernel`), so the saved names are mapped to the
 * new model's by position in `model.trainableWeights` (same architecture: same order and shapes).
 */
import * as tf from '@tensorflow/tfjs';
import { formatValue } from '../core/errors';
import type { DynamicLossScaler } from '../precision/dynamic-loss-scaler';
import type { Callback, TrainContext } from './callbacks';
import {
  CheckpointError, decodeCheckpoint, encodeCheckpoint, isCheckpointable, loadTensors, saveTensors,
  type CheckpointState, type SavedTensor,
} from './checkpoint';
import { readCheckpointFile, writeCheckpointFile } from '../platform/checkpoint-files';
import type { History } from './history';
import { canSetLearningRate, hasOwnSchedule, optimizerName, setLearningRate } from './learning-rate';

/** What both sides of a checkpoint must agree on. */
export interface RunShape {
  samples: number;
  batchSize: number;
  seed: number;
  shuffle: boolean;
}

/** A checkpoint read from disk and decoded (no tensor yet). */
export interface LoadedCheckpoint {
  file: string;
  state: CheckpointState;
}

/** Reads and decodes `dir`'s checkpoint; a missing file is a CheckpointError too. */
export async function readCheckpoint(fn: string, dir: string): Promise<LoadedCheckpoint> {
  const { file, text } = await readCheckpointFile(dir);
  if (text === null) throw new CheckpointError(file, `${fn}: resume: no checkpoint in ${formatValue(dir)} (${file} does not exist); nothing was loaded`);
  return { file, state: decodeCheckpoint(text, file) };
}

/** The variables `optimizer` trains, by name, in `model.trainableWeights` order. */
function trainableNames(model: tf.LayersModel): string[] {
  return model.trainableWeights.map((w) => (w.read() as tf.Variable).name);
}

/** Captures the run after `epochs` epochs and writes it to `dir` atomically. Creates no lasting tensor. */
export async function saveCheckpoint(
  dir: string,
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  callbacks: readonly Callback[],
  lossScaler: DynamicLossScaler | null,
  history: History,
  run: RunShape,
): Promise<string> {
  const optimizerWeights = await optimizer.getWeights();
  let saved: SavedTensor[];
  try {
    saved = saveTensors(optimizerWeights);
  } finally {
    // trainlab's optimizers hand out copies; tfjs's hand out their own variables (keep those) and a new `iter`.
    tf.dispose(optimizerWeights.map((w) => w.tensor).filter((t) => !(t instanceof tf.Variable)));
  }
  const lr = (optimizer as unknown as { learningRate?: unknown }).learningRate;
  const state: CheckpointState = {
    epochs: history.epochs,
    run,
    model: saveTensors(model.weights.map((w) => ({ name: w.name, tensor: w.read() }))),
    trainableNames: trainableNames(model),
    optimizer: { className: optimizerName(optimizer), weights: saved, learningRate: typeof lr === 'number' ? lr : null },
    callbacks: callbacks.map((cb) => (isCheckpointable(cb) ? { kind: cb.checkpointKind, state: cb.checkpointState() } : null)),
    lossScaler: lossScaler === null ? null : lossScaler.state(),
    history,
  };
  return writeCheckpointFile(dir, encodeCheckpoint(state));
}

/** How to apply a checked checkpoint: the model side before training begins, the callbacks' after `onTrainBegin`. */
export interface Resume {
  /** Epochs already run: the resumed loop starts at this (0-based) epoch. */
  epochs: number;
  /** Sets weights, optimizer state and rate, loss scaler, and fills `history` with the saved run. */
  applyModel(history: History): Promise<void>;
  /** Puts back the callbacks' states (after their `onTrainBegin` reset them). */
  applyCallbacks(context: TrainContext): void;
}

/**
 * Checks `loaded` against this run and returns how to apply it. Throws a CheckpointError naming the
 * file (before any change and before any tensor exists) when the run differs from the saved one.
 */
export function prepareResume(
  fn: string,
  loaded: LoadedCheckpoint,
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  callbacks: readonly Callback[],
  lossScaler: DynamicLossScaler | null,
  run: RunShape & { epochs: number; metricNames: string[]; validation: boolean },
): Resume {
  const { file, state } = loaded;
  const fail = (why: string) => new CheckpointError(file, `${fn}: resume: checkpoint ${file} ${why}; nothing was loaded`);

  const weights = model.weights;
  if (weights.length !== state.model.length) throw fail(`holds ${state.model.length} model weights, this model has ${weights.length}: it was saved from another model`);
  weights.forEach((w, i) => {
    const saved = state.model[i];
    if (!tf.util.arraysEqual(w.shape as number[], saved.shape) || w.dtype !== saved.dtype) {
      throw fail(`holds weight ${i} (${saved.name}) of shape [${saved.shape}], this model's (${w.name}) is [${w.shape}]: it was saved from another model`);
    }
  });
  const names = trainableNames(model);
  if (names.length !== state.trainableNames.length) throw fail(`has ${state.trainableNames.length} trainable variables, this model ${names.length}`);
  if (optimizerName(optimizer) !== state.optimizer.className) throw fail(`was saved with optimizer ${state.optimizer.className}, this run uses ${optimizerName(optimizer)}`);
  for (const key of ['samples', 'batchSize', 'seed', 'shuffle'] as const) {
    if (state.run[key] !== run[key]) {
      const what = key === 'samples' ? 'training rows' : key;
      throw fail(`was saved from a run with ${what} ${formatValue(state.run[key])}, this run has ${formatValue(run[key])} (a resumed run must see the same batches)`);
    }
  }
  if (state.epochs > run.epochs) throw fail(`has ${state.epochs} epochs done, more than epochs (${run.epochs}); with resume, epochs is the total`);
  const savedMetrics = Object.keys(state.history.trainMetrics ?? {});
  if (savedMetrics.join() !== run.metricNames.join() || (state.history.valLoss !== undefined) !== run.validation) {
    throw fail(`was saved with metrics [${savedMetrics}]${state.history.valLoss !== undefined ? ' and validation' : ''}; this run has [${run.metricNames}]${run.validation ? ' and validation' : ''}`);
  }
  if (state.callbacks.length !== callbacks.length) throw fail(`was saved with ${state.callbacks.length} callbacks, this run has ${callbacks.length}`);
  callbacks.forEach((cb, i) => {
    const kind = isCheckpointable(cb) ? cb.checkpointKind : null;
    if ((state.callbacks[i]?.kind ?? null) !== kind) throw fail(`has callback ${i} of kind ${formatValue(state.callbacks[i]?.kind ?? 'none')}, this run's is ${formatValue(kind ?? 'none')}`);
  });
  if ((state.lossScaler === null) !== (lossScaler === null)) throw fail(`was saved ${state.lossScaler === null ? 'without' : 'with'} a loss scaler (precision float16), this run ${lossScaler === null ? 'has none' : 'has one'}`);

  // Optimizer state is named after the saved variables: rename it to this model's.
  const rename = new Map(state.trainableNames.map((old, i) => [old, names[i]]));
  const optimizerWeights = state.optimizer.weights.map((w) => {
    const cut = w.name.lastIndexOf('/');
    const variable = cut > 0 ? rename.get(w.name.slice(0, cut)) : undefined;
    return variable === undefined ? w : { ...w, name: `${variable}${w.name.slice(cut)}` };
  });

  return {
    epochs: state.epochs,
    async applyModel(history) {
      const optimizerTensors = loadTensors(optimizerWeights);
      try {
        await optimizer.setWeights(optimizerTensors);
      } catch (error) {
        throw fail(`does not fit this optimizer (${(error as Error).message})`);
      } finally {
        tf.dispose(optimizerTensors.map((w) => w.tensor));
      }
      const modelTensors = loadTensors(state.model).map((w) => w.tensor);
      model.setWeights(modelTensors);
      tf.dispose(modelTensors);
      const lr = state.optimizer.learningRate;
      if (lr !== null && canSetLearningRate(optimizer) && !hasOwnSchedule(optimizer)) setLearningRate(optimizer, lr, fn);
      if (lossScaler !== null) lossScaler.loadState(state.lossScaler as Parameters<DynamicLossScaler['loadState']>[0]);
      Object.assign(history, state.history);
    },
    applyCallbacks(context) {
      callbacks.forEach((cb, i) => {
        if (isCheckpointable(cb)) cb.restoreCheckpointState(state.callbacks[i]!.state, context);
      });
    },
  };
}
