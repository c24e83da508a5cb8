import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../src/backend';
import { batchCount, batches, loadDigits } from '../src/index';
import type { BatchOptions } from '../src/index';

let x: tf.Tensor2D; // row i = [i, 10·i]
let y: tf.Tensor1D; // row i = i
const n = 10;

beforeAll(async () => {
  await ready();
  x = tf.tensor2d(Array.from({ length: n }, (_, i) => [i, 10 * i]));
  y = tf.tensor1d(Array.from({ length: n }, (_, i) => i), 'int32');
});

afterAll(() => tf.dispose([x, y]));

/** Runs one epoch; returns the y values of each batch, disposing every batch. */
function epochRows(options: BatchOptions): number[][] {
  const out: number[][] = [];
  for (const batch of batches(x, y, options)) {
    const rows = Array.from(batch.y.dataSync());
    expect(rows).toEqual(batch.indices);
    expect(batch.index).toBe(out.length);
    expect(batch.x.arraySync()).toEqual(rows.map((i) => [i, 10 * i])); // x and y rows stay paired
    out.push(rows);
    batch.dispose();
  }
  return out;
}

describe('batches', () => {
  it('covers every row exactly once per epoch, with a short last batch', () => {
    const rows = epochRows({ batchSize: 4, seed: 1 });
    expect(rows.map((b) => b.length)).toEqual([4, 4, 2]);
    expect(rows.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
  });

  it('keeps order without shuffle', () => {
    expect(epochRows({ batchSize: 4, shuffle: false })).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
  });

  it('drops the short last batch with dropLast', () => {
    const rows = epochRows({ batchSize: 4, seed: 1, dropLast: true });
    expect(rows.map((b) => b.length)).toEqual([4, 4]);
    expect(batchCount(n, { batchSize: 4, dropLast: true })).toBe(2);
    expect(batchCount(n, { batchSize: 4 })).toBe(3);
  });

  it('shuffles deterministically by seed and epoch', () => {
    const a = epochRows({ batchSize: 3, seed: 7, epoch: 2 }).flat();
    expect(epochRows({ batchSize: 3, seed: 7, epoch: 2 }).flat()).toEqual(a);
    expect(epochRows({ batchSize: 3, seed: 8, epoch: 2 }).flat()).not.toEqual(a);
    expect(epochRows({ batchSize: 3, seed: 7, epoch: 3 }).flat()).not.toEqual(a);
    expect(a).not.toEqual(Array.from({ length: n }, (_, i) => i));
  });

  it('keeps batch shapes: [b, ...rest] for x and y', () => {
    const [first] = batches(x, y, { batchSize: 4 });
    expect(first.x.shape).toEqual([4, 2]);
    expect(first.y.shape).toEqual([4]);
    first.dispose();
  });

  it('validates when called, before the first batch is requested', () => {
    expect(() => batches(x, y, { batchSize: 0 })).toThrow(new RangeError('batches: batchSize must be an integer ≥ 1, got 0'));
  });
  it('rejects a fractional batchSize', () => {
    expect(() => batches(x, y, { batchSize: 2.5 })).toThrow(new RangeError('batches: batchSize must be an integer, got 2.5'));
  });
  it('rejects a missing batchSize', () => {
    expect(() => batches(x, y, {} as BatchOptions)).toThrow(new TypeError('batches: batchSize must be a number, got undefined'));
  });
  it('rejects a negative epoch', () => {
    expect(() => batches(x, y, { batchSize: 2, epoch: -1 })).toThrow(new RangeError('batches: epoch must be an integer ≥ 0, got -1'));
  });
  it('rejects a negative seed', () => {
    expect(() => batches(x, y, { batchSize: 2, seed: -3 })).toThrow(new RangeError('batches: seed must be an integer ≥ 0, got -3'));
  });
  it('rejects a non-boolean shuffle', () => {
    expect(() => batches(x, y, { batchSize: 2, shuffle: 0 as unknown as boolean })).toThrow(
      new TypeError('batches: shuffle must be a boolean, got 0'),
    );
  });
  it('rejects a non-boolean dropLast', () => {
    expect(() => batches(x, y, { batchSize: 2, dropLast: 'yes' as unknown as boolean })).toThrow(
      new TypeError('batches: dropLast must be a boolean, got "yes"'),
    );
  });
  it('rejects x and y with different numbers of rows', () => {
    const y9 = tf.zeros([9]);
    expect(() => batches(x, y9, { batchSize: 2 })).toThrow(new RangeError('batches: x.shape[0] (10) must be equal to y.shape[0] (9)'));
    y9.dispose();
  });
  it('rejects a y that is not a tensor', () => {
    expect(() => batches(x, [1, 2] as unknown as tf.Tensor, { batchSize: 2 })).toThrow(
      new TypeError('batches: y must be a tf.Tensor, got an array'),
    );
  });
  it('rejects a disposed x', () => {
    const gone = tf.zeros([10, 2]);
    gone.dispose();
    expect(() => batches(gone, y, { batchSize: 2 })).toThrow(new TypeError('batches: x must be a live tensor, got a disposed one'));
  });
  it('rejects a scalar x', () => {
    const s = tf.scalar(1);
    expect(() => batches(s, y, { batchSize: 2 })).toThrow(new RangeError('batches: x.rank must be ≥ 1, got 0'));
    s.dispose();
  });
});

describe('batches: rows copied on the host equal tf.gather (wasm and cpu)', () => {
  // On cpu/wasm, batches copy rows from one read of the data; elsewhere they gather on the device.
  for (const shuffle of [true, false]) {
    it(`rank 3 float32 x, bool y, shuffle ${shuffle}`, async () => {
      const cube = tf.tidy(() => tf.reshape(tf.range(0, 7 * 6, 1, 'float32'), [7, 2, 3]));
      const flags = tf.tensor1d([true, false, false, true, true, false, true], 'bool');
      for (const backend of ['wasm', 'cpu']) {
        await tf.setBackend(backend);
        for (const batch of batches(cube, flags, { batchSize: 3, seed: 4, shuffle })) {
          const rows = tf.tensor1d(batch.indices, 'int32');
          const [gx, gy] = [tf.gather(cube, rows), tf.gather(flags, rows)];
          expect(batch.x.shape).toEqual(gx.shape);
          expect(batch.y.dtype).toBe('bool');
          expect(Array.from(batch.x.dataSync())).toEqual(Array.from(gx.dataSync()));
          expect(Array.from(batch.y.dataSync())).toEqual(Array.from(gy.dataSync()));
          tf.dispose([rows, gx, gy]);
          batch.dispose();
        }
      }
      await tf.setBackend('wasm');
      tf.dispose([cube, flags]);
    });
  }
});

describe('batches: memory', () => {
  it('returns numTensors to baseline after iterating epochs with disposal (shuffled and not)', () => {
    const data = loadDigits();
    const before = tf.memory().numTensors;
    for (let epoch = 0; epoch < 3; epoch++) {
      let seen = 0;
      for (const batch of batches(data.xTrain, data.yTrain, { batchSize: 64, seed: 0, epoch, shuffle: epoch !== 1 })) {
        seen += batch.x.shape[0];
        batch.dispose();
      }
      expect(seen).toBe(1438);
    }
    expect(tf.memory().numTensors).toBe(before);
    data.dispose();
  });

  it('leaks nothing when the loop stops early', () => {
    const before = tf.memory().numTensors;
    for (const batch of batches(x, y, { batchSize: 3 })) {
      batch.dispose();
      break;
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
