/**
 * The fused multi-tensor path (src/optim/fused.ts) computes what the readable per-variable path
 * computes: every option combination of every optimizer, 60 steps, variables shaped like a small
 * MLP; plus the cases where the packing changes (a variable joins or sits a step out, big tensors
 * updated on their own next to packed small ones).
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { Random } from '../src/core/random';
import { adam } from '../src/optim/adam';
import { adamw } from '../src/optim/adamw';
import { rmsprop } from '../src/optim/rmsprop';
import { sgd } from '../src/optim/sgd';
import type { TransformOptimizer } from '../src/optim/transform-optimizer';
import { differences, makeVariables, runSteps, type ParamSpec } from './helpers/optim';
import { checkEveryTestForLeaks } from './helpers/leak-check';

const SHAPES: Record<string, number[]> = { k1: [8, 16], b1: [16], k2: [16, 4], b2: [4], s: [] };
const STEPS = 60;

function specs(seed: number): Record<string, ParamSpec> {
  const rng = new Random(seed);
  return Object.fromEntries(
    Object.entries(SHAPES).map(([k, shape]) => [k, { shape, values: Array.from({ length: tf.util.sizeFromShape(shape) }, () => rng.normal()) }]),
  );
}

function gradients(seed: number, steps: number, keys = Object.keys(SHAPES)): Record<string, number[]>[] {
  const rng = new Random(seed);
  return Array.from({ length: steps }, () =>
    Object.fromEntries(keys.map((k) => [k, Array.from({ length: tf.util.sizeFromShape(SHAPES[k]) }, () => 0.3 * rng.normal())])),
  );
}

type Make = (fused: boolean) => TransformOptimizer;
const lr = (base: number) => (step: number) => base * (1 + Math.cos(step / 5)) / 2 + base / 10;

const combos: [string, Make][] = [];
for (const weightDecay of [0, 0.01]) {
  for (const [momentum, dampening, nesterov] of [[0, 0, false], [0.9, 0, false], [0.9, 0, true], [0.9, 0.3, false]] as const) {
    combos.push([`sgd μ=${momentum} τ=${dampening} nesterov=${nesterov} λ=${weightDecay}`, (fused) => sgd({ learningRate: 0.05, momentum, dampening, nesterov, weightDecay, fused })]);
  }
  for (const amsgrad of [false, true]) {
    for (const schedule of [false, true]) {
      const learningRate = schedule ? lr(0.01) : 0.01;
      combos.push([`adam amsgrad=${amsgrad} λ=${weightDecay} schedule=${schedule}`, (fused) => adam({ learningRate, amsgrad, weightDecay, fused })]);
      combos.push([`adamw amsgrad=${amsgrad} λ=${weightDecay * 10} schedule=${schedule}`, (fused) => adamw({ learningRate, amsgrad, weightDecay: weightDecay * 10, fused })]);
    }
  }
  for (const centered of [false, true]) {
    for (const momentum of [0, 0.9]) {
      combos.push([`rmsprop centered=${centered} μ=${momentum} λ=${weightDecay}`, (fused) => rmsprop({ learningRate: 0.001, centered, momentum, weightDecay, fused })]);
    }
  }
}

/** Runs the same gradient sequence through `make(true)` and `make(false)`; returns both trajectories. */
function both(make: Make, grads: Record<string, number[]>[], configure?: (o: TransformOptimizer) => void) {
  return [true, false].map((fused) => {
    const vars = makeVariables(specs(1));
    const optimizer = make(fused);
    configure?.(optimizer);
    const out = runSteps(optimizer, vars, grads);
    optimizer.dispose();
    tf.dispose(Object.values(vars));
    return out;
  });
}

/** Largest relative difference between the two trajectories, over every step and value. */
function worstRelative(a: Record<string, number[]>[], b: Record<string, number[]>[]): number {
  let worst = 0;
  a.forEach((step, k) => Object.keys(step).forEach((key) => (worst = Math.max(worst, differences(step[key], b[k][key]).rel))));
  return worst;
}

