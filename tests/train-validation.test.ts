import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../src/backend';
import { sgd } from '../src/optim/sgd';
import { train } from '../src/train/train';
import { mlp } from './helpers/train-fixtures';

// Every message train() can throw for a bad argument, thrown at once (synchronously) and before
// any tensor is created.

let model: tf.Sequential;
let x: tf.Tensor2D; // [8, 2]
let y: tf.Tensor2D; // [8, 3] one-hot
let y1: tf.Tensor2D; // [8, 1]
let optimizer: tf.Optimizer;

beforeAll(async () => {
  await ready();
  model = mlp(2, 4, 3);
  x = tf.zeros([8, 2]);
  y = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], 'int32'), 3).toFloat() as tf.Tensor2D;
  y1 = tf.zeros([8, 1]);
  optimizer = tf.train.sgd(0.1);
});
afterAll(() => {
  tf.dispose([x, y, y1]);
  model.dispose();
  optimizer.dispose();
});

type Args = [unknown, unknown, unknown];
const ok = (): Record<string, unknown> => ({ optimizer, loss: 'softmaxCrossEntropy', progress: 'none' });
const withOptions = (extra: Record<string, unknown>): Args => [model, { x, y }, { ...ok(), ...extra }];

function expectThrows(args: () => Args, type: typeof TypeError | typeof RangeError | typeof Error, message: string) {
  const a = args(); // build the arguments (may create test tensors) before counting
  const before = tf.memory().numTensors;
  let error: unknown;
  try {
    (train as (...a: unknown[]) => unknown)(...a);
  } catch (e) {
    error = e;
  }
  expect(error, 'train should throw synchronously').toBeInstanceOf(type);
  expect((error as Error).message).toBe(message);
  expect(tf.memory().numTensors).toBe(before);
}

describe('train: the model', () => {
  it('must be a LayersModel', () =>
    expectThrows(() => [null, { x, y }, ok()], TypeError, 'train: model must be a tf.LayersModel (tf.sequential() or tf.model()), got null'));
  it('must have trainable weights', () => {
    const frozen = mlp(2, 4, 3);
    frozen.layers.forEach((layer) => (layer.trainable = false));
    expectThrows(() => [frozen, { x, y }, ok()], RangeError, 'train: model has no trainable weights (are all its layers frozen?)');
    frozen.dispose();
  });
});

describe('train: the model and the data together', () => {
  it('the model has one input and one output', () => {
    const input = tf.input({ shape: [2] });
    const twoHeads = tf.model({ inputs: input, outputs: [tf.layers.dense({ units: 3 }).apply(input) as tf.SymbolicTensor, tf.layers.dense({ units: 1 }).apply(input) as tf.SymbolicTensor] });
    expectThrows(() => [twoHeads, { x, y }, ok()], RangeError, 'train: model.outputs.length must be 1 (train computes one loss), got 2');
    twoHeads.dispose();
  });
  it("x rows fit the model's input", () => {
    const wide = tf.zeros([8, 5]);
    expectThrows(() => [model, { x: wide, y }, ok()], RangeError, "train: data.x.shape.slice(1) ([5]) must be equal to the model's input shape ([2])");
    wide.dispose();
  });
  it("y rows fit the model's output (for a built-in loss)", () =>
    expectThrows(() => [model, { x, y: y1 }, ok()], RangeError, "train: data.y.shape.slice(1) ([1]) must be equal to the model's output shape ([3])"));
});

describe('train: the data', () => {
  it('must be an object', () => expectThrows(() => [model, 5, ok()], TypeError, 'train: data must be an object { x, y } of tensors, got 5'));
  it('x must be a tensor', () => expectThrows(() => [model, { x: [[1, 2]], y }, ok()], TypeError, 'train: data.x must be a tf.Tensor, got an array'));
  it('y must be a tensor', () => expectThrows(() => [model, { x }, ok()], TypeError, 'train: data.y must be a tf.Tensor, got undefined'));
  it('tensors must be live', () => {
    const dead = tf.zeros([8, 2]);
    dead.dispose();
    expectThrows(() => [model, { x: dead, y }, ok()], TypeError, 'train: data.x must be a live tensor, got a disposed one');
  });
  it('tensors must have rows', () => {
    const s = tf.scalar(1);
    expectThrows(() => [model, { x: s, y }, ok()], RangeError, 'train: data.x.rank must be ≥ 1, got 0');
    s.dispose();
  });
  it('x and y must have as many rows', () => {
    const short = y.slice(0, 7);
    expectThrows(() => [model, { x, y: short }, ok()], RangeError, 'train: data.x.shape[0] (8) must be equal to data.y.shape[0] (7)');
    short.dispose();
  });
  it('must not be empty', () => {
    const [ex, ey] = [tf.zeros([0, 2]), tf.zeros([0, 3])];
    expectThrows(() => [model, { x: ex, y: ey }, ok()], RangeError, 'train: data.x.shape[0] must be ≥ 1 (at least one row), got 0');
    tf.dispose([ex, ey]);
  });
});

