/**
 * withAccumulation: k micro-batches of b rows give the parameters of one batch of k·b rows (mean
 * loss), for SGD with momentum, Adam, AdamW and tfjs's own Adam; the schedule counts updates; it
 * works through model.fit; sums, state and leaks.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { adam } from '../src/optim/adam';
import { adamw } from '../src/optim/adamw';
import { sgd } from '../src/optim/sgd';
import { withAccumulation } from '../src/optim/with-accumulation';
import { withClipping } from '../src/optim/with-clipping';
import { peakBytes } from '../src/core/peak-bytes';
import { checkEveryTestForLeaks } from './helpers/leak-check';

checkEveryTestForLeaks();

const ROWS = 64;

/** A 2-layer net as plain variables (same seed → same start), and its mean squared error. */
function net(seed: number) {
  const v = tf.tidy(() => ({
    w1: tf.variable(tf.randomNormal([6, 16], 0, 0.5, 'float32', seed)),
    b1: tf.variable(tf.zeros([16])),
    w2: tf.variable(tf.randomNormal([16, 3], 0, 0.5, 'float32', seed + 1)),
    b2: tf.variable(tf.zeros([3])),
  }));
  const loss = (x: tf.Tensor, y: tf.Tensor) => tf.losses.meanSquaredError(y, tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(x, v.w1), v.b1)), v.w2), v.b2)) as tf.Scalar;
  const values = () => Object.values(v).flatMap((t) => Array.from(t.dataSync()));
  return { v, loss, values, dispose: () => tf.dispose(Object.values(v)) };
}

function data() {
  return tf.tidy(() => ({ x: tf.randomNormal([ROWS, 6], 0, 1, 'float32', 11), y: tf.randomNormal([ROWS, 3], 0, 1, 'float32', 12) }));
}

/** Trains over the rows in order, `rows` per minimize call; returns the parameters after. */
function run(optimizer: tf.Optimizer, rows: number, epochs = 2): number[] {
  const n = net(3);
  const { x, y } = data();
  for (let e = 0; e < epochs; e++) {
    for (let start = 0; start < ROWS; start += rows) {
      const [xb, yb] = [x.slice(start, rows), y.slice(start, rows)];
      optimizer.minimize(() => n.loss(xb, yb));
      tf.dispose([xb, yb]);
    }
  }
  const values = n.values();
  n.dispose();
  tf.dispose([x, y]);
  optimizer.dispose();
  return values;
}

function maxDifference(a: number[], b: number[]): number {
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
}

const OPTIMIZERS: [string, () => tf.Optimizer][] = [
  ['sgd with momentum', () => sgd({ learningRate: 0.1, momentum: 0.9 })],
  ['adam', () => adam({ learningRate: 0.01 })],
  ['adamw', () => adamw({ learningRate: 0.01, weightDecay: 0.1 })],
  ['tfjs adam', () => tf.train.adam(0.01)],
];

describe('k micro-batches of b rows = one batch of k·b rows', () => {
  for (const [name, make] of OPTIMIZERS) {
    it(`${name}: 4 × 8 rows accumulated = 32 rows, after 4 updates`, () => {
      const whole = run(make(), 32);
      const micro = run(withAccumulation(make(), { steps: 4 }), 8);
      const plain = run(make(), 8); // the same micro-batches without accumulation: a different path
      const [same, different] = [maxDifference(micro, whole), maxDifference(plain, whole)];
      console.log(`${name}: max |accumulated − whole batch| = ${same.toExponential(2)}; without accumulation ${different.toExponential(2)}`);
      expect(same).toBeLessThan(2e-6);
      expect(different).toBeGreaterThan(1e-3);
    });
  }

  it('through model.compile/fit: batchSize 8 with 4 steps = batchSize 32', async () => {
    const train = async (optimizer: tf.Optimizer, batchSize: number) => {
      const model = tf.sequential({
        layers: [
          tf.layers.dense({ inputShape: [6], units: 16, activation: 'tanh', kernelInitializer: tf.initializers.glorotNormal({ seed: 1 }) }),
          tf.layers.dense({ units: 3, kernelInitializer: tf.initializers.glorotNormal({ seed: 2 }) }),
        ],
      });
      model.compile({ optimizer, loss: 'meanSquaredError' });
      const { x, y } = data();
      await model.fit(x, y, { batchSize, epochs: 2, shuffle: false, verbose: 0 });
      const values = model.getWeights().flatMap((w) => Array.from(w.dataSync()));
      tf.dispose([x, y]);
      model.dispose();
      optimizer.dispose();
      return values;
    };
    const whole = await train(adam({ learningRate: 0.01 }), 32);
    const micro = await train(withAccumulation(adam({ learningRate: 0.01 }), { steps: 4 }), 8);
    expect(maxDifference(micro, whole)).toBeLessThan(2e-6);
  });
});

