/**
 * Data augmentation for small images: seeded random pixel shifts (`randomShift`), and
 * `augmentDigits`, a per-batch augmenter for the 8×8 digits ready for `train({ augment })`.
 */
import * as tf from '@tensorflow/tfjs';
import { checkFinite, checkInteger, checkNonNegative, checkOptions, formatValue, pairError, rangeError } from '../core/errors';
import { Random } from '../core/random';
import { checkSeed, checkTensor } from './check';
import type { Standardizer } from './standardize';

export interface RandomShiftOptions {
  /** Largest shift in pixels, each direction, integer ≥ 0 and < the image's height and width. Default 1. */
  maxShift?: number;
  /** Seed of the shifts, integer ≥ 0: the same seed and batch size give the same shifts. Required. */
  seed: number;
  /** Image height, for flat rows `[N, H·W]`. Default: √(H·W) when that is an integer. Ignored for `[N, H, W(, C)]`. */
  height?: number;
  /** Image width, for flat rows `[N, H·W]`. Default: (H·W) / height. Ignored for `[N, H, W(, C)]`. */
  width?: number;
  /** The value of pixels shifted in from outside the image. Default 0. */
  fill?: number;
}

interface Geometry {
  n: number;
  height: number;
  width: number;
  channels: number;
}

function geometry(fn: string, x: tf.Tensor, o: Record<string, unknown>): Geometry {
  const shape = x.shape as number[];
  const n = shape[0]!;
  if (x.rank === 3 || x.rank === 4) return { n, height: shape[1]!, width: shape[2]!, channels: x.rank === 4 ? shape[3]! : 1 };
  if (x.rank !== 2) throw rangeError(fn, 'x.rank', '2 ([N, H·W]), 3 ([N, H, W]) or 4 ([N, H, W, C])', x.rank);
  const features = shape[1]!;
  const side = Math.round(Math.sqrt(features));
  const height = o.height !== undefined ? checkInteger(fn, 'height', o.height, 1) : o.width !== undefined ? features / checkInteger(fn, 'width', o.width, 1) : side;
  const width = o.width !== undefined ? checkInteger(fn, 'width', o.width, 1) : features / height;
  if (height * width !== features || !Number.isInteger(height) || !Number.isInteger(width)) {
    throw new RangeError(`${fn}: height × width (${height} × ${width}) must equal x.shape[1] (${features}); give height and width for non-square images`);
  }
  return { n, height, width, channels: 1 };
}

/**
 * Shifts every image of a batch by its own random whole number of pixels, up to `maxShift` in each
 * direction (dy, dx uniform in {−s, …, s}, independently per image), as a small translation:
 *
 *   out[i, r, c] = x[i, r − dyᵢ, c − dxᵢ]   where that pixel exists, else `fill`
 *
 * One `gather` on the device (no read-back); the shifts come from a seeded generator on the host.
 *
 * @param x images as flat rows `[N, H·W]` (as the digits), `[N, H, W]` or `[N, H, W, C]`. Not modified.
 * @param options `{ seed, maxShift = 1, height?, width?, fill = 0 }`.
 * @returns a new tensor shaped like x, owned by the caller.
 * @throws TypeError/RangeError before any tensor is created, e.g. `randomShift: maxShift must be an integer ≥ 0, got 1.5`.
 * @example
 * const shifted = randomShift(data.xTrain.slice(0, 16), { seed: 0, maxShift: 1 }); // 8×8 rows
 */
export function randomShift(x: tf.Tensor, options: RandomShiftOptions): tf.Tensor {
  const fn = 'randomShift';
  const o = checkOptions(fn, options, ['maxShift', 'seed', 'height', 'width', 'fill']);
  const input = checkTensor(fn, 'x', x);
  const seed = checkSeed(fn, o.seed);
  const maxShift = checkInteger(fn, 'maxShift', o.maxShift ?? 1, 0);
  const fill = checkFinite(fn, 'fill', o.fill ?? 0);
  const g = geometry(fn, input, o);
  if (maxShift >= Math.min(g.height, g.width)) {
    throw pairError(fn, 'maxShift', maxShift, 'less than', 'the image size min(height, width)', Math.min(g.height, g.width));
  }
  const indices = shiftIndices(g, maxShift, new Random(seed));
  return tf.tidy(() => {
    const pixels = tf.reshape(input, [g.n * g.height * g.width, g.channels]);
    const withFill = tf.concat([pixels, tf.fill([1, g.channels], fill)]); // row N·H·W: the fill value
    const shifted = tf.gather(withFill, tf.tensor1d(indices, 'int32'));
    return tf.reshape(shifted, input.shape);
  });
}

/** For each output pixel, the source pixel's row in the flattened batch (N·H·W means "fill"). */
function shiftIndices({ n, height, width }: Geometry, maxShift: number, random: Random): Int32Array {
  const indices = new Int32Array(n * height * width);
  const outside = n * height * width;
  for (let i = 0; i < n; i++) {
    const dy = random.int(2 * maxShift + 1) - maxShift;
    const dx = random.int(2 * maxShift + 1) - maxShift;
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < width; c++) {
        const [sr, sc] = [r - dy, c - dx];
        const inside = sr >= 0 && sr < height && sc >= 0 && sc < width;
        indices[(i * height + r) * width + c] = inside ? (i * height + sr) * width + sc : outside;
      }
    }
  }
  return indices;
}

