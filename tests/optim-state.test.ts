/**
 * Optimizer state: getWeights/setWeights round trips and resumes training exactly, slots are named
 * by variable name, dispose() is idempotent, and no tensor leaks — flat over 1,000 steps and back
 * to the baseline after dispose().
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { Random } from '../src/core/random';
import { adam } from '../src/optim/adam';
import { adamw } from '../src/optim/adamw';
import { rmsprop } from '../src/optim/rmsprop';
import { sgd } from '../src/optim/sgd';
import type { TransformOptimizer } from '../src/optim/transform-optimizer';
import { makeVariables, readValues, runSteps, type ParamSpec } from './helpers/optim';
import { checkEveryTestForLeaks } from './helpers/leak-check';

const SPECS: Record<string, ParamSpec> = {
  w: { shape: [4, 3], values: Array.from({ length: 12 }, (_, i) => Math.sin(i + 1)) },
  b: { shape: [3], values: [0.1, -0.2, 0.3] },
  big: { shape: [40, 40], values: Array.from({ length: 1600 }, (_, i) => Math.cos(i) / 10) },
};

function gradients(seed: number, steps: number): Record<string, number[]>[] {
  const rng = new Random(seed);
  return Array.from({ length: steps }, () =>
    Object.fromEntries(Object.entries(SPECS).map(([k, s]) => [k, s.values.map(() => 0.2 * rng.normal())])),
  );
}

type Make = (fused: boolean) => TransformOptimizer;
const OPTIMIZERS: [string, Make][] = [
  ['sgd nesterov', (fused) => sgd({ learningRate: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.01, fused })],
  ['adam amsgrad', (fused) => adam({ learningRate: (step) => 0.01 / (1 + step / 10), amsgrad: true, fused })],
  ['adamw', (fused) => adamw({ learningRate: 0.01, fused })],
  ['rmsprop centered momentum', (fused) => rmsprop({ learningRate: 0.001, centered: true, momentum: 0.9, fused })],
];

checkEveryTestForLeaks();

describe('getWeights / setWeights', () => {
  it('names each slot <variable name>/<slot> after the step count "iter"', async () => {
    const kernel = tf.tidy(() => tf.variable(tf.ones([2, 2]), true, 'state-test/dense/kernel'));
    const bias = tf.tidy(() => tf.variable(tf.zeros([2]), true, 'state-test/dense/bias'));
    const optimizer = adam({ amsgrad: true });
    tf.tidy(() => optimizer.applyGradients({ [kernel.name]: tf.ones([2, 2]), [bias.name]: tf.ones([2]) }));
    const weights = await optimizer.getWeights();
    expect(weights.map((w) => w.name)).toEqual([
      'iter',
      'state-test/dense/kernel/m',
      'state-test/dense/bias/m',
      'state-test/dense/kernel/v',
      'state-test/dense/bias/v',
      'state-test/dense/kernel/vMax',
      'state-test/dense/bias/vMax',
    ]);
    expect(weights[0].tensor.dtype).toBe('int32');
    expect(weights[0].tensor.dataSync()[0]).toBe(1);
    expect(weights[1].tensor.shape).toEqual([2, 2]);
    expect(Array.from(weights[1].tensor.dataSync())).toEqual([0.1, 0.1, 0.1, 0.1].map(Math.fround)); // m = (1 − β₁)·g
    // The caller owns the returned tensors: they are copies, and disposing them leaves the state intact.
    tf.dispose(weights.map((w) => w.tensor));
    const again = await optimizer.getWeights();
    expect(again.length).toBe(7);
    tf.dispose(again.map((w) => w.tensor));
    optimizer.dispose();
    tf.dispose([kernel, bias]);
  });

  describe.each(OPTIMIZERS)('%s', (_name, make) => {
    const grads = gradients(7, 24);

    it.each([
      [true, true],
      [false, false],
      [true, false],
      [false, true],
    ])('resuming from saved state (saved fused: %s, resumed fused: %s) equals training straight through', async (savedFused, resumedFused) => {
      // Straight through: 24 steps.
      const straightVars = makeVariables(SPECS);
      const straight = make(resumedFused);
      const expected = runSteps(straight, straightVars, grads).at(-1);
      straight.dispose();
      tf.dispose(Object.values(straightVars));

      // 10 steps, save, throw the optimizer away, a new one loads the state and does 14 more.
      const vars = makeVariables(SPECS);
      const first = make(savedFused);
      runSteps(first, vars, grads.slice(0, 10));
      const saved = await first.getWeights();
      first.dispose();
      const second = make(resumedFused);
      await second.setWeights(saved);
      tf.dispose(saved.map((w) => w.tensor));
      expect(second.iterations).toBe(10);
      const resumed = runSteps(second, vars, grads.slice(10)).at(-1);
      second.dispose();
      tf.dispose(Object.values(vars));

      if (savedFused === resumedFused) expect(resumed).toEqual(expected); // bit for bit
      else for (const k of Object.keys(SPECS)) resumed![k].forEach((x, i) => expect(x).toBeCloseTo(expected![k][i], 6));
    });
  });

  it('round-trips exactly: setWeights(getWeights()) gives back the same tensors', async () => {
    const vars = makeVariables(SPECS);
    const a = rmsprop({ centered: true, momentum: 0.9 });
    runSteps(a, vars, gradients(8, 3));
    const saved = await a.getWeights();
    const b = rmsprop({ centered: true, momentum: 0.9 });
    await b.setWeights([...saved].reverse()); // order does not matter
    const loaded = await b.getWeights();
    const byName = (ws: { name: string; tensor: tf.Tensor }[]) => Object.fromEntries(ws.map((w) => [w.name, Array.from(w.tensor.dataSync())]));
    expect(byName(loaded)).toEqual(byName(saved));
    tf.dispose([...saved, ...loaded].map((w) => w.tensor));
    a.dispose();
    b.dispose();
    tf.dispose(Object.values(vars));
  });
});

describe('dispose', () => {
  it('is idempotent and frees every state variable', () => {
    const vars = makeVariables(SPECS);
    const before = tf.memory().numTensors;
    const optimizer = adamw({ amsgrad: true });
    runSteps(optimizer, vars, gradients(9, 2));
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    optimizer.dispose();
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(Object.values(vars));
  });

  it('a disposed optimizer refuses to step instead of restarting from zero state', () => {
    const p = tf.tidy(() => tf.variable(tf.ones([2])));
    const optimizer = adam();
    optimizer.dispose();
    expect(() => tf.tidy(() => optimizer.applyGradients({ [p.name]: tf.ones([2]) }))).toThrow(
      'adam: applyGradients was called after dispose()',
    );
    p.dispose();
  });
});

describe('no leaks over 1,000 steps', () => {
  describe.each(OPTIMIZERS)('%s', (_name, make) => {
    it.each([true, false])('fused: %s — numTensors flat from step 1 to 1,000, baseline after dispose', (fused) => {
      const vars = makeVariables(SPECS);
      const start = tf.memory().numTensors;
      const grads = tf.tidy(() => Object.fromEntries(Object.entries(vars).map(([, v]) => [v.name, tf.randomNormal(v.shape, 0, 0.1, 'float32', 3)])));
      const optimizer = make(fused);
      optimizer.applyGradients(grads);
      const afterFirst = tf.memory().numTensors;
      for (let i = 1; i < 1000; i++) optimizer.applyGradients(grads);
      expect(tf.memory().numTensors).toBe(afterFirst);
      expect(optimizer.iterations).toBe(1000);
      optimizer.dispose();
      tf.dispose(Object.values(grads));
      expect(tf.memory().numTensors).toBe(start);
      tf.dispose(Object.values(vars));
    });
  });

  it('minimize: flat over 1,000 steps, the returned cost is the only new tensor', () => {
    const x = tf.tidy(() => tf.variable(tf.tensor1d([3, -2, 1])));
    const optimizer = adamw({ learningRate: 0.01 });
    const loss = () => tf.sum(tf.square(x)) as tf.Scalar;
    optimizer.minimize(loss);
    const afterFirst = tf.memory().numTensors;
    for (let i = 1; i < 1000; i++) optimizer.minimize(loss);
    expect(tf.memory().numTensors).toBe(afterFirst);
    const cost = optimizer.minimize(loss, true);
    expect(tf.memory().numTensors).toBe(afterFirst + 1);
    cost!.dispose();
    optimizer.dispose();
    x.dispose();
  });

  it('state save and load leave nothing behind', async () => {
    const vars = makeVariables(SPECS);
    const optimizer = sgd({ learningRate: 0.1, momentum: 0.9 });
    const grads = gradients(10, 22);
    runSteps(optimizer, vars, grads.slice(0, 2));
    const after = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) {
      const saved = await optimizer.getWeights();
      await optimizer.setWeights(saved);
      tf.dispose(saved.map((w) => w.tensor));
      // Loaded state is per variable; the next step packs it again (one variable per slot).
      runSteps(optimizer, vars, grads.slice(2 + i, 3 + i));
      expect(tf.memory().numTensors).toBe(after);
    }
    optimizer.dispose();
    tf.dispose(Object.values(vars));
  });

  it('learning-rate reads and changes create no tensors', () => {
    const optimizer = adam({ learningRate: 0.1 });
    optimizer.learningRate = 0.05;
    expect(optimizer.learningRate).toBe(0.05);
    expect(optimizer.learningRateAt()).toBe(0.05);
    optimizer.learningRate = (step) => 0.1 / (step + 1);
    expect(optimizer.learningRateAt(3)).toBe(0.025);
    optimizer.dispose();
  });
});

describe('values', () => {
  it('readValues sees the update in place (variables are assigned, not replaced)', () => {
    const vars = makeVariables({ p: { shape: [2], values: [1, 2] }, q: { shape: [1], values: [0] } });
    const ids = Object.values(vars).map((v) => v.id);
    const optimizer = sgd({ learningRate: 1 });
    runSteps(optimizer, vars, [{ p: [1, 1], q: [2] }]);
    expect(readValues(vars)).toEqual({ p: [0, 1], q: [-2] });
    expect(Object.values(vars).map((v) => v.id)).toEqual(ids);
    optimizer.dispose();
    tf.dispose(Object.values(vars));
  });
});
