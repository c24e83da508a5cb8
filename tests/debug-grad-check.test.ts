/**
 * gradCheck: correct gradients pass on smooth and ReLU networks, a deliberately wrong gradient is
 * caught and located, the relative error is cs231n's, a hand-written gradient can be checked, no
 * tensor leaks, bad arguments get clear messages.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { GRAD_CHECK_THRESHOLDS, gradCheck } from '../src/index';
import { checkEveryTestForLeaks } from './helpers/leak-check';

checkEveryTestForLeaks();

/** A two-layer classifier's loss as a function of its weights (data fixed, seeded). */
function mlpLoss(activation: 'tanh' | 'relu' | 'sigmoid') {
  const x = tf.randomNormal([16, 8], 0, 1, 'float32', 1);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from({ length: 16 }, (_, i) => i % 3), 'int32'), 3));
  const w1 = tf.randomNormal([8, 12], 0, 0.5, 'float32', 2);
  const w2 = tf.randomNormal([12, 3], 0, 0.5, 'float32', 3);
  const f = (a: tf.Tensor, b: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, tf.matMul(tf[activation](tf.matMul(x, a)), b)) as tf.Scalar;
  return { f, inputs: [w1, w2], dispose: () => tf.dispose([x, y, w1, w2]) };
}

describe('gradCheck', () => {
  it.each(['tanh', 'relu', 'sigmoid'] as const)('passes tf.grads of a %s network (every element)', (activation) => {
    const { f, inputs, dispose } = mlpLoss(activation);
    const result = gradCheck(f, inputs, { maxElements: 1000 });
    dispose();
    expect(result.elements).toHaveLength(8 * 12 + 12 * 3);
    expect(result.verdict).toBe('ok');
    expect(result.maxRelativeError).toBeLessThan(GRAD_CHECK_THRESHOLDS.ok);
  });

  it('catches a deliberately wrong gradient (d/dx x² written as x) and says where', () => {
    const square = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
      save([x]);
      return { value: tf.sum(tf.square(x)), gradFunc: (dy: tf.Tensor, [s]: tf.Tensor[]) => tf.mul(dy, s) }; // should be 2·x
    }) as unknown as Parameters<typeof tf.customGrad>[0]);
    const x = tf.tensor([[0.5, -1.5], [2, 3]]);
    const result = gradCheck((v) => square(v), [x]);
    x.dispose();
    expect(result.verdict).toBe('wrong');
    expect(result.maxRelativeError).toBeCloseTo(0.5, 3); // |x − 2x| / |2x|
    expect(result.worst.analytic / result.worst.numeric).toBeCloseTo(0.5, 3);
  });

  it("computes cs231n's relative error: f = Σx³ at [1, 2], numeric = 3x² + h²", () => {
    const x = tf.tensor([1, 2]);
    const result = gradCheck((v) => tf.sum(tf.pow(v, 3)), [x], { epsilon: 0.1 });
    x.dispose();
    const [e0, e1] = result.elements;
    expect(e0.analytic).toBeCloseTo(3, 5);
    expect(e0.numeric).toBeCloseTo(3.01, 3);
    expect(e0.relativeError).toBeCloseTo(0.01 / 3.01, 3);
    expect(e1.relativeError).toBeCloseTo(0.01 / 12.01, 3);
  });

  it('checks a hand-written gradient through options.grads', () => {
    const { f, inputs, dispose } = mlpLoss('tanh');
    const right = gradCheck(f, inputs, { grads: (a, b) => tf.grads(f)([a, b]) });
    const scaled = gradCheck(f, inputs, { grads: (a, b) => tf.grads(f)([a, b]).map((g, i) => (i === 1 ? tf.mul(g, 1.1) : g)) });
    const swapped = gradCheck(f, inputs, { grads: (a, b) => tf.grads(f)([a, b]).map((g) => tf.neg(g)) });
    dispose();
    expect(right.verdict).toBe('ok');
    expect(scaled.verdict).toBe('suspicious'); // 10 % off: r = 0.1/1.1
    expect(scaled.worst.input).toBe(1);
    expect(swapped.verdict).toBe('wrong');
  });

  it('samples maxElements per input, seeded', () => {
    const { f, inputs, dispose } = mlpLoss('tanh');
    const a = gradCheck(f, inputs, { maxElements: 5, seed: 3 });
    const b = gradCheck(f, inputs, { maxElements: 5, seed: 3 });
    dispose();
    expect(a.elements).toHaveLength(10);
    expect(a.elements.map((e) => [e.input, e.index])).toEqual(b.elements.map((e) => [e.input, e.index]));
  });

  it('validates its arguments', () => {
    const x = tf.tensor([1, 2]);
    const f = (v: tf.Tensor) => tf.sum(v);
    expect(() => gradCheck(f, [])).toThrow('gradCheck: inputs must be a non-empty array of tensors');
    expect(() => gradCheck(f, [x], { epsilon: 0 })).toThrow('gradCheck: epsilon must be > 0, got 0');
    expect(() => gradCheck(f, [x], { maxElements: 0 })).toThrow('gradCheck: maxElements must be an integer ≥ 1, got 0');
    expect(() => gradCheck(f, [x], { h: 1 } as never)).toThrow('gradCheck: unknown option "h" (valid: epsilon, maxElements, seed, grads)');
    expect(() => gradCheck((v) => tf.mul(v, 2) as tf.Scalar, [x])).toThrow('gradCheck: f must return a scalar tensor, got shape [2]');
    expect(() => gradCheck(f, [x], { grads: () => [] })).toThrow('gradCheck: grads must return one tensor per input (1), got 0');
    const i = tf.tensor([1], [1], 'int32');
    expect(() => gradCheck(f, [i])).toThrow('gradCheck: inputs[0].dtype must be "float32", got "int32"');
    tf.dispose([x, i]);
  });
});
