/**
 * Seeded train/validation splits, as row indices.
 *
 * Stratified (the default), each class keeps its share in both parts: class c with n_c of the N rows
 * sends about n_c·k/N rows to a k-row sample. The per-class counts are the floors of those quotas, and
 * the rows still missing go one each to the classes with the largest remainders (ties: smaller label
 * first), so the sample has exactly k rows. Which rows of a class are taken is a seeded shuffle.
 * Not stratified, the sample is the first k rows of a seeded permutation of all rows.
 *
 * Same labels, options and seed → the same split, on every platform (`Random` is mulberry32).
 */
import { checkInRange, checkOptions, rangeError, typeError } from '../core/errors';
import { Random } from '../core/random';
import { checkBoolean, checkSeed } from './check';

export interface SplitOptions {
  /** Fraction of the rows held out for validation, in [0, 1); `round(N·fraction)` rows. Default 0.2. */
  validationFraction?: number;
  /** Seed of the shuffle (integer ≥ 0). Default 0. */
  seed?: number;
  /** Keep each class's share in both parts. Default true. */
  stratify?: boolean;
}

/** Row indices of the two parts, each in ascending order; together they are 0..N-1 once each. */
export interface Split {
  train: number[];
  val: number[];
}

/**
 * Picks `k` of `rows` (stratified by `labels[row]` or not), drawing from `rng`.
 * Returns the picked rows and the rest, both ascending. Internal: callers validate k ≤ rows.length.
 */
export function sampleRows(
  rows: readonly number[],
  labels: ArrayLike<number>,
  k: number,
  rng: Random,
  stratify: boolean,
): { picked: number[]; rest: number[] } {
  const isPicked = new Uint8Array(labels.length);
  if (!stratify) {
    const order = rng.permutation(rows.length);
    for (let i = 0; i < k; i++) isPicked[rows[order[i]]] = 1;
  } else {
    const groups = new Map<number, number[]>();
    for (const row of rows) {
      const group = groups.get(labels[row]);
      if (group) group.push(row);
      else groups.set(labels[row], [row]);
    }
    const classes = [...groups.keys()].sort((a, b) => a - b);
    const quota = classes.map((c) => (groups.get(c)!.length * k) / rows.length);
    const take = quota.map(Math.floor);
    const missing = k - take.reduce((a, b) => a + b, 0);
    const byRemainder = classes.map((_, i) => i).sort((a, b) => quota[b] - take[b] - (quota[a] - take[a]) || a - b);
    for (let i = 0; i < missing; i++) take[byRemainder[i]] += 1;
    classes.forEach((c, i) => {
      const group = groups.get(c)!;
      const order = rng.permutation(group.length);
      for (let j = 0; j < take[i]; j++) isPicked[group[order[j]]] = 1;
    });
  }
  const picked: number[] = [];
  const rest: number[] = [];
  for (const row of [...rows].sort((a, b) => a - b)) (isPicked[row] ? picked : rest).push(row);
  return { picked, rest };
}

/** The split with `fn` named in errors (loadDigits reuses it). Validates every option first. */
export function splitRows(fn: string, labels: ArrayLike<number>, options: SplitOptions, rng?: Random): Split {
  const { validationFraction = 0.2, seed = 0, stratify = true } = checkOptions<SplitOptions>(fn, options, ['validationFraction', 'seed', 'stratify']);
  checkInRange(fn, 'validationFraction', validationFraction, 0, 1);
  checkSeed(fn, seed);
  checkBoolean(fn, 'stratify', stratify);
  const n = labels.length;
  const nVal = Math.round(n * validationFraction);
  if (n - nVal < 1) {
    const requirement = `small enough to leave a training row (round(${n} × fraction) < ${n})`;
    throw rangeError(fn, 'validationFraction', requirement, validationFraction);
  }
  const all = Array.from({ length: n }, (_, i) => i);
  const { picked, rest } = sampleRows(all, labels, nVal, rng ?? new Random(seed), stratify);
  return { train: rest, val: picked };
}

/**
 * Splits rows 0..N-1 (N = `labels.length`) into train and validation indices, seeded and by
 * default stratified by label. Creates no tensor; apply it with `tf.gather(x, split.train)`.
 *
 * @example
 * const data = twoSpirals({ n: 400, seed: 1 });
 * const { train, val } = trainValSplit(data.labels, { validationFraction: 0.25, seed: 1 });
 * const xTrain = tf.gather(data.x, train); // caller disposes
 */
export function trainValSplit(labels: ArrayLike<number>, options: SplitOptions = {}): Split {
  if (!Array.isArray(labels) && !ArrayBuffer.isView(labels)) {
    throw typeError('trainValSplit', 'labels', 'an array or typed array of numbers', labels);
  }
  return splitRows('trainValSplit', labels, options);
}
