/**
 * Every argument check of src/nn and src/data/augment: the error type and the exact message
 * (function, parameter, value, valid range), thrown before any tensor is created (the shared leak
 * check fails a test whose failed call left a tensor behind).
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { augmentDigits, randomShift } from '../src/data/augment';
import { batchNorm } from '../src/nn/batch-norm';
import { batchNormLayer } from '../src/nn/batch-norm-layer';
import { dropout } from '../src/nn/dropout';
import { dropoutLayer } from '../src/nn/dropout-layer';
import { l2Penalty } from '../src/nn/l2-penalty';
import { layerNorm } from '../src/nn/layer-norm';
import { layerNormLayer } from '../src/nn/layer-norm-layer';
import { train } from '../src/train/train';
import { checkEveryTestForLeaks } from './helpers/leak-check';

checkEveryTestForLeaks();

let x: tf.Tensor2D; // [4, 3]
let v3: tf.Tensor1D; // [3]
let v4: tf.Tensor1D; // [4]
let m2: tf.Tensor2D; // [1, 3]
let ints: tf.Tensor2D; // int32 [4, 3]
let disposed: tf.Tensor;
let images: tf.Tensor2D; // [2, 64]

beforeAll(() => {
  x = tf.ones([4, 3]);
  v3 = tf.ones([3]);
  v4 = tf.ones([4]);
  m2 = tf.ones([1, 3]);
  ints = tf.ones([4, 3], 'int32');
  images = tf.ones([2, 64]);
  disposed = tf.ones([2, 3]);
  disposed.dispose();
});
afterAll(() => tf.dispose([x, v3, v4, m2, ints, images]));

type Case = [string, () => unknown, typeof TypeError | typeof RangeError, string];
const ok = () => ({ runningMean: v3, runningVar: v3, training: true });

const cases: Case[] = [
  // batchNorm
  ['batchNorm options', () => batchNorm(x, undefined as never), TypeError, 'batchNorm: options must be an object, got undefined'],
  ['batchNorm unknown option', () => batchNorm(x, { ...ok(), eps: 1e-5 } as never), TypeError, 'batchNorm: unknown option "eps" (valid: gamma, beta, runningMean, runningVar, training, momentum, epsilon)'],
  ['batchNorm x type', () => batchNorm([[1]] as never, ok()), TypeError, 'batchNorm: x must be a tf.Tensor, got an array'],
  ['batchNorm x disposed', () => batchNorm(disposed, ok()), TypeError, 'batchNorm: x must be a live tensor, got a disposed one'],
  ['batchNorm x rank', () => batchNorm(v3, ok()), RangeError, 'batchNorm: x.rank must be ≥ 2 (channels last: [N, C] or [N, H, W, C]), got 1'],
  ['batchNorm x dtype', () => batchNorm(ints, ok()), TypeError, 'batchNorm: x.dtype must be "float32", got "int32"'],
  ['batchNorm gamma shape', () => batchNorm(x, { ...ok(), gamma: v4 }), RangeError, 'batchNorm: gamma.shape[0] (4) must be equal to x.shape[-1] (channels) (3)'],
  ['batchNorm beta rank', () => batchNorm(x, { ...ok(), beta: m2 as never }), RangeError, 'batchNorm: beta.rank must be 1, got 2'],
  ['batchNorm runningMean missing', () => batchNorm(x, { runningVar: v3, training: true } as never), TypeError, 'batchNorm: runningMean must be a tf.Tensor, got undefined'],
  ['batchNorm runningVar shape', () => batchNorm(x, { ...ok(), runningVar: v4 }), RangeError, 'batchNorm: runningVar.shape[0] (4) must be equal to x.shape[-1] (channels) (3)'],
  ['batchNorm training missing', () => batchNorm(x, { runningMean: v3, runningVar: v3 } as never), TypeError, 'batchNorm: training must be a boolean, got undefined'],
  ['batchNorm momentum > 1', () => batchNorm(x, { ...ok(), momentum: 1.5 }), RangeError, 'batchNorm: momentum must be in [0, 1], got 1.5'],
  ['batchNorm momentum NaN', () => batchNorm(x, { ...ok(), momentum: NaN }), TypeError, 'batchNorm: momentum must be a number, got NaN'],
  ['batchNorm epsilon 0', () => batchNorm(x, { ...ok(), epsilon: 0 }), RangeError, 'batchNorm: epsilon must be > 0, got 0'],
  ['batchNorm one value per channel', () => batchNorm(m2, ok()), RangeError, 'batchNorm: x must have ≥ 2 values per channel in training mode (the unbiased variance divides by n − 1), got 1 (shape [1, 3])'],
  // layerNorm
  ['layerNorm unknown option', () => layerNorm(x, { eps: 1 } as never), TypeError, 'layerNorm: unknown option "eps" (valid: gamma, beta, epsilon)'],
  ['layerNorm x type', () => layerNorm(3 as never), TypeError, 'layerNorm: x must be a tf.Tensor, got 3'],
  ['layerNorm gamma shape', () => layerNorm(x, { gamma: v4 }), RangeError, 'layerNorm: gamma.shape[0] (4) must be equal to x.shape[-1] (channels) (3)'],
  ['layerNorm epsilon', () => layerNorm(x, { epsilon: -1 }), RangeError, 'layerNorm: epsilon must be > 0, got -1'],
  ['layerNorm epsilon Infinity', () => layerNorm(x, { epsilon: Infinity }), RangeError, 'layerNorm: epsilon must be finite, got Infinity'],
  // dropout
  ['dropout options', () => dropout(x, null as never), TypeError, 'dropout: options must be an object, got null'],
  ['dropout unknown option', () => dropout(x, { rate: 0.5, training: true, p: 0.5 } as never), TypeError, 'dropout: unknown option "p" (valid: rate, training, seed)'],
  ['dropout x type', () => dropout({} as never, { rate: 0.5, training: true }), TypeError, 'dropout: x must be a tf.Tensor, got an object'],
  ['dropout x dtype', () => dropout(ints, { rate: 0.5, training: true }), TypeError, 'dropout: x.dtype must be "float32", got "int32"'],
  ['dropout rate 1', () => dropout(x, { rate: 1, training: true }), RangeError, 'dropout: rate must be in [0, 1), got 1'],
  ['dropout rate negative', () => dropout(x, { rate: -0.1, training: true }), RangeError, 'dropout: rate must be in [0, 1), got -0.1'],
  ['dropout rate missing', () => dropout(x, { training: true } as never), TypeError, 'dropout: rate must be a number, got undefined'],
  ['dropout training', () => dropout(x, { rate: 0.5, training: 1 } as never), TypeError, 'dropout: training must be a boolean, got 1'],
  ['dropout seed', () => dropout(x, { rate: 0.5, training: true, seed: 1.5 }), RangeError, 'dropout: seed must be an integer, got 1.5'],
  ['dropout seed negative', () => dropout(x, { rate: 0.5, training: true, seed: -1 }), RangeError, 'dropout: seed must be an integer ≥ 0, got -1'],
  // l2Penalty
  ['l2Penalty weights type', () => l2Penalty(3 as never, 0.1), TypeError, 'l2Penalty: weights must be an array of tensors or a name → tensor map, got 3'],
  ['l2Penalty weights empty', () => l2Penalty([], 0.1), RangeError, 'l2Penalty: weights must not be empty (nothing to penalize), got []'],
  ['l2Penalty weight not a tensor', () => l2Penalty([x, [1, 2]] as never, 0.1), TypeError, 'l2Penalty: weights[1] must be a tf.Tensor, got an array'],
  ['l2Penalty map entry disposed', () => l2Penalty({ w: disposed }, 0.1), TypeError, 'l2Penalty: weights["w"] must be a live tensor, got a disposed one'],
  ['l2Penalty weight dtype', () => l2Penalty([ints], 0.1), TypeError, 'l2Penalty: weights[0].dtype must be "float32", got "int32"'],
  ['l2Penalty lambda negative', () => l2Penalty([x], -1), RangeError, 'l2Penalty: lambda must be ≥ 0, got -1'],
  ['l2Penalty lambda NaN', () => l2Penalty([x], NaN), TypeError, 'l2Penalty: lambda must be a number, got NaN'],
  // layers
  ['batchNormLayer momentum', () => batchNormLayer({ momentum: 1.5 }), RangeError, 'batchNormLayer: momentum must be in [0, 1], got 1.5'],
  ['batchNormLayer epsilon', () => batchNormLayer({ epsilon: 0 }), RangeError, 'batchNormLayer: epsilon must be > 0, got 0'],
  ['batchNormLayer unknown argument', () => batchNormLayer({ axis: -1 } as never), TypeError, 'batchNormLayer: unknown argument "axis" (valid: momentum, epsilon, name, inputShape, batchInputShape, batchSize, trainable, dtype, inputDType, weights, customObjects)'],
  ['batchNormLayer unknown channels', () => batchNormLayer().build([null, null]), RangeError, 'batchNormLayer: the last axis of the input shape must be known, got [null, null]'],
  ['layerNormLayer epsilon', () => layerNormLayer({ epsilon: NaN }), TypeError, 'layerNormLayer: epsilon must be a number, got NaN'],
  ['layerNormLayer unknown argument', () => layerNormLayer({ center: false } as never), TypeError, 'layerNormLayer: unknown argument "center" (valid: epsilon, name, inputShape, batchInputShape, batchSize, trainable, dtype, inputDType, weights, customObjects)'],
  ['dropoutLayer rate', () => dropoutLayer({ rate: 1 }), RangeError, 'dropoutLayer: rate must be in [0, 1), got 1'],
  ['dropoutLayer rate missing', () => dropoutLayer({} as never), TypeError, 'dropoutLayer: rate must be a number, got undefined'],
  ['dropoutLayer seed', () => dropoutLayer({ rate: 0.5, seed: -2 }), RangeError, 'dropoutLayer: seed must be an integer ≥ 0, got -2'],
  ['dropoutLayer args', () => dropoutLayer(undefined as never), TypeError, 'dropoutLayer: args must be an object, got undefined'],
  // randomShift, augmentDigits
  ['randomShift seed missing', () => randomShift(images, {} as never), TypeError, 'randomShift: seed must be a number, got undefined'],
  ['randomShift unknown option', () => randomShift(images, { seed: 0, shift: 1 } as never), TypeError, 'randomShift: unknown option "shift" (valid: maxShift, seed, height, width, fill)'],
  ['randomShift x type', () => randomShift('img' as never, { seed: 0 }), TypeError, 'randomShift: x must be a tf.Tensor, got "img"'],
  ['randomShift maxShift', () => randomShift(images, { seed: 0, maxShift: 1.5 }), RangeError, 'randomShift: maxShift must be an integer, got 1.5'],
  ['randomShift maxShift too large', () => randomShift(images, { seed: 0, maxShift: 8 }), RangeError, 'randomShift: maxShift (8) must be less than the image size min(height, width) (8)'],
  ['randomShift fill', () => randomShift(images, { seed: 0, fill: NaN }), TypeError, 'randomShift: fill must be a number, got NaN'],
  ['randomShift rank', () => randomShift(v3, { seed: 0 }), RangeError, 'randomShift: x.rank must be 2 ([N, H·W]), 3 ([N, H, W]) or 4 ([N, H, W, C]), got 1'],
  ['randomShift not square', () => randomShift(x, { seed: 0 }), RangeError, 'randomShift: height × width (2 × 1.5) must equal x.shape[1] (3); give height and width for non-square images'],
  ['randomShift height width', () => randomShift(images, { seed: 0, height: 4, width: 8 }), RangeError, 'randomShift: height × width (4 × 8) must equal x.shape[1] (64); give height and width for non-square images'],
  ['augmentDigits maxShift', () => augmentDigits({ maxShift: 8 }), RangeError, 'augmentDigits: maxShift must be an integer in [0, 8) (digits are 8×8), got 8'],
  ['augmentDigits noise', () => augmentDigits({ noise: -1 }), RangeError, 'augmentDigits: noise must be ≥ 0, got -1'],
  ['augmentDigits unknown option', () => augmentDigits({ shift: 1 } as never), TypeError, 'augmentDigits: unknown option "shift" (valid: maxShift, noise, seed, standardizer)'],
  ['augmentDigits seed', () => augmentDigits({ seed: -1 }), RangeError, 'augmentDigits: seed must be an integer ≥ 0, got -1'],
  ['augmentDigits standardizer', () => augmentDigits({ standardizer: { mean: [0], std: [1] } }), TypeError, "augmentDigits: standardizer must be the digits' { mean, std } (64 numbers each), e.g. data.standardizer, got an object"],
  ['augmentDigits step', () => augmentDigits()(images, -1), RangeError, 'augmentDigits: step must be an integer ≥ 0, got -1'],
];

describe('argument checks', () => {
  it.each(cases)('%s', (_name, call, type, message) => {
    let error: unknown;
    try {
      call();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toBe(message);
  });

  it('train: augment must be a function', () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 1 })] });
    const y = tf.ones([4, 1]);
    const optimizer = tf.train.sgd(0.1);
    expect(() => train(model, { x, y }, { optimizer, loss: 'meanSquaredError', augment: 3 as never })).toThrow(
      new TypeError('train: augment must be a function (x, step) => tf.Tensor, got 3'),
    );
    tf.dispose(y);
    optimizer.dispose();
    model.dispose();
  });
});
