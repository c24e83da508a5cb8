/**
 * `train()`: the training loop, written once — mini-batches, an optimizer step per batch, a
 * learning-rate schedule, callbacks, validation, progress, and a History of every number.
 *
 * One step, in order:
 *   1. take the next batch (a seeded shuffle per epoch, `batches` from src/data);
 *   2. set the learning rate from the schedule, if one is given;
 *   3. `onBatchBegin` callbacks (they may change the rate for this step);
 *   4. the update: `optimizer.minimize(loss of model(x) in training mode)` over the model's
 *      trainable weights (src/train/step-runner.ts; with `accumulationSteps` or a 16-bit
 *      `precision`, its variants) — for a `tf.sequential` of dense layers with a built-in loss and
 *      plain float32 steps, the same step with gradients written out by hand
 *      (src/fast/dense-step.ts: equal results within float32 rounding, a third of the kernels);
 *      x augmented first when an `augment` function is given; with `clipGradNorm` or
 *      `recordGradNorm`, measuring the gradients' global norm on the way and
 *      clipping them with `clipGradNorm`);
 *   5. read the loss (and the gradient norm) back: one read per step, as any loop that prints or
 *      checks its loss does;
 *      a NaN or ±Infinity loss stops the run, naming the step;
 *   6. `onBatchEnd` callbacks; stop after this batch if asked.
 * After an epoch's last batch: its mean loss and metrics, a validation pass, `onEpochEnd`.
 */
import * as tf from '@tensorflow/tfjs';
import { batches } from '../data/batches';
import { denseStepAccepts, denseStepMinimize, planDenseStep } from '../fast/dense-step';
import { prepareResume, readCheckpoint, saveCheckpoint, type LoadedCheckpoint } from './checkpointing';
import { CallbackRunner, type Callback, type Logs, type TrainContext } from './callbacks';
import { GradNormProbe } from './grad-norm-probe';
import { StepRunner } from './step-runner';
import { emptyHistory, type History } from './history';
import { getLearningRate, setLearningRate } from './learning-rate';
import { builtInLossName, type LossFn } from './losses';
import { alreadyTrainingMessage, nonFiniteLossMessage } from './messages';
import type { ResolvedMetric } from './metrics';
import { NonFiniteLossError } from './non-finite-loss-error';
import { checkTrainOptions, type TrainData, type TrainOptions } from './options';
import { progressDisplay, resolveProgress } from './progress';
import { turnIfDue } from '../platform/event-loop-turn';

const FN = 'train';

/** Rows per forward pass during validation: bounds the activations held at once. */
const VALIDATION_BATCH_SIZE = 1024;

/**
 * Trains `model` on `data` and resolves with the History of the run.
 *
 * @param model a tf.LayersModel (`tf.sequential()` / `tf.model()`); compiled or not — `train`
 *   uses its own optimizer and loss. Its trainable weights are updated in place. Layers such as
 *   dropout run in training mode during steps and in inference mode during validation.
 * @param data `{ x, y }` training rows (axis 0); the caller keeps and disposes them.
 * @param options see TrainOptions: `optimizer` and `loss` are required; `epochs = 1`,
 *   `batchSize = 32`, `seed = 0`, `shuffle = true`, `progress = 'auto'`, `nonFiniteLoss = 'throw'`;
 *   `checkpoint: { dir, everyEpochs = 1 }` saves the run after epochs (atomically) and `resume: dir`
 *   continues one — `epochs` is then the total and the History covers the whole run, equal to an
 *   uninterrupted run's (see TrainOptions.resume; checkpointing.ts).
 * @returns a promise of the History (plain numbers). No tensor outlives the call: the count
 *   `tf.memory().numTensors` is what it was before, apart from the state an optimizer creates on
 *   its first update (Adam's moments, momentum buffers), which the optimizer owns.
 * @throws at once (synchronously, before any tensor exists) a TypeError/RangeError for a bad
 *   argument, e.g. `train: batchSize must be an integer ≥ 1, got 0`; rejects with a
 *   NonFiniteLossError (`train: loss became NaN at step 137 (epoch 3, batch 12; counting from 0) —
 *   try a lower learning rate or gradient clipping`), with a CheckpointError naming the file when
 *   `resume` finds no usable checkpoint (nothing is loaded then), and with any error a callback throws.
 * @example
 * const data = loadDigits();
 * const model = tf.sequential({ layers: [
 *   tf.layers.dense({ inputShape: [64], units: 64, activation: 'relu' }),
 *   tf.layers.dense({ units: 10 }),                       // logits: no softmax with softmaxCrossEntropy
 * ] });
 * const optimizer = tf.train.sgd(0.1);
 * const history = await train(model, { x: data.xTrain, y: data.yTrain }, {
 *   optimizer, loss: 'softmaxCrossEntropy', epochs: 10, batchSize: 64, metrics: ['accuracy'],
 *   validationData: { x: data.xVal, y: data.yVal },
 *   learningRate: cosineAnnealingLr({ initialLr: 0.1, tMax: 230 }),
 * });
 * await show(lossCurves(history));
 */