describe('train: the options', () => {
  it('must be an object', () => expectThrows(() => [model, { x, y }, undefined], TypeError, 'train: options must be an object, got undefined'));
  it('reject an unknown name', () =>
    expectThrows(() => withOptions({ lr: 0.1 }), TypeError,
      'train: unknown option "lr" (valid: optimizer, loss, epochs, batchSize, validationData, metrics, learningRate, callbacks, seed, shuffle, progress, nonFiniteLoss, clipGradNorm, recordGradNorm, augment, accumulationSteps, precision, lossScaler, checkpoint, resume)'));
  it('checkpoint is { dir, everyEpochs }', () => {
    expectThrows(() => withOptions({ checkpoint: { dir: '' } }), TypeError, 'train: checkpoint.dir must be a non-empty string, got ""');
    expectThrows(() => withOptions({ checkpoint: { dir: 'runs', everyEpochs: 0 } }), RangeError, 'train: checkpoint.everyEpochs must be an integer ≥ 1, got 0');
    expectThrows(() => withOptions({ checkpoint: { dir: 'runs', every: 2 } as never }), TypeError, 'train: unknown option "every" (valid: dir, everyEpochs)');
  });
  it('resume is a directory name', () =>
    expectThrows(() => withOptions({ resume: 5 as never }), TypeError, 'train: resume must be a non-empty string, got 5'));
  it('need an optimizer', () =>
    expectThrows(() => withOptions({ optimizer: undefined }), TypeError,
      'train: optimizer must be a tf.Optimizer (e.g. adam({ learningRate: 1e-3 }) or tf.train.adam()), got undefined'));
  it('need a loss', () =>
    expectThrows(() => withOptions({ loss: undefined }), TypeError,
      'train: loss must be a loss name ("softmaxCrossEntropy", "categoricalCrossentropy", "meanSquaredError") or a function (yTrue, yPred) => tf.Scalar, got undefined'));
  it('need a known loss name', () =>
    expectThrows(() => withOptions({ loss: 'mse' }), RangeError,
      'train: loss must be one of "softmaxCrossEntropy", "categoricalCrossentropy", "meanSquaredError", got "mse"'));
  it('epochs is an integer ≥ 1', () => {
    expectThrows(() => withOptions({ epochs: 0 }), RangeError, 'train: epochs must be an integer ≥ 1, got 0');
    expectThrows(() => withOptions({ epochs: 2.5 }), RangeError, 'train: epochs must be an integer, got 2.5');
    expectThrows(() => withOptions({ epochs: NaN }), TypeError, 'train: epochs must be a number, got NaN');
    expectThrows(() => withOptions({ epochs: Infinity }), RangeError, 'train: epochs must be finite, got Infinity');
  });
  it('batchSize is an integer ≥ 1', () => expectThrows(() => withOptions({ batchSize: 0 }), RangeError, 'train: batchSize must be an integer ≥ 1, got 0'));
  it('seed is an integer ≥ 0', () => expectThrows(() => withOptions({ seed: -1 }), RangeError, 'train: seed must be an integer ≥ 0, got -1'));
  it('shuffle is a boolean', () => expectThrows(() => withOptions({ shuffle: 'yes' }), TypeError, 'train: shuffle must be a boolean, got "yes"'));
  it('progress is a known mode', () =>
    expectThrows(() => withOptions({ progress: 'fancy' }), RangeError, 'train: progress must be one of "auto", "bar", "chart", "report", "none", got "fancy"'));
  it('clipGradNorm is a finite number > 0', () =>
    expectThrows(() => withOptions({ clipGradNorm: 0 }), RangeError, 'train: clipGradNorm must be > 0, got 0'));
  it('recordGradNorm is a boolean', () =>
    expectThrows(() => withOptions({ recordGradNorm: 1 }), TypeError, 'train: recordGradNorm must be a boolean, got 1'));
  it('nonFiniteLoss is throw or stop', () =>
    expectThrows(() => withOptions({ nonFiniteLoss: 'ignore' }), RangeError, 'train: nonFiniteLoss must be one of "throw", "stop", got "ignore"'));
});

