/**
 * gradientFlow / gradientFlowCallback: the numbers equal direct computations, they show vanishing
 * gradients, dead ReLUs and saturated tanh where those are built in, the callback's update ratio is
 * the real step's, nothing leaks; suggestClipThreshold's percentile and clipped share.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { gradientFlow, gradientFlowCallback, heNormal, suggestClipThreshold, train, type HistoryWithGradientFlow, type TfInitializer } from '../src/index';
import { checkEveryTestForLeaks } from './helpers/leak-check';

checkEveryTestForLeaks();

function deepNet(activation: 'relu' | 'tanh', init: (i: number) => TfInitializer, depth = 10, width = 32): tf.Sequential {
  const model = tf.sequential();
  for (let i = 0; i < depth; i++) model.add(tf.layers.dense({ units: width, activation, kernelInitializer: init(i), ...(i === 0 ? { inputShape: [16] } : {}) }));
  model.add(tf.layers.dense({ units: 4, kernelInitializer: init(depth) }));
  return model;
}
const batch = () => tf.tidy(() => ({ x: tf.randomNormal([64, 16], 0, 1, 'float32', 1), y: tf.oneHot(tf.tensor1d(Array.from({ length: 64 }, (_, i) => i % 4), 'int32'), 4) }));

describe('gradientFlow', () => {
  it('gives the gradient and weight norms tf.grads gives, and the loss', () => {
    const model = deepNet('tanh', (i) => heNormal({ seed: i }), 2, 8);
    const b = batch();
    const stats = gradientFlow(model, b, { loss: 'softmaxCrossEntropy' });
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(b.y, model.apply(b.x, { training: true }) as tf.Tensor) as tf.Scalar, vars);
    expect(stats.loss).toBeCloseTo(value.dataSync()[0], 5);
    vars.forEach((v, i) => {
      expect(stats.variables[i].name).toBe(v.name);
      expect(stats.variables[i].gradNorm).toBeCloseTo(tf.tidy(() => tf.norm(grads[v.name]).dataSync()[0]), 5);
      expect(stats.variables[i].weightNorm).toBeCloseTo(tf.tidy(() => tf.norm(v).dataSync()[0]), 5);
    });
    expect(stats.globalGradNorm).toBeCloseTo(Math.hypot(...stats.variables.map((v) => v.gradNorm)), 6);
    expect(stats.layers.map((l) => l.activation)).toEqual(['tanh', 'tanh', 'linear']);
    expect(stats.layers[0].histogram.counts.reduce((a, c) => a + c, 0)).toBe(64 * 8);
    tf.dispose([value, ...Object.values(grads), b.x, b.y]);
    model.dispose();
  });

  it('shows vanishing gradients under a too-small init and healthy ones under He', () => {
    const b = batch();
    const small = deepNet('relu', (i) => tf.initializers.randomNormal({ mean: 0, stddev: 0.01, seed: i + 1 }));
    const he = deepNet('relu', (i) => heNormal({ seed: i }));
    const s = gradientFlow(small, b, { loss: 'softmaxCrossEntropy' });
    const h = gradientFlow(he, b, { loss: 'softmaxCrossEntropy' });
    const firstKernel = (st: typeof s) => st.variables.find((v) => v.name.endsWith('kernel'))!.gradNorm;
    expect(firstKernel(s)).toBeLessThan(1e-10);
    expect(firstKernel(h)).toBeGreaterThan(1e-2);
    expect(s.layers[8].std).toBeLessThan(1e-6); // the signal is gone 9 layers in
    expect(h.layers[8].std).toBeGreaterThan(0.3);
    tf.dispose([b.x, b.y]);
    small.dispose();
    he.dispose();
  });

  it('counts dead ReLU units and saturated tanh outputs', () => {
    const b = batch();
    const dead = tf.sequential({ layers: [tf.layers.dense({ inputShape: [16], units: 8, activation: 'relu', biasInitializer: tf.initializers.constant({ value: -100 }) }), tf.layers.dense({ units: 4 })] });
    const saturated = deepNet('tanh', (i) => tf.initializers.randomNormal({ mean: 0, stddev: 2, seed: i + 1 }), 3);
    const d = gradientFlow(dead, b, { loss: 'softmaxCrossEntropy' });
    const t = gradientFlow(saturated, b, { loss: 'softmaxCrossEntropy' });
    expect(d.layers[0].deadFraction).toBe(1);
    expect(d.layers[0].saturatedFraction).toBeNull();
    expect(t.layers[1].saturatedFraction).toBeGreaterThan(0.5);
    expect(t.layers[1].deadFraction).toBeNull();
    tf.dispose([b.x, b.y]);
    dead.dispose();
    saturated.dispose();
  });

  it('validates', () => {
    const model = deepNet('relu', (i) => heNormal({ seed: i }), 1, 4);
    expect(() => gradientFlow(model, { x: 1 } as never, { loss: 'meanSquaredError' })).toThrow('gradientFlow: batch must be an object { x, y } of tensors');
    const [x, y] = [tf.zeros([1, 16]), tf.zeros([1, 4])];
    expect(() => gradientFlow(model, { x, y }, { loss: 'mse' as never })).toThrow('gradientFlow: loss must be one of');
    expect(() => gradientFlowCallback({ x, y, loss: 'meanSquaredError', every: 0 })).toThrow('gradientFlowCallback: every must be an integer ≥ 1, got 0');
    tf.dispose([x, y]);
    model.dispose();
  }, 10_000);
});

describe('gradientFlowCallback in train()', () => {
  it('records every N steps into history.gradientFlow, with the real update ratio (SGD: η·‖g‖/‖w‖)', async () => {
    const model = deepNet('tanh', (i) => heNormal({ seed: i }), 2, 8);
    const b = batch();
    const flow = gradientFlowCallback({ x: b.x, y: b.y, loss: 'softmaxCrossEntropy', every: 2 });
    const optimizer = tf.train.sgd(0.1);
    // One full batch per step, no shuffle: the probe batch is the training batch.
    const h = (await train(model, b, { optimizer, loss: 'softmaxCrossEntropy', epochs: 5, batchSize: 64, shuffle: false, progress: 'none', callbacks: [flow] })) as HistoryWithGradientFlow;
    expect(h.gradientFlow.map((r) => r.step)).toEqual([0, 2, 4]);
    expect(flow.records).toBe(flow.records);
    expect(h.gradientFlow[1].loss).toBeCloseTo(h.stepLoss[2], 5);
    for (const v of h.gradientFlow[0].variables) expect(v.updateRatio!).toBeCloseTo(0.1 * v.gradToWeight, 4);
    optimizer.dispose();
    model.dispose();
    tf.dispose([b.x, b.y]);
  });
});

describe('gradientFlowCallback when the run fails', () => {
  it('leaves no tensor behind when train() rejects between its two hooks', async () => {
    const model = deepNet('tanh', (i) => heNormal({ seed: i }), 2, 8);
    const b = batch();
    const flow = gradientFlowCallback({ x: b.x, y: b.y, loss: 'softmaxCrossEntropy', every: 1 });
    const boom = { onBatchBegin: () => { throw new Error('boom'); } };
    const optimizer = tf.train.sgd(0.1);
    await expect(train(model, b, { optimizer, loss: 'softmaxCrossEntropy', epochs: 1, batchSize: 64, progress: 'none', callbacks: [flow, boom] })).rejects.toThrow('boom');
    optimizer.dispose();
    model.dispose();
    tf.dispose([b.x, b.y]);
  });
});

describe('suggestClipThreshold', () => {
  it("takes numpy's linear percentile and counts the steps above it", () => {
    const norms = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(suggestClipThreshold(norms)).toEqual({ threshold: 9.1, percentile: 90, clippedFraction: 0.1, steps: 10, nonFinite: 0, median: 5.5 });
    expect(suggestClipThreshold({ gradNorm: norms }, { percentile: 50 }).clippedFraction).toBe(0.5);
  });

  it('leaves NaN and Infinity out of the percentile and counts them as clipped', () => {
    const s = suggestClipThreshold([1, NaN, 2, Infinity, 3], { percentile: 100 });
    expect(s.threshold).toBe(3);
    expect(s.nonFinite).toBe(2);
    expect(s.clippedFraction).toBeCloseTo(0.4, 10);
  });

  it('validates', () => {
    expect(() => suggestClipThreshold([], {})).toThrow('suggestClipThreshold: norms must hold at least one finite gradient norm, got none (record them with train({ recordGradNorm: true }))');
    expect(() => suggestClipThreshold([1], { percentile: 101 })).toThrow('suggestClipThreshold: percentile must be in [0, 100], got 101');
    expect(() => suggestClipThreshold('x' as never)).toThrow('suggestClipThreshold: norms must be an array of per-step gradient norms or a History with gradNorm');
  });
});