export function train(model: tf.LayersModel, data: TrainData, options: TrainOptions): Promise<History> {
  const checked = checkTrainOptions(FN, model, data, options);
  if (flags(checked.model).isTraining) throw new Error(alreadyTrainingMessage(FN));
  const { resume } = checked.options;
  if (resume === null) return run(checked.model, checked.data, checked.options, null);
  const modelFlags = flags(checked.model);
  modelFlags.isTraining = true; // held while the checkpoint is read: no other train() or fit() starts meanwhile
  return readCheckpoint(FN, resume).then(
    (loaded) => {
      modelFlags.isTraining = false;
      return run(checked.model, checked.data, checked.options, loaded); // takes the flag again at once
    },
    (error: unknown) => {
      modelFlags.isTraining = false;
      throw error;
    },
  );
}

/**
 * The flags `model.fit` keeps, on the object that really holds them: a `tf.sequential()`
 * wraps an inner LayersModel, created when it is built (its `stopTraining` accessors throw before;
 * its `fit` checks the inner model's `isTraining`). `isTraining` is tfjs's guard against two fits at once (protected
 * in its typings, public at run time): `train` sets it too, so neither starts while the other runs.
 */
function flags(model: tf.LayersModel): { isTraining: boolean; stopTraining: boolean } {
  const inner = () => (model as unknown as { model?: unknown }).model; // private in tfjs's typings
  if (model instanceof tf.Sequential && inner() == null) model.build(); // as predict() would first
  const core = inner();
  return (core instanceof tf.LayersModel ? core : model) as unknown as { isTraining: boolean; stopTraining: boolean };
}

