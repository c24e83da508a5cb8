/**
 * dropout's statistics: the kept fraction is 1 − p, the mean is preserved (inverted scaling), a seed
 * reproduces the mask and different seeds differ, and inference is the identity.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { dropout } from '../src/nn/dropout';
import { checkEveryTestForLeaks } from './helpers/leak-check';

checkEveryTestForLeaks();

const N = 100_000;

describe('dropout statistics', () => {
  it.each([0.1, 0.3, 0.5, 0.8])('rate %s keeps a fraction 1 − p of the units, each scaled by 1/(1 − p)', (rate) => {
    const y = tf.tidy(() => dropout(tf.ones([N]), { rate, training: true, seed: 42 }));
    const values = y.dataSync();
    y.dispose();
    const kept = values.filter((v) => v !== 0);
    // Binomial(N, 1 − p): standard deviation √(N·p·(1 − p)) ≤ 158 units; 5σ is a fraction of 0.008.
    expect(Math.abs(kept.length / N - (1 - rate))).toBeLessThan(0.008);
    expect(new Set(kept)).toEqual(new Set([Math.fround(1 / (1 - rate))]));
  });

  it.each([0.2, 0.5, 0.7])('rate %s preserves the mean: E[y] = x', (rate) => {
    const [meanX, meanY] = tf.tidy(() => {
      const x = tf.randomUniform([N], 1, 3, 'float32', 5); // mean 2
      return [tf.mean(x).dataSync()[0], tf.mean(dropout(x, { rate, training: true, seed: 9 })).dataSync()[0]];
    });
    // sd of the mean of y ≈ √(p/(1−p)·E[x²]/N) ≤ 0.012 for p = 0.7; allow 5σ.
    expect(Math.abs(meanY - meanX)).toBeLessThan(0.06);
  });

  it('the same seed gives the same mask; another seed another; no seed a fresh one each call', () => {
    tf.tidy(() => {
      const x = tf.ones([1000]);
      const a = dropout(x, { rate: 0.5, training: true, seed: 7 }).dataSync();
      const b = dropout(x, { rate: 0.5, training: true, seed: 7 }).dataSync();
      const c = dropout(x, { rate: 0.5, training: true, seed: 8 }).dataSync();
      const d = dropout(x, { rate: 0.5, training: true }).dataSync();
      const e = dropout(x, { rate: 0.5, training: true }).dataSync();
      expect(Array.from(a)).toEqual(Array.from(b));
      expect(Array.from(a)).not.toEqual(Array.from(c));
      expect(Array.from(d)).not.toEqual(Array.from(e));
    });
  });

  it('is the identity when not training (a new tensor), and with rate 0', () => {
    const x = tf.tensor2d([[1, -2], [3, 4]]);
    const evalY = dropout(x, { rate: 0.9, training: false });
    const zeroY = dropout(x, { rate: 0, training: true });
    expect(evalY).not.toBe(x);
    expect(Array.from(evalY.dataSync())).toEqual([1, -2, 3, 4]);
    expect(Array.from(zeroY.dataSync())).toEqual([1, -2, 3, 4]);
    tf.dispose([x, evalY, zeroY]);
  });

  it('passes gradient only through kept units, scaled like their values', () => {
    tf.tidy(() => {
      const x = tf.randomNormal([500], 0, 1, 'float32', 1);
      const y = dropout(x, { rate: 0.4, training: true, seed: 3 }).dataSync();
      const g = tf.grad((v: tf.Tensor) => tf.sum(dropout(v, { rate: 0.4, training: true, seed: 3 })))(x).dataSync();
      for (let i = 0; i < y.length; i++) expect(g[i]).toBe(y[i] === 0 ? 0 : Math.fround(1 / 0.6));
    });
  });
});
