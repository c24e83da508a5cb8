/**
 * Normalization layers against TensorFlow.js's own, same backend, same run (issue 9): one epoch of
 * `model.fit` (Adam, batch 64, 1,438 digits rows → 23 steps) of the digits MLP with a
 * normalization layer after each hidden dense layer (64→128→norm→relu→128→norm→relu→10).
 *
 *   - `batchNormLayer` ≥ 0.9× the steps/s of `tf.layers.batchNormalization`;
 *   - `layerNormLayer` ≥ 0.9× the steps/s of `tf.layers.layerNormalization`.
 *
 * Both sides use the same ε (1e-5) and equivalent momenta (ours 0.1 = tfjs's 0.9), so they compute
 * the same normalization; only the code differs.
 */
import * as tf from '@tensorflow/tfjs';
import { loadDigits, type DigitsData } from '../src/data/digits';
import { batchNormLayer } from '../src/nn/batch-norm-layer';
import { layerNormLayer } from '../src/nn/layer-norm-layer';
import type { BenchCase, Comparison } from './harness';

const BATCH_SIZE = 64;

function mlpWith(norm: () => tf.layers.Layer): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [64], units: 128 }));
  model.add(norm());
  model.add(tf.layers.reLU());
  model.add(tf.layers.dense({ units: 128 }));
  model.add(norm());
  model.add(tf.layers.reLU());
  model.add(tf.layers.dense({ units: 10 }));
  model.compile({ optimizer: tf.train.adam(1e-3), loss: (y: tf.Tensor, p: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, p) });
  return model;
}

/** Times one epoch of `model.fit` on the digits training split. */
function fitEpoch(label: string, norm: () => tf.layers.Layer): BenchCase {
  return {
    label,
    setup: () => {
      const data: DigitsData = loadDigits({ seed: 0 });
      const model = mlpWith(norm);
      return {
        run: () => model.fit(data.xTrain, data.yTrain, { batchSize: BATCH_SIZE, epochs: 1, shuffle: false, verbose: 0 }),
        teardown: () => {
          model.dispose();
          data.dispose();
        },
      };
    },
  };
}

const comparisons: Comparison[] = [
  {
    name: 'nn: digits MLP model.fit epoch, batchNormLayer vs tf.layers.batchNormalization',
    baseline: fitEpoch('tfjs batchNormalization', () => tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 })),
    candidate: fitEpoch('trainlab batchNormLayer', () => batchNormLayer()),
    iterations: 1,
    rounds: 21,
    warmup: 2,
    target: 0.9,
  },
  {
    name: 'nn: digits MLP model.fit epoch, layerNormLayer vs tf.layers.layerNormalization',
    baseline: fitEpoch('tfjs layerNormalization', () => tf.layers.layerNormalization({ epsilon: 1e-5 })),
    candidate: fitEpoch('trainlab layerNormLayer', () => layerNormLayer()),
    iterations: 1,
    rounds: 21,
    warmup: 2,
    target: 0.9,
  },
];
export default comparisons;
