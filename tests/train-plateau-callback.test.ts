import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../src/backend';
import { sgd } from '../src/optim/sgd';
import { ReduceLROnPlateau } from '../src/schedules/reduce-lr-on-plateau';
import type { Callback, TrainContext } from '../src/train/callbacks';
import { fitCallback } from '../src/train/fit-callback';
import { getLearningRate } from '../src/train/learning-rate';
import { reduceLrOnPlateau, type ReduceLrOnPlateauCallback, type ReduceLrOnPlateauCallbackOptions } from '../src/train/reduce-lr-on-plateau-callback';
import { train } from '../src/train/train';
import { scalarModel } from './helpers/train-fixtures';

// The plateau callback drives the optimizer's rate from the epoch logs, in train() and in
// model.fit, exactly as the standalone ReduceLROnPlateau rule says it should.
// Data: x = 1, y = 0 four times, one batch per epoch (so the rate of epoch e is history.learningRate[e]).

let x: tf.Tensor2D;
let y: tf.Tensor2D;

beforeAll(async () => {
  await ready();
  x = tf.ones([4, 1]);
  y = tf.zeros([4, 1]);
});
afterAll(() => tf.dispose([x, y]));

/** Feeds `values[epoch]` to the callback as its monitored value (the tests choose the plateaus). */
function scripted(cb: ReduceLrOnPlateauCallback, values: number[]): Callback {
  return {
    onTrainBegin: (logs, ctx) => cb.onTrainBegin!(logs, ctx),
    onEpochEnd: (epoch, logs, ctx) => cb.onEpochEnd!(epoch, { ...logs, [cb.monitor]: values[epoch] }, ctx),
  };
}

async function run(loop: 'train' | 'fit', optimizer: tf.Optimizer, callbacks: Callback[], epochs: number) {
  const model = scalarModel(1);
  let history: TrainContext['history'] | undefined;
  const seeHistory: Callback = { onTrainEnd: (_l, ctx) => void (history = ctx.history) };
  if (loop === 'train') {
    await train(model, { x, y }, { optimizer, loss: 'meanSquaredError', epochs, batchSize: 4, progress: 'none', callbacks: [...callbacks, seeHistory] });
  } else {
    model.compile({ optimizer, loss: 'meanSquaredError' });
    await model.fit(x, y, { epochs, batchSize: 4, verbose: 0, callbacks: [...callbacks, seeHistory].map(fitCallback) });
  }
  model.dispose();
  return history!;
}

/** The rate of each epoch according to the standalone rule (the rate used in epoch e is the rule's after e steps). */
function expectedRates(options: ConstructorParameters<typeof ReduceLROnPlateau>[0], values: number[]): number[] {
  const rule = new ReduceLROnPlateau(options);
  const rates = [rule.lr];
  for (const v of values.slice(0, -1)) rates.push(rule.step(v));
  return rates;
}

const VALUES = [1.0, 0.9, 0.9, 0.9, 0.95, 0.8, 0.85, 0.85, 0.85, 0.85, 0.85, 0.85, 0.85];

describe.each(['train', 'fit'] as const)('reduceLrOnPlateau with %s', (loop) => {
  it.each([
    ['trainlab sgd', () => sgd({ learningRate: 0.1 })],
    ['tf.train.sgd', () => tf.train.sgd(0.1)],
  ])('drives the rate of %s as ReduceLROnPlateau does', async (_name, make) => {
    const optimizer = make();
    const plateau = reduceLrOnPlateau({ factor: 0.5, patience: 1, minLr: 0.02 });
    const history = await run(loop, optimizer, [scripted(plateau, VALUES)], VALUES.length);
    const expected = expectedRates({ initialLr: 0.1, factor: 0.5, patience: 1, minLr: 0.02 }, VALUES);
    // patience 1: the rate drops after the 2nd epoch in a row without improvement; minLr 0.02 stops the last cut.
    expect(expected).toEqual([0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.02, 0.02, 0.02]);
    expect(history.learningRate).toEqual(expected);
    expect(plateau.plateau!.lr).toBe(0.02);
    expect(getLearningRate(optimizer)).toBe(0.02);
    optimizer.dispose();
  });

  it('reads the real validation loss from the logs', async () => {
    const optimizer = sgd({ learningRate: 0.1 });
    const model = scalarModel(1);
    const plateau = reduceLrOnPlateau({ patience: 0, factor: 0.5, monitor: 'loss' });
    let history: TrainContext['history'] | undefined;
    const see: Callback = { onTrainEnd: (_l, ctx) => void (history = ctx.history) };
    // The loss falls every epoch (w → 0): no reduction with monitor 'loss'.
    if (loop === 'train') await train(model, { x, y }, { optimizer, loss: 'meanSquaredError', epochs: 4, batchSize: 4, progress: 'none', callbacks: [plateau, see] });
    else {
      model.compile({ optimizer, loss: 'meanSquaredError' });
      await model.fit(x, y, { epochs: 4, batchSize: 4, verbose: 0, callbacks: [fitCallback(plateau), fitCallback(see)] });
    }
    expect(history!.learningRate).toEqual([0.1, 0.1, 0.1, 0.1]);
    expect(plateau.plateau!.best).toBe(history!.trainLoss[3]);
    model.dispose();
    optimizer.dispose();
  });
});

