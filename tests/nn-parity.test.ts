/**
 * Parity with PyTorch 1.13 for batchNorm, layerNorm, dropout and l2Penalty: values and gradients
 * (dx, dγ, dβ of Σ output·dy for a random dy), training and eval, 2-D, 3-D and 4-D (channels last;
 * the script permutes to torch's channels first and back), running statistics over several steps.
 * Also: the written-out gradient equals autodiff of the plain formula, and a finite-difference check.
 *
 * Reference values: tests/reference/normalization.json, made by tools/reference/normalization.py
 * (regenerate: `/usr/bin/python3 tools/reference/normalization.py > tests/reference/normalization.json`).
 * PyTorch computes in float64 from float32 inputs; trainlab computes in float32.
 *
 * Tolerance: |ours − torch| ≤ 1e-5 + 1e-4·|torch| (float32 rounding through a mean, a variance and a
 * reciprocal square root; the worst case measured is logged at the end and sits well inside it).
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchNorm } from '../src/nn/batch-norm';
import { dropout } from '../src/nn/dropout';
import { l2Penalty } from '../src/nn/l2-penalty';
import { layerNorm } from '../src/nn/layer-norm';
import { checkEveryTestForLeaks } from './helpers/leak-check';

interface BatchNormStep {
  x: number[]; dy: number[]; output: number[]; dx: number[]; dgamma: number[]; dbeta: number[];
  runningMean: number[]; runningVar: number[];
}
interface BatchNormCase {
  name: string; shape: number[]; training: boolean; momentum: number; epsilon: number;
  gamma: number[]; beta: number[]; runningMean: number[]; runningVar: number[]; steps: BatchNormStep[];
}
interface LayerNormCase {
  name: string; shape: number[]; epsilon: number; x: number[]; dy: number[]; gamma: number[]; beta: number[];
  output: number[]; dx: number[]; dgamma: number[]; dbeta: number[];
}
interface DropoutCase { rate: number; keptScale: number; keptGrad: number; droppedGrad: number; evalIsIdentity: boolean; evalGrad: number[] }
interface L2Case {
  lambda: number; shapes: Record<string, number[]>; weights: Record<string, number[]>; penalty: number;
  grads: Record<string, number[]>; sgdWeightDecayStep: { lr: number; after: Record<string, number[]> };
}
interface Reference { batchNorm: BatchNormCase[]; layerNorm: LayerNormCase[]; dropout: DropoutCase[]; l2Penalty: L2Case[] }

const reference: Reference = JSON.parse(readFileSync(new URL('./reference/normalization.json', import.meta.url), 'utf8'));
const ATOL = 1e-5;
const RTOL = 1e-4;
const worst = { abs: 0, ratio: 0, where: '' };

function expectClose(actual: tf.Tensor | number[] | Float32Array, expected: number[], where: string): void {
  const a = actual instanceof tf.Tensor ? Array.from(actual.dataSync()) : Array.from(actual);
  expect(a.length, `${where}: length`).toBe(expected.length);
  a.forEach((v, i) => {
    const d = Math.abs(v - expected[i]);
    const ratio = d / (ATOL + RTOL * Math.abs(expected[i]));
    worst.abs = Math.max(worst.abs, d);
    if (ratio > worst.ratio) Object.assign(worst, { ratio, where: `${where}[${i}]` });
    if (ratio > 1) expect.fail(`${where}[${i}] = ${v}, torch ${expected[i]} (|Δ| ${d.toExponential(2)})`);
  });
}

checkEveryTestForLeaks();
afterAll(() => {
  console.log(`nn parity: worst |Δ| ${worst.abs.toExponential(2)}; ${(worst.ratio * 100).toFixed(1)}% of the tolerance (${worst.where})`);
});

/** Output and the gradients of Σ output·dy with respect to x, γ, β. */
function withGrads(f: (x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D) => tf.Tensor, x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D, dy: tf.Tensor) {
  const { value, grads } = tf.valueAndGrads((xx: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(xx, g as tf.Tensor1D, b as tf.Tensor1D), dy)) as tf.Scalar)([x, gamma, beta]);
  value.dispose();
  return grads;
}

