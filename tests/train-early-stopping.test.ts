import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../src/backend';
import { loadDigits, type DigitsData } from '../src/data/digits';
import { adam } from '../src/optim/adam';
import type { Callback, Logs, TrainContext } from '../src/train/callbacks';
import { earlyStopping, resolveMode, type EarlyStoppingCallback, type EarlyStoppingOptions } from '../src/train/early-stopping';
import { fitCallback } from '../src/train/fit-callback';
import { noContextMessage } from '../src/train/monitor';
import { train } from '../src/train/train';
import { mlp } from './helpers/train-fixtures';

// Early stopping must give back exactly the weights the best epoch ended with — compared here,
// bit for bit, with a copy taken at that epoch — in train() and in model.fit, whether it stopped
// the run or the run simply ended.

let digits: DigitsData;

beforeAll(async () => {
  await ready();
  // 60 training images: a 64-64-10 MLP overfits them within a few epochs, so the validation loss turns.
  digits = loadDigits({ trainSize: 60, seed: 1 });
});
afterAll(() => digits.dispose());

/** Every weight's values (plain copies: no tensors kept). */
function weightValues(model: tf.LayersModel): Float32Array[] {
  return model.getWeights().map((w) => w.dataSync().slice() as Float32Array);
}

/** Records the weights at the end of every epoch; list it before the early-stopping callback. */
function epochSnapshots(): { snapshots: Float32Array[][]; callback: Callback } {
  const snapshots: Float32Array[][] = [];
  return { snapshots, callback: { onEpochEnd: (epoch, _logs, ctx) => void (snapshots[epoch] = weightValues(ctx.model)) } };
}

/**
 * Wraps a callback so that it sees `values[epoch]` as its monitored value: the tests choose when the
 * "validation loss" improves, and the weights really do change every epoch. One object, so the same
 * wrapper serves train() and fitCallback().
 */
function scripted(cb: EarlyStoppingCallback, values: number[], key = 'val_loss'): Callback {
  return {
    onTrainBegin: (logs, ctx) => cb.onTrainBegin!(logs, ctx),
    onEpochEnd: (epoch, logs, ctx) => cb.onEpochEnd!(epoch, { ...logs, [key]: values[epoch] }, ctx),
    onTrainEnd: (logs, ctx) => cb.onTrainEnd!(logs, ctx),
  };
}

type Loop = 'train' | 'fit';

/** Trains a fresh digits MLP with `callbacks` in one of the two loops; returns the model and what ran. */
async function run(loop: Loop, callbacks: Callback[], epochs: number, validation = false) {
  const model = mlp(64, 64, 10, 7);
  const optimizer = adam({ learningRate: 0.01 });
  let history: TrainContext['history'] | undefined;
  const seeHistory: Callback = { onTrainEnd: (_l, ctx) => void (history = ctx.history) };
  const data = { x: digits.xTrain, y: digits.yTrain };
  const validationData = { x: digits.xVal, y: digits.yVal };
  if (loop === 'train') {
    await train(model, data, { optimizer, loss: 'softmaxCrossEntropy', epochs, batchSize: 20, progress: 'none', callbacks: [...callbacks, seeHistory], ...(validation ? { validationData } : {}) });
  } else {
    model.compile({ optimizer, loss: (y: tf.Tensor, p: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, p) });
    await model.fit(data.x, data.y, {
      epochs, batchSize: 20, verbose: 0, shuffle: false,
      callbacks: [...callbacks, seeHistory].map(fitCallback),
      ...(validation ? { validationData: [validationData.x, validationData.y] } : {}),
    });
  }
  return { model, optimizer, history: history!, dispose: () => (model.dispose(), optimizer.dispose()) };
}

