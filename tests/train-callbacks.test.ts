import * as tf from '@tensorflow/tfjs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ready } from '../src/backend';
import { blobs } from '../src/index';
import type { BlobsSet } from '../src/index';
import type { Callback, Logs, TrainContext } from '../src/train/callbacks';
import { setLearningRate } from '../src/train/learning-rate';
import { train } from '../src/train/train';
import type { TrainOptions } from '../src/train/options';
import { mlp } from './helpers/train-fixtures';

let set: BlobsSet;
let model: tf.Sequential;
let optimizer: tf.Optimizer;

beforeAll(async () => {
  await ready();
  set = blobs({ n: 40, centers: 2, seed: 3 });
});
afterAll(() => set.dispose());

beforeEach(() => {
  model = mlp(2, 8, 2);
  optimizer = tf.train.sgd(0.1);
});
afterEach(() => {
  model.dispose();
  optimizer.dispose();
});

/** 40 rows in batches of 20: 2 steps per epoch. */
function run(options: Partial<TrainOptions>) {
  return train(model, { x: set.x, y: set.y }, { optimizer, loss: 'softmaxCrossEntropy', epochs: 2, batchSize: 20, progress: 'none', ...options });
}

describe('train: callback hooks', () => {
  it('run in order, with tfjs-style logs', async () => {
    const events: string[] = [];
    const logged: Record<string, Logs> = {};
    const cb: Callback = {
      onTrainBegin: (logs) => void events.push(`trainBegin ${JSON.stringify(logs)}`),
      onEpochBegin: (epoch) => void events.push(`epochBegin ${epoch}`),
      onBatchBegin: (batch, logs) => void events.push(`batchBegin ${batch} size ${logs.size}`),
      onBatchEnd: (batch, logs, ctx) => {
        events.push(`batchEnd ${batch} step ${ctx.step}`);
        logged.batch = logs;
      },
      onEpochEnd: (epoch, logs) => {
        events.push(`epochEnd ${epoch}`);
        logged.epoch = logs;
      },
      onTrainEnd: (_logs, ctx) => void events.push(`trainEnd epoch ${ctx.epoch} step ${ctx.step}`),
    };
    const h = await run({ callbacks: [cb], metrics: ['accuracy'], validationData: { x: set.x, y: set.y } });
    expect(events).toEqual([
      'trainBegin {}',
      'epochBegin 0', 'batchBegin 0 size 20', 'batchEnd 0 step 1', 'batchBegin 1 size 20', 'batchEnd 1 step 2', 'epochEnd 0',
      'epochBegin 1', 'batchBegin 0 size 20', 'batchEnd 0 step 3', 'batchBegin 1 size 20', 'batchEnd 1 step 4', 'epochEnd 1',
      'trainEnd epoch 1 step 4',
    ]);
    expect(logged.batch).toEqual({ batch: 1, size: 20, loss: h.stepLoss[3], lr: 0.1 });
    expect(logged.epoch).toEqual({ loss: h.trainLoss[1], acc: h.trainMetrics.accuracy[1], val_loss: h.valLoss![1], val_acc: h.valMetrics.accuracy[1], lr: 0.1 });
  });

  it('run callbacks in the order given, and await a hook that returns a promise', async () => {
    const events: string[] = [];
    const slow: Callback = {
      onEpochEnd: async (epoch) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        events.push(`slow ${epoch}`);
      },
    };
    const fast: Callback = { onEpochEnd: (epoch) => void events.push(`fast ${epoch}`), onEpochBegin: (epoch) => void events.push(`begin ${epoch}`) };
    await run({ callbacks: [slow, fast] });
    expect(events).toEqual(['begin 0', 'slow 0', 'fast 0', 'begin 1', 'slow 1', 'fast 1']);
  });

  it('give the context: model, optimizer, params', async () => {
    let seen: TrainContext | undefined;
    await run({ callbacks: [{ onTrainBegin: (_l, ctx) => void (seen = ctx) }], validationData: { x: set.x, y: set.y } });
    expect(seen!.model).toBe(model);
    expect(seen!.optimizer).toBe(optimizer);
    expect(seen!.params).toEqual({ epochs: 2, stepsPerEpoch: 2, batchSize: 20, samples: 40, doValidation: true });
  });

  it('can set the learning rate of the next update (tfjs SGD)', async () => {
    const h = await run({ callbacks: [{ onBatchBegin: (_b, _l, ctx) => setLearningRate(ctx.optimizer, 0.01 * (ctx.step + 1)) }] });
    expect(h.learningRate).toEqual([0.01, 0.02, 0.03, 0.04]);
  });
});

