/**
 * Callbacks: code that runs at fixed points of a training run and may change or stop it.
 *
 * The hooks have tfjs's names and first two arguments — `onEpochEnd(epoch, logs)`, … — so one
 * object can serve `train()` and `model.fit` alike:
 *   - a plain tfjs-style object `{ onEpochEnd: (epoch, logs) => … }` works as it is;
 *   - tfjs's own `tf.Callback` instances (e.g. `tf.callbacks.earlyStopping()`) get `setModel`,
 *     `setParams`, and their `model.stopTraining = true` is honoured;
 *   - trainlab callbacks also take a third argument, the TrainContext: the model, the optimizer
 *     (whose rate `setLearningRate` changes), the step count, and `stop()`. A schedule is then
 *     `onBatchBegin: (_b, _l, ctx) => setLearningRate(ctx.optimizer, schedule(ctx.optimizer.iterations))`;
 *     reduce-on-plateau and early stopping read `logs.val_loss` in `onEpochEnd` and call
 *     `setLearningRate` or `ctx.stop()` (restoring weights through `ctx.model`).
 *
 * Order: hooks run in the order the callbacks are listed, each awaited. Counting is from 0 everywhere.
 * A run that fails (a callback throws, a non-finite loss with `nonFiniteLoss: 'throw'`) rejects
 * without calling `onTrainEnd`.
 */
import type * as tf from '@tensorflow/tfjs';
import type { History } from './history';

/** Named numbers passed to hooks; the keys are tfjs's (see `Callback`). */
export type Logs = { [key: string]: number };

/** The shape of a run, fixed when it starts. */
export interface TrainParams {
  epochs: number;
  /** Batches per full epoch. */
  stepsPerEpoch: number;
  batchSize: number;
  /** Training rows. */
  samples: number;
  /** Whether epochs end with a validation pass (then epoch logs hold `val_…` keys). */
  doValidation: boolean;
}

/** What a hook can see and do besides its logs. */
export interface TrainContext {
  readonly model: tf.LayersModel;
  readonly optimizer: tf.Optimizer;
  readonly params: TrainParams;
  /** Optimizer updates applied so far in this run (in `onBatchEnd`: including this batch's). */
  readonly step: number;
  /** The epoch in progress (in `onTrainEnd`: the last one run). */
  readonly epoch: number;
  /** The run so far, filled in as it goes (the object `train` resolves with). Read it; do not modify it. */
  readonly history: Readonly<History>;
  /**
   * Ends the run after the current batch: the epoch in progress still finishes its bookkeeping
   * (epoch loss, validation, `onEpochEnd`), then `onTrainEnd` runs and `train` resolves with
   * `history.stoppedEarly` true and `history.stopReason` = `reason`. The first reason given wins.
   */
  stop(reason?: string): void;
  /** True once `stop()` was called (or `model.stopTraining` was set). */
  readonly stopRequested: boolean;
}

/**
 * Hooks, all optional; each may return a promise, which is awaited.
 *
 * Logs (tfjs's keys, so tfjs callbacks read them unchanged):
 *   - `onTrainBegin`: `{}`; `onTrainEnd`: the last epoch's logs;
 *   - `onEpochBegin`: `{}`; `onEpochEnd`: `{ loss, <metric>…, val_loss, val_<metric>…, lr }` — `loss`
 *     the epoch's mean training loss, `lr` the rate of its last update; accuracy's key is `acc`;
 *   - `onBatchBegin`: `{ batch, size }`; `onBatchEnd`: `{ batch, size, loss, lr }` — the batch's
 *     loss (before its update) and the rate its update used.
 */
export interface Callback {
  onTrainBegin?(logs: Logs, context: TrainContext): void | Promise<void>;
  onTrainEnd?(logs: Logs, context: TrainContext): void | Promise<void>;
  onEpochBegin?(epoch: number, logs: Logs, context: TrainContext): void | Promise<void>;
  onEpochEnd?(epoch: number, logs: Logs, context: TrainContext): void | Promise<void>;
  onBatchBegin?(batch: number, logs: Logs, context: TrainContext): void | Promise<void>;
  onBatchEnd?(batch: number, logs: Logs, context: TrainContext): void | Promise<void>;
}

export const HOOKS = ['onTrainBegin', 'onTrainEnd', 'onEpochBegin', 'onEpochEnd', 'onBatchBegin', 'onBatchEnd'] as const;

/** tfjs's `tf.Callback` methods that `model.fit` calls before training. */
interface TfjsCallbackSetup {
  setModel?(model: tf.LayersModel): void;
  setParams?(params: Record<string, unknown>): void;
}

/** Runs the hooks of a list of callbacks in order. Internal to `train`. */
export class CallbackRunner {
  /** Whether any callback has this hook: the loop skips a per-batch hook nobody listens to. */
  readonly has: Record<(typeof HOOKS)[number], boolean>;

  constructor(
    private readonly callbacks: readonly Callback[],
    private readonly context: TrainContext,
  ) {
    this.has = Object.fromEntries(HOOKS.map((hook) => [hook, callbacks.some((cb) => typeof cb[hook] === 'function')])) as CallbackRunner['has'];
  }

  /** Hands tfjs callbacks the model and params, as `model.fit` does. */
  setUp(metricKeys: readonly string[]): void {
    const { params, model } = this.context;
    const keys = ['loss', ...metricKeys];
    const tfjsParams = {
      epochs: params.epochs,
      initialEpoch: 0,
      samples: params.samples,
      steps: null,
      batchSize: params.batchSize,
      verbose: 0,
      doValidation: params.doValidation,
      metrics: params.doValidation ? [...keys, ...keys.map((k) => `val_${k}`)] : keys,
    };
    for (const cb of this.callbacks as (Callback & TfjsCallbackSetup)[]) {
      if (typeof cb.setParams === 'function') cb.setParams(tfjsParams);
      if (typeof cb.setModel === 'function') cb.setModel(model);
    }
  }

  async trainBegin(logs: Logs): Promise<void> {
    for (const cb of this.callbacks) if (cb.onTrainBegin) await cb.onTrainBegin(logs, this.context);
  }

  async trainEnd(logs: Logs): Promise<void> {
    for (const cb of this.callbacks) if (cb.onTrainEnd) await cb.onTrainEnd(logs, this.context);
  }

  async epochBegin(epoch: number, logs: Logs): Promise<void> {
    for (const cb of this.callbacks) if (cb.onEpochBegin) await cb.onEpochBegin(epoch, logs, this.context);
  }

  async epochEnd(epoch: number, logs: Logs): Promise<void> {
    for (const cb of this.callbacks) if (cb.onEpochEnd) await cb.onEpochEnd(epoch, logs, this.context);
  }

  async batchBegin(batch: number, logs: Logs): Promise<void> {
    for (const cb of this.callbacks) if (cb.onBatchBegin) await cb.onBatchBegin(batch, logs, this.context);
  }

  async batchEnd(batch: number, logs: Logs): Promise<void> {
    for (const cb of this.callbacks) if (cb.onBatchEnd) await cb.onBatchEnd(batch, logs, this.context);
  }
}
