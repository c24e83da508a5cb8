/**
 * Optimizer speed against TensorFlow.js's own optimizers, same backend, same run (issue 5):
 *
 *   - one `applyGradients` on the six variables of the digits MLP (64→128→128→10), wasm:
 *     adam and adamw ≥ 1.5× `tf.train.adam`;
 *   - one Adam step on a 1M-parameter layer ([1000, 1000] kernel + [1000] bias): ≥ 0.95× on wasm and cpu;
 *   - `model.fit` of the digits MLP (batch 64) with our adamw: ≥ 1× the steps/s of `tf.train.adam`.
 *
 * Plus, without targets, SGD-momentum and RMSprop against tfjs's nearest equivalents. Each side
 * builds its own variables on its own backend and selects that backend before every timed round.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { adam } from '../src/optim/adam';
import { adamw } from '../src/optim/adamw';
import { rmsprop } from '../src/optim/rmsprop';
import { sgd } from '../src/optim/sgd';
import type { BenchCase, Comparison } from './harness';
import { digitsBatch, digitsMlp } from './mlp';

type Backend = 'cpu' | 'wasm';

/** Times `optimizer.applyGradients(grads)` on fresh variables of the given shapes. */
function applyGradientsOn(backend: Backend, label: string, shapes: number[][], make: () => tf.Optimizer): BenchCase {
  return {
    label: `${backend}: ${label}`,
    setup: async () => {
      await tf.setBackend(backend);
      const variables = shapes.map((shape, i) => tf.variable(tf.randomNormal(shape, 0, 0.1, 'float32', i)));
      const grads = Object.fromEntries(variables.map((v, i) => [v.name, tf.randomNormal(v.shape, 0, 0.01, 'float32', 100 + i)]));
      const optimizer = make();
      return {
        enter: async () => void (await tf.setBackend(backend)),
        run: () => optimizer.applyGradients(grads),
        teardown: async () => {
          await tf.setBackend(backend);
          optimizer.dispose();
          tf.dispose([...variables, ...Object.values(grads)]);
        },
      };
    },
  };
}

const MLP_SHAPES = [[64, 128], [128], [128, 128], [128], [128, 10], [10]];
const LAYER_1M = [[1000, 1000], [1000]];

/** Times one epoch of `model.fit` over 10 batches of 64 (steps/s = 10 / time). */
function fitOn(backend: Backend, label: string, make: () => tf.Optimizer): BenchCase {
  return {
    label: `${backend}: ${label}`,
    setup: async () => {
      await tf.setBackend(backend);
      const model = digitsMlp();
      const optimizer = make();
      model.compile({ optimizer, loss: 'categoricalCrossentropy' });
      const { x, y } = digitsBatch(640);
      return {
        enter: async () => void (await tf.setBackend(backend)),
        run: () => model.fit(x, y, { batchSize: 64, epochs: 1, shuffle: false, verbose: 0 }),
        teardown: async () => {
          await tf.setBackend(backend);
          tf.dispose([x, y]);
          optimizer.dispose();
          model.dispose();
        },
      };
    },
  };
}

const comparisons: Comparison[] = [
  {
    name: 'optim: adam step, digits MLP (wasm)',
    baseline: applyGradientsOn('wasm', 'tf.train.adam', MLP_SHAPES, () => tf.train.adam(1e-3)),
    candidate: applyGradientsOn('wasm', 'trainlab adam', MLP_SHAPES, () => adam({ learningRate: 1e-3 })),
    iterations: 400,
    rounds: 15,
    target: 1.5,
  },
  {
    name: 'optim: adamw step, digits MLP (wasm)',
    baseline: applyGradientsOn('wasm', 'tf.train.adam', MLP_SHAPES, () => tf.train.adam(1e-3)),
    candidate: applyGradientsOn('wasm', 'trainlab adamw', MLP_SHAPES, () => adamw({ learningRate: 1e-3 })),
    iterations: 400,
    rounds: 15,
    target: 1.5,
  },
  {
    name: 'optim: adam step, 1M parameters (wasm)',
    baseline: applyGradientsOn('wasm', 'tf.train.adam', LAYER_1M, () => tf.train.adam(1e-3)),
    candidate: applyGradientsOn('wasm', 'trainlab adam', LAYER_1M, () => adam({ learningRate: 1e-3 })),
    iterations: 10,
    rounds: 11,
    target: 0.95,
  },
  {
    name: 'optim: adam step, 1M parameters (cpu)',
    baseline: applyGradientsOn('cpu', 'tf.train.adam', LAYER_1M, () => tf.train.adam(1e-3)),
    candidate: applyGradientsOn('cpu', 'trainlab adam', LAYER_1M, () => adam({ learningRate: 1e-3 })),
    iterations: 2,
    rounds: 5,
    warmup: 1,
    target: 0.95,
  },
  {
    name: 'optim: model.fit digits MLP, adamw vs tf adam (wasm)',
    baseline: fitOn('wasm', 'fit, tf.train.adam', () => tf.train.adam(1e-3)),
    candidate: fitOn('wasm', 'fit, trainlab adamw', () => adamw({ learningRate: 1e-3 })),
    iterations: 5,
    rounds: 15,
    target: 1,
  },
  {
    name: 'optim: sgd momentum step, digits MLP (wasm)',
    baseline: applyGradientsOn('wasm', 'tf.train.momentum', MLP_SHAPES, () => tf.train.momentum(0.1, 0.9)),
    candidate: applyGradientsOn('wasm', 'trainlab sgd', MLP_SHAPES, () => sgd({ learningRate: 0.1, momentum: 0.9 })),
    iterations: 100,
  },
  {
    name: 'optim: rmsprop step, digits MLP (wasm)',
    baseline: applyGradientsOn('wasm', 'tf.train.rmsprop', MLP_SHAPES, () => tf.train.rmsprop(1e-2, 0.99)),
    candidate: applyGradientsOn('wasm', 'trainlab rmsprop', MLP_SHAPES, () => rmsprop()),
    iterations: 100,
  },
  {
    name: 'optim: adam step, digits MLP (cpu)',
    baseline: applyGradientsOn('cpu', 'tf.train.adam', MLP_SHAPES, () => tf.train.adam(1e-3)),
    candidate: applyGradientsOn('cpu', 'trainlab adam', MLP_SHAPES, () => adam({ learningRate: 1e-3 })),
    iterations: 20,
  },
];
export default comparisons;
