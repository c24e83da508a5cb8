/**
 * The fused softmax cross-entropy (src/fast/softmax-cross-entropy.ts) equals
 * `tf.losses.softmaxCrossEntropy` — value and gradient — on one-hot and soft targets, rank 3, huge
 * logits, a single class; propagates NaN; checks shapes; and runs fewer kernels under autodiff.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { softmaxCrossEntropy } from '../src/fast/softmax-cross-entropy';
import { checkEveryTestForLeaks } from './helpers/leak-check';

checkEveryTestForLeaks();

const random = (shape: number[], seed: number, scale = 1) => tf.randomNormal(shape, 0, scale, 'float32', seed);
const oneHot = (rows: number, k: number) => tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from({ length: rows }, (_, i) => (i * 3) % k), 'int32'), k).toFloat());

/** Value and d/dlogits of a loss of (labels, logits), as plain arrays. */
function valueAndGrad(loss: (y: tf.Tensor, z: tf.Tensor) => tf.Scalar, labels: tf.Tensor, logits: tf.Tensor): [number, number[]] {
  const { value, grad } = tf.valueAndGrad((z: tf.Tensor) => loss(labels, z))(logits);
  const out: [number, number[]] = [value.dataSync()[0], Array.from(grad.dataSync())];
  tf.dispose([value, grad]);
  return out;
}

const stock = (y: tf.Tensor, z: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, z) as tf.Scalar;

function expectEqual(labels: tf.Tensor, logits: tf.Tensor): void {
  const [v1, g1] = valueAndGrad(stock, labels, logits);
  const [v2, g2] = valueAndGrad(softmaxCrossEntropy, labels, logits);
  expect(Math.abs(v2 - v1)).toBeLessThan(1e-5 * Math.max(1, Math.abs(v1)));
  const scale = Math.max(...g1.map(Math.abs));
  expect(Math.max(...g2.map((g, i) => Math.abs(g - g1[i])))).toBeLessThanOrEqual(1e-5 * scale); // a single class: all 0
  tf.dispose([labels, logits]);
}

describe('fused softmax cross-entropy equals tf.losses.softmaxCrossEntropy', () => {
  it('one-hot targets, [16, 10]', () => expectEqual(oneHot(16, 10), random([16, 10], 1)));
  it('soft targets (rows summing to 1)', () => expectEqual(tf.tidy(() => tf.softmax(random([8, 5], 2))), random([8, 5], 3)));
  it('rank 3, [2, 3, 4]: the mean over every row of the last axis', () => expectEqual(tf.tidy(() => tf.softmax(random([2, 3, 4], 4))), random([2, 3, 4], 5)));
  it('huge logits stay finite', () => expectEqual(oneHot(6, 4), random([6, 4], 6, 1000)));
  it('a single class', () => expectEqual(tf.ones([5, 1]), random([5, 1], 7)));

  it('through a dense layer: the weight gradients are equal', () => {
    const x = random([12, 6], 8);
    const w = random([6, 4], 9);
    const y = oneHot(12, 4);
    const grads = (loss: typeof stock) => {
      const g = tf.grad((w: tf.Tensor) => loss(y, tf.matMul(x, w)))(w);
      const values = Array.from(g.dataSync());
      g.dispose();
      return values;
    };
    const [a, b] = [grads(stock), grads(softmaxCrossEntropy)];
    expect(Math.max(...b.map((v, i) => Math.abs(v - a[i])))).toBeLessThan(1e-6);
    tf.dispose([x, w, y]);
  });

  it('NaN logits give a NaN loss', () => {
    const z = tf.tensor2d([[NaN, 1], [0, 1]]);
    const y = oneHot(2, 2);
    const loss = softmaxCrossEntropy(y, z);
    expect(loss.dataSync()[0]).toBeNaN();
    tf.dispose([z, y, loss]);
  });

  it('rejects labels of another shape, naming both', () => {
    const z = tf.zeros([2, 3]);
    const y = tf.zeros([2, 4]);
    expect(() => softmaxCrossEntropy(y, z)).toThrow('softmaxCrossEntropy: labels of shape [2,4] do not match logits of shape [2,3]');
    tf.dispose([z, y]);
  });

  it('runs fewer kernels than tfjs under autodiff', async () => {
    const z = random([64, 10], 10);
    const y = oneHot(64, 10);
    const count = async (loss: typeof stock) =>
      (await tf.profile(() => tf.tidy(() => void tf.grad((t: tf.Tensor) => loss(y, t))(z)))).kernels.filter((k) => !k.name.endsWith('__op')).length;
    const [fused, tfjs] = [await count(softmaxCrossEntropy), await count(stock)];
    expect(fused).toBeLessThan(tfjs * 0.7);
    tf.dispose([z, y]);
  });
});
