/**
 * train()'s accumulationSteps and precision options: accumulation equals the large batch; emulated
 * mixed precision keeps float32 masters, rounds what it says, scales float16 losses and skips
 * overflowing steps without advancing the schedule.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { adam } from '../src/optim/adam';
import { sgd } from '../src/optim/sgd';
import { DynamicLossScaler } from '../src/precision/dynamic-loss-scaler';
import { roundToFloat16 } from '../src/precision/round-bits';
import { train } from '../src/train/train';
import type { TrainOptions } from '../src/train/options';
import { checkEveryTestForLeaks } from './helpers/leak-check';
import { mlp } from './helpers/train-fixtures';

const leaks = checkEveryTestForLeaks();

function data(rows: number) {
  return tf.tidy(() => {
    const x = tf.randomNormal([rows, 5], 0, 1, 'float32', 21);
    const labels = tf.tensor1d(Array.from({ length: rows }, (_, i) => i % 3), 'int32');
    return { x, y: tf.oneHot(labels, 3).toFloat() };
  });
}

async function weightsAfter(rows: number, options: Omit<TrainOptions, 'optimizer' | 'loss'>, make: () => tf.Optimizer = () => adam({ learningRate: 0.01 })) {
  const model = mlp(5, 12, 3, 4);
  const d = data(rows);
  const optimizer = make();
  const history = await train(model, d, { optimizer, loss: 'softmaxCrossEntropy', progress: 'none', ...options });
  const values = model.getWeights().flatMap((w) => Array.from(w.dataSync()));
  const iterations = optimizer.iterations;
  tf.dispose([d.x, d.y]);
  model.dispose();
  optimizer.dispose();
  return { values, history, iterations };
}

const maxDiff = (a: number[], b: number[]) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

describe('train({ accumulationSteps })', () => {
  for (const rows of [64, 70]) {
    it(`batchSize 8 × 4 steps = batchSize 32 (${rows} rows: ${rows % 32 === 0 ? 'whole windows' : 'a short last window'})`, async () => {
      const whole = await weightsAfter(rows, { batchSize: 32, epochs: 3 });
      const micro = await weightsAfter(rows, { batchSize: 8, epochs: 3, accumulationSteps: 4 });
      expect(maxDiff(micro.values, whole.values)).toBeLessThan(2e-6);
      expect(micro.iterations).toBe(whole.iterations); // updates, not micro-batches
      expect(micro.history.steps).toBe(3 * Math.ceil(rows / 8));
    });
  }

  it('a schedule is indexed by updates: the rate changes every 4 micro-batches', async () => {
    const { history } = await weightsAfter(64, { batchSize: 8, accumulationSteps: 4, learningRate: (step) => 0.1 / (step + 1) }, () => sgd({ learningRate: 0.1 }));
    expect(history.learningRate).toEqual([0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05]);
  });
});

describe('train({ precision })', () => {
  it('bfloat16 and float16 train, differ a little from float32, and keep float32 master weights', async () => {
    const full = await weightsAfter(64, { batchSize: 16, epochs: 4 });
    for (const precision of ['float16', 'bfloat16'] as const) {
      const low = await weightsAfter(64, { batchSize: 16, epochs: 4, precision });
      const d = maxDiff(low.values, full.values);
      expect(d, `${precision} vs float32`).toBeGreaterThan(0);
      expect(d, `${precision} vs float32`).toBeLessThan(precision === 'float16' ? 1e-2 : 5e-2);
      expect(low.history.trainLoss[3]).toBeLessThan(low.history.trainLoss[0]);
      // Masters are float32: some weights are not float16 values (updates smaller than a 16-bit step survive).
      expect(low.values.some((v) => roundToFloat16(v) !== v)).toBe(true);
    }
  });

  it('float16 without loss scaling loses tiny gradients to underflow; with scaling they arrive', async () => {
    // A loss 2⁻²⁰ times smaller makes every gradient fall below float16's smallest subnormal (2⁻²⁴).
    const tiny = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.mul(tf.losses.softmaxCrossEntropy(yTrue, yPred), 2 ** -20) as tf.Scalar;
    const run = async (lossScaler: DynamicLossScaler) => {
      const model = mlp(5, 12, 3, 4);
      const before = model.getWeights().flatMap((w) => Array.from(w.dataSync()));
      const d = data(32);
      const optimizer = sgd({ learningRate: 2 ** 20 });
      await train(model, d, { optimizer, loss: tiny, batchSize: 32, progress: 'none', precision: 'float16', lossScaler });
      const after = model.getWeights().flatMap((w) => Array.from(w.dataSync()));
      tf.dispose([d.x, d.y]);
      model.dispose();
      optimizer.dispose();
      return maxDiff(after, before);
    };
    expect(await run(new DynamicLossScaler({ initScale: 1 }))).toBe(0);
    expect(await run(new DynamicLossScaler())).toBeGreaterThan(1e-3);
  });

  it('an overflowing scale skips steps: no update, no schedule step; the scale backs off', async () => {
    const lossScaler = new DynamicLossScaler({ initScale: 2 ** 26 }); // gradients × 2²⁶ overflow float16 (max 65504)
    const seen: number[] = [];
    const model = mlp(5, 12, 3, 4);
    const d = data(256);
    const optimizer = sgd({ learningRate: (step) => (seen.push(step), 0.1) });
    const history = await train(model, d, { optimizer, loss: 'softmaxCrossEntropy', batchSize: 8, progress: 'none', precision: 'float16', lossScaler });
    const applied = optimizer.iterations;
    expect(history.steps).toBe(32);
    expect(applied).toBeLessThan(32);
    expect(applied).toBeGreaterThan(0);
    // The schedule was asked only for the indices of updates applied, never past them for a skipped step.
    expect([...new Set(seen)].sort((a, b) => a - b)).toEqual(Array.from({ length: applied }, (_, i) => i));
    expect(lossScaler.scale).toBe(2 ** (26 - (32 - applied))); // halved once per skipped step
    tf.dispose([d.x, d.y]);
    model.dispose();
    optimizer.dispose();
  });

  it('leaves no tensor behind (beyond the optimizer\'s state) with accumulation and float16 together', async () => {
    const model = mlp(5, 12, 3, 4);
    const d = data(40);
    const optimizer = adam({ learningRate: 0.01 });
    const before = tf.memory().numTensors;
    await train(model, d, { optimizer, loss: 'softmaxCrossEntropy', batchSize: 8, epochs: 2, accumulationSteps: 3, precision: 'float16', progress: 'none' });
    const state = 2 * model.trainableWeights.length; // m and v per variable (at most)
    expect(tf.memory().numTensors - before).toBeLessThanOrEqual(state);
    tf.dispose([d.x, d.y]);
    model.dispose();
    optimizer.dispose();
    void leaks;
  });

  it('refuses bad options', async () => {
    const model = mlp(5, 12, 3, 4);
    const d = data(8);
    const optimizer = sgd({ learningRate: 0.1 });
    const base = { optimizer, loss: 'softmaxCrossEntropy' as const };
    expect(() => train(model, d, { ...base, accumulationSteps: 0 })).toThrow('train: accumulationSteps must be an integer ≥ 1, got 0');
    expect(() => train(model, d, { ...base, precision: 'half' as 'float16' })).toThrow('train: precision must be one of "float32", "float16", "bfloat16", got "half"');
    expect(() => train(model, d, { ...base, lossScaler: new DynamicLossScaler() })).toThrow('train: lossScaler is used only with precision "float16", got precision "float32"');
    tf.dispose([d.x, d.y]);
    model.dispose();
    optimizer.dispose();
  });
});
