/**
 * Clipping beyond the torch numbers: validation messages (thrown before any tensor exists), who owns
 * what, the fused path equal to the readable one, `withClipping` around tfjs's optimizers (learning
 * rate, iterations, state, dispose, model.fit), and `train({ clipGradNorm })` with `history.gradNorm`.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  adamw, canSetLearningRate, chain, clipByGlobalNorm, clipByValue, clipGradNorm, clipGradValue, getLearningRate,
  scaleByAdam, addDecayedWeights, scaleByLearningRate, setLearningRate, train, TransformOptimizer, withClipping,
} from '../src/index';
import { checkEveryTestForLeaks } from './helpers/leak-check';
import { differences, makeVariables, runSteps } from './helpers/optim';
import { scalarModel, weightOf } from './helpers/train-fixtures';
import { Random } from '../src/core/random';

checkEveryTestForLeaks();

function expectThrows(f: () => unknown, type: typeof Error, message: string): void {
  const before = tf.memory().numTensors;
  expect(f).toThrow(type);
  expect(f).toThrow(message);
  expect(tf.memory().numTensors).toBe(before);
}

describe('validation', () => {
  it('clipGradNorm: maxNorm, normType, grads, options', () => {
    const g = { a: tf.ones([2]) };
    expectThrows(() => clipGradNorm(g, 0), RangeError, 'clipGradNorm: maxNorm must be > 0, got 0');
    expectThrows(() => clipGradNorm(g, NaN), TypeError, 'clipGradNorm: maxNorm must be a number, got NaN');
    expectThrows(() => clipGradNorm(g, Infinity), RangeError, 'clipGradNorm: maxNorm must be finite, got Infinity');
    expectThrows(() => clipGradNorm(g, 1, 0), RangeError, "clipGradNorm: normType must be > 0 or 'inf', got 0");
    expectThrows(() => clipGradNorm(g, 1, 'two' as never), TypeError, "clipGradNorm: normType must be a number > 0 or 'inf', got \"two\"");
    expectThrows(() => clipGradNorm([g.a] as never, 1), TypeError, 'clipGradNorm: grads must be an object of tensors keyed by variable name');
    expectThrows(() => clipGradNorm({ a: [1, 2] } as never, 1), TypeError, 'clipGradNorm: grads["a"] must be a tf.Tensor, got [1, 2]');
    expectThrows(() => clipGradNorm(g, 1, 2, { error_if_nonfinite: true } as never), TypeError, 'clipGradNorm: unknown option "error_if_nonfinite" (valid: errorIfNonfinite)');
    expectThrows(() => clipGradNorm(g, 1, 2, { errorIfNonfinite: 1 } as never), TypeError, 'clipGradNorm: errorIfNonfinite must be a boolean, got 1');
    g.a.dispose();
    expectThrows(() => clipGradNorm(g, 1), TypeError, 'clipGradNorm: grads["a"] must be a live tensor, got a disposed one');
  });

  it('clipGradValue, clipByGlobalNorm, clipByValue', () => {
    expectThrows(() => clipGradValue({}, -1), RangeError, 'clipGradValue: clipValue must be > 0, got -1');
    expectThrows(() => clipByGlobalNorm({} as never), TypeError, 'clipByGlobalNorm: maxNorm must be a number, got undefined');
    expectThrows(() => clipByGlobalNorm({ maxNorm: 1, normType: -2 }), RangeError, "clipByGlobalNorm: normType must be > 0 or 'inf', got -2");
    expectThrows(() => clipByGlobalNorm({ max_norm: 1 } as never), TypeError, 'clipByGlobalNorm: unknown option "max_norm" (valid: maxNorm, normType)');
    expectThrows(() => clipByValue({ clipValue: 0 }), RangeError, 'clipByValue: clipValue must be > 0, got 0');
  });

  it('withClipping', () => {
    const inner = tf.train.sgd(0.1);
    expectThrows(() => withClipping(inner, {}), TypeError, 'withClipping: options must give maxNorm (clip by global norm) or clipValue (clip by value), got neither');
    expectThrows(() => withClipping(inner, { maxNorm: -1 }), RangeError, 'withClipping: maxNorm must be > 0, got -1');
    expectThrows(() => withClipping(inner, { clipValue: 1, normType: 1 }), TypeError, 'withClipping: normType is only used with maxNorm, which is missing');
    expectThrows(() => withClipping({} as never, { maxNorm: 1 }), TypeError, 'withClipping: optimizer must be a tf.Optimizer (e.g. adamw() or tf.train.adam()), got an object');
    expectThrows(() => withClipping(inner, { clipnorm: 1 } as never), TypeError, 'withClipping: unknown option "clipnorm" (valid: maxNorm, normType, clipValue)');
    inner.dispose();
  });
});

describe('clipGradNorm', () => {
  it('returns new tensors, leaves its inputs alone, and is the identity below the threshold', () => {
    const grads = { a: tf.tensor([3, 4]), b: tf.tensor([[0]]) };
    const below = clipGradNorm(grads, 10);
    expect(below.totalNorm).toBeCloseTo(5, 6);
    expect(Array.from(below.grads.a.dataSync())).toEqual([3, 4]);
    expect(below.grads.a).not.toBe(grads.a);
    const above = clipGradNorm(grads, 1);
    expect(Array.from(above.grads.a.dataSync()).map((v) => +v.toFixed(6))).toEqual([0.6, 0.8]);
    expect(Array.from(grads.a.dataSync())).toEqual([3, 4]);
    tf.dispose([...Object.values(grads), ...Object.values(below.grads), ...Object.values(above.grads)]);
  });

  it('of no gradients is 0 and an empty map', () => {
    expect(clipGradNorm({}, 1)).toEqual({ grads: {}, totalNorm: 0 });
  });

  it('p = ∞ may be written Infinity', () => {
    const grads = { a: tf.tensor([3, -4]) };
    const r = clipGradNorm(grads, 1, Infinity);
    expect(r.totalNorm).toBe(4);
    tf.dispose([grads.a, r.grads.a]);
  });
});

describe('fused path = readable path with clipByGlobalNorm in front of AdamW', () => {
  const shapes: Record<string, number[]> = { k1: [8, 16], b1: [16], k2: [16, 4], b2: [4] };
  const rng = new Random(3);
  const specs = Object.fromEntries(Object.entries(shapes).map(([k, shape]) => [k, { shape, values: Array.from({ length: tf.util.sizeFromShape(shape) }, () => rng.normal()) }]));
  const grads = Array.from({ length: 30 }, (_, step) =>
    Object.fromEntries(Object.entries(shapes).map(([k, shape]) => [k, Array.from({ length: tf.util.sizeFromShape(shape) }, () => (step % 3 === 0 ? 5 : 0.05) * rng.normal())])),
  );
  const clippedAdamW = (fused: boolean) =>
    new TransformOptimizer({
      name: 'clippedAdamW', learningRate: 0.01, fused,
      build: (lr) => chain(clipByGlobalNorm({ maxNorm: 1 }), scaleByAdam(), addDecayedWeights({ weightDecay: 0.01 }), scaleByLearningRate(lr)),
    });
  const run = (make: () => tf.Optimizer) => {
    const vars = makeVariables(specs);
    const optimizer = make();
    const out = runSteps(optimizer, vars, grads);
    optimizer.dispose();
    tf.dispose(Object.values(vars));
    return out;
  };
  const worst = (a: Record<string, number[]>[], b: Record<string, number[]>[]) =>
    Math.max(...a.flatMap((step, i) => Object.keys(step).map((k) => differences(step[k], b[i][k]).abs)));

  it('the chain fused and unfused, and withClipping(adamw()), give the same parameters', () => {
    const fused = run(() => clippedAdamW(true));
    const readable = run(() => clippedAdamW(false));
    const wrapped = run(() => withClipping(adamw({ learningRate: 0.01, fused: false }), { maxNorm: 1 }));
    const unclipped = run(() => adamw({ learningRate: 0.01 }));
    expect(worst(fused, readable)).toBeLessThan(1e-5);
    expect(worst(wrapped, readable)).toBeLessThan(1e-5);
    expect(worst(unclipped, readable)).toBeGreaterThan(1e-3); // the clipping did something
  });
});

describe('withClipping forwards to the optimizer it wraps', () => {
  it('learning rate: settable when the inner one is (trainlab, tf.train.sgd), refused when not (tf.train.adam)', () => {
    const ours = withClipping(adamw({ learningRate: 1e-3 }), { maxNorm: 1 });
    expect(canSetLearningRate(ours)).toBe(true);
    setLearningRate(ours, 0.5);
    expect((ours.inner as unknown as { learningRate: number }).learningRate).toBe(0.5);
    expect(getLearningRate(ours)).toBe(0.5);
    const tfSgd = withClipping(tf.train.sgd(0.1), { clipValue: 1 });
    expect(canSetLearningRate(tfSgd)).toBe(true);
    setLearningRate(tfSgd, 0.2);
    expect(getLearningRate(tfSgd.inner)).toBe(0.2);
    const tfAdam = withClipping(tf.train.adam(0.01), { maxNorm: 1 });
    expect(canSetLearningRate(tfAdam)).toBe(false);
    expect(getLearningRate(tfAdam)).toBe(0.01);
    [ours, tfSgd, tfAdam].forEach((o) => o.dispose());
  });

  it('iterations, state and an idempotent dispose that frees the inner state (leak check)', async () => {
    const v = tf.tidy(() => tf.variable(tf.zeros([3])));
    const opt = withClipping(tf.train.adam(0.1), { maxNorm: 1 });
    const g = tf.ones([3]);
    opt.applyGradients({ [v.name]: g });
    opt.applyGradients([{ name: v.name, tensor: g }]);
    expect(opt.iterations).toBe(2);
    expect(opt.inner.iterations).toBe(2);
    const weights = await opt.getWeights();
    expect(weights.map((w) => w.name)).toEqual(['iter', `${v.name}/m`, `${v.name}/v`]);
    const ours = withClipping(adamw({ learningRate: 0.1 }), { maxNorm: 1 }); // tfjs's own setWeights leaks a tensor
    await ours.setWeights(weights);
    expect(ours.iterations).toBe(2);
    tf.dispose(weights.map((w) => w.tensor));
    opt.dispose();
    opt.dispose();
    ours.dispose();
    tf.dispose([v, g]);
  });

  it('model.fit with tf.train.sgd clips every step: the weights move by at most lr·maxNorm', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1, kernelInitializer: 'ones' })] });
    model.compile({ optimizer: withClipping(tf.train.sgd(0.1), { maxNorm: 0.5 }), loss: 'meanSquaredError' });
    const x = tf.tensor2d([[10, -20], [30, 5]]);
    const y = tf.tensor2d([[100], [-50]]);
    const before = model.getWeights().map((w) => Array.from(w.dataSync()));
    await model.fit(x, y, { batchSize: 2, epochs: 1, verbose: 0, shuffle: false });
    const after = model.getWeights().map((w) => Array.from(w.dataSync()));
    const step = Math.hypot(...after.flatMap((w, i) => w.map((v, j) => v - before[i][j])));
    expect(step).toBeCloseTo(0.1 * 0.5, 5);
    (model.optimizer as tf.Optimizer).dispose();
    tf.dispose([x, y]);
    model.dispose();
  });
});

describe('train({ clipGradNorm }) and history.gradNorm', () => {
  // ŷ = w·x with x = 1, y = 0: loss w², gradient 2w. From w = 3: ‖g‖ = 6, clipped to 1, so with
  // lr 0.1 each step moves w by 0.1 (up to the 1e-6 in the divisor): 3 → 2.9 → 2.8.
  const data = () => ({ x: tf.tensor2d([[1]]), y: tf.tensor2d([[0]]) });

  it('records the pre-clip norm of every step and clips the update', async () => {
    const model = scalarModel(3);
    const d = data();
    const optimizer = tf.train.sgd(0.1);
    const h = await train(model, d, { optimizer, loss: 'meanSquaredError', epochs: 2, batchSize: 1, progress: 'none', clipGradNorm: 1 });
    expect(h.gradNorm.map((n) => +n.toFixed(5))).toEqual([6, 5.8]);
    expect(weightOf(model)).toBeCloseTo(2.8, 5);
    optimizer.dispose();
    model.dispose();
    tf.dispose(Object.values(d));
  });

  it('records norms without clipping with recordGradNorm, and none by default', async () => {
    const model = scalarModel(3);
    const d = data();
    const optimizer = tf.train.sgd(0.1);
    const other = scalarModel(3);
    const quiet = await train(other, d, { optimizer, loss: 'meanSquaredError', epochs: 1, batchSize: 1, progress: 'none' });
    expect(quiet.gradNorm).toEqual([]);
    other.dispose();
    const h = await train(model, d, { optimizer, loss: 'meanSquaredError', epochs: 2, batchSize: 1, progress: 'none', recordGradNorm: true });
    expect(h.gradNorm.map((n) => +n.toFixed(5))).toEqual([6, 4.8]); // w: 3 → 3 − 0.1·6 = 2.4, ‖g‖ = 4.8
    expect(weightOf(model)).toBeCloseTo(2.4 - 0.1 * 4.8, 5);
    optimizer.dispose();
    model.dispose();
    tf.dispose(Object.values(d));
  });
});

describe('history.gradNorm with gradient accumulation', () => {
  it('holds one norm per applied update: the accumulated gradient’s, no entry for micro-steps', async () => {
    const model = scalarModel(3);
    const d = { x: tf.tensor2d([[1], [1], [1], [1]]), y: tf.tensor2d([[0], [0], [0], [0]]) };
    const optimizer = tf.train.sgd(0.1);
    const h = await train(model, d, { optimizer, loss: 'meanSquaredError', epochs: 1, batchSize: 1, accumulationSteps: 2, recordGradNorm: true, progress: 'none' });
    expect(h.stepLoss).toHaveLength(4);
    // Two updates of the mean of two identical micro-batch gradients 2w: ‖g‖ = 6, then w = 2.4 → 4.8.
    expect(h.gradNorm.map((n) => +n.toFixed(4))).toEqual([6, 4.8]);
    optimizer.dispose();
    model.dispose();
    tf.dispose(Object.values(d));
  });
});