describe.each(['wasm', 'cpu'] as const)('parity with PyTorch (%s)', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
  });
  afterAll(async () => {
    await tf.setBackend('wasm');
  });

  it.each(reference.batchNorm.map((c) => [c.name, c] as const))('batchNorm %s', (_name, c) => {
    const gamma = tf.tensor1d(c.gamma);
    const beta = tf.tensor1d(c.beta);
    let runningMean = tf.tensor1d(c.runningMean);
    let runningVar = tf.tensor1d(c.runningVar);
    const options = { training: c.training, momentum: c.momentum, epsilon: c.epsilon };
    c.steps.forEach((s, k) => {
      const where = `${backend} batchNorm ${c.name} step ${k + 1}`;
      tf.tidy(() => {
        const [x, dy] = [tf.tensor(s.x, c.shape), tf.tensor(s.dy, c.shape)];
        const result = batchNorm(x, { gamma, beta, runningMean, runningVar, ...options });
        expectClose(result.output, s.output, `${where} output`);
        const [dx, dGamma, dBeta] = withGrads((xx, g, b) => batchNorm(xx, { gamma: g, beta: b, runningMean, runningVar, ...options }).output, x, gamma, beta, dy);
        expectClose(dx, s.dx, `${where} dx`);
        expectClose(dGamma, s.dgamma, `${where} dgamma`);
        expectClose(dBeta, s.dbeta, `${where} dbeta`);
        expectClose(result.runningMean, s.runningMean, `${where} runningMean`);
        expectClose(result.runningVar, s.runningVar, `${where} runningVar`);
        tf.dispose([runningMean, runningVar]);
        runningMean = tf.keep(result.runningMean);
        runningVar = tf.keep(result.runningVar);
      });
    });
    tf.dispose([gamma, beta, runningMean, runningVar]);
  });

  it.each(reference.layerNorm.map((c) => [c.name, c] as const))('layerNorm %s', (_name, c) => {
    tf.tidy(() => {
      const where = `${backend} layerNorm ${c.name}`;
      const [x, dy, gamma, beta] = [tf.tensor(c.x, c.shape), tf.tensor(c.dy, c.shape), tf.tensor1d(c.gamma), tf.tensor1d(c.beta)];
      expectClose(layerNorm(x, { gamma, beta, epsilon: c.epsilon }), c.output, `${where} output`);
      const [dx, dGamma, dBeta] = withGrads((xx, g, b) => layerNorm(xx, { gamma: g, beta: b, epsilon: c.epsilon }), x, gamma, beta, dy);
      expectClose(dx, c.dx, `${where} dx`);
      expectClose(dGamma, c.dgamma, `${where} dgamma`);
      expectClose(dBeta, c.dbeta, `${where} dbeta`);
    });
  });

  it.each(reference.dropout.map((c) => [c.rate, c] as const))('dropout rate %s: kept units scaled by 1/(1 − p), gradient the same, eval the identity', (rate, c) => {
    tf.tidy(() => {
      const x = tf.randomNormal([2000], 0, 1, 'float32', 3);
      const y = dropout(x, { rate, training: true, seed: 1 });
      const [xs, ys] = [x.dataSync(), y.dataSync()];
      const grad = tf.grad((v: tf.Tensor) => tf.sum(dropout(v, { rate, training: true, seed: 1 })))(x).dataSync();
      for (let i = 0; i < xs.length; i++) {
        if (ys[i] === 0) {
          expect(grad[i], 'a dropped unit passes no gradient').toBe(c.droppedGrad);
        } else {
          expect(Math.abs(ys[i] / xs[i] - c.keptScale), `kept unit ${i}: y/x`).toBeLessThan(1e-6 * c.keptScale);
          expect(Math.abs(grad[i] - c.keptGrad), `kept unit ${i}: gradient`).toBeLessThan(1e-6 * c.keptGrad);
        }
      }
      expect(c.evalIsIdentity).toBe(true);
      expect(Array.from(dropout(x, { rate, training: false }).dataSync())).toEqual(Array.from(xs));
      const evalGrad = tf.grad((v: tf.Tensor) => tf.sum(dropout(v, { rate, training: false })))(x);
      expect(Array.from(new Set(evalGrad.dataSync()))).toEqual(c.evalGrad);
    });
  });

  it.each(reference.l2Penalty.map((c) => [c.lambda, c] as const))('l2Penalty λ = %s: ½λΣw², gradient λw = torch weight_decay', (lambda, c) => {
    tf.tidy(() => {
      const weights = Object.fromEntries(Object.entries(c.weights).map(([k, v]) => [k, tf.tensor(v, c.shapes[k])]));
      expectClose([l2Penalty(weights, lambda).dataSync()[0]], [c.penalty], `${backend} l2Penalty ${lambda} value`);
      const names = Object.keys(weights);
      const grads = tf.grads((...ws: tf.Tensor[]) => l2Penalty(ws, lambda))(names.map((k) => weights[k]));
      names.forEach((k, i) => {
        expectClose(grads[i], c.grads[k], `${backend} l2Penalty ${lambda} grad ${k}`);
        // One SGD step on the penalty alone = torch's SGD step with weight_decay λ and a zero loss gradient.
        const { lr, after } = c.sgdWeightDecayStep;
        expectClose(tf.sub(weights[k], tf.mul(grads[i], lr)), after[k], `${backend} l2Penalty ${lambda} sgd step ${k}`);
      });
    });
  });
});