async function run(model: tf.LayersModel, data: TrainData, o: ReturnType<typeof checkTrainOptions>['options'], loaded: LoadedCheckpoint | null): Promise<History> {
  const { optimizer, epochs, batchSize, metrics } = o;
  const samples = data.x.shape[0];
  const stepsPerEpoch = Math.ceil(samples / batchSize);
  const history = emptyHistory(metrics.map((m) => m.name), o.validationData !== null, stepsPerEpoch);
  const runShape = { samples, batchSize, seed: o.seed, shuffle: o.shuffle };
  // Checked against this run before anything is made or changed (checkpointing.ts).
  const resume = loaded === null ? null : prepareResume(FN, loaded, model, optimizer, o.callbacks, o.lossScaler, {
    ...runShape, epochs, metricNames: metrics.map((m) => m.name), validation: o.validationData !== null,
  });
  const firstUpdate = optimizer.iterations; // a schedule is indexed by updates, not micro-batches
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  // Measuring the norm costs ~15 small ops a step (≈ 8 % of a digits-MLP step on wasm): only on request.
  const probe = o.recordGradNorm || o.clipGradNorm !== null ? new GradNormProbe(optimizer, o.clipGradNorm) : null;
  const stepper = new StepRunner(model, probe ?? optimizer, variables, { ...o, samples });
  // A stack of dense layers with a built-in loss, plain float32 steps: gradients by hand, a third
  // of autodiff's kernels (src/fast/dense-step.ts).
  const plainSteps = o.accumulationSteps === 1 && o.precision === 'float32';
  const dense = plainSteps ? planDenseStep(model, builtInLossName(o.loss) ?? '', variables) : null;

  const modelFlags = flags(model);
  let epoch = resume?.epochs ?? 0;
  let stopReason: string | null = null;
  const requestStop = (reason: string) => void (stopReason ??= reason);
  const context: TrainContext = {
    model,
    optimizer,
    params: { epochs, stepsPerEpoch, batchSize, samples, doValidation: o.validationData !== null },
    get step() { return history.steps; },
    get epoch() { return epoch; },
    history,
    stop: (reason = 'stopped by a callback') => requestStop(reason),
    get stopRequested() { return stopReason !== null || modelFlags.stopTraining; },
  };
  const display = progressDisplay(resolveProgress(o.progress));
  const callbacks = new CallbackRunner(display ? [...o.callbacks, display as Callback] : o.callbacks, context);
  const stepMetrics: { values: tf.Tensor1D; rows: number }[] = []; // this epoch's, on the device until it ends

  modelFlags.isTraining = true;
  modelFlags.stopTraining = false;
  let failed = false;
  try {
    if (resume !== null) await resume.applyModel(history); // after firstUpdate: the rates of `learningRate` were computed from it
    callbacks.setUp(metrics.map((m) => m.logKey));
    await callbacks.trainBegin({});
    resume?.applyCallbacks(context);
    let logs: Logs = {};
    for (; epoch < epochs && !context.stopRequested; epoch++) {
      await callbacks.epochBegin(epoch, {});
      let lossSum = 0;
      let rows = 0;
      const epochBatches = context.stopRequested ? [] : batches(data.x, data.y, { batchSize, seed: o.seed, epoch, shuffle: o.shuffle });
      for (const batch of epochBatches) {
        const size = batch.indices.length;
        let loss: number;
        let gradNorm: number | null;
        let lr: number;
        try {
          if (o.learningRates !== null) setLearningRate(optimizer, o.learningRates[optimizer.iterations - firstUpdate], FN); // (2)
          if (callbacks.has.onBatchBegin) await callbacks.batchBegin(batch.index, { batch: batch.index, size }); // (3)
          lr = getLearningRate(optimizer);
          const augmented = (x: tf.Tensor) => (o.augment === null ? x : o.augment(x, history.steps));
          const keepMetrics = (yPred: tf.Tensor) => {
            if (metrics.length > 0) stepMetrics.push({ values: tf.keep(metricValues(metrics, batch.y, yPred)), rows: size });
          };
          const lossTensor = dense !== null && denseStepAccepts(batch.x, batch.y) //                      (4)
            ? denseStepMinimize(dense, probe ?? optimizer, () => augmented(batch.x), batch.y as tf.Tensor2D, keepMetrics)
            : stepper.step(batch.index, size, (predict) => {
              const yPred = predict(augmented(batch.x));
              keepMetrics(yPred);
              return o.loss(batch.y, yPred);
            });
          [loss, gradNorm] = readLossAndNorm(lossTensor, probe?.takeNorm() ?? null); //                        (5)
        } finally {
          batch.dispose();
        }
        const step = history.steps;
        history.stepLoss.push(loss);
        if (gradNorm !== null) history.gradNorm.push(gradNorm); // one per applied update (none on an accumulation micro-step)
        history.learningRate.push(lr);
        history.steps++;
        lossSum += loss * size;
        rows += size;
        if (!Number.isFinite(loss)) {
          const at = { step, epoch, batch: batch.index };
          if (o.nonFiniteLoss === 'throw') throw new NonFiniteLossError(FN, loss, at, history);
          requestStop(nonFiniteLossMessage(FN, loss, at));
        }
        if (callbacks.has.onBatchEnd) await callbacks.batchEnd(batch.index, { batch: batch.index, size, loss, lr }); // (6)
        const turn = turnIfDue(); // in a browser, a turn of the event loop every 100 ms; never in Node
        if (turn !== undefined) await turn;
        if (context.stopRequested) break;
      }
      if (rows === 0) break; // stopped in onEpochBegin: nothing ran, nothing to summarize
      logs = endEpoch(model, o.validationData, o.loss, metrics, history, lossSum / rows, stepMetrics);
      await callbacks.epochEnd(epoch, logs);
      const ck = o.checkpoint;
      if (ck !== null && !context.stopRequested && (epoch + 1) % ck.everyEpochs === 0) {
        await saveCheckpoint(ck.dir, model, optimizer, o.callbacks, o.lossScaler, history, runShape);
      }
    }
    epoch = Math.max(0, history.epochs - 1);
    if (context.stopRequested) {
      history.stoppedEarly = true;
      history.stopReason = stopReason ?? 'model.stopTraining was set (e.g. by tf.callbacks.earlyStopping)';
    }
    await callbacks.trainEnd(logs);
    return history;
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    modelFlags.isTraining = false;
    probe?.release();
    stepper.release();
    tf.dispose(stepMetrics.map((s) => s.values));
    try {
      await display?.close();
    } catch (error) {
      if (!failed) throw error; // never hide the error that ended the run behind a display's
    }
  }
}

