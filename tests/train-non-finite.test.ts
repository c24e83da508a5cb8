import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../src/backend';
import { NonFiniteLossError } from '../src/train/non-finite-loss-error';
import { train } from '../src/train/train';
import type { LossFn } from '../src/train/losses';
import { scalarModel } from './helpers/train-fixtures';

let x: tf.Tensor2D; // 8 rows; with batchSize 2, 4 steps per epoch
let y: tf.Tensor2D;

beforeAll(async () => {
  await ready();
  x = tf.tensor2d([[1], [2], [3], [4], [5], [6], [7], [8]]);
  y = tf.zeros([8, 1]);
});
afterAll(() => tf.dispose([x, y]));

/** Mean squared error that turns NaN on its call number `bad` (0-based; one call per step). */
function lossTurningNaN(bad: number): LossFn {
  let calls = 0;
  return (yTrue, yPred) => {
    const mse = tf.losses.meanSquaredError(yTrue, yPred) as tf.Scalar;
    return calls++ === bad ? tf.mul(mse, NaN) : mse;
  };
}

describe('train: a non-finite loss', () => {
  it('rejects with a message naming the step, epoch and batch, and keeps the history so far', async () => {
    const model = scalarModel(0.1);
    const optimizer = tf.train.sgd(0.001);
    const before = tf.memory().numTensors;
    const run = train(model, { x, y }, { optimizer, loss: lossTurningNaN(5), epochs: 3, batchSize: 2, shuffle: false, progress: 'none' });
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonFiniteLossError);
    expect((error as Error).message).toBe(
      'train: loss became NaN at step 5 (epoch 1, batch 1; counting from 0) — try a lower learning rate or gradient clipping',
    );
    const e = error as NonFiniteLossError;
    expect(e).toMatchObject({ step: 5, epoch: 1, batch: 1 });
    expect(e.loss).toBeNaN();
    expect(e.history.stepLoss).toHaveLength(6);
    expect(e.history.stepLoss[5]).toBeNaN();
    expect(e.history.trainLoss).toHaveLength(1); // epoch 0 was summarized, epoch 1 was not
    expect(tf.memory().numTensors).toBe(before);
    // The model is free to train again (its weight is NaN now: the bad step was applied).
    await expect(train(model, { x, y }, { optimizer, loss: 'meanSquaredError', progress: 'none' })).rejects.toThrow(/loss became NaN at step 0 /);
    model.dispose();
    optimizer.dispose();
  });

  it('names the first step of a real divergence (a learning rate far too large)', async () => {
    // ŷ = w·x on x = 1, y = 0 with η = 10: w ← w·(1 − 2η) = −19·w, so w² overflows float32 within ~15 steps.
    const model = scalarModel(1);
    const optimizer = tf.train.sgd(10);
    const one = tf.tensor2d([[1]]);
    const zero = tf.tensor2d([[0]]);
    const error = (await train(model, { x: one, y: zero }, { optimizer, loss: 'meanSquaredError', epochs: 100, batchSize: 1, progress: 'none' }).catch((e: unknown) => e)) as NonFiniteLossError;
    expect(error).toBeInstanceOf(NonFiniteLossError);
    const first = error.history.stepLoss.findIndex((v) => !Number.isFinite(v));
    expect(first).toBe(error.history.stepLoss.length - 1);
    expect(error.message).toMatch(new RegExp(`^train: loss became (Infinity|NaN) at step ${first} \\(epoch ${first}, batch 0; counting from 0\\)`));
    tf.dispose([one, zero]);
    model.dispose();
    optimizer.dispose();
  });

  it("with nonFiniteLoss: 'stop', ends the run like a callback's stop, with the message as the reason", async () => {
    const model = scalarModel(0.1);
    const optimizer = tf.train.sgd(0.001);
    const trainEnds: number[] = [];
    const h = await train(model, { x, y }, {
      optimizer, loss: lossTurningNaN(5), epochs: 3, batchSize: 2, shuffle: false, progress: 'none', nonFiniteLoss: 'stop',
      callbacks: [{ onTrainEnd: (_l, ctx) => void trainEnds.push(ctx.step) }],
    });
    expect(h).toMatchObject({ steps: 6, epochs: 2, stoppedEarly: true });
    expect(h.stopReason).toBe('train: loss became NaN at step 5 (epoch 1, batch 1; counting from 0) — try a lower learning rate or gradient clipping');
    expect(h.trainLoss[1]).toBeNaN();
    expect(trainEnds).toEqual([6]);
    model.dispose();
    optimizer.dispose();
  });
});
