/**
 * `fitCallback`: runs a trainlab Callback inside tfjs's `model.fit`, with the same TrainContext
 * `train()` gives it — so one callback (a schedule, reduce-on-plateau, early stopping, a progress
 * display) serves both loops.
 *
 * What the context means under `fit`:
 *   - `optimizer` is the compiled one (`model.optimizer`); `setLearningRate(ctx.optimizer, lr)` works
 *     for the same optimizers as in `train()`;
 *   - `stop(reason)` sets `model.stopTraining`, which `fit` reads after every batch;
 *   - `onBatchBegin` logs hold `batch` and `size`, as in `train()` (fit itself passes `{}`);
 *   - `history` is rebuilt from fit's logs: per-step loss and the rate read before each update,
 *     per-epoch `loss` / `val_loss`, and metrics under fit's log keys (`acc`, not `accuracy`).
 */
import * as tf from '@tensorflow/tfjs';
import { checkObject } from '../core/errors';
import type { Callback, Logs, TrainContext, TrainParams } from './callbacks';
import { emptyHistory, type History } from './history';
import { getLearningRate } from './learning-rate';

type UnresolvedLogs = { [key: string]: number | tf.Scalar };

/** A copy of fit's logs with every scalar tensor read into a number (fit disposes its tensors itself). */
async function resolve(logs: UnresolvedLogs | undefined): Promise<Logs> {
  const out: Logs = {};
  for (const [key, value] of Object.entries(logs ?? {})) out[key] = typeof value === 'number' ? value : (await value.data())[0];
  return out;
}

class FitCallbackAdapter extends tf.Callback {
  private step = 0;
  private epoch = 0;
  private stopReason: string | null = null;
  private history: History = emptyHistory([], false, 0);
  private lr = NaN;
  private readonly context: TrainContext;

  constructor(private readonly callback: Callback) {
    super();
    const self = this; // eslint-disable-line @typescript-eslint/no-this-alias -- the getters below read the adapter's state
    this.context = {
      get model() { return self.model; },
      get optimizer() { return self.model.optimizer; },
      get params() { return self.trainParams(); },
      get step() { return self.step; },
      get epoch() { return self.epoch; },
      get history() { return self.history; },
      stop(reason = 'stopped by a callback') {
        self.stopReason ??= reason;
        self.model.stopTraining = true;
      },
      get stopRequested() { return self.stopReason !== null || self.model.stopTraining; },
    };
  }

  private trainParams(): TrainParams {
    const p = this.params as { epochs?: number; samples?: number; batchSize?: number; doValidation?: boolean };
    const samples = p.samples ?? 0;
    const batchSize = p.batchSize ?? 32;
    return { epochs: p.epochs ?? 1, stepsPerEpoch: Math.ceil(samples / batchSize), batchSize, samples, doValidation: p.doValidation ?? false };
  }

  async onTrainBegin(logs?: UnresolvedLogs): Promise<void> {
    [this.step, this.epoch, this.stopReason] = [0, 0, null];
    const { doValidation, stepsPerEpoch } = this.trainParams();
    this.history = emptyHistory([], doValidation, stepsPerEpoch);
    await this.callback.onTrainBegin?.(await resolve(logs), this.context);
  }

  async onEpochBegin(epoch: number, logs?: UnresolvedLogs): Promise<void> {
    this.epoch = epoch;
    await this.callback.onEpochBegin?.(epoch, await resolve(logs), this.context);
  }

  async onBatchBegin(batch: number, logs?: UnresolvedLogs): Promise<void> {
    // fit fills `batch` and `size` only after this hook; give them as train() does.
    const { batchSize, samples } = this.trainParams();
    const size = Math.min(batchSize, samples - batch * batchSize);
    await this.callback.onBatchBegin?.(batch, { ...(await resolve(logs)), batch, size }, this.context);
    this.lr = getLearningRate(this.model.optimizer); // after the hook: the rate this update uses
  }

  async onBatchEnd(batch: number, logs?: UnresolvedLogs): Promise<void> {
    const resolved: Logs = { ...(await resolve(logs)), lr: this.lr };
    this.history.stepLoss.push(resolved.loss);
    this.history.learningRate.push(this.lr);
    this.step = ++this.history.steps;
    await this.callback.onBatchEnd?.(batch, resolved, this.context);
  }

  async onEpochEnd(epoch: number, logs?: UnresolvedLogs): Promise<void> {
    const resolved: Logs = { ...(await resolve(logs)), lr: this.lr };
    const h = this.history;
    for (const [key, value] of Object.entries(resolved)) {
      if (key === 'loss') h.trainLoss.push(value);
      else if (key === 'val_loss') (h.valLoss ??= []).push(value);
      else if (key.startsWith('val_')) (h.valMetrics[key.slice(4)] ??= []).push(value);
      else if (key !== 'lr') (h.trainMetrics[key] ??= []).push(value);
    }
    h.epochs++;
    await this.callback.onEpochEnd?.(epoch, resolved, this.context);
  }

  async onTrainEnd(logs?: UnresolvedLogs): Promise<void> {
    if (this.context.stopRequested) {
      this.history.stoppedEarly = true;
      this.history.stopReason = this.stopReason ?? 'model.stopTraining was set';
    }
    await this.callback.onTrainEnd?.(await resolve(logs), this.context);
  }
}

/**
 * Wraps a trainlab Callback for `model.fit` (see the module doc for what its context holds there).
 * The model must be compiled, as `fit` requires.
 *
 * @example
 * const logLr: Callback = { onEpochEnd: (epoch, logs, ctx) => console.log(epoch, logs.val_loss, ctx.history.learningRate.at(-1)) };
 * await train(model, data, { optimizer, loss: 'softmaxCrossEntropy', callbacks: [logLr] });
 * await model.fit(x, y, { epochs: 5, callbacks: [fitCallback(logLr)] });
 */
export function fitCallback(callback: Callback): tf.Callback {
  checkObject('fitCallback', 'callback', callback, 'an object with hooks (onEpochEnd, …)');
  return new FitCallbackAdapter(callback);
}
