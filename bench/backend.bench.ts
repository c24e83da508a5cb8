/**
 * Backend comparison: one digits-MLP training step (Adam, batch 64) on the pure-JS cpu backend
 * (baseline) vs the wasm backend (candidate). Each side builds its own model on its own backend and
 * selects that backend before each timed round.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { BenchCase, Comparison } from './harness';
import { digitsBatch, digitsMlp, trainStep } from './mlp';

function mlpStepOn(backend: 'cpu' | 'wasm'): BenchCase {
  return {
    label: `${backend}: adam step`,
    setup: async () => {
      await tf.setBackend(backend);
      const model = digitsMlp();
      const optimizer = tf.train.adam(1e-3);
      const { x, y } = digitsBatch();
      return {
        enter: async () => void (await tf.setBackend(backend)),
        run: () => trainStep(model, optimizer, x, y),
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
    name: 'backend: digits MLP training step',
    baseline: mlpStepOn('cpu'),
    candidate: mlpStepOn('wasm'),
    iterations: 10,
  },
];
export default comparisons;