export interface AugmentDigitsOptions {
  /** Largest shift in pixels, integer in [0, 8). Default 1 (shifts of −1, 0 or +1 pixel each way). */
  maxShift?: number;
  /**
   * σ ≥ 0 of Gaussian noise added to every pixel, in raw intensity units (the digits' pixels are
   * 0..16); noisy pixels are clipped back to [0, 16]. Default 0 (no noise).
   */
  noise?: number;
  /** Seed, integer ≥ 0; the step number varies the shifts and noise from batch to batch. Default 0. */
  seed?: number;
  /**
   * The statistics the rows were standardized with (`data.standardizer` of `loadDigits`): the shift
   * then happens in raw pixel space, where a pixel shifted in is blank (0 ink), and the result is
   * standardized again. Default: none — the rows are taken as raw pixels: shifted as they are and
   * filled with 0, noise clipped to [0, 16].
   */
  standardizer?: Standardizer | null;
}

/** An augmenter for `train()`: batch rows and the step number in, a new tensor of augmented rows out. */
export type Augmenter = (x: tf.Tensor, step: number) => tf.Tensor;

/**
 * Random shifts and pixel noise for the 8×8 digits, as an `Augmenter` for `train({ augment })`:
 * each training batch gets new shifts and noise (seeded by `seed` and the step); validation data
 * are never augmented. In raw pixel space, per image:
 *
 *   (1) shift by (dy, dx), each uniform in {−s, …, s}, blank pixels shifted in     (`maxShift` s)
 *   (2) add N(0, σ²) to every pixel, clip to [0, 16]                             (`noise` σ)
 *
 * Both keep a digit a digit and make a small training set look larger. Which helps depends on the
 * model: the digits are centred and size-normalized, so for an MLP (no notion of neighbouring
 * pixels) σ ≈ 2 noise lowered overfitting in lesson 06, while shifts mostly made training harder;
 * a convolutional network gains more from shifts.
 *
 * @param options `{ maxShift = 1, noise = 0, seed = 0, standardizer? }` — pass `data.standardizer`
 *   for standardized digits, so that shifts and noise happen in pixel space.
 * @returns the augmenter; each call returns a new tensor owned by the caller (train() disposes it).
 * @throws at once for bad options, e.g. `augmentDigits: maxShift must be an integer ≥ 0, got -1`.
 * @example
 * const data = loadDigits({ trainSize: 200 });
 * await train(model, { x: data.xTrain, y: data.yTrain }, {
 *   optimizer, loss: 'softmaxCrossEntropy', epochs: 50,
 *   augment: augmentDigits({ standardizer: data.standardizer }),
 * });
 */
export function augmentDigits(options: AugmentDigitsOptions = {}): Augmenter {
  const fn = 'augmentDigits';
  const o = checkOptions(fn, options, ['maxShift', 'noise', 'seed', 'standardizer'], 'options', 'option', ['standardizer']); // null: no standardizer
  const maxShift = checkInteger(fn, 'maxShift', o.maxShift ?? 1, 0);
  if (maxShift >= 8) throw rangeError(fn, 'maxShift', 'an integer in [0, 8) (digits are 8×8)', maxShift);
  const noise = checkNonNegative(fn, 'noise', o.noise ?? 0);
  const seed = checkSeed(fn, o.seed ?? 0);
  const standardizer = (o.standardizer ?? null) as Standardizer | null;
  if (standardizer !== null && (!Array.isArray(standardizer.mean) || standardizer.mean.length !== 64 || !Array.isArray(standardizer.std) || standardizer.std.length !== 64)) {
    throw new TypeError(`${fn}: standardizer must be the digits' { mean, std } (64 numbers each), e.g. data.standardizer, got ${formatValue(standardizer)}`);
  }
  return (x, step) => {
    const batchSeed = (seed + Math.imul(checkInteger(fn, 'step', step, 0) + 1, 0x9e3779b1)) >>> 0;
    return tf.tidy(() => {
      const stats = standardizer === null ? null : { mean: tf.tensor1d(standardizer.mean), std: tf.tensor1d(standardizer.std) };
      const raw = stats === null ? x : tf.add(tf.mul(x, stats.std), stats.mean);
      let out = maxShift === 0 ? raw : randomShift(raw, { maxShift, seed: batchSeed, height: 8, width: 8 }); //         (1)
      if (noise > 0) out = tf.clipByValue(tf.add(out, tf.randomNormal(x.shape, 0, noise, 'float32', batchSeed)), 0, 16); // (2)
      return stats === null ? (out === x ? tf.clone(x) : out) : tf.div(tf.sub(out, stats.mean), stats.std);
    });
  };
}
