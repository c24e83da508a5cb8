/**
 * Gradient accumulation (issue 11):
 *
 *   - time: 4 micro-batch steps of 64 rows through `withAccumulation(adam, { steps: 4 })` (one
 *     update) vs 4 plain `adam` steps of 64 rows (four updates), digits MLP, wasm. Target: the
 *     accumulating steps cost ≤ 10 % more (speed-up ≥ 0.9); adding k gradient maps replaces three of
 *     four optimizer updates, so it may well be faster.
 *   - memory: the peak of `tf.memory().numBytes` above the bytes held before, during 4 accumulated micro-batches of 64 vs one batch of 256 rows. Printed when
 *     the time comparison sets up (no ratio target: the numbers are reported).
 */
import * as tf from '@tensorflow/tfjs';
import { peakBytes } from '../src/core/peak-bytes';
import { adam } from '../src/optim/adam';
import { sgd } from '../src/optim/sgd';
import { withAccumulation } from '../src/optim/with-accumulation';
import type { BenchCase, Comparison } from './harness';
import { digitsBatch, digitsMlp } from './mlp';

const MICRO = 64;
const K = 4;

function lossOf(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): tf.Scalar {
  return tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar;
}

/** K minimize calls on K micro-batches of 64 rows, one loss read each (as a training loop does). */
function microSteps(label: string, make: () => tf.Optimizer): BenchCase {
  return {
    label,
    setup: () => {
      const model = digitsMlp();
      const optimizer = make();
      const { x, y } = digitsBatch(MICRO * K);
      const parts = Array.from({ length: K }, (_, i) => [x.slice(i * MICRO, MICRO), y.slice(i * MICRO, MICRO)] as const);
      return {
        run: () => {
          for (const [xb, yb] of parts) {
            const loss = optimizer.minimize(() => lossOf(model, xb, yb), true)!;
            loss.dataSync();
            loss.dispose();
          }
        },
        teardown: () => {
          tf.dispose([x, y, ...parts.flat()]);
          model.dispose();
          optimizer.dispose();
        },
      };
    },
  };
}

export function accumulationMemory(make: () => tf.Optimizer): { micro: number; whole: number } {
  const model = digitsMlp();
  const { x, y } = digitsBatch(MICRO * K);
  const parts = Array.from({ length: K }, (_, i) => [x.slice(i * MICRO, MICRO), y.slice(i * MICRO, MICRO)] as const);
  const first = make();
  const acc = withAccumulation(make(), { steps: K });
  // One step each first, so optimizer state exists on both sides before measuring.
  first.minimize(() => lossOf(model, x, y));
  for (const [xb, yb] of parts) acc.minimize(() => lossOf(model, xb, yb));
  const whole = peakBytes(() => first.minimize(() => lossOf(model, x, y))).peakBytes;
  const micro = peakBytes(() => {
    for (const [xb, yb] of parts) acc.minimize(() => lossOf(model, xb, yb));
  }).peakBytes;
  tf.dispose([x, y, ...parts.flat()]);
  model.dispose();
  first.dispose();
  acc.dispose();
  return { micro, whole };
}

const plain = microSteps(`${K} plain adam steps of ${MICRO} rows`, () => adam());
const accumulated = microSteps(`${K} accumulated steps of ${MICRO} rows (1 update)`, () => withAccumulation(adam(), { steps: K }));

const comparisons: Comparison[] = [
  {
    name: `accumulation: ${K} micro-batch steps of ${MICRO} vs ${K} plain steps, digits MLP`,
    baseline: plain,
    candidate: {
      label: accumulated.label,
      setup: async () => {
        const kb = (b: number) => `${(b / 1024).toFixed(0)} KB`;
        for (const [name, make] of [['adam', () => adam()], ['sgd', () => sgd({ learningRate: 0.1 })]] as const) {
          const { micro, whole } = accumulationMemory(make);
          console.log(`  peak tf.memory().numBytes above the start, ${name}: ${K} micro-batches of ${MICRO}: ${kb(micro)}; one batch of ${MICRO * K}: ${kb(whole)} (${(micro / whole).toFixed(2)}×)`);
        }
        return accumulated.setup();
      },
    },
    target: 0.9,
    iterations: 10,
  },
];
export default comparisons;
