/**
 * Batching one epoch of the digits training set (1,438 rows → 23 shuffled batches of 64):
 * `batches()` (rows copied from one read of the data per epoch on host-memory backends) against
 * the device gather it used before (an index tensor and `tf.gather` of x and y per batch).
 */
import * as tf from '@tensorflow/tfjs';
import { batches } from '../src/data/batches';
import { loadDigits, type DigitsData } from '../src/data/digits';
import { Random } from '../src/core/random';
import type { BenchCase, Comparison } from './harness';

function epochOf(label: string, run: (data: DigitsData, epoch: number) => void): BenchCase {
  return {
    label,
    setup: () => {
      const data = loadDigits({ seed: 0 });
      let epoch = 0;
      return { run: () => run(data, epoch++), teardown: () => data.dispose() };
    },
  };
}

const gathered = epochOf('tf.gather per batch', (data, epoch) => {
  const order = new Random(epoch).permutation(data.xTrain.shape[0]);
  for (let start = 0; start < order.length; start += 64) {
    tf.dispose(tf.tidy(() => {
      const rows = tf.tensor1d(order.slice(start, start + 64), 'int32');
      return [tf.gather(data.xTrain, rows), tf.gather(data.yTrain, rows)];
    }));
  }
});

const copied = epochOf('batches()', (data, epoch) => {
  for (const batch of batches(data.xTrain, data.yTrain, { batchSize: 64, seed: 0, epoch })) batch.dispose();
});

const comparisons: Comparison[] = [
  { name: 'data: one shuffled epoch of digits batches', baseline: gathered, candidate: copied, iterations: 5, rounds: 11 },
];
export default comparisons;