checkEveryTestForLeaks();

describe('fused path = readable path', () => {
  const grads = gradients(2, STEPS);
  it.each(combos)('%s, 60 steps', (_name, make) => {
    const [fused, readable] = both(make, grads);
    // The same elementwise ops on the same numbers: equal to float32 tolerance (in practice, bit for bit).
    expect(worstRelative(fused, readable)).toBeLessThan(1e-6);
  });

  it('is bit-for-bit equal for Adam on this backend', () => {
    const [fused, readable] = both((fused) => adam({ learningRate: 0.01, fused }), grads);
    expect(fused).toEqual(readable);
  });
});

describe('changing packings', () => {
  it('big tensors alone and small ones packed, side by side', () => {
    // maxPackedSize 20: k1 (128) and k2 (64) are updated on their own, b1, b2, s are packed.
    const grads = gradients(3, 20);
    const [fused, readable] = both((fused) => sgd({ learningRate: 0.05, momentum: 0.9, fused }), grads, (o) => (o.maxPackedSize = 20));
    expect(worstRelative(fused, readable)).toBeLessThan(1e-6);
  });

  it('a variable sitting steps out, then rejoining, keeps its own state and momentum', () => {
    // Steps 0–4 all variables, 5–9 without b1 and s (their state waits), 10–14 all again.
    const all = gradients(4, 15);
    const grads = all.map((g, k) => (k >= 5 && k < 10 ? { k1: g.k1, k2: g.k2, b2: g.b2 } : g));
    for (const make of [
      (fused: boolean) => sgd({ learningRate: 0.05, momentum: 0.9, fused }),
      (fused: boolean) => adamw({ learningRate: 0.01, amsgrad: true, fused }),
      (fused: boolean) => rmsprop({ learningRate: 0.001, centered: true, momentum: 0.5, fused }),
    ]) {
      const [fused, readable] = both(make, grads);
      expect(worstRelative(fused, readable)).toBeLessThan(1e-6);
    }
  });

  it('a variable joining late starts its momentum buffer from its gradient', () => {
    // b1 and s get no gradient for the first 3 steps: when they join, the others have buffers and
    // they do not, so that step runs unpacked; afterwards all are packed again.
    const all = gradients(5, 10);
    const grads = all.map((g, k) => (k < 3 ? { k1: g.k1, k2: g.k2, b2: g.b2 } : g));
    const [fused, readable] = both((fused) => sgd({ learningRate: 0.05, momentum: 0.9, fused }), grads);
    expect(worstRelative(fused, readable)).toBeLessThan(1e-6);
    // And the joining step matches PyTorch's rule by hand: b = g, so p ← p − η·g for b1.
    const p0 = specs(1).b1.values;
    const expected = p0.map((p, i) => p - 0.05 * all[3].b1[i]);
    fused[3].b1.forEach((p, i) => expect(p).toBeCloseTo(expected[i], 5));
  });

  it('the order of the gradients does not matter', () => {
    const grads = gradients(6, 8);
    const reversed = grads.map((g) => Object.fromEntries(Object.entries(g).reverse()));
    const run = (gs: Record<string, number[]>[]) => {
      const vars = makeVariables(specs(1));
      const optimizer = adam({ learningRate: 0.01 });
      const names = Object.keys(vars);
      const out: Record<string, number[]>[] = [];
      for (const g of gs) {
        const keys = Object.keys(g).filter((k) => names.includes(k));
        const named = keys.map((k) => ({ name: vars[k].name, tensor: tf.tensor(g[k], vars[k].shape) }));
        optimizer.applyGradients(named); // the NamedTensor[] form, as minimize(f, true, varList) passes it
        tf.dispose(named.map((n) => n.tensor));
        out.push(Object.fromEntries(names.map((k) => [k, Array.from(vars[k].dataSync())])));
      }
      optimizer.dispose();
      tf.dispose(Object.values(vars));
      return out;
    };
    expect(worstRelative(run(grads), run(reversed))).toBeLessThan(1e-6);
  });
});