describe.each(['train', 'fit'] as const)('earlyStopping with %s', (loop) => {
  it('stops after `patience` epochs without improvement and restores exactly the best epoch', async () => {
    const { snapshots, callback } = epochSnapshots();
    const stopper = earlyStopping({ patience: 2, restoreBestWeights: true });
    //                         epoch:  0    1    2    3     4     5    6
    const r = await run(loop, [callback, scripted(stopper, [1.0, 0.8, 0.5, 0.55, 0.52, 0.4, 0.3])], 7);
    expect(stopper.bestEpoch).toBe(2);
    expect(stopper.best).toBe(0.5);
    expect(stopper.stoppedEpoch).toBe(4); // epochs 3 and 4 did not improve: patience 2 runs out
    expect(stopper.restoredEpoch).toBe(2);
    expect(r.history.epochs).toBe(5);
    expect(r.history.stoppedEarly).toBe(true);
    const reason = 'earlyStopping: val_loss has not improved for 2 epochs (best 0.5 at epoch 2)';
    // Under fit each fitCallback wrapper keeps its own reason; the one that reads the history sees fit's flag.
    expect(r.history.stopReason).toBe(loop === 'train' ? reason : 'model.stopTraining was set');
    const final = weightValues(r.model);
    expect(final).toEqual(snapshots[2]);
    expect(final).not.toEqual(snapshots[4]); // the weights did move after the best epoch
    r.dispose();
  });

  it('restores the best epoch also when training ends without stopping early', async () => {
    const { snapshots, callback } = epochSnapshots();
    const stopper = earlyStopping({ patience: 10, restoreBestWeights: true });
    const r = await run(loop, [callback, scripted(stopper, [1.0, 0.7, 0.6, 0.65, 0.9])], 5);
    expect(r.history.stoppedEarly).toBe(false);
    expect(stopper.stoppedEpoch).toBeNull();
    expect(stopper.restoredEpoch).toBe(2);
    expect(weightValues(r.model)).toEqual(snapshots[2]);
    r.dispose();
  });

  it('restores the epoch with the lowest real validation loss of an overfitting run', async () => {
    const { snapshots, callback } = epochSnapshots();
    const stopper = earlyStopping({ patience: 3, restoreBestWeights: true });
    const r = await run(loop, [callback, stopper], 40, true);
    const valLoss = r.history.valLoss!;
    const argmin = valLoss.indexOf(Math.min(...valLoss));
    expect(r.history.stoppedEarly).toBe(true); // the validation loss turned: the run overfits
    expect(argmin).toBeGreaterThan(0);
    expect(argmin).toBeLessThan(valLoss.length - 1);
    expect(stopper.bestEpoch).toBe(argmin);
    expect(stopper.stoppedEpoch).toBe(argmin + 3);
    expect(weightValues(r.model)).toEqual(snapshots[argmin]);
    r.dispose();
  });

  it('keeps the last weights without restoreBestWeights', async () => {
    const { snapshots, callback } = epochSnapshots();
    const stopper = earlyStopping({ patience: 1 });
    const r = await run(loop, [callback, scripted(stopper, [1.0, 0.5, 0.6])], 3);
    expect(stopper.stoppedEpoch).toBe(2);
    expect(stopper.restoredEpoch).toBeNull();
    expect(weightValues(r.model)).toEqual(snapshots[2]);
    r.dispose();
  });

  it('leaks no tensor (the copy of the best weights is freed when training ends)', async () => {
    const warm = await run(loop, [scripted(earlyStopping({ restoreBestWeights: true }), [1, 2])], 2); // what fit creates once
    warm.dispose();
    const before = tf.memory().numTensors;
    const stopper = earlyStopping({ patience: 1, restoreBestWeights: true });
    const r = await run(loop, [scripted(stopper, [1.0, 0.5, 0.6, 0.7])], 4);
    r.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('earlyStopping: the rule', () => {
  /** Runs the rule on a sequence of values without training: a fake context that only records stop(). */
  function feed(options: EarlyStoppingOptions, values: number[], key = 'val_loss') {
    const stopper = earlyStopping(options);
    let stoppedAt: number | null = null;
    const ctx = { stop: () => void (stoppedAt ??= epoch), model: null } as unknown as TrainContext;
    let epoch = 0;
    stopper.onTrainBegin!({}, ctx);
    for (; epoch < values.length && stoppedAt === null; epoch++) stopper.onEpochEnd!(epoch, { [key]: values[epoch] } as Logs, ctx);
    return { stopper, stoppedAt };
  }

  it('patience 0 and 1 both stop at the first epoch without improvement (as Keras)', () => {
    expect(feed({ patience: 0 }, [3, 2, 2.5, 1]).stoppedAt).toBe(2);
    expect(feed({ patience: 1 }, [3, 2, 2.5, 1]).stoppedAt).toBe(2);
    expect(feed({ patience: 2 }, [3, 2, 2.5, 1]).stoppedAt).toBeNull();
    expect(feed({ patience: 2 }, [3, 2, 2.5, 2.1, 1]).stoppedAt).toBe(3);
  });

  it('counts an improvement only beyond minDelta', () => {
    const { stopper, stoppedAt } = feed({ patience: 1, minDelta: 0.1 }, [1.0, 0.95, 0.5]);
    expect(stoppedAt).toBe(1); // 0.95 is not below 1.0 − 0.1
    expect(stopper.best).toBe(1.0);
  });

  it("watches accuracies in 'max' mode: 'auto' picks it for *acc, *accuracy, *auc keys", () => {
    expect(resolveMode('auto', 'val_acc')).toBe('max');
    expect(resolveMode('auto', 'accuracy')).toBe('max');
    expect(resolveMode('auto', 'val_auc')).toBe('max');
    expect(resolveMode('auto', 'val_loss')).toBe('min');
    expect(resolveMode('auto', 'meanSquaredError')).toBe('min');
    const { stopper, stoppedAt } = feed({ monitor: 'val_acc', patience: 1 }, [0.5, 0.8, 0.7], 'val_acc');
    expect(stopper.mode).toBe('max');
    expect([stoppedAt, stopper.bestEpoch]).toEqual([2, 1]);
    expect(feed({ monitor: 'val_acc', mode: 'min', patience: 1 }, [0.5, 0.8], 'val_acc').stoppedAt).toBe(1);
  });

  it('stops a run that never beats the baseline after `patience` epochs, keeping its best epoch', () => {
    const { stopper, stoppedAt } = feed({ patience: 3, baseline: 0.1 }, [1.0, 0.8, 0.6, 0.5, 0.4]);
    expect(stoppedAt).toBe(2); // improving every epoch, but never below 0.1: three epochs of no progress
    expect(stopper.bestEpoch).toBe(2);
    expect(stopper.beatBaseline).toBe(false);
    // Epoch 0 misses the baseline (wait 1 < 2); epochs 1–2 beat it; 3–4 do not improve: stop after 4.
    const met = feed({ patience: 2, baseline: 0.7 }, [1.0, 0.6, 0.5, 0.55, 0.58, 0.1]);
    expect([met.stoppedAt, met.stopper.beatBaseline, met.stopper.bestEpoch]).toEqual([4, true, 2]);
    expect(feed({ patience: 1, baseline: 0.7 }, [1.0, 0.6]).stoppedAt).toBe(0); // patience 1: one epoch to beat it
  });

  it('starts afresh on every run', () => {
    const { stopper } = feed({ patience: 0 }, [1, 2]);
    expect(stopper.stoppedEpoch).toBe(1);
    stopper.onTrainBegin!({}, {} as TrainContext);
    expect([stopper.best, stopper.bestEpoch, stopper.wait, stopper.stoppedEpoch]).toEqual([null, null, 0, null]);
  });

  it('names the keys there are when the monitored one is missing', () => {
    expect(() => feed({}, [1], 'loss')).toThrow(
      new Error('earlyStopping: monitor "val_loss" is not in the epoch logs (available: loss); validation values need validation data (train: validationData; model.fit: validationData or validationSplit)'),
    );
    expect(() => feed({ monitor: 'acc' }, [1], 'loss')).toThrow(new Error('earlyStopping: monitor "acc" is not in the epoch logs (available: loss)'));
  });

  it('reports a non-finite monitored value with its epoch', () => {
    expect(() => feed({}, [1, NaN])).toThrow(
      new RangeError('earlyStopping: val_loss must be finite, got NaN (epoch 1); the run diverged — lower the learning rate or check the data'),
    );
  });

  it('says how to use it with model.fit when handed over unwrapped', async () => {
    const model = mlp(64, 8, 10);
    model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
    await expect(model.fit(digits.xTrain, digits.yTrain, { epochs: 1, verbose: 0, callbacks: [earlyStopping() as unknown as tf.CustomCallbackArgs] })).rejects.toThrow(
      noContextMessage('earlyStopping'),
    );
    expect(noContextMessage('earlyStopping')).toBe(
      'earlyStopping: no training context — this is a trainlab callback: pass it to train({ callbacks: [...] }), or wrap it for model.fit: callbacks: [fitCallback(earlyStopping(...))]',
    );
    model.dispose();
  });

  it('frees its copy of the weights with dispose() after a run that threw', async () => {
    const model = mlp(64, 8, 10);
    const optimizer = adam({ learningRate: 0.01 });
    const stopper = earlyStopping({ restoreBestWeights: true, monitor: 'loss' });
    const boom: Callback = { onEpochEnd: (epoch) => { if (epoch === 1) throw new Error('boom'); } };
    const data = { x: digits.xTrain, y: digits.yTrain };
    await train(model, data, { optimizer, loss: 'softmaxCrossEntropy', epochs: 1, progress: 'none' }); // optimizer state exists
    const before = tf.memory().numTensors;
    await expect(train(model, data, { optimizer, loss: 'softmaxCrossEntropy', epochs: 3, progress: 'none', callbacks: [stopper, boom] })).rejects.toThrow('boom');
    expect(tf.memory().numTensors).toBe(before + model.getWeights().length);
    stopper.dispose();
    stopper.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    optimizer.dispose();
  });
});

describe('earlyStopping: bad options throw at once', () => {
  const cases: [string, unknown, typeof TypeError | typeof RangeError, string][] = [
    ['an unknown option', { patient: 3 }, TypeError, 'earlyStopping: unknown option "patient" (valid: monitor, mode, patience, minDelta, baseline, restoreBestWeights)'],
    ['options that are not an object', 3, TypeError, 'earlyStopping: options must be an object, got 3'],
    ['an empty monitor', { monitor: '' }, TypeError, 'earlyStopping: monitor must be a log key such as "val_loss" (a non-empty string), got ""'],
    ['an unknown mode', { mode: 'lowest' }, RangeError, 'earlyStopping: mode must be one of "auto", "min", "max", got "lowest"'],
    ['a negative patience', { patience: -1 }, RangeError, 'earlyStopping: patience must be an integer ≥ 0, got -1'],
    ['a fractional patience', { patience: 1.5 }, RangeError, 'earlyStopping: patience must be an integer, got 1.5'],
    ['a negative minDelta', { minDelta: -0.01 }, RangeError, 'earlyStopping: minDelta must be ≥ 0, got -0.01'],
    ['a NaN baseline', { baseline: NaN }, TypeError, 'earlyStopping: baseline must be a number, got NaN'],
    ['an infinite baseline', { baseline: Infinity }, RangeError, 'earlyStopping: baseline must be finite, got Infinity'],
    ['a non-boolean restoreBestWeights', { restoreBestWeights: 1 }, TypeError, 'earlyStopping: restoreBestWeights must be a boolean, got 1'],
  ];
  it.each(cases)('%s', (_what, options, type, message) => {
    const call = () => earlyStopping(options as EarlyStoppingOptions);
    expect(call).toThrow(type);
    expect(call).toThrow(message);
  });
});
