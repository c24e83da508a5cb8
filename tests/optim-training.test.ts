/**
 * The optimizers train: convergence on an ill-conditioned quadratic and on Rosenbrock's valley
 * through `minimize`, and a real `model.compile({ optimizer }) + model.fit` run.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { adam } from '../src/optim/adam';
import { adamw } from '../src/optim/adamw';
import { rmsprop } from '../src/optim/rmsprop';
import { SGD, sgd } from '../src/optim/sgd';
import { checkEveryTestForLeaks } from './helpers/leak-check';

const leaks = checkEveryTestForLeaks();

/** Minimizes f(x) = ½·Σ aᵢ(xᵢ − cᵢ)² from x = 0; returns x after `steps` updates. */
function quadratic(optimizer: tf.Optimizer, steps: number, a = [1, 10], c = [2, -3]): number[] {
  const x = tf.tidy(() => tf.variable(tf.zeros([2])));
  const [A, C] = [tf.tensor1d(a), tf.tensor1d(c)];
  const f = () => tf.mul(0.5, tf.sum(tf.mul(A, tf.square(tf.sub(x, C))))) as tf.Scalar;
  for (let i = 0; i < steps; i++) optimizer.minimize(f);
  const result = Array.from(x.dataSync());
  optimizer.dispose();
  tf.dispose([x, A, C]);
  return result;
}

/** Minimizes Rosenbrock's (1 − x)² + 100·(y − x²)² from (−1.2, 1); returns (x, y). */
function rosenbrock(optimizer: tf.Optimizer, steps: number): number[] {
  const x = tf.tidy(() => tf.variable(tf.scalar(-1.2)));
  const y = tf.tidy(() => tf.variable(tf.scalar(1)));
  const f = () => tf.add(tf.square(tf.sub(1, x)), tf.mul(100, tf.square(tf.sub(y, tf.square(x))))) as tf.Scalar;
  for (let i = 0; i < steps; i++) optimizer.minimize(f, false, [x, y]); // the varList form, as model.fit uses
  const result = [x.dataSync()[0], y.dataSync()[0]];
  optimizer.dispose();
  tf.dispose([x, y]);
  return result;
}

describe('convergence on an ill-conditioned quadratic (curvatures 1 and 10, minimum at (2, −3))', () => {
  const decaying = (lr: number) => (step: number) => lr * 0.99 ** step;
  it.each([
    ['sgd', () => sgd({ learningRate: 0.05 }), 500],
    ['sgd momentum', () => sgd({ learningRate: 0.02, momentum: 0.9 }), 500],
    ['sgd nesterov', () => sgd({ learningRate: 0.02, momentum: 0.9, nesterov: true }), 500],
    ['adam', () => adam({ learningRate: decaying(0.1) }), 1000],
    ['adam amsgrad', () => adam({ learningRate: decaying(0.1), amsgrad: true }), 1000],
    ['adamw without decay', () => adamw({ learningRate: decaying(0.1), weightDecay: 0 }), 1000],
    ['rmsprop', () => rmsprop({ learningRate: decaying(0.05) }), 1000],
    ['rmsprop centered momentum', () => rmsprop({ learningRate: decaying(0.01), centered: true, momentum: 0.9 }), 1000],
  ] as const)('%s reaches the minimum', (_name, make, steps) => {
    const [x, y] = quadratic(make(), steps);
    expect(x).toBeCloseTo(2, 3);
    expect(y).toBeCloseTo(-3, 3);
  });

  it('coupled weight decay moves the minimum to a·c/(a + λ), as an L2 penalty does', () => {
    // f + (λ/2)·‖x‖² is minimal where aᵢ(xᵢ − cᵢ) + λxᵢ = 0: x = (1·2/1.5, 10·(−3)/10.5)
    const [x, y] = quadratic(sgd({ learningRate: 0.05, weightDecay: 0.5 }), 500);
    expect(x).toBeCloseTo(2 / 1.5, 4);
    expect(y).toBeCloseTo(-30 / 10.5, 4);
  });

  it('decoupled weight decay pulls the AdamW solution toward 0', () => {
    const [x, y] = quadratic(adamw({ learningRate: (step) => 0.1 * 0.99 ** step, weightDecay: 0.2 }), 1000);
    expect(Math.abs(x)).toBeLessThan(2 - 0.05);
    expect(Math.abs(y)).toBeLessThan(3 - 0.05);
  });

  it('a learning rate set to 0 stops training', () => {
    const optimizer = adam({ learningRate: 0.1 });
    optimizer.learningRate = 0;
    expect(quadratic(optimizer, 10)).toEqual([0, 0]);
  });
});

