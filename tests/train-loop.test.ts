import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../src/backend';
import { batches, blobs, regression1d } from '../src/index';
import type { BlobsSet, RegressionSet } from '../src/index';
import { train } from '../src/train/train';
import { mlp } from './helpers/train-fixtures';

let set: BlobsSet; // 3 classes in 2-D, 300 rows
let val: BlobsSet; // same centers, other points
let reg: RegressionSet;

beforeAll(async () => {
  await ready();
  set = blobs({ n: 300, centers: 3, std: 1, seed: 1 });
  val = blobs({ n: 90, centers: set.centers, std: 1, seed: 2 });
  reg = regression1d({ n: 64, noise: 0.05, seed: 4 });
});

afterAll(() => {
  set.dispose();
  val.dispose();
  reg.dispose();
});

describe('train: learning', () => {
  it('drives the loss down and the accuracy up on blobs', async () => {
    const model = mlp(2, 16, 3, 7);
    const optimizer = tf.train.adam(0.05);
    const h = await train(model, { x: set.x, y: set.y }, {
      optimizer, loss: 'softmaxCrossEntropy', epochs: 15, batchSize: 32, metrics: ['accuracy'],
      validationData: { x: val.x, y: val.y }, progress: 'none',
    });
    expect(h.trainLoss[14]).toBeLessThan(0.3 * h.trainLoss[0]);
    expect(h.valMetrics.accuracy[14]).toBeGreaterThan(0.9);
    model.dispose();
    optimizer.dispose();
  });

  it('fits a 1-D regression with mean squared error', async () => {
    const model = mlp(1, 32, 1, 3);
    const optimizer = tf.train.adam(0.02);
    const h = await train(model, { x: reg.x, y: reg.y }, { optimizer, loss: 'meanSquaredError', epochs: 60, batchSize: 16, progress: 'none' });
    expect(h.trainLoss[59]).toBeLessThan(0.2 * h.trainLoss[0]);
    model.dispose();
    optimizer.dispose();
  });
});

describe('train: history', () => {
  it('has one entry per step and per epoch, and says how the run ended', async () => {
    const x = set.x.slice(0, 50);
    const y = set.y.slice(0, 50);
    const model = mlp(2, 8, 3);
    const optimizer = tf.train.sgd(0.1);
    // 50 rows, batch 16 → batches of 16, 16, 16, 2: 4 steps per epoch.
    const h = await train(model, { x, y }, {
      optimizer, loss: 'softmaxCrossEntropy', epochs: 3, batchSize: 16, metrics: ['accuracy', 'meanSquaredError'],
      validationData: { x: val.x, y: val.y }, progress: 'none',
    });
    expect(h.stepLoss).toHaveLength(12);
    expect(h.learningRate).toEqual(Array(12).fill(0.1));
    expect(h.trainLoss).toHaveLength(3);
    expect(h.valLoss).toHaveLength(3);
    expect(Object.keys(h.trainMetrics)).toEqual(['accuracy', 'meanSquaredError']);
    expect(h.trainMetrics.accuracy).toHaveLength(3);
    expect(h.valMetrics.meanSquaredError).toHaveLength(3);
    expect(h).toMatchObject({ epochs: 3, steps: 12, stepsPerEpoch: 4, stoppedEarly: false, stopReason: null });
    for (const v of [...h.stepLoss, ...h.trainLoss, ...h.valLoss!, ...h.trainMetrics.accuracy]) expect(Number.isFinite(v)).toBe(true);
    tf.dispose([x, y]);
    model.dispose();
    optimizer.dispose();
  });

  it('has no valLoss and empty valMetrics without validation data', async () => {
    const model = mlp(2, 8, 3);
    const optimizer = tf.train.sgd(0.1);
    const h = await train(model, { x: set.x, y: set.y }, { optimizer, loss: 'softmaxCrossEntropy', metrics: ['accuracy'], progress: 'none' });
    expect('valLoss' in h).toBe(false);
    expect(h.valMetrics).toEqual({});
    expect(h.trainMetrics.accuracy).toHaveLength(1);
    model.dispose();
    optimizer.dispose();
  });

  it('records exactly what a hand loop over the same batches computes', async () => {
    const seed = 3;
    const epochs = 2;
    const batchSize = 64; // 300 rows → 64 × 4 + 44
    // A custom loss (the built-in one, by hand) keeps train() on autodiff, which the hand loop below
    // mirrors op for op, so the numbers match bit for bit. The dense fast path that the name
    // 'softmaxCrossEntropy' selects is compared with autodiff in tests/fast-dense-step.test.ts.
    const loss = (y: tf.Tensor, logits: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
    const options = { optimizer: tf.train.sgd(0.2), loss, epochs, batchSize, seed, metrics: ['accuracy' as const], validationData: { x: val.x, y: val.y }, progress: 'none' as const };
    const model = mlp(2, 16, 3, 11);
    const h = await train(model, { x: set.x, y: set.y }, options);

    // The same run by hand: same initial weights, same seeded batches, same update.
    const twin = mlp(2, 16, 3, 11);
    const sgd = tf.train.sgd(0.2);
    const variables = twin.trainableWeights.map((w) => w.read() as tf.Variable);
    const stepLoss: number[] = [];
    const trainLoss: number[] = [];
    const trainAccuracy: number[] = [];
    for (let epoch = 0; epoch < epochs; epoch++) {
      let [lossSum, accSum, rows] = [0, 0, 0];
      for (const batch of batches(set.x, set.y, { batchSize, seed, epoch })) {
        let acc = 0;
        const loss = sgd.minimize(() => {
          const logits = twin.apply(batch.x, { training: true }) as tf.Tensor;
          acc = tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(logits, -1), tf.argMax(batch.y, -1)), 'float32')).dataSync()[0]);
          return tf.losses.softmaxCrossEntropy(batch.y, logits) as tf.Scalar;
        }, true, variables)!;
        const value = loss.dataSync()[0];
        stepLoss.push(value);
        lossSum += value * batch.indices.length;
        accSum += acc * batch.indices.length;
        rows += batch.indices.length;
        tf.dispose([loss]);
        batch.dispose();
      }
      trainLoss.push(lossSum / rows);
      trainAccuracy.push(accSum / rows);
    }
    const [valLoss, valAccuracy] = tf.tidy(() => {
      const logits = twin.predict(val.x) as tf.Tensor;
      const accuracy = tf.mean(tf.cast(tf.equal(tf.argMax(logits, -1), tf.argMax(val.y, -1)), 'float32'));
      return [tf.losses.softmaxCrossEntropy(val.y, logits), accuracy].map((t) => t.dataSync()[0]);
    });

    expect(h.stepLoss).toEqual(stepLoss);
    expect(h.trainLoss[0]).toBeCloseTo(trainLoss[0], 12);
    expect(h.trainLoss[1]).toBeCloseTo(trainLoss[1], 12);
    expect(h.trainMetrics.accuracy[0]).toBeCloseTo(trainAccuracy[0], 6);
    expect(h.trainMetrics.accuracy[1]).toBeCloseTo(trainAccuracy[1], 6);
    expect(h.valLoss![1]).toBeCloseTo(valLoss, 6);
    expect(h.valMetrics.accuracy[1]).toBeCloseTo(valAccuracy, 6);
    model.dispose();
    twin.dispose();
    options.optimizer.dispose();
    sgd.dispose();
  });
});