describe('accumulation mechanics', () => {
  it('the schedule is called once per update, with the update index, never per micro-batch', () => {
    const seen: number[] = [];
    const optimizer = withAccumulation(sgd({ learningRate: (step) => (seen.push(step), 0.1) }), { steps: 4 });
    run(optimizer, 8); // 16 micro-batches = 4 updates
    expect(seen).toEqual([0, 1, 2, 3]);
  });

  it('iterations counts updates; microStep the micro-batches pending', () => {
    const w = tf.tidy(() => tf.variable(tf.zeros([2])));
    const optimizer = withAccumulation(sgd({ learningRate: 1 }), { steps: 3 });
    const g = { [w.name]: tf.tensor1d([3, 6]) };
    optimizer.applyGradients(g);
    optimizer.applyGradients(g);
    expect([optimizer.iterations, optimizer.microStep, Array.from(w.dataSync())]).toEqual([0, 2, [0, 0]]);
    optimizer.applyGradients(g);
    expect([optimizer.iterations, optimizer.microStep, Array.from(w.dataSync())]).toEqual([1, 0, [-3, -6]]); // mean of three [3, 6]
    tf.dispose([w, ...Object.values(g)]);
    optimizer.dispose();
  });

  it('average: false applies the sum; flush applies a partial window\'s mean', () => {
    const w = tf.tidy(() => tf.variable(tf.zeros([1])));
    const g = { [w.name]: tf.tensor1d([2]) };
    const summing = withAccumulation(sgd({ learningRate: 1 }), { steps: 2, average: false });
    summing.applyGradients(g);
    summing.applyGradients(g);
    expect(w.dataSync()[0]).toBe(-4);
    const partial = withAccumulation(sgd({ learningRate: 1 }), { steps: 4 });
    partial.applyGradients(g);
    partial.flush();
    partial.flush(); // nothing pending: no update
    expect([w.dataSync()[0], partial.iterations]).toEqual([-6, 1]);
    tf.dispose([w, ...Object.values(g)]);
    summing.dispose();
    partial.dispose();
  });

  it('state round-trips mid-window, and no tensor is left behind over 200 micro-batches', async () => {
    const w = tf.tidy(() => tf.variable(tf.ones([3])));
    const g = { [w.name]: tf.tensor1d([1, -1, 0.5]) };
    const a = withAccumulation(adam({ learningRate: 0.1 }), { steps: 4 });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 200; i++) a.applyGradients(g);
    expect(tf.memory().numTensors - before).toBeLessThanOrEqual(2 + 3); // adam's m, v (+ packed state); no sums between windows
    a.applyGradients(g);
    const saved = await a.getWeights();
    const b = withAccumulation(adam({ learningRate: 0.1 }), { steps: 4 });
    await b.setWeights(saved);
    tf.dispose(saved.map((s) => s.tensor));
    expect([b.iterations, b.microStep]).toEqual([a.iterations, a.microStep]);
    b.dispose();
    a.dispose();
    tf.dispose([w, ...Object.values(g)]);
  });

  it('withAccumulation(withClipping(…)) clips the accumulated gradient once per update', () => {
    const w = tf.tidy(() => tf.variable(tf.zeros([2])));
    const g1 = { [w.name]: tf.tensor1d([6, 8]) }; // norm 10
    const g2 = { [w.name]: tf.tensor1d([0, 0]) };
    const optimizer = withAccumulation(withClipping(sgd({ learningRate: 1 }), { maxNorm: 1 }), { steps: 2 });
    optimizer.applyGradients(g1);
    optimizer.applyGradients(g2);
    // mean [3, 4] has norm 5 → scaled by 1 / (5 + 1e-6); clipping each micro-batch would give [0.3, 0.4].
    const c = 1 / (5 + 1e-6);
    Array.from(w.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(-[3 * c, 4 * c][i], 6));
    tf.dispose([w, ...Object.values(g1), ...Object.values(g2)]);
    optimizer.dispose();
  });

  it('refuses bad options at once', () => {
    const opt = sgd({ learningRate: 0.1 });
    expect(() => withAccumulation(opt, { steps: 0 })).toThrow('withAccumulation: steps must be an integer ≥ 1, got 0');
    expect(() => withAccumulation(opt, { steps: 2.5 })).toThrow('withAccumulation: steps must be an integer, got 2.5');
    expect(() => withAccumulation(opt, {} as { steps: number })).toThrow('withAccumulation: options.steps (micro-batches per update, an integer ≥ 1) is required');
    expect(() => withAccumulation(opt, { steps: 2, average: 'yes' as unknown as boolean })).toThrow('withAccumulation: average must be a boolean, got "yes"');
    expect(() => withAccumulation(opt, { steps: 2, every: 2 } as unknown as { steps: number })).toThrow('withAccumulation: unknown option "every"');
    expect(() => withAccumulation({} as tf.Optimizer, { steps: 2 })).toThrow('withAccumulation: optimizer must be a tf.Optimizer');
    opt.dispose();
  });
});

describe('peakBytes', () => {
  it('counts what a step allocates, freed or not, above the start; the counter is restored', () => {
    const before = tf.memory().numBytes;
    const { result, peakBytes: bytes } = peakBytes(() => {
      tf.tidy(() => void tf.add(tf.zeros([1000]), 1)); // 4000 + 4 (the scalar 1) + 4000 bytes at once, all freed
      return tf.ones([10]); // 40 bytes kept
    });
    expect(bytes).toBe(8004); // the 40 kept bytes came after the peak
    expect(tf.memory().numBytes).toBe(before + 40);
    result.dispose();
    expect(tf.memory().numBytes).toBe(before);
  });
});
