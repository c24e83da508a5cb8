/**
 * Sanity checks on the data, run before training: the bugs that no optimizer setting can fix.
 * Each returns `{ pass, message }` — a sentence with the numbers, saying what to do when it fails.
 *
 *   checkFiniteValues      NaN or ±Infinity among the features
 *   checkConstantFeatures  features equal in every training row (they carry no information)
 *   checkLabelBalance      the rarest class has ≥ `minRatio` (default 0.5) of the commonest class's rows
 *   checkFeatureScale      standardized: every feature's |mean| ≤ 1 and std ≤ 3, median std ≥ 0.3
 *   checkSplitOverlap      no validation row equal to a training row (a leak that flatters validation)
 *   checkData              all of the above that its arguments allow, in that order
 *
 * The checks read the tensors once (`dataSync`) and create no tensor that outlives them; the caller
 * keeps ownership of its inputs.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInRange, checkOptions, pairError, rangeError } from '../core/errors';
import { checkSameRows, checkTensor } from '../data/check';

/** A sanity check's result: did it pass, and one sentence with the numbers. */
export interface CheckResult {
  /** Which check (e.g. 'finite values'). */
  name: string;
  pass: boolean;
  message: string;
}

/** Thresholds of `checkFeatureScale`: what counts as standardized. */
export const FEATURE_SCALE_LIMITS = { maxAbsMean: 1, maxStd: 3, minMedianStd: 0.3 } as const;

function matrix(fn: string, param: string, x: unknown): { values: Float32Array | Int32Array | Uint8Array; n: number; d: number } {
  const t = checkTensor(fn, param, x);
  if (t.rank !== 2) throw rangeError(fn, `${param}.rank`, '2 (rows × features)', t.rank);
  return { values: t.dataSync() as Float32Array, n: t.shape[0], d: t.shape[1]! };
}

function list(items: readonly number[], max = 8): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')}, … (${items.length} in all)`;
}

/** NaN or ±Infinity anywhere in `x` ([n, d]): fails naming how many and in which rows. */
export function checkFiniteValues(x: tf.Tensor2D): CheckResult {
  const { values, d } = matrix('checkFiniteValues', 'x', x);
  let nan = 0;
  let inf = 0;
  const rows = new Set<number>();
  values.forEach((v, i) => {
    if (Number.isNaN(v)) nan++;
    else if (!Number.isFinite(v)) inf++;
    else return;
    rows.add(Math.floor(i / d));
  });
  const name = 'finite values';
  if (nan + inf === 0) return { name, pass: true, message: `all ${values.length} feature values are finite` };
  return { name, pass: false, message: `${nan} NaN and ${inf} ±Infinity feature values, in rows ${list([...rows])}: fix or drop them before training (one NaN input makes the loss NaN)` };
}

/** Columns of `x` ([n, d]) with one value in every row: fails listing them. */
export function checkConstantFeatures(x: tf.Tensor2D): CheckResult {
  const { values, n, d } = matrix('checkConstantFeatures', 'x', x);
  const constant: number[] = [];
  for (let j = 0; j < d; j++) {
    let same = true;
    for (let i = 1; i < n && same; i++) same = values[i * d + j] === values[j];
    if (same) constant.push(j);
  }
  const name = 'constant features';
  if (constant.length === 0) return { name, pass: true, message: `each of the ${d} features takes more than one value` };
  return { name, pass: false, message: `${constant.length} of ${d} features are constant in all ${n} rows (columns ${list(constant)}): they carry no information — drop them (harmless to training, but check that none should vary)` };
}

/** Rows per class from one-hot targets `[n, C]` or integer labels. */
function classCounts(fn: string, y: tf.Tensor | readonly number[]): number[] {
  if (Array.isArray(y)) {
    const counts: number[] = [];
    y.forEach((label: number, i) => {
      if (!Number.isInteger(label) || label < 0) throw rangeError(fn, `labels[${i}]`, 'an integer ≥ 0', label);
      while (counts.length <= label) counts.push(0);
      counts[label]++;
    });
    return counts;
  }
  const { values, n, d } = matrix(fn, 'y', y);
  const counts = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < d; j++) if (values[i * d + j] > values[i * d + best]) best = j;
    counts[best]++;
  }
  return counts;
}

/**
 * Rows per class, from one-hot targets `y` ([n, C]) or integer labels: fails when a class has no
 * rows or fewer than `minRatio` (in (0, 1], default 0.5) times the commonest class's.
 */
export function checkLabelBalance(y: tf.Tensor2D | readonly number[], options: { minRatio?: number } = {}): CheckResult {
  const fn = 'checkLabelBalance';
  checkOptions(fn, options, ['minRatio']);
  const minRatio = options.minRatio === undefined ? 0.5 : checkInRange(fn, 'minRatio', options.minRatio, 0, 1, true);
  if (minRatio === 0) throw rangeError(fn, 'minRatio', 'in (0, 1]', 0);
  const counts = classCounts(fn, y);
  const most = Math.max(...counts);
  const least = Math.min(...counts);
  const rarest = counts.indexOf(least);
  const name = 'label balance';
  const shown = `rows per class: [${counts.join(', ')}]`;
  if (counts.length === 0) throw rangeError(fn, 'y', 'at least one row', 0);
  if (least >= minRatio * most) return { name, pass: true, message: `${shown}; the rarest class has ${Math.round((100 * least) / most)} % of the commonest's rows` };
  return {
    name,
    pass: false,
    message: `${shown}: class ${rarest} has ${least} rows, ${Math.round((100 * least) / most)} % of the commonest's ${most} (rule: ≥ ${Math.round(100 * minRatio)} %) — accuracy can look good while that class is never predicted; rebalance, weight the loss, or report per-class accuracy`,
  };
}

