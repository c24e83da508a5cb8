/**
 * Each update rule worked by hand for two steps on one parameter p₀ = 1 with gradients g₁ = 1,
 * g₂ = 2 (unless stated), and the transformations composed by hand equal the ready optimizers.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { addDecayedWeights, addWeightDecay } from '../src/optim/add-decayed-weights';
import { adam } from '../src/optim/adam';
import { adamw } from '../src/optim/adamw';
import { rmsprop } from '../src/optim/rmsprop';
import { scaleByAdam } from '../src/optim/scale-by-adam';
import { scaleByLearningRate } from '../src/optim/scale-by-learning-rate';
import { scaleByRms } from '../src/optim/scale-by-rms';
import { sgd } from '../src/optim/sgd';
import { traceMomentum } from '../src/optim/trace-momentum';
import { chain } from '../src/optim/transform';
import { TransformOptimizer } from '../src/optim/transform-optimizer';
import { makeVariables, runSteps } from './helpers/optim';
import { checkEveryTestForLeaks } from './helpers/leak-check';

checkEveryTestForLeaks();

/** p after each of two steps with gradients g₁, g₂ (both paths, which must agree). */
function twoSteps(make: (fused: boolean) => tf.Optimizer, g1 = 1, g2 = 2): number[] {
  const results = [true, false].map((fused) => {
    // Two variables so that the fused path really packs; `q` mirrors `p`.
    const vars = makeVariables({ p: { shape: [1], values: [1] }, q: { shape: [1], values: [1] } });
    const optimizer = make(fused);
    const trajectory = runSteps(optimizer, vars, [
      { p: [g1], q: [g1] },
      { p: [g2], q: [g2] },
    ]);
    optimizer.dispose();
    tf.dispose(Object.values(vars));
    return trajectory.map((t) => t.p[0]);
  });
  expect(results[0][0]).toBeCloseTo(results[1][0], 6);
  expect(results[0][1]).toBeCloseTo(results[1][1], 6);
  return results[0];
}

describe('sgd, worked by hand (lr η = 0.1)', () => {
  it('plain: p ← p − η·g', () => {
    // p₁ = 1 − 0.1·1 = 0.9;  p₂ = 0.9 − 0.1·2 = 0.7
    const [p1, p2] = twoSteps((fused) => sgd({ learningRate: 0.1, fused }));
    expect(p1).toBeCloseTo(0.9, 6);
    expect(p2).toBeCloseTo(0.7, 6);
  });

  it('momentum μ = 0.9: the first buffer is the gradient itself', () => {
    // b₁ = g₁ = 1 (PyTorch starts the buffer at g), p₁ = 1 − 0.1·1 = 0.9
    // b₂ = 0.9·1 + 2 = 2.9, p₂ = 0.9 − 0.29 = 0.61
    const [p1, p2] = twoSteps((fused) => sgd({ learningRate: 0.1, momentum: 0.9, fused }));
    expect(p1).toBeCloseTo(0.9, 6);
    expect(p2).toBeCloseTo(0.61, 6);
  });

  it('dampening τ = 0.5 is skipped at the first step', () => {
    // b₁ = g₁ = 1 (no dampening), p₁ = 0.9
    // b₂ = 0.9·1 + (1 − 0.5)·2 = 1.9, p₂ = 0.9 − 0.19 = 0.71
    const [p1, p2] = twoSteps((fused) => sgd({ learningRate: 0.1, momentum: 0.9, dampening: 0.5, fused }));
    expect(p1).toBeCloseTo(0.9, 6);
    expect(p2).toBeCloseTo(0.71, 6);
  });

  it('nesterov: step along g + μ·b', () => {
    // b₁ = 1, u₁ = 1 + 0.9·1 = 1.9, p₁ = 1 − 0.19 = 0.81
    // b₂ = 0.9 + 2 = 2.9, u₂ = 2 + 0.9·2.9 = 4.61, p₂ = 0.81 − 0.461 = 0.349
    const [p1, p2] = twoSteps((fused) => sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true, fused }));
    expect(p1).toBeCloseTo(0.81, 6);
    expect(p2).toBeCloseTo(0.349, 6);
  });

  it('weight decay λ = 0.1 adds λ·p to the gradient', () => {
    // g₁' = 1 + 0.1·1 = 1.1, p₁ = 1 − 0.11 = 0.89
    // g₂' = 2 + 0.1·0.89 = 2.089, p₂ = 0.89 − 0.2089 = 0.6811
    const [p1, p2] = twoSteps((fused) => sgd({ learningRate: 0.1, weightDecay: 0.1, fused }));
    expect(p1).toBeCloseTo(0.89, 6);
    expect(p2).toBeCloseTo(0.6811, 6);
  });
});

