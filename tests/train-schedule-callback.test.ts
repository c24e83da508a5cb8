import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../src/backend';
import { sgd } from '../src/optim/sgd';
import { cosineAnnealingLr } from '../src/schedules/cosine-annealing-lr';
import { stepLr } from '../src/schedules/step-lr';
import type { Callback, TrainContext } from '../src/train/callbacks';
import { fitCallback } from '../src/train/fit-callback';
import { scheduleCallback } from '../src/train/schedule-callback';
import { train } from '../src/train/train';
import { scalarModel, weightOf } from './helpers/train-fixtures';

// A per-step schedule as a callback: under model.fit with trainlab's sgd it must give every update
// exactly schedule(step), as train()'s own learningRate option does.
// Data: x = 1, y = 0 eight times; ŷ = w·x, MSE = w², gradient 2w: one SGD step is w·(1 − 2η).

let x: tf.Tensor2D;
let y: tf.Tensor2D;

beforeAll(async () => {
  await ready();
  x = tf.ones([8, 1]);
  y = tf.zeros([8, 1]);
});
afterAll(() => tf.dispose([x, y]));

/** Records the rate the optimizer reports at each update (read after every other hook has run). */
function rateRecorder(): { rates: number[]; histories: TrainContext['history'][]; callback: Callback } {
  const rates: number[] = [];
  const histories: TrainContext['history'][] = [];
  return { rates, histories, callback: { onBatchEnd: (_b, logs) => void rates.push(logs.lr), onTrainEnd: (_l, ctx) => void histories.push(ctx.history) } };
}

const schedule = cosineAnnealingLr({ initialLr: 0.1, tMax: 12 });

describe('scheduleCallback', () => {
  it('gives every update of model.fit with trainlab sgd exactly schedule(step)', async () => {
    const model = scalarModel(1);
    const optimizer = sgd({ learningRate: 123 });
    model.compile({ optimizer, loss: 'meanSquaredError' });
    const { rates, histories, callback } = rateRecorder();
    // 8 rows in batches of 2 → 4 updates per epoch, 3 epochs → steps 0 … 11.
    await model.fit(x, y, { epochs: 3, batchSize: 2, verbose: 0, callbacks: [fitCallback(scheduleCallback(schedule)), fitCallback(callback)] });
    const expected = Array.from({ length: 12 }, (_, step) => schedule(step));
    expect(rates).toEqual(expected);
    expect(histories[0].learningRate).toEqual(expected);
    expect(optimizer.iterations).toBe(12);
    // and the updates really used those rates: w = Π (1 − 2η_t)
    expect(weightOf(model)).toBeCloseTo(expected.reduce((w, lr) => w * (1 - 2 * lr), 1), 6);
    model.dispose();
    optimizer.dispose();
  });

  it('continues the schedule in a second fit (step = the optimizer\'s update count)', async () => {
    const model = scalarModel(1);
    const optimizer = sgd({ learningRate: 1 });
    model.compile({ optimizer, loss: 'meanSquaredError' });
    const { rates, callback } = rateRecorder();
    const s = stepLr({ initialLr: 0.1, stepSize: 3, gamma: 0.5 });
    const callbacks = [fitCallback(scheduleCallback(s)), fitCallback(callback)];
    await model.fit(x, y, { epochs: 1, batchSize: 4, verbose: 0, callbacks });
    await model.fit(x, y, { epochs: 2, batchSize: 4, verbose: 0, callbacks });
    expect(rates).toEqual([0.1, 0.1, 0.1, 0.05, 0.05, 0.05]);
    model.dispose();
    optimizer.dispose();
  });

  it("drives tfjs's own SGD through its setter", async () => {
    const model = scalarModel(1);
    const optimizer = tf.train.sgd(5);
    model.compile({ optimizer, loss: 'meanSquaredError' });
    const { rates, callback } = rateRecorder();
    await model.fit(x, y, { epochs: 1, batchSize: 2, verbose: 0, callbacks: [fitCallback(scheduleCallback(schedule)), fitCallback(callback)] });
    expect(rates).toEqual([0, 1, 2, 3].map(schedule));
    expect(weightOf(model)).toBeCloseTo([0, 1, 2, 3].reduce((w, t) => w * (1 - 2 * schedule(t)), 1), 6);
    model.dispose();
    optimizer.dispose();
  });

  it("matches train()'s learningRate option in train()", async () => {
    const [a, b] = [scalarModel(1), scalarModel(1)];
    const [optA, optB] = [sgd({ learningRate: 1 }), sgd({ learningRate: 1 })];
    const common = { loss: 'meanSquaredError' as const, epochs: 3, batchSize: 2, progress: 'none' as const };
    const viaOption = await train(a, { x, y }, { ...common, optimizer: optA, learningRate: schedule });
    const viaCallback = await train(b, { x, y }, { ...common, optimizer: optB, callbacks: [scheduleCallback(schedule)] });
    expect(viaCallback.learningRate).toEqual(viaOption.learningRate);
    expect(viaCallback.stepLoss).toEqual(viaOption.stepLoss);
    expect(weightOf(b)).toBe(weightOf(a));
    [a, b, optA, optB].forEach((t) => t.dispose());
  });

  it('creates no tensor with trainlab optimizers', async () => {
    const model = scalarModel(1);
    const optimizer = sgd({ learningRate: 1 });
    const run = () => train(model, { x, y }, { optimizer, loss: 'meanSquaredError', epochs: 2, progress: 'none', callbacks: [scheduleCallback(schedule)] });
    await run();
    const before = tf.memory().numTensors;
    await run();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    optimizer.dispose();
  });
});

