import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../src/backend';
import type { Callback, TrainContext } from '../src/train/callbacks';
import { fitCallback } from '../src/train/fit-callback';
import { setLearningRate } from '../src/train/learning-rate';
import { train } from '../src/train/train';
import { scalarModel, weightOf } from './helpers/train-fixtures';

// One callback, two loops: the same trainlab Callback runs in train() and, wrapped, in model.fit.
// Data: x = 1, y = 0 four times; ŷ = w·x, MSE = w², gradient 2w: SGD with rate η gives w·(1 − 2η).
let x: tf.Tensor2D;
let y: tf.Tensor2D;

beforeAll(async () => {
  await ready();
  x = tf.ones([4, 1]);
  y = tf.zeros([4, 1]);
});
afterAll(() => tf.dispose([x, y]));

function recorder(events: string[]): Callback {
  return {
    onTrainBegin: () => void events.push('trainBegin'),
    onEpochBegin: (e) => void events.push(`epochBegin ${e}`),
    onBatchBegin: (b, logs) => void events.push(`batchBegin ${b} size ${logs.size}`),
    onBatchEnd: (b, logs, ctx) => void events.push(`batchEnd ${b} step ${ctx.step} loss ${logs.loss.toFixed(4)}`),
    onEpochEnd: (e, logs) => void events.push(`epochEnd ${e} loss ${logs.loss.toFixed(4)}`),
    onTrainEnd: (_l, ctx) => void events.push(`trainEnd steps ${ctx.history.steps}`),
  };
}

describe('fitCallback', () => {
  it('sees the same hooks, steps and losses under model.fit as under train()', async () => {
    const [a, b] = [scalarModel(1), scalarModel(1)];
    const [optA, optB] = [tf.train.sgd(0.1), tf.train.sgd(0.1)];
    const viaTrain: string[] = [];
    const viaFit: string[] = [];
    await train(a, { x, y }, { optimizer: optA, loss: 'meanSquaredError', epochs: 2, batchSize: 2, shuffle: false, progress: 'none', callbacks: [recorder(viaTrain)] });
    b.compile({ optimizer: optB, loss: 'meanSquaredError' });
    await b.fit(x, y, { epochs: 2, batchSize: 2, shuffle: false, verbose: 0, callbacks: [fitCallback(recorder(viaFit))] });
    expect(viaFit).toEqual(viaTrain);
    expect(viaTrain[0]).toBe('trainBegin');
    expect(viaTrain.at(-1)).toBe('trainEnd steps 4');
    [a, b].forEach((m) => m.dispose());
    [optA, optB].forEach((o) => o.dispose());
  });

  it('lets one schedule callback drive the rate in both loops (tfjs SGD via setLearningRate)', async () => {
    const schedule = (step: number) => 0.1 / (step + 1);
    const histories: TrainContext['history'][] = [];
    const perStep: Callback = {
      onBatchBegin: (_b, _l, ctx) => setLearningRate(ctx.optimizer, schedule(ctx.optimizer.iterations)),
      onTrainEnd: (_l, ctx) => void histories.push(ctx.history),
    };
    const [a, b] = [scalarModel(1), scalarModel(1)];
    const [optA, optB] = [tf.train.sgd(123), tf.train.sgd(123)];
    await train(a, { x, y }, { optimizer: optA, loss: 'meanSquaredError', epochs: 3, batchSize: 4, progress: 'none', callbacks: [perStep] });
    b.compile({ optimizer: optB, loss: 'meanSquaredError' });
    await b.fit(x, y, { epochs: 3, batchSize: 4, verbose: 0, callbacks: [fitCallback(perStep)] });
    const expected = 1 * (1 - 0.2) * (1 - 0.1) * (1 - 0.2 / 3);
    expect(weightOf(a)).toBeCloseTo(expected, 6);
    expect(weightOf(b)).toBeCloseTo(expected, 6);
    expect(histories[0].learningRate).toEqual([0.1, 0.05, 0.1 / 3]);
    expect(histories[1].learningRate).toEqual([0.1, 0.05, 0.1 / 3]);
    expect(histories[1].trainLoss).toHaveLength(3);
    [a, b].forEach((m) => m.dispose());
    [optA, optB].forEach((o) => o.dispose());
  });

  it('stops model.fit through context.stop(), and leaks nothing', async () => {
    const model = scalarModel(1);
    const optimizer = tf.train.sgd(0.01);
    model.compile({ optimizer, loss: 'meanSquaredError' });
    await model.fit(x, y, { epochs: 1, verbose: 0 }); // warm up: whatever fit creates once
    const before = tf.memory().numTensors;
    let seen: TrainContext['history'] | undefined;
    const stopper: Callback = {
      onEpochEnd: (epoch, _l, ctx) => (epoch === 1 ? ctx.stop('two is enough') : undefined),
      onTrainEnd: (_l, ctx) => void (seen = ctx.history),
    };
    const fitHistory = await model.fit(x, y, { epochs: 10, batchSize: 2, verbose: 0, validationData: [x, y], callbacks: [fitCallback(stopper)] });
    expect(fitHistory.epoch).toEqual([0, 1]);
    expect(seen).toMatchObject({ epochs: 2, steps: 4, stoppedEarly: true, stopReason: 'two is enough' });
    expect(seen!.valLoss).toHaveLength(2);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    optimizer.dispose();
  });
});