describe("convergence in Rosenbrock's valley (minimum at (1, 1))", () => {
  it.each([
    ['adam', () => adam({ learningRate: 0.05 })],
    ['sgd momentum', () => sgd({ learningRate: 1e-3, momentum: 0.9 })],
    ['sgd nesterov', () => sgd({ learningRate: 1e-3, momentum: 0.9, nesterov: true })],
    ['rmsprop centered momentum', () => rmsprop({ learningRate: 1e-4, centered: true, momentum: 0.9 })],
  ] as const)('%s gets within 1e-3 in 3,000 steps', (_name, make) => {
    const [x, y] = rosenbrock(make(), 3000);
    expect(Math.abs(x - 1)).toBeLessThan(1e-3);
    expect(Math.abs(y - 1)).toBeLessThan(2e-3);
  });
});

describe('model.compile + model.fit', () => {
  /** Two Gaussian blobs in 4-D, labels one-hot; a 4→16→2 MLP. */
  function problem() {
    return tf.tidy(() => {
      const n = 128;
      const labels = tf.tensor1d(Array.from({ length: n }, (_, i) => i % 2), 'int32');
      const x = tf.add(tf.randomNormal([n, 4], 0, 1, 'float32', 7), tf.mul(tf.expandDims(tf.cast(labels, 'float32'), 1), 2));
      return { x, y: tf.oneHot(labels, 2).toFloat() };
    });
  }
  function model() {
    const m = tf.sequential();
    m.add(tf.layers.dense({ inputShape: [4], units: 16, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }));
    m.add(tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }));
    return m;
  }

  it.each([
    ['sgd', () => sgd({ learningRate: 0.1, momentum: 0.9 })],
    ['adam', () => adam({ learningRate: 0.01 })],
    ['adamw', () => adamw({ learningRate: 0.01 })],
    ['rmsprop', () => rmsprop({ learningRate: 0.005 })],
  ] as const)('%s: the loss falls, the step count advances, and no tensor leaks', async (_name, make) => {
    const { x, y } = problem();
    const m = model();
    const optimizer = make();
    m.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const first = await m.fit(x, y, { epochs: 1, batchSize: 32, verbose: 0 });
    const afterFirst = tf.memory().numTensors;
    const rest = await m.fit(x, y, { epochs: 15, batchSize: 32, verbose: 0 });
    expect(tf.memory().numTensors).toBe(afterFirst);
    const loss = [...first.history.loss, ...rest.history.loss] as number[];
    expect(loss.at(-1)).toBeLessThan(0.5 * loss[0]);
    expect(rest.history.acc.at(-1)).toBeGreaterThan(0.9);
    expect(optimizer.iterations).toBe(16 * 4);
    m.dispose();
    optimizer.dispose();
    tf.dispose([x, y]);
  });

  it('model.save records the optimizer; tfjs-layers can rebuild it from the saved config', async () => {
    const { x, y } = problem();
    const m = model();
    m.compile({ optimizer: sgd({ learningRate: 0.05, momentum: 0.9, nesterov: true }), loss: 'categoricalCrossentropy' });
    await m.fit(x, y, { epochs: 1, batchSize: 64, verbose: 0 });
    let saved: tf.io.ModelArtifacts | undefined;
    const before = tf.memory().numTensors;
    await m.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
      { includeOptimizer: true },
    );
    // getWeights returns copies owned by the caller, and tfjs-layers' save never disposes them
    // (it leaks tf.train's "iter" scalar the same way): iter + 4 momentum buffers stay behind.
    expect(tf.memory().numTensors - before).toBe(5);
    leaks.allow(5);
    const config = { learningRate: 0.05, momentum: 0.9, dampening: 0, nesterov: true, weightDecay: 0 };
    expect(saved!.trainingConfig!.optimizer_config).toEqual({ class_name: 'trainlab.SGD', config });
    const weightNames = saved!.weightSpecs!.map((w) => w.name);
    expect(weightNames).toEqual(expect.arrayContaining(['iter', `${m.layers[0].weights[0].name}/momentum`]));
    // What loadLayersModel does with the config (it adds customObjects):
    const rebuilt = SGD.fromConfig<SGD>(SGD, { ...config, customObjects: {} });
    expect(rebuilt).toBeInstanceOf(SGD);
    expect(rebuilt.getConfig()).toEqual(config);
    rebuilt.dispose();
    (m.optimizer as tf.Optimizer).dispose();
    m.dispose();
    tf.dispose([x, y]);
  });

  it('saved optimizer state is named after the layer variables', async () => {
    const { x, y } = problem();
    const m = model();
    const optimizer = adamw();
    m.compile({ optimizer, loss: 'categoricalCrossentropy' });
    await m.fit(x, y, { epochs: 1, batchSize: 64, verbose: 0 });
    const weights = await optimizer.getWeights();
    const kernel = m.layers[0].weights[0].name; // e.g. dense_Dense3/kernel
    expect(kernel).toMatch(/^dense_Dense\d+\/kernel$/);
    expect(weights.map((w) => w.name)).toEqual(expect.arrayContaining(['iter', `${kernel}/m`, `${kernel}/v`]));
    tf.dispose([...weights.map((w) => w.tensor), x, y]);
    m.dispose();
    optimizer.dispose();
  });
});