/** Reads a step's loss and gradient norm in one read (null: no norm — not measured, or no update this step); frees both. */
function readLossAndNorm(loss: tf.Scalar, norm: tf.Scalar | null): [number, number | null] {
  if (norm === null) {
    const value = loss.dataSync()[0];
    loss.dispose();
    return [value, null];
  }
  const both = tf.tidy(() => tf.stack([loss, norm]));
  const [l, n] = both.dataSync();
  tf.dispose([both, loss, norm]);
  return [l, n];
}

/** The metrics of one batch as one vector `[k]` (one tensor to keep per step, not k). */
function metricValues(metrics: ResolvedMetric[], y: tf.Tensor, yPred: tf.Tensor): tf.Tensor1D {
  return tf.stack(metrics.map((m) => m.fn(y, yPred))) as tf.Tensor1D;
}

/**
 * Closes an epoch: records its mean loss and row-weighted train metrics (one read for all of its
 * steps), runs validation (one read), and returns the epoch's logs. Frees `stepMetrics`.
 */
function endEpoch(
  model: tf.LayersModel,
  validation: TrainData | null,
  loss: LossFn,
  metrics: ResolvedMetric[],
  history: History,
  meanLoss: number,
  stepMetrics: { values: tf.Tensor1D; rows: number }[],
): Logs {
  const logs: Logs = { loss: meanLoss };
  history.trainLoss.push(meanLoss);
  if (metrics.length > 0) {
    const table = tf.tidy(() => tf.stack(stepMetrics.map((s) => s.values))); // [steps, k]
    const values = table.dataSync();
    table.dispose();
    const rows = stepMetrics.reduce((sum, s) => sum + s.rows, 0);
    metrics.forEach((m, j) => {
      let sum = 0;
      stepMetrics.forEach((s, i) => (sum += values[i * metrics.length + j] * s.rows));
      history.trainMetrics[m.name].push(sum / rows);
      logs[m.logKey] = sum / rows;
    });
    tf.dispose(stepMetrics.map((s) => s.values));
    stepMetrics.length = 0;
  }
  if (validation !== null) {
    const values = tf.tidy(() => {
      const yPred = model.predict(validation.x, { batchSize: VALIDATION_BATCH_SIZE }) as tf.Tensor;
      return tf.stack([loss(validation.y, yPred), ...metrics.map((m) => m.fn(validation.y, yPred))]);
    });
    const [valLoss, ...valMetrics] = Array.from(values.dataSync());
    values.dispose();
    history.valLoss!.push(valLoss);
    logs.val_loss = valLoss;
    metrics.forEach((m, j) => {
      history.valMetrics[m.name].push(valMetrics[j]);
      logs[`val_${m.logKey}`] = valMetrics[j];
    });
  }
  logs.lr = history.learningRate[history.learningRate.length - 1];
  history.epochs++;
  return logs;
}
