import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../src/backend';
import { blobs, moons, regression1d, twoSpirals } from '../src/index';
import type { ClassificationSet } from '../src/index';

beforeAll(async () => {
  await ready();
});

function expectOneHot(set: ClassificationSet): void {
  const rows = set.y.arraySync();
  rows.forEach((row, i) => {
    expect(row.reduce((a, b) => a + b, 0)).toBe(1);
    expect(row[set.labels[i]]).toBe(1);
  });
}

const classifiers = [
  ['twoSpirals', (seed: number) => twoSpirals({ n: 101, noise: 0.1, seed })],
  ['moons', (seed: number) => moons({ n: 101, noise: 0.1, seed })],
  ['blobs', (seed: number) => blobs({ n: 101, seed })],
] as const;

describe.each(classifiers)('%s', (_name, make) => {
  it('has x [n, 2], one-hot y [n, k] and labels alternating by class', () => {
    const set = make(0);
    const k = set.numClasses;
    expect(set.x.shape).toEqual([101, 2]);
    expect(set.y.shape).toEqual([101, k]);
    expect([set.x.dtype, set.y.dtype]).toEqual(['float32', 'float32']);
    expect(set.labels).toEqual(Array.from({ length: 101 }, (_, i) => i % k));
    expectOneHot(set);
    set.dispose();
  });

  it('is deterministic by seed and differs across seeds', () => {
    const [a, b, c] = [make(3), make(3), make(4)];
    expect(a.x.dataSync()).toEqual(b.x.dataSync());
    expect(a.x.dataSync()).not.toEqual(c.x.dataSync());
    [a, b, c].forEach((s) => s.dispose());
  });

  it('returns numTensors to baseline after dispose', () => {
    const before = tf.memory().numTensors;
    const set = make(1);
    expect(tf.memory().numTensors).toBe(before + 2);
    set.dispose();
    set.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('twoSpirals', () => {
  it('puts noise-free points on the spiral: radius r = t ≤ 1, class 1 = class 0 turned by π', () => {
    const set = twoSpirals({ n: 200, noise: 0, turns: 2, seed: 9 });
    const p = set.x.arraySync();
    for (const [a, b] of p) expect(Math.hypot(a, b)).toBeLessThan(1 + 1e-6);
    // point i: θ = 2π·turns·r + c·π, so the angle matches its radius
    p.forEach(([a, b], i) => {
      const r = Math.hypot(a, b);
      const theta = 2 * Math.PI * 2 * r + (i % 2) * Math.PI;
      expect(a).toBeCloseTo(r * Math.cos(theta), 4);
      expect(b).toBeCloseTo(r * Math.sin(theta), 4);
    });
    set.dispose();
  });
  it('rejects n = 0', () => {
    expect(() => twoSpirals({ n: 0 })).toThrow(new RangeError('twoSpirals: n must be an integer ≥ 1, got 0'));
  });
  it('rejects negative noise', () => {
    expect(() => twoSpirals({ noise: -0.1 })).toThrow(new RangeError('twoSpirals: noise must be ≥ 0, got -0.1'));
  });
  it('rejects turns ≤ 0', () => {
    expect(() => twoSpirals({ turns: 0 })).toThrow(new RangeError('twoSpirals: turns must be > 0, got 0'));
  });
  it('rejects a fractional seed', () => {
    expect(() => twoSpirals({ seed: 0.5 })).toThrow(new RangeError('twoSpirals: seed must be an integer, got 0.5'));
  });
});

describe('moons', () => {
  it('puts noise-free points on the two half circles', () => {
    const set = moons({ n: 100, seed: 1 });
    set.x.arraySync().forEach(([a, b], i) => {
      if (i % 2 === 0) {
        expect(Math.hypot(a, b)).toBeCloseTo(1, 5);
        expect(b).toBeGreaterThanOrEqual(0);
      } else {
        expect(Math.hypot(1 - a, 0.5 - b)).toBeCloseTo(1, 5);
        expect(b).toBeLessThanOrEqual(0.5);
      }
    });
    set.dispose();
  });
  it('rejects n = 2.5', () => {
    expect(() => moons({ n: 2.5 })).toThrow(new RangeError('moons: n must be an integer, got 2.5'));
  });
  it('rejects infinite noise', () => {
    expect(() => moons({ noise: Infinity })).toThrow(new RangeError('moons: noise must be finite, got Infinity'));
  });
});

describe('blobs', () => {
  it('draws random centers in [-10, 10]^dim and clusters around them', () => {
    const set = blobs({ n: 3000, centers: 4, dim: 3, std: 0.5, seed: 2 });
    expect(set.centers).toHaveLength(4);
    expect(set.x.shape).toEqual([3000, 3]);
    expect(set.numClasses).toBe(4);
    set.centers.flat().forEach((v) => expect(Math.abs(v)).toBeLessThanOrEqual(10));
    const x = set.x.arraySync();
    for (let c = 0; c < 4; c++) {
      const rows = x.filter((_, i) => set.labels[i] === c);
      for (let j = 0; j < 3; j++) {
        const mean = rows.reduce((s, r) => s + r[j], 0) / rows.length;
        expect(Math.abs(mean - set.centers[c][j])).toBeLessThan(0.1); // std of the mean: 0.5/√750 ≈ 0.018
      }
    }
    set.dispose();
  });
  it('uses given centers as they are; std 0 puts every point on its center', () => {
    const set = blobs({ n: 4, centers: [[1, 2], [-3, 4]], std: 0 });
    expect(set.x.arraySync()).toEqual([[1, 2], [-3, 4], [1, 2], [-3, 4]]);
    set.dispose();
  });
  it('rejects centers = 0', () => {
    expect(() => blobs({ centers: 0 })).toThrow(new RangeError('blobs: centers must be an integer ≥ 1, got 0'));
  });
  it('rejects centers of unequal length', () => {
    expect(() => blobs({ centers: [[0, 0], [1]] })).toThrow(
      new RangeError('blobs: centers[1].length (1) must be equal to centers[0].length (2)'),
    );
  });
  it('rejects a non-finite center coordinate', () => {
    expect(() => blobs({ centers: [[0, NaN]] })).toThrow(new TypeError('blobs: centers[0][1] must be a number, got NaN'));
  });
  it('rejects a dim that contradicts the given centers', () => {
    expect(() => blobs({ centers: [[0, 0]], dim: 3 })).toThrow(
      new RangeError('blobs: dim (3) must be equal to the length of each center (2)'),
    );
  });
  it('rejects a negative std', () => {
    expect(() => blobs({ std: -1 })).toThrow(new RangeError('blobs: std must be ≥ 0, got -1'));
  });
});

describe('regression1d', () => {
  it('has x and y [n, 1] with y = sin(πx) + noise by default, x in [-1, 1)', () => {
    const set = regression1d({ n: 50, noise: 0, seed: 1 });
    expect(set.x.shape).toEqual([50, 1]);
    expect(set.y.shape).toEqual([50, 1]);
    const x = set.x.dataSync();
    const y = set.y.dataSync();
    x.forEach((v, i) => {
      expect(v).toBeGreaterThanOrEqual(-1);
      expect(v).toBeLessThan(1);
      expect(y[i]).toBeCloseTo(Math.sin(Math.PI * v), 6);
    });
    set.dispose();
  });
  it('uses fn and xRange, and adds noise with the requested std', () => {
    const set = regression1d({ n: 4000, noise: 0.5, fn: (x) => 2 * x, xRange: [0, 3], seed: 2 });
    const x = set.x.dataSync();
    const y = set.y.dataSync();
    const residuals = Array.from(x, (v, i) => y[i] - 2 * v);
    const std = Math.sqrt(residuals.reduce((s, r) => s + r * r, 0) / residuals.length);
    expect(Math.min(...x)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...x)).toBeLessThan(3);
    expect(std).toBeGreaterThan(0.45);
    expect(std).toBeLessThan(0.55);
    set.dispose();
  });
  it('is deterministic by seed and leaks nothing', () => {
    const before = tf.memory().numTensors;
    const a = regression1d({ seed: 5 });
    const b = regression1d({ seed: 5 });
    expect(a.y.dataSync()).toEqual(b.y.dataSync());
    a.dispose();
    b.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
  it('rejects a non-function fn', () => {
    expect(() => regression1d({ fn: 3 as unknown as (x: number) => number })).toThrow(
      new TypeError('regression1d: fn must be a function (x: number) => number, got 3'),
    );
  });
  it('rejects an empty xRange', () => {
    expect(() => regression1d({ xRange: [1, 1] })).toThrow(new RangeError('regression1d: xRange[0] (1) must be < xRange[1] (1)'));
  });
  it('rejects an fn that returns a non-finite value, naming the input', () => {
    expect(() => regression1d({ fn: () => NaN, n: 1, seed: 0 })).toThrow(/^regression1d: fn\(-?[\d.e-]+\) must be a finite number, got NaN$/);
  });
  it('rejects negative noise', () => {
    expect(() => regression1d({ noise: -1 })).toThrow(new RangeError('regression1d: noise must be ≥ 0, got -1'));
  });
});