describe('train: validationData', () => {
  it('has as many x rows as y rows', () => {
    const vy = y.slice(0, 2);
    expectThrows(() => withOptions({ validationData: { x, y: vy } }), RangeError,
      'train: validationData.x.shape[0] (8) must be equal to validationData.y.shape[0] (2)');
    vy.dispose();
  });
  it('has rows shaped like the training rows', () => {
    const vx = tf.zeros([8, 5]);
    expectThrows(() => withOptions({ validationData: { x: vx, y } }), RangeError,
      'train: validationData.x.shape.slice(1) ([5]) must be equal to data.x.shape.slice(1) ([2])');
    vx.dispose();
  });
  it('is an object of tensors', () =>
    expectThrows(() => withOptions({ validationData: [x, y] }), TypeError, 'train: validationData must be an object { x, y } of tensors, got an array'));
});

describe('train: metrics', () => {
  it('is an array', () =>
    expectThrows(() => withOptions({ metrics: 'accuracy' }), TypeError,
      'train: metrics must be an array of "accuracy", "meanSquaredError", "meanAbsoluteError" or { name, fn }, got "accuracy"'));
  it('names known metrics', () =>
    expectThrows(() => withOptions({ metrics: ['acc'] }), RangeError,
      'train: metrics[0] must be one of "accuracy", "meanSquaredError", "meanAbsoluteError" or { name, fn }, got "acc"'));
  it('accuracy needs one-hot targets', () =>
    expectThrows(() => [model, { x, y: y1 }, { ...ok(), loss: () => tf.scalar(0), metrics: ['accuracy'] }], RangeError,
      'train: metric "accuracy" needs one-hot targets with ≥ 2 columns, got y of shape [8, 1]'));
  it('a custom metric has a name and a function', () =>
    expectThrows(() => withOptions({ metrics: [{ name: 'f1' }] }), TypeError,
      'train: metrics[0] must be a metric name or { name: string, fn: (yTrue, yPred) => tf.Scalar }, got an object'));
  it('names are unique', () =>
    expectThrows(() => withOptions({ metrics: ['accuracy', 'accuracy'] }), RangeError, 'train: metrics[1] must be unique, got "accuracy"'));
  it('names do not clash with the log keys', () =>
    expectThrows(() => withOptions({ metrics: [{ name: 'val_f1', fn: () => tf.scalar(0) }] }), RangeError,
      'train: metrics[0].name must be not one of "loss", "lr", "batch", "size" and not starting with "val_", got "val_f1"'));
});

describe('train: callbacks', () => {
  it('is an array', () =>
    expectThrows(() => withOptions({ callbacks: { onEpochEnd: () => {} } }), TypeError, 'train: callbacks must be an array of callback objects, got an object'));
  it('holds objects', () =>
    expectThrows(() => withOptions({ callbacks: [() => {}] }), TypeError,
      'train: callbacks[0] must be an object with hooks (onTrainBegin, onTrainEnd, onEpochBegin, onEpochEnd, onBatchBegin, onBatchEnd), got a function'));
  it('whose hooks are functions', () =>
    expectThrows(() => withOptions({ callbacks: [{ onEpochEnd: 'log' }] }), TypeError, 'train: callbacks[0].onEpochEnd must be a function, got "log"'));
});

describe('train: learningRate', () => {
  it('is a number or a schedule', () =>
    expectThrows(() => withOptions({ learningRate: '1e-3' }), TypeError, 'train: learningRate must be a number or a Schedule (step => number), got "1e-3"'));
  it('needs an optimizer whose rate can be set', () => {
    const adam = tf.train.adam(1e-3);
    expectThrows(() => withOptions({ optimizer: adam, learningRate: 1e-3 }), TypeError,
      "train: the learning rate of Adam cannot be set while training (tfjs keeps it in a protected field); use one of trainlab's optimizers (sgd, adam, adamw, rmsprop) or tf.train.sgd / tf.train.momentum, which have a setter");
    adam.dispose();
  });
  it('is ≥ 0 at every step of the run, checked before training', () => {
    // 8 rows, batchSize 4, 2 epochs: steps 0..3; the schedule goes negative at step 3.
    expectThrows(() => withOptions({ epochs: 2, batchSize: 4, learningRate: (s: number) => (s < 3 ? 0.1 : -1) }), RangeError,
      'train: learningRate(3) must be a finite number ≥ 0, got -1');
    expectThrows(() => withOptions({ learningRate: () => NaN }), RangeError, 'train: learningRate(0) must be a finite number ≥ 0, got NaN');
    expectThrows(() => withOptions({ learningRate: -0.1 }), RangeError, 'train: learningRate must be a finite number ≥ 0, got -0.1');
  });
  it('is not given twice (train and a trainlab optimizer with its own schedule)', () => {
    const scheduled = sgd({ learningRate: (s: number) => 0.1 / (s + 1) });
    expectThrows(() => withOptions({ optimizer: scheduled, learningRate: 0.1 }), TypeError,
      'train: learningRate is given, but the optimizer already has a Schedule as its learning rate; pass the schedule in one place only');
    scheduled.dispose();
  });
});
