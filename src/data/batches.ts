/**
 * Mini-batches for a hand-written training loop: a generator over `(x, y)` row batches, with a
 * seeded shuffle per epoch.
 *
 * Order: with `shuffle`, epoch e visits the rows in a permutation drawn from
 * `Random(seed + e · 0x9E3779B9 mod 2³²)` (a Weyl step, so that (seed 0, epoch 1) and (seed 1, epoch 0)
 * differ); without it, in order 0..n−1. Every row appears exactly once per epoch; the last batch has
 * `n mod batchSize` rows unless `dropLast` drops it.
 *
 * Ownership: each yielded batch holds two new tensors that the consumer owns. Free them at the end
 * of the step with `batch.dispose()`. A `tf.tidy` inside the loop body does
 * NOT free them: they were created before the tidy began. Stopping early (`break`) leaks nothing,
 * because a batch's tensors are created only when it is requested.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, checkOptions } from '../core/errors';
import { Random } from '../core/random';
import { checkBoolean, checkSameRows, checkSeed, checkTensor } from './check';

export interface BatchOptions {
  /** Rows per batch, integer ≥ 1. Required. */
  batchSize: number;
  /** Visit rows in a seeded random order. Default true. */
  shuffle?: boolean;
  /** Seed of the shuffle (integer ≥ 0). Default 0. */
  seed?: number;
  /** Epoch number (integer ≥ 0): with `shuffle`, each epoch gets its own order. Default 0. */
  epoch?: number;
  /** Drop the last batch when it is smaller than `batchSize`. Default false. */
  dropLast?: boolean;
}

/** One mini-batch. Its tensors belong to the consumer: call `dispose()` when done with it. */
export interface Batch<X extends tf.Tensor = tf.Tensor, Y extends tf.Tensor = tf.Tensor> {
  /** Rows of x in this batch, shape `[b, ...x.shape.slice(1)]`. */
  x: X;
  /** The matching rows of y. */
  y: Y;
  /** 0-based position of this batch within the epoch. */
  index: number;
  /** The rows of the full x/y that this batch holds, in batch order. */
  indices: number[];
  /** Disposes `x` and `y`. Safe to call twice. */
  dispose(): void;
}

/** Number of batches per epoch: ⌈n / batchSize⌉, or ⌊n / batchSize⌋ with `dropLast`. */
export function batchCount(n: number, options: Pick<BatchOptions, 'batchSize' | 'dropLast'>): number {
  checkInteger('batchCount', 'n', n, 0);
  const { batchSize, dropLast = false } = checkOptions<BatchOptions>('batchCount', options, ['batchSize', 'dropLast']);
  checkInteger('batchCount', 'batchSize', batchSize, 1);
  checkBoolean('batchCount', 'dropLast', dropLast);
  return dropLast ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);
}

/** The row order of one epoch (see the module doc). */
function epochOrder(n: number, shuffle: boolean, seed: number, epoch: number): number[] {
  if (!shuffle) return Array.from({ length: n }, (_, i) => i);
  return new Random((seed + Math.imul(epoch, 0x9e3779b9)) >>> 0).permutation(n);
}

/**
 * Yields the batches of one epoch over the rows (axis 0) of `x` and `y`. Validates everything when
 * called, before any tensor exists; `x` and `y` stay the caller's and must outlive the loop.
 *
 * @example
 * for (let epoch = 0; epoch < 20; epoch++) {
 *   for (const batch of batches(data.xTrain, data.yTrain, { batchSize: 64, seed: 0, epoch })) {
 *     optimizer.minimize(() => tf.losses.softmaxCrossEntropy(batch.y, model.predict(batch.x) as tf.Tensor));
 *     batch.dispose();
 *   }
 * }
 */
export function batches<X extends tf.Tensor, Y extends tf.Tensor>(
  x: X,
  y: Y,
  options: BatchOptions,
): Generator<Batch<X, Y>, void, undefined> {
  const fn = 'batches';
  checkTensor(fn, 'x', x);
  checkTensor(fn, 'y', y);
  checkSameRows(fn, 'x', x, 'y', y);
  const { batchSize, shuffle = true, seed = 0, epoch = 0, dropLast = false } = checkOptions<BatchOptions>(fn, options, ['batchSize', 'shuffle', 'seed', 'epoch', 'dropLast']);
  checkInteger(fn, 'batchSize', batchSize, 1);
  checkBoolean(fn, 'shuffle', shuffle);
  checkSeed(fn, seed);
  checkInteger(fn, 'epoch', epoch, 0);
  checkBoolean(fn, 'dropLast', dropLast);
  const n = x.shape[0];
  const order = epochOrder(n, shuffle, seed, epoch);
  const count = batchCount(n, { batchSize, dropLast });
  return (function* (): Generator<Batch<X, Y>, void, undefined> {
    for (let index = 0; index < count; index++) {
      const indices = order.slice(index * batchSize, (index + 1) * batchSize);
      const [bx, by] = shuffle
        ? tf.tidy(() => {
            const rows = tf.tensor1d(indices, 'int32');
            return [tf.gather(x, rows), tf.gather(y, rows)];
          })
        : [tf.slice(x, index * batchSize, indices.length), tf.slice(y, index * batchSize, indices.length)];
      yield { x: bx as X, y: by as Y, index, indices, dispose: () => tf.dispose([bx, by]) };
    }
  })();
}
