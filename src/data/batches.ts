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
/** Backends whose tensors live in host memory, where reading a tensor back is a plain copy. */
const HOST_MEMORY_BACKENDS = new Set(['cpu', 'wasm', 'tensorflow']);

/** Up to this many elements (16 MB of float32), batches are copied from one read of the data per epoch. */
const HOST_COPY_MAX_ELEMENTS = 1 << 22;

/**
 * A function that builds the tensor of some rows of `t` by copying them from one read of `t` (made
 * at the first call), or null where that does not pay: GPU backends (a read is a sync), large data,
 * string or complex tensors. On wasm, `tf.gather` of a 64-row batch (an index tensor and a kernel
 * per tensor) was measured ~10× slower than copying its rows in JavaScript, and `tf.slice` reads its
 * whole input back per call. The values are the same bits either way.
 */
function hostRows(t: tf.Tensor): ((start: number, indices: number[]) => tf.Tensor) | null {
  if (!HOST_MEMORY_BACKENDS.has(tf.getBackend()) || t.size > HOST_COPY_MAX_ELEMENTS || t.dtype === 'string' || t.dtype === 'complex64') return null;
  const width = t.shape.slice(1).reduce((a, b) => a * b, 1);
  let values: tf.TypedArray | null = null;
  return (start, indices) => {
    values ??= t.dataSync() as tf.TypedArray;
    const all = values;
    const out = new (all.constructor as new (n: number) => tf.TypedArray)(indices.length * width);
    // Consecutive rows (no shuffle) are one copy; shuffled ones one per row.
    if (indices.length > 0 && indices[indices.length - 1] === start + indices.length - 1 && indices[0] === start) {
      out.set(all.subarray(start * width, (start + indices.length) * width));
    } else {
      indices.forEach((row, i) => out.set(all.subarray(row * width, (row + 1) * width), i * width));
    }
    return tf.tensor(out, [indices.length, ...t.shape.slice(1)], t.dtype);
  };
}

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
    const [rowsOfX, rowsOfY] = [hostRows(x), hostRows(y)];
    for (let index = 0; index < count; index++) {
      const indices = order.slice(index * batchSize, (index + 1) * batchSize);
      const [bx, by] = rowsOfX !== null && rowsOfY !== null
        ? [rowsOfX(index * batchSize, indices), rowsOfY(index * batchSize, indices)]
        : shuffle
        ? tf.tidy(() => {
            const rows = tf.tensor1d(indices, 'int32');
            return [tf.gather(x, rows), tf.gather(y, rows)];
          })
        : [tf.slice(x, index * batchSize, indices.length), tf.slice(y, index * batchSize, indices.length)];
      yield { x: bx as X, y: by as Y, index, indices, dispose: () => tf.dispose([bx, by]) };
    }
  })();
}