describe('train: seeded determinism', () => {
  async function run(seed: number) {
    const model = mlp(2, 16, 3, 5);
    const optimizer = tf.train.adam(0.01);
    const h = await train(model, { x: set.x, y: set.y }, {
      optimizer, loss: 'softmaxCrossEntropy', epochs: 3, batchSize: 32, seed, metrics: ['accuracy'],
      validationData: { x: val.x, y: val.y }, progress: 'none',
    });
    model.dispose();
    optimizer.dispose();
    return h;
  }

  it('gives an identical history for the same seed, and another for another seed', async () => {
    const [a, b, c] = [await run(9), await run(9), await run(10)];
    expect(b).toEqual(a);
    expect(c.stepLoss).not.toEqual(a.stepLoss);
    expect(c.stepLoss[0]).not.toBe(a.stepLoss[0]); // a different first batch
  });
});

describe('train: memory', () => {
  it('leaks no tensor over 1,000 steps (schedule, metrics, validation, callbacks)', async () => {
    const model = mlp(1, 16, 1);
    const optimizer = tf.train.sgd(0.05); // no state: the count must come back exactly
    const before = tf.memory().numTensors;
    const atEpochStart: number[] = [];
    // 64 rows, batch 8 → 8 steps per epoch; 125 epochs → 1,000 steps.
    const h = await train(model, { x: reg.x, y: reg.y }, {
      optimizer, loss: 'meanSquaredError', epochs: 125, batchSize: 8, metrics: ['meanAbsoluteError'],
      validationData: { x: reg.x, y: reg.y }, learningRate: (step) => 0.05 / (1 + step / 100), progress: 'none',
      callbacks: [{ onEpochBegin: () => void atEpochStart.push(tf.memory().numTensors) }],
    });
    expect(h.steps).toBe(1000);
    expect(new Set(atEpochStart).size).toBe(1); // flat, epoch after epoch
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    optimizer.dispose();
  });

  it('adds only the optimizer state it creates (Adam), and nothing per step', async () => {
    const model = mlp(1, 16, 1);
    const optimizer = tf.train.adam(0.01);
    const counts: number[] = [];
    await train(model, { x: reg.x, y: reg.y }, {
      optimizer, loss: 'meanSquaredError', epochs: 20, batchSize: 8, progress: 'none',
      callbacks: [{ onBatchEnd: () => void counts.push(tf.memory().numTensors) }],
    });
    expect(new Set(counts.slice(1)).size).toBe(1); // after the first step created m and v
    expect(tf.memory().numTensors).toBe(counts[counts.length - 1]);
    model.dispose();
    optimizer.dispose();
  });
});
