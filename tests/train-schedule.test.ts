import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../src/backend';
import { sgd } from '../src/optim/sgd';
import { train } from '../src/train/train';
import { scalarModel, weightOf } from './helpers/train-fixtures';

// One row x = 1, y = 0 and ŷ = w·x: the MSE loss is w², its gradient 2w, so an SGD step with rate
// η gives w ← w − η·2w = w·(1 − 2η). Every number below is worked from that.
let x: tf.Tensor2D;
let y: tf.Tensor2D;

beforeAll(async () => {
  await ready();
  x = tf.tensor2d([[1]]);
  y = tf.tensor2d([[0]]);
});
afterAll(() => tf.dispose([x, y]));

const schedule = (step: number) => 0.1 / (step + 1); // 0.1, 0.05, 0.0333…, 0.025, 0.02

/** w after applying the rates of steps [from, to) to w. */
function expectedWeight(w: number, from: number, to: number): number {
  for (let k = from; k < to; k++) w *= 1 - 2 * Math.fround(schedule(k));
  return w;
}

describe('train: learning-rate schedule', () => {
  it("sets tfjs SGD's rate before every step (setLearningRate)", async () => {
    const model = scalarModel(1);
    const optimizer = tf.train.sgd(123); // overridden from the first step on
    const h = await train(model, { x, y }, { optimizer, loss: 'meanSquaredError', epochs: 3, batchSize: 1, learningRate: schedule, progress: 'none' });
    expect(h.learningRate).toEqual([0.1, 0.05, 0.1 / 3]);
    // losses are w_k² with w_0 = 1, w_1 = 0.8, w_2 = 0.8·0.9 = 0.72
    expect(h.stepLoss[0]).toBeCloseTo(1, 6);
    expect(h.stepLoss[1]).toBeCloseTo(0.64, 6);
    expect(h.stepLoss[2]).toBeCloseTo(0.72 ** 2, 6);
    expect(weightOf(model)).toBeCloseTo(expectedWeight(1, 0, 3), 6);
    model.dispose();
    optimizer.dispose();
  });

  it("continues from the optimizer's update count on a second call", async () => {
    const model = scalarModel(1);
    const optimizer = tf.train.sgd(0.1);
    await train(model, { x, y }, { optimizer, loss: 'meanSquaredError', epochs: 3, batchSize: 1, learningRate: schedule, progress: 'none' });
    const h = await train(model, { x, y }, { optimizer, loss: 'meanSquaredError', epochs: 2, batchSize: 1, learningRate: schedule, progress: 'none' });
    expect(h.learningRate).toEqual([schedule(3), schedule(4)]);
    expect(weightOf(model)).toBeCloseTo(expectedWeight(1, 0, 5), 6);
    model.dispose();
    optimizer.dispose();
  });

  it('accepts a constant rate, and drives tf.train.momentum too', async () => {
    const model = scalarModel(1);
    const optimizer = tf.train.momentum(0.5, 0.9);
    const h = await train(model, { x, y }, { optimizer, loss: 'meanSquaredError', epochs: 2, batchSize: 1, learningRate: 0.1, progress: 'none' });
    expect(h.learningRate).toEqual([0.1, 0.1]);
    // tfjs momentum: a ← 0.9·a + g; w ← w − η·a. Step 0: g = 2, a = 2, w = 0.8. Step 1: g = 1.6, a = 3.4, w = 0.46.
    expect(weightOf(model)).toBeCloseTo(0.46, 6);
    model.dispose();
    optimizer.dispose();
  });

  it("drives trainlab's optimizers through their learningRate setter", async () => {
    const model = scalarModel(1);
    const optimizer = sgd({ learningRate: 123 });
    const h = await train(model, { x, y }, { optimizer, loss: 'meanSquaredError', epochs: 3, batchSize: 1, learningRate: schedule, progress: 'none' });
    expect(h.learningRate).toEqual([0.1, 0.05, 0.1 / 3]);
    expect(weightOf(model)).toBeCloseTo(expectedWeight(1, 0, 3), 6);
    model.dispose();
    optimizer.dispose();
  });

  it("records the rate of an optimizer that runs its own schedule (no learningRate option)", async () => {
    const model = scalarModel(1);
    const optimizer = sgd({ learningRate: schedule });
    const h = await train(model, { x, y }, { optimizer, loss: 'meanSquaredError', epochs: 3, batchSize: 1, progress: 'none' });
    expect(h.learningRate).toEqual([0.1, 0.05, 0.1 / 3]);
    expect(weightOf(model)).toBeCloseTo(expectedWeight(1, 0, 3), 6);
    model.dispose();
    optimizer.dispose();
  });

  it('records NaN as the rate of an optimizer that does not expose one', async () => {
    const model = scalarModel(1);
    const inner = tf.train.sgd(0.1);
    // A bare tf.Optimizer look-alike: minimize/computeGradients/applyGradients, no learningRate.
    const optimizer = {
      minimize: inner.minimize.bind(inner),
      computeGradients: inner.computeGradients.bind(inner),
      applyGradients: inner.applyGradients.bind(inner),
      get iterations() { return inner.iterations; },
    } as unknown as tf.Optimizer;
    const h = await train(model, { x, y }, { optimizer, loss: 'meanSquaredError', epochs: 2, batchSize: 1, progress: 'none' });
    expect(h.learningRate).toEqual([NaN, NaN]);
    model.dispose();
    inner.dispose();
  });
});