/** Per-feature mean and (population) std of `x` ([n, d]): fails unless it looks standardized (FEATURE_SCALE_LIMITS). */
export function checkFeatureScale(x: tf.Tensor2D): CheckResult {
  const { values, n, d } = matrix('checkFeatureScale', 'x', x);
  const mean = new Array<number>(d).fill(0);
  const sq = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += values[i * d + j] / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) sq[j] += (values[i * d + j] - mean[j]) ** 2 / n;
  const std = sq.map(Math.sqrt);
  const varying = std.map((s, j) => [s, j] as const).filter(([s]) => s > 0);
  const stds = varying.map(([s]) => s).sort((a, b) => a - b);
  const medianStd = stds.length === 0 ? 0 : stds[stds.length >> 1];
  const maxAbsMean = Math.max(...mean.map(Math.abs));
  const maxStd = stds.length === 0 ? 0 : stds[stds.length - 1];
  const r = (v: number) => Number(v.toPrecision(3));
  const shown = `largest |mean| ${r(maxAbsMean)}, std from ${r(stds[0] ?? 0)} to ${r(maxStd)} (median ${r(medianStd)})`;
  const L = FEATURE_SCALE_LIMITS;
  const name = 'feature scale';
  if (maxAbsMean <= L.maxAbsMean && maxStd <= L.maxStd && medianStd >= L.minMedianStd) {
    return { name, pass: true, message: `features look standardized: ${shown}` };
  }
  return {
    name,
    pass: false,
    message: `features are not standardized: ${shown} (rule: |mean| ≤ ${L.maxAbsMean}, std ≤ ${L.maxStd}, median std ≥ ${L.minMedianStd}) — standardize with statistics of the training rows (fitStandardizer, standardize); raw scales make the first losses huge and the updates uneven`,
  };
}

/** Validation rows of `xVal` that equal (bit for bit) a row of `xTrain`: fails counting them. */
export function checkSplitOverlap(xTrain: tf.Tensor2D, xVal: tf.Tensor2D): CheckResult {
  const fn = 'checkSplitOverlap';
  const a = matrix(fn, 'xTrain', xTrain);
  const b = matrix(fn, 'xVal', xVal);
  if (a.d !== b.d) throw pairError(fn, 'xVal.shape[1]', b.d, 'equal to', 'xTrain.shape[1]', a.d);
  const key = (m: typeof a, i: number) => Array.prototype.join.call(m.values.subarray(i * m.d, (i + 1) * m.d), ',');
  const seen = new Set<string>();
  for (let i = 0; i < a.n; i++) seen.add(key(a, i));
  const shared: number[] = [];
  for (let i = 0; i < b.n; i++) if (seen.has(key(b, i))) shared.push(i);
  const name = 'train/validation overlap';
  if (shared.length === 0) return { name, pass: true, message: `none of the ${b.n} validation rows appears among the ${a.n} training rows` };
  return {
    name,
    pass: false,
    message: `${shared.length} of ${b.n} validation rows (${(100 * shared.length / b.n).toFixed(1)} %) also appear among the training rows (validation rows ${list(shared)}): validation flatters the model — split before any duplication or augmentation, and deduplicate`,
  };
}

/** The data `checkData` looks at; every field but `x` is optional. */
export interface DataToCheck {
  /** Training features `[n, d]`. */
  x: tf.Tensor2D;
  /** Training targets, one-hot `[n, C]` (for the label balance). */
  y?: tf.Tensor2D;
  /** Validation features `[m, d]` (for the overlap check). */
  xVal?: tf.Tensor2D;
}

/**
 * Runs every data check its argument allows: finite values, constant features and feature scale on
 * `x`; label balance when `y` is given; train/validation overlap when `xVal` is given.
 *
 * @returns one CheckResult per check, in that order; `results.every((r) => r.pass)` means all passed.
 * @example
 * const data = loadDigits({ standardize: false });
 * for (const r of checkData({ x: data.xTrain, y: data.yTrain, xVal: data.xVal })) console.log(r.pass ? 'ok  ' : 'FAIL', r.message);
 */
export function checkData(data: DataToCheck): CheckResult[] {
  const fn = 'checkData';
  checkOptions(fn, data, ['x', 'y', 'xVal'], 'data', 'field');
  checkTensor(fn, 'data.x', data.x);
  if (data.y !== undefined) checkSameRows(fn, 'data.y', checkTensor(fn, 'data.y', data.y), 'data.x', data.x);
  if (data.xVal !== undefined) checkTensor(fn, 'data.xVal', data.xVal);
  const results = [checkFiniteValues(data.x), checkConstantFeatures(data.x), checkFeatureScale(data.x)];
  if (data.y !== undefined) results.push(checkLabelBalance(data.y));
  if (data.xVal !== undefined) results.push(checkSplitOverlap(data.x, data.xVal));
  return results;
}