describe('adam, worked by hand (η = 0.1, β₁ = 0.9, β₂ = 0.999, ε = 1e-8)', () => {
  it('bias correction makes the first step exactly η·sign(g)', () => {
    // t = 1: m = 0.1·1 = 0.1, v = 0.001·1 = 0.001; m̂ = 0.1/0.1 = 1, v̂ = 0.001/0.001 = 1
    //        u = 1/(1 + 1e-8), p₁ = 1 − 0.1 = 0.9
    // t = 2: m = 0.9·0.1 + 0.1·2 = 0.29, v = 0.999·0.001 + 0.001·4 = 0.004999
    //        m̂ = 0.29/(1 − 0.81) = 1.526316, v̂ = 0.004999/(1 − 0.998001) = 2.500750
    //        u = 1.526316/√2.500750 = 0.965182, p₂ = 0.9 − 0.0965182 = 0.8034818
    const [p1, p2] = twoSteps((fused) => adam({ learningRate: 0.1, fused }));
    expect(p1).toBeCloseTo(0.9, 6);
    expect(p2).toBeCloseTo(0.8034818, 6);
  });

  it('amsgrad divides by the largest v so far (β₂ = 0.5, g₁ = 2, g₂ = 0)', () => {
    // t = 1: m = 0.2, v = 0.5·4 = 2; m̂ = 2, v̂ = 2/0.5 = 4, u = 1, p₁ = 0.9
    // t = 2: m = 0.18, v = 0.5·2 = 1 but vMax = 2; m̂ = 0.18/0.19 = 0.947368
    //        v̂ = 2/(1 − 0.25) = 2.666667, u = 0.947368/1.632993 = 0.580142, p₂ = 0.8419858
    //        (without amsgrad: v̂ = 1/0.75, u = 0.820445, p₂ = 0.8179555)
    const [p1, p2] = twoSteps((fused) => adam({ learningRate: 0.1, beta2: 0.5, amsgrad: true, fused }), 2, 0);
    expect(p1).toBeCloseTo(0.9, 6);
    expect(p2).toBeCloseTo(0.8419858, 6);
    expect(twoSteps((fused) => adam({ learningRate: 0.1, beta2: 0.5, fused }), 2, 0)[1]).toBeCloseTo(0.8179555, 6);
  });

  it('coupled weight decay goes through the adaptive scaling', () => {
    // λ = 0.1, g₁ = 1: g' = 1.1, and Adam's first step is η·sign(g') whatever its size: p₁ = 0.9
    const [p1] = twoSteps((fused) => adam({ learningRate: 0.1, weightDecay: 0.1, fused }));
    expect(p1).toBeCloseTo(0.9, 6);
  });
});

describe('adamw, worked by hand (η = 0.1, λ = 0.1)', () => {
  it('decays the weight by (1 − ηλ) beside the Adam step', () => {
    // t = 1: p₁ = 1·(1 − 0.01) − 0.1·1 = 0.89
    // t = 2: p₂ = 0.89·0.99 − 0.1·0.965182 = 0.8811 − 0.0965182 = 0.7845818
    const [p1, p2] = twoSteps((fused) => adamw({ learningRate: 0.1, weightDecay: 0.1, fused }));
    expect(p1).toBeCloseTo(0.89, 6);
    expect(p2).toBeCloseTo(0.7845818, 6);
  });
});

describe('rmsprop, worked by hand (η = 0.01, α = 0.99)', () => {
  it('plain: u = g/(√v + ε), no bias correction', () => {
    // v₁ = 0.01·1 = 0.01, u₁ = 1/0.1 = 10, p₁ = 1 − 0.1 = 0.9
    // v₂ = 0.99·0.01 + 0.01·4 = 0.0499, u₂ = 2/0.223383 = 8.953229, p₂ = 0.9 − 0.0895323 = 0.8104677
    const [p1, p2] = twoSteps((fused) => rmsprop({ fused }));
    expect(p1).toBeCloseTo(0.9, 6);
    expect(p2).toBeCloseTo(0.8104677, 6);
  });

  it('centered: divides by the running variance', () => {
    // v₁ = 0.01, ḡ₁ = 0.01, v − ḡ² = 0.0099, u₁ = 1/0.0994987 = 10.050377, p₁ = 0.8994962
    // v₂ = 0.0499, ḡ₂ = 0.0099 + 0.02 = 0.0299, v − ḡ² = 0.04900599, u₂ = 9.034526, p₂ = 0.8091510
    const [p1, p2] = twoSteps((fused) => rmsprop({ centered: true, fused }));
    expect(p1).toBeCloseTo(0.8994962, 6);
    expect(p2).toBeCloseTo(0.809151, 6);
  });

  it('momentum μ = 0.9 accumulates the scaled gradients', () => {
    // b₁ = 10, p₁ = 0.9;  b₂ = 0.9·10 + 8.953229 = 17.953229, p₂ = 0.9 − 0.1795323 = 0.7204677
    const [p1, p2] = twoSteps((fused) => rmsprop({ momentum: 0.9, fused }));
    expect(p1).toBeCloseTo(0.9, 6);
    expect(p2).toBeCloseTo(0.7204677, 6);
  });
});