describe('train: stopping', () => {
  it('stop() in onBatchEnd ends the run after that batch; the partial epoch is still summarized', async () => {
    const events: string[] = [];
    const h = await run({
      epochs: 5,
      validationData: { x: set.x, y: set.y },
      callbacks: [{
        onBatchEnd: (_b, _l, ctx) => (ctx.step === 3 ? ctx.stop('enough') : undefined),
        onEpochEnd: (epoch) => void events.push(`epochEnd ${epoch}`),
        onTrainEnd: () => void events.push('trainEnd'),
      }],
    });
    expect(h).toMatchObject({ steps: 3, epochs: 2, stoppedEarly: true, stopReason: 'enough' });
    expect(h.trainLoss).toEqual([expect.any(Number), h.stepLoss[2]]); // epoch 1 ran one batch
    expect(h.valLoss).toHaveLength(2);
    expect(events).toEqual(['epochEnd 0', 'epochEnd 1', 'trainEnd']);
  });

  it('stop() in onEpochEnd ends the run after that epoch', async () => {
    const h = await run({ epochs: 5, callbacks: [{ onEpochEnd: (epoch, _l, ctx) => (epoch === 1 ? ctx.stop() : undefined) }] });
    expect(h).toMatchObject({ steps: 4, epochs: 2, stoppedEarly: true, stopReason: 'stopped by a callback' });
  });

  it('stop() in onEpochBegin runs no batch of that epoch', async () => {
    const h = await run({ epochs: 5, callbacks: [{ onEpochBegin: (epoch, _l, ctx) => (epoch === 1 ? ctx.stop('at epoch 1') : undefined) }] });
    expect(h).toMatchObject({ steps: 2, epochs: 1, stoppedEarly: true, stopReason: 'at epoch 1' });
    expect(h.trainLoss).toHaveLength(1);
  });

  it('honours model.stopTraining, as model.fit does', async () => {
    const h = await run({ epochs: 5, callbacks: [{ onEpochEnd: (_e, _l, ctx) => void (ctx.model.stopTraining = true) }] });
    expect(h).toMatchObject({ epochs: 1, stoppedEarly: true });
    expect(h.stopReason).toMatch(/model\.stopTraining/);
  });

  it("works with tfjs's own tf.callbacks.earlyStopping", async () => {
    // minDelta larger than any improvement: epoch 1 does not improve on epoch 0, patience 1 is used up.
    const early = tf.callbacks.earlyStopping({ monitor: 'val_loss', minDelta: 100, patience: 1 });
    const h = await run({ epochs: 10, validationData: { x: set.x, y: set.y }, callbacks: [early] });
    expect(h.epochs).toBe(2);
    expect(h.stoppedEarly).toBe(true);
  });
});

describe('train: failures and concurrency', () => {
  it('rejects with the error a callback throws, frees everything, and can train again', async () => {
    const before = tf.memory().numTensors;
    await expect(run({ metrics: ['accuracy'], callbacks: [{ onBatchEnd: (b) => { if (b === 1) throw new Error('boom'); } }] })).rejects.toThrow('boom');
    expect(tf.memory().numTensors).toBe(before);
    const h = await run({});
    expect(h.steps).toBe(4);
  });

  it('refuses a second train() or a model.fit() while the model is training', async () => {
    const fitOptimizer = tf.train.sgd(0.1);
    model.compile({ optimizer: fitOptimizer, loss: 'categoricalCrossentropy' });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = run({ callbacks: [{ onBatchEnd: () => gate }] }); // waits at its first batch
    expect(() => train(model, { x: set.x, y: set.y }, { optimizer, loss: 'softmaxCrossEntropy', progress: 'none' })).toThrow(
      'train: the model is already training (another train() or model.fit() has not finished); wait for it, or stop it first',
    );
    await expect(model.fit(set.x, set.y, { epochs: 1 })).rejects.toThrow(/another fit\(\) call is ongoing/);
    release();
    await first;
    const after = await run({});
    expect(after.steps).toBe(4);
    fitOptimizer.dispose();
  });
});