describe('scheduleCallback: errors', () => {
  it('needs a function', () => {
    expect(() => scheduleCallback(0.1 as never)).toThrow(new TypeError('scheduleCallback: schedule must be a Schedule (step => number), got 0.1'));
  });

  it('names the step of a bad schedule value', async () => {
    const model = scalarModel(1);
    const optimizer = sgd({ learningRate: 1 });
    const bad = (step: number) => (step === 2 ? -1 : 0.1);
    await expect(train(model, { x, y }, { optimizer, loss: 'meanSquaredError', batchSize: 2, progress: 'none', callbacks: [scheduleCallback(bad)] })).rejects.toThrow(
      new RangeError('scheduleCallback: schedule(2) must be a finite number ≥ 0, got -1'),
    );
    expect(optimizer.iterations).toBe(2);
    model.dispose();
    optimizer.dispose();
  });

  it("refuses tfjs's Adam (no setter) when training begins, before any update", async () => {
    const model = scalarModel(1);
    const optimizer = tf.train.adam(0.1);
    model.compile({ optimizer, loss: 'meanSquaredError' });
    await expect(model.fit(x, y, { epochs: 1, verbose: 0, callbacks: [fitCallback(scheduleCallback(schedule))] })).rejects.toThrow(
      "scheduleCallback: the learning rate of Adam cannot be set while training (tfjs keeps it in a protected field); use one of trainlab's optimizers (sgd, adam, adamw, rmsprop) or tf.train.sgd / tf.train.momentum, which have a setter",
    );
    expect(optimizer.iterations).toBe(0);
    model.dispose();
    optimizer.dispose();
  });

  it('refuses an optimizer that already runs a Schedule', async () => {
    const model = scalarModel(1);
    const optimizer = sgd({ learningRate: schedule });
    await expect(train(model, { x, y }, { optimizer, loss: 'meanSquaredError', progress: 'none', callbacks: [scheduleCallback(schedule)] })).rejects.toThrow(
      new TypeError("scheduleCallback: the optimizer already has a Schedule as its learning rate; pass the schedule in one place only (the optimizer's learningRate or this callback)"),
    );
    model.dispose();
    optimizer.dispose();
  });
});