describe('the ready optimizers are their chains', () => {
  const grads = Array.from({ length: 6 }, (_, k) => ({ a: [Math.sin(k), -1 + k / 3, 0.5], b: [Math.cos(3 * k)] }));
  const specs = { a: { shape: [3], values: [0.5, -1, 2] }, b: { shape: [1], values: [0.3] } };

  function trajectory(make: () => tf.Optimizer) {
    const vars = makeVariables(specs);
    const optimizer = make();
    const out = runSteps(optimizer, vars, grads);
    optimizer.dispose();
    tf.dispose(Object.values(vars));
    return out;
  }
  const custom = (build: (lr: (step: number) => number) => ReturnType<typeof chain>) => () =>
    new TransformOptimizer({ name: 'custom', learningRate: (step) => 0.05 / (1 + step), build });
  const lr = (step: number) => 0.05 / (1 + step);

  it('adamw = chain(scaleByAdam, addDecayedWeights, scaleByLearningRate)', () => {
    expect(trajectory(custom((lr) => chain(scaleByAdam(), addDecayedWeights({ weightDecay: 0.1 }), scaleByLearningRate(lr))))).toEqual(
      trajectory(() => adamw({ learningRate: lr, weightDecay: 0.1 })),
    );
  });

  it('sgd with nesterov = chain(addWeightDecay, traceMomentum, scaleByLearningRate)', () => {
    const mine = custom((lr) => chain(addWeightDecay({ weightDecay: 0.01 }), traceMomentum({ momentum: 0.9, nesterov: true }), scaleByLearningRate(lr)));
    expect(trajectory(mine)).toEqual(trajectory(() => sgd({ learningRate: lr, momentum: 0.9, nesterov: true, weightDecay: 0.01 })));
  });

  it('rmsprop = chain(scaleByRms, traceMomentum, scaleByLearningRate)', () => {
    const mine = custom((lr) => chain(scaleByRms({ centered: true }), traceMomentum({ momentum: 0.5 }), scaleByLearningRate(lr)));
    expect(trajectory(mine)).toEqual(trajectory(() => rmsprop({ learningRate: lr, centered: true, momentum: 0.5 })));
  });
});

describe('transformations on their own', () => {
  it('init → update → update, with state as plain records of tensors', () => {
    const t = chain(scaleByAdam(), scaleByLearningRate(0.1));
    tf.tidy(() => {
      const params = { p: tf.tensor1d([1]) };
      let state = t.init(params);
      expect(Object.keys(state)).toEqual(['m', 'v']);
      const first = t.update({ p: tf.tensor1d([1]) }, state, params, 0);
      state = first.state;
      expect(first.updates.p.dataSync()[0]).toBeCloseTo(-0.1, 6); // −η·sign(g) at t = 1
      expect(state.m.p.dataSync()[0]).toBeCloseTo(0.1, 7); //          m = (1 − β₁)·g
      const second = t.update({ p: tf.tensor1d([2]) }, state, params, 1);
      expect(second.updates.p.dataSync()[0]).toBeCloseTo(-0.0965182, 6);
    });
  });

  it('scaleByLearningRate reads a schedule at the 0-based update index', () => {
    const seen: number[] = [];
    const t = scaleByLearningRate((step) => (seen.push(step), 0.5 * step));
    tf.tidy(() => {
      const u = t.update({ p: tf.tensor1d([2]) }, {}, {}, 3).updates.p;
      expect(u.dataSync()[0]).toBeCloseTo(-3, 6); // −(0.5·3)·2
    });
    expect(seen).toEqual([3]);
  });

  it('an optimizer calls its schedule once per update, with 0, 1, 2, …', () => {
    const seen: number[] = [];
    const vars = makeVariables({ p: { shape: [2], values: [1, 2] }, q: { shape: [1], values: [3] } });
    const optimizer = sgd({ learningRate: (step) => (seen.push(step), 0.1) });
    runSteps(optimizer, vars, [{ p: [1, 1], q: [1] }, { p: [1, 1], q: [1] }, { p: [1, 1], q: [1] }]);
    expect(seen).toEqual([0, 1, 2]);
    expect(optimizer.iterations).toBe(3);
    optimizer.dispose();
    tf.dispose(Object.values(vars));
  });

  it('chain refuses two transformations keeping the same slot', () => {
    expect(() => chain(scaleByAdam(), scaleByRms())).toThrow('chain: slot "v" is kept by two transformations; slot names must be unique');
  });
});
