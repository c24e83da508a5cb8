/**
 * randomShift and augmentDigits: each image moves by its own whole-pixel shift within ±maxShift,
 * pixels from outside are the fill (blank digits pixels when a standardizer is given), seeded
 * results repeat, and train() applies an augmenter to training batches only, once per step.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { augmentDigits, randomShift } from '../src/data/augment';
import { loadDigits } from '../src/data/digits';
import { train } from '../src/train/train';
import { checkEveryTestForLeaks } from './helpers/leak-check';

checkEveryTestForLeaks();

/** The (dy, dx) that turns `src` (H×W, distinct values > 0) into `out`, checking every pixel; null if none. */
function findShift(src: number[], out: number[], h: number, w: number, s: number, fill: number): [number, number] | null {
  for (let dy = -s; dy <= s; dy++) {
    for (let dx = -s; dx <= s; dx++) {
      let match = true;
      for (let r = 0; r < h && match; r++) {
        for (let c = 0; c < w && match; c++) {
          const [sr, sc] = [r - dy, c - dx];
          const expected = sr >= 0 && sr < h && sc >= 0 && sc < w ? src[sr * w + sc] : fill;
          match = out[r * w + c] === expected;
        }
      }
      if (match) return [dy, dx];
    }
  }
  return null;
}

describe('randomShift', () => {
  it('moves each image by its own shift within ±maxShift; every shift occurs; pixels from outside are the fill', () => {
    const [n, h, w, s] = [300, 5, 6, 2];
    const src = Array.from({ length: h * w }, (_, i) => i + 1);
    const x = tf.tidy(() => tf.tile(tf.tensor2d([src]), [n, 1]));
    const out = randomShift(x, { seed: 3, maxShift: s, height: h, width: w, fill: -1 });
    const values = Array.from(out.dataSync());
    tf.dispose([x, out]);
    const seen = new Set<string>();
    for (let i = 0; i < n; i++) {
      const shift = findShift(src, values.slice(i * h * w, (i + 1) * h * w), h, w, s, -1);
      expect(shift, `image ${i} is not a shift of the input`).not.toBeNull();
      seen.add(String(shift));
    }
    expect(seen.size).toBe((2 * s + 1) ** 2); // 25 shifts, all of them (300 draws)
  });

  it('maxShift 0 is the identity; the same seed repeats, another seed differs', () => {
    tf.tidy(() => {
      const x = tf.randomUniform([20, 64], 0, 1, 'float32', 1);
      expect(Array.from(randomShift(x, { seed: 1, maxShift: 0 }).dataSync())).toEqual(Array.from(x.dataSync()));
      const a = Array.from(randomShift(x, { seed: 1 }).dataSync());
      expect(Array.from(randomShift(x, { seed: 1 }).dataSync())).toEqual(a);
      expect(Array.from(randomShift(x, { seed: 2 }).dataSync())).not.toEqual(a);
    });
  });

  it('shifts [N, H, W, C] images with their channels together, keeping the shape', () => {
    tf.tidy(() => {
      const [h, w] = [4, 4];
      const plane = Array.from({ length: h * w }, (_, i) => i + 1);
      const x = tf.stack([tf.tensor2d(plane, [h, w]), tf.tensor2d(plane.map((v) => 100 * v), [h, w])], 2).expandDims(0); // [1, 4, 4, 2]
      const out = randomShift(tf.tile(x, [10, 1, 1, 1]), { seed: 5 });
      expect(out.shape).toEqual([10, 4, 4, 2]);
      const values = out.dataSync();
      for (let i = 0; i < 10; i++) {
        const c0 = Array.from({ length: h * w }, (_, p) => values[(i * h * w + p) * 2]);
        const c1 = Array.from({ length: h * w }, (_, p) => values[(i * h * w + p) * 2 + 1]);
        const shift = findShift(plane, c0, h, w, 1, 0);
        expect(shift).not.toBeNull();
        expect(findShift(plane.map((v) => 100 * v), c1, h, w, 1, 0)).toEqual(shift);
      }
    });
  });
});

describe('augmentDigits', () => {
  it('shifts standardized digits in pixel space: pixels shifted in are blank (0 ink), new shifts each step', () => {
    const data = loadDigits({ seed: 0 });
    const augment = augmentDigits({ standardizer: data.standardizer, maxShift: 1 });
    tf.tidy(() => {
      const { mean, std } = data.standardizer!;
      const x = data.xTrain.slice(0, 50);
      const rawIn = tf.add(tf.mul(x, tf.tensor1d(std)), tf.tensor1d(mean));
      const a = augment(x, 0);
      const rawOut = Array.from(tf.add(tf.mul(a, tf.tensor1d(std)), tf.tensor1d(mean)).dataSync()).map((v) => Math.round(v * 1e3) / 1e3);
      const src = Array.from(rawIn.dataSync()).map((v) => Math.round(v * 1e3) / 1e3);
      for (let i = 0; i < 50; i++) {
        const shift = findShift(src.slice(i * 64, (i + 1) * 64), rawOut.slice(i * 64, (i + 1) * 64), 8, 8, 1, 0);
        expect(shift, `digit ${i}`).not.toBeNull();
      }
      expect(Array.from(augment(x, 1).dataSync())).not.toEqual(Array.from(a.dataSync()));
      expect(Array.from(augment(x, 0).dataSync())).toEqual(Array.from(a.dataSync()));
    });
    data.dispose();
  });

  it('adds seeded pixel noise of standard deviation σ in pixel space, clipped to [0, 16]', () => {
    const raw = loadDigits({ seed: 0, standardize: false });
    tf.tidy(() => {
      const x = raw.xTrain.slice(0, 400);
      const noisy = augmentDigits({ maxShift: 0, noise: 2 });
      const a = noisy(x, 3);
      const values = a.dataSync();
      expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...values)).toBeLessThanOrEqual(16);
      // Mid-range pixels (4..12) are rarely clipped: their changes have σ ≈ 2.
      const src = x.dataSync();
      const diffs = Array.from(src).flatMap((v, i) => (v >= 4 && v <= 12 ? [values[i] - v] : []));
      const sd = Math.sqrt(diffs.reduce((s, d) => s + d * d, 0) / diffs.length);
      expect(sd).toBeGreaterThan(1.85);
      expect(sd).toBeLessThan(2.15);
      expect(Array.from(noisy(x, 3).dataSync())).toEqual(Array.from(values));
      expect(Array.from(augmentDigits({ maxShift: 0 })(x, 0).dataSync())).toEqual(Array.from(src)); // nothing to do: a copy
    });
    raw.dispose();
  });

  it('plugs into train(): called once per training step with the step number, never on validation data', async () => {
    const data = loadDigits({ seed: 0, trainSize: 100 });
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [64], units: 10, kernelInitializer: tf.initializers.glorotUniform({ seed: 0 }) })] });
    const optimizer = tf.train.adam(0.01);
    const calls: [number, number][] = [];
    const digits = augmentDigits({ standardizer: data.standardizer });
    const history = await train(model, { x: data.xTrain, y: data.yTrain }, {
      optimizer, loss: 'softmaxCrossEntropy', epochs: 3, batchSize: 32, progress: 'none',
      validationData: { x: data.xVal, y: data.yVal },
      augment: (x, step) => {
        calls.push([step, x.shape[0]]);
        return digits(x, step);
      },
    });
    expect(calls).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((step) => [step, step % 4 === 3 ? 4 : 32]));
    expect(history.valLoss).toHaveLength(3);
    data.dispose();
    optimizer.dispose();
    model.dispose();
  });
});