describe('reduceLrOnPlateau: per run', () => {
  it('sets initialLr on the optimizer when training begins, and starts afresh every run', async () => {
    const optimizer = sgd({ learningRate: 0.5 });
    const plateau = reduceLrOnPlateau({ initialLr: 0.2, patience: 0 });
    // patience 0: the epoch after the first one without improvement runs at 0.2·0.1.
    const first = await run('train', optimizer, [scripted(plateau, [1, 2, 3])], 3);
    expect(first.learningRate).toEqual(expectedRates({ initialLr: 0.2, patience: 0 }, [1, 2, 3]));
    expect(first.learningRate.slice(0, 2)).toEqual([0.2, 0.2]);
    expect(first.learningRate[2]).toBeCloseTo(0.02, 15);
    const second = await run('train', optimizer, [scripted(plateau, [1, 2])], 2);
    expect(second.learningRate).toEqual([0.2, 0.2]);
    optimizer.dispose();
  });

  it("starts from the optimizer's own rate by default", async () => {
    const optimizer = sgd({ learningRate: 0.3 });
    const plateau = reduceLrOnPlateau({ patience: 0, factor: 0.5 });
    const history = await run('fit', optimizer, [scripted(plateau, [1, 2, 3])], 3);
    expect(history.learningRate).toEqual([0.3, 0.3, 0.15]);
    expect(plateau.plateau!.initialLr).toBe(0.3);
    optimizer.dispose();
  });

  it('creates no tensor', async () => {
    const optimizer = sgd({ learningRate: 0.1 });
    await run('train', optimizer, [], 1);
    const before = tf.memory().numTensors;
    await run('train', optimizer, [scripted(reduceLrOnPlateau({ patience: 0 }), [1, 2, 3])], 3);
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
  });
});

describe('reduceLrOnPlateau: errors', () => {
  it('refuses an optimizer whose rate cannot be set, before the first update', async () => {
    const optimizer = tf.train.adam(0.1);
    const model = scalarModel(1);
    await expect(train(model, { x, y }, { optimizer, loss: 'meanSquaredError', progress: 'none', callbacks: [reduceLrOnPlateau()] })).rejects.toThrow(
      new TypeError(
        "reduceLrOnPlateau: the learning rate of Adam cannot be set while training (tfjs keeps it in a protected field); use one of trainlab's optimizers (sgd, adam, adamw, rmsprop) or tf.train.sgd / tf.train.momentum, which have a setter",
      ),
    );
    expect(optimizer.iterations).toBe(0);
    model.dispose();
    optimizer.dispose();
  });

  it('refuses an optimizer that runs a Schedule of its own', async () => {
    const optimizer = sgd({ learningRate: (step) => 0.1 / (step + 1) });
    await expect(run('train', optimizer, [reduceLrOnPlateau()], 1)).rejects.toThrow(
      new TypeError("reduceLrOnPlateau: the optimizer already has a Schedule as its learning rate; pass the schedule in one place only (the optimizer's learningRate or this callback)"),
    );
    optimizer.dispose();
  });

  it('names the keys there are when the monitored one is missing', async () => {
    const optimizer = sgd({ learningRate: 0.1 });
    await expect(run('train', optimizer, [reduceLrOnPlateau()], 1)).rejects.toThrow(
      new Error('reduceLrOnPlateau: monitor "val_loss" is not in the epoch logs (available: loss, lr); validation values need validation data (train: validationData; model.fit: validationData or validationSplit)'),
    );
    optimizer.dispose();
  });

  it('checks minLr against the optimizer rate it starts from', async () => {
    const optimizer = sgd({ learningRate: 0.01 });
    await expect(run('train', optimizer, [reduceLrOnPlateau({ minLr: 0.1 })], 1)).rejects.toThrow(
      new RangeError('reduceLrOnPlateau: minLr (0.1) must be ≤ initialLr (0.01)'),
    );
    optimizer.dispose();
  });
});

describe('reduceLrOnPlateau: bad options throw at once', () => {
  const cases: [string, unknown, typeof TypeError | typeof RangeError, string][] = [
    ['an unknown option', { lr: 0.1 }, TypeError, 'reduceLrOnPlateau: unknown option "lr" (valid: monitor, initialLr, mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps)'],
    ['a monitor that is not a string', { monitor: 3 }, TypeError, 'reduceLrOnPlateau: monitor must be a log key such as "val_loss" (a non-empty string), got 3'],
    ['a NaN initialLr', { initialLr: NaN }, TypeError, 'reduceLrOnPlateau: initialLr must be a number, got NaN'],
    ['a factor ≥ 1 (ReduceLROnPlateau\'s check, under this name)', { factor: 2 }, RangeError, 'reduceLrOnPlateau: factor must be in [0, 1), got 2'],
    ['a negative patience', { patience: -1 }, RangeError, 'reduceLrOnPlateau: patience must be an integer ≥ 0, got -1'],
    ['an unknown mode', { mode: 'auto' }, RangeError, 'reduceLrOnPlateau: mode must be one of "min", "max", got "auto"'],
    ['minLr above initialLr', { initialLr: 0.01, minLr: 0.1 }, RangeError, 'reduceLrOnPlateau: minLr (0.1) must be ≤ initialLr (0.01)'],
  ];
  it.each(cases)('%s', (_what, options, type, message) => {
    const call = () => reduceLrOnPlateau(options as ReduceLrOnPlateauCallbackOptions);
    expect(call).toThrow(type);
    expect(call).toThrow(message);
  });
});
