import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../src/backend';
import { fitStandardizer, standardize, trainValSplit } from '../src/index';

beforeAll(async () => {
  await ready();
});

// 30 rows: 20 of class 0, 10 of class 1.
const labels = Array.from({ length: 30 }, (_, i) => (i < 20 ? 0 : 1));

describe('trainValSplit', () => {
  it('partitions the rows: round(N·fraction) to validation, the rest to train, each ascending', () => {
    const { train, val } = trainValSplit(labels, { validationFraction: 0.3, seed: 1 });
    expect(val).toHaveLength(9);
    expect(train).toHaveLength(21);
    expect([...train, ...val].sort((a, b) => a - b)).toEqual(labels.map((_, i) => i));
    expect(val).toEqual([...val].sort((a, b) => a - b));
  });

  it('stratifies by largest remainder: quotas 6 and 3 of 9', () => {
    const { val } = trainValSplit(labels, { validationFraction: 0.3, seed: 1 });
    expect(val.filter((i) => labels[i] === 0)).toHaveLength(6);
    expect(val.filter((i) => labels[i] === 1)).toHaveLength(3);
  });

  it('gives the odd row to the class with the larger remainder', () => {
    // k = round(30·0.25) = 8: quotas 20·8/30 = 5.33 and 10·8/30 = 2.67 → floors 5 and 2, the last row to class 1.
    const { val } = trainValSplit(labels, { validationFraction: 0.25, seed: 0 });
    expect(val.filter((i) => labels[i] === 1)).toHaveLength(3);
    expect(val).toHaveLength(8);
  });

  it('is deterministic by seed and differs across seeds', () => {
    const a = trainValSplit(labels, { seed: 4 });
    expect(trainValSplit(labels, { seed: 4 })).toEqual(a);
    expect(trainValSplit(labels, { seed: 5 }).val).not.toEqual(a.val);
  });

  it('accepts typed arrays and the unstratified mode', () => {
    const { val } = trainValSplit(Int32Array.from(labels), { stratify: false, seed: 2 });
    expect(val).toHaveLength(6);
  });

  it('rejects labels that are not an array', () => {
    expect(() => trainValSplit(5 as unknown as number[])).toThrow(
      new TypeError('trainValSplit: labels must be an array or typed array of numbers, got 5'),
    );
  });
  it('rejects validationFraction < 0', () => {
    expect(() => trainValSplit(labels, { validationFraction: -0.1 })).toThrow(
      new RangeError('trainValSplit: validationFraction must be in [0, 1), got -0.1'),
    );
  });
  it('rejects a non-boolean stratify', () => {
    expect(() => trainValSplit(labels, { stratify: 'no' as unknown as boolean })).toThrow(
      new TypeError('trainValSplit: stratify must be a boolean, got "no"'),
    );
  });
});

describe('fitStandardizer / standardize', () => {
  it('fits population mean and std, std 1 for a constant feature, and maps train to mean 0 / std 1', () => {
    const x = tf.tensor2d([
      [1, 5, 2],
      [3, 5, 2],
      [5, 5, 8],
    ]);
    const stats = fitStandardizer(x);
    // column 0: mean 3, var ((−2)² + 0 + 2²)/3 = 8/3; column 1 constant → std 1; column 2: mean 4, var (4+4+16)/3 = 8
    expect(stats.mean).toEqual([3, 5, 4]);
    expect(stats.std[0]).toBeCloseTo(Math.sqrt(8 / 3), 12);
    expect(stats.std[1]).toBe(1);
    expect(stats.std[2]).toBeCloseTo(Math.sqrt(8), 12);
    const z = standardize(x, stats);
    const rows = z.arraySync();
    expect(rows.map((r) => r[1])).toEqual([0, 0, 0]);
    expect(rows[0][0]).toBeCloseTo(-2 / Math.sqrt(8 / 3), 5);
    tf.dispose([x, z]);
  });

  it('applies stored statistics to new data without refitting', () => {
    const x = tf.tensor2d([[10, 0]]);
    const z = standardize(x, { mean: [4, 1], std: [2, 0.5] });
    expect(Array.from(z.dataSync())).toEqual([3, -2]);
    expect(z.dtype).toBe('float32');
    tf.dispose([x, z]);
  });

  it('creates only its result (no leaked intermediates)', () => {
    const x = tf.tensor2d([[1, 2], [3, 4]]);
    const before = tf.memory().numTensors;
    const z = standardize(x, fitStandardizer(x));
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([x, z]);
  });

  it('rejects x whose width differs from the statistics', () => {
    const x = tf.zeros([2, 3]) as tf.Tensor2D;
    expect(() => standardize(x, { mean: [0, 0], std: [1, 1] })).toThrow(
      new RangeError('standardize: x.shape[1] (3) must be equal to mean.length (2)'),
    );
    x.dispose();
  });
  it('rejects a zero std', () => {
    const x = tf.zeros([2, 2]) as tf.Tensor2D;
    expect(() => standardize(x, { mean: [0, 0], std: [1, 0] })).toThrow(
      new RangeError('standardize: std[1] must be finite and > 0, got 0'),
    );
    x.dispose();
  });
  it('rejects a non-tensor x', () => {
    expect(() => fitStandardizer([[1, 2]] as unknown as tf.Tensor2D)).toThrow(
      new TypeError('fitStandardizer: x must be a tf.Tensor, got an array'),
    );
  });
  it('rejects an x with no rows', () => {
    const x = tf.zeros([0, 2]) as tf.Tensor2D;
    expect(() => fitStandardizer(x)).toThrow(new RangeError('fitStandardizer: x.shape[0] must be ≥ 1, got 0'));
    x.dispose();
  });
  it('rejects a rank-1 x', () => {
    const x = tf.zeros([3]) as unknown as tf.Tensor2D;
    expect(() => fitStandardizer(x)).toThrow(new RangeError('fitStandardizer: x.rank must be 2, got 1'));
    x.dispose();
  });
});