/** The same math as normalize.ts, written as plain ops so tfjs's autodiff differentiates it. */
function plainNormalize(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, axes: number[], epsilon: number): tf.Tensor {
  const { mean, variance } = tf.moments(x, axes, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, epsilon))), gamma), beta);
}

describe('the written-out gradient', () => {
  const cases: [string, number[], 'batch' | 'layer'][] = [
    ['batchNorm [32, 16]', [32, 16], 'batch'],
    ['batchNorm NHWC [4, 5, 5, 3]', [4, 5, 5, 3], 'batch'],
    ['layerNorm [8, 24]', [8, 24], 'layer'],
    ['layerNorm [2, 6, 10]', [2, 6, 10], 'layer'],
  ];
  it.each(cases)('%s equals autodiff of the plain formula', (_name, shape, kind) => {
    tf.tidy(() => {
      const channels = shape[shape.length - 1];
      const x = tf.randomNormal(shape, 1, 3, 'float32', 11);
      const dy = tf.randomNormal(shape, 0, 1, 'float32', 12);
      const gamma = tf.randomNormal([channels], 1, 0.3, 'float32', 13) as tf.Tensor1D;
      const beta = tf.randomNormal([channels], 0, 0.3, 'float32', 14) as tf.Tensor1D;
      const state = { runningMean: tf.zeros([channels]) as tf.Tensor1D, runningVar: tf.ones([channels]) as tf.Tensor1D, training: true };
      const axes = kind === 'batch' ? shape.slice(0, -1).map((_, i) => i) : [shape.length - 1];
      const ours = (xx: tf.Tensor, g: tf.Tensor1D, b: tf.Tensor1D) =>
        kind === 'batch' ? batchNorm(xx, { gamma: g, beta: b, ...state }).output : layerNorm(xx, { gamma: g, beta: b });
      const fromAutodiff = withGrads((xx, g, b) => plainNormalize(xx, g, b, axes, 1e-5), x, gamma, beta, dy);
      const fromOurs = withGrads(ours, x, gamma, beta, dy);
      expectClose(ours(x, gamma, beta), Array.from(plainNormalize(x, gamma, beta, axes, 1e-5).dataSync()), 'output vs plain');
      fromOurs.forEach((g, i) => expectClose(g, Array.from(fromAutodiff[i].dataSync()), `${['dx', 'dgamma', 'dbeta'][i]} vs autodiff`));
    });
  });

  it('matches central finite differences (batchNorm and layerNorm, every input element)', () => {
    tf.tidy(() => {
      const x = tf.tensor2d([[0.5, -1.2, 2.0], [1.5, 0.3, -0.7], [-0.4, 0.9, 1.1], [2.2, -0.5, 0.4]]);
      const dy = tf.tensor2d([[0.3, -0.8, 0.5], [1.1, 0.2, -0.4], [-0.6, 0.7, 0.9], [0.1, -0.3, 0.6]]);
      const gamma = tf.tensor1d([1.3, 0.7, -0.9]);
      const beta = tf.tensor1d([0.1, -0.2, 0.3]);
      const state = { runningMean: tf.zeros([3]) as tf.Tensor1D, runningVar: tf.ones([3]) as tf.Tensor1D, training: true };
      const fns: [string, (xx: tf.Tensor) => tf.Tensor][] = [
        ['batchNorm', (xx) => batchNorm(xx, { gamma, beta, ...state }).output],
        ['layerNorm', (xx) => layerNorm(xx, { gamma, beta })],
      ];
      const h = 1e-2; // float32: a larger step keeps rounding (~1e-7/h) below the truncation error (~h²)
      for (const [name, f] of fns) {
        const loss = (xx: tf.Tensor) => tf.sum(tf.mul(f(xx), dy)) as tf.Scalar;
        const analytic = tf.grad(loss)(x).dataSync();
        const values = x.dataSync();
        for (let i = 0; i < values.length; i++) {
          const at = (delta: number) => {
            const shifted = Float32Array.from(values);
            shifted[i] += delta;
            return loss(tf.tensor2d(shifted, [4, 3])).dataSync()[0];
          };
          const numeric = (at(h) - at(-h)) / (2 * h);
          expect(Math.abs(numeric - analytic[i]), `${name} dx[${i}]: numeric ${numeric}, analytic ${analytic[i]}`).toBeLessThan(2e-3 + 2e-3 * Math.abs(numeric));
        }
      }
    });
  });
});
