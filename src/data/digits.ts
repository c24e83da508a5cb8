/**
 * The digits data set, ready to train on: a seeded, stratified train/validation (and optionally test)
 * split, one-hot targets, and standardization fitted on the training split only.
 *
 * 1,797 grey-scale 8×8 images of handwritten digits (UCI "Optical Recognition of Handwritten
 * Digits", as shipped with scikit-learn; see data/README.md). Each image is 64 features, pixel
 * intensities 0..16 read row by row.
 *
 * Steps, in order:
 *   1. split: `round(1797 · validationFraction)` rows go to validation, stratified by label (see `trainValSplit`);
 *   2. test: with `testFraction > 0`, `round(1797 · testFraction)` of the remaining rows are held out as a
 *      test set (stratified, seeded), for the one final number a lesson reports after tuning on
 *      validation; validation rows are the same with or without a test set;
 *   3. subset: with `trainSize`, keep that many of the training rows (stratified too; the validation
 *      rows do not change, so runs with different `trainSize` compare on the same validation set);
 *   4. standardize: fit per-pixel mean/std on the training rows (constant pixels get std 1, so they
 *      become 0, not NaN; see `standardize.ts`) and apply those same statistics to the validation
 *      and test rows.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInRange, checkInteger, checkOptions, pairError, typeError } from '../core/errors';
import { Random } from '../core/random';
import { checkBoolean, checkSeed } from './check';
import { oneHotArray } from './dataset';
import { DIGITS_CLASSES, DIGITS_FEATURES, readDigits } from './digits-file';
import { sampleRows, splitRows } from './split';
import { fitStandardizerArray, standardize as applyStandardizer, type Standardizer } from './standardize';

export interface LoadDigitsOptions {
  /** Fraction of the 1,797 images held out for validation, in [0, 1). Default 0.2 (359 images). */
  validationFraction?: number;
  /**
   * Fraction of the 1,797 images held out as a test set, in [0, 1), taken after validation (so
   * validation is unchanged). Default 0: no test set (`xTest`/`yTest` are null).
   */
  testFraction?: number;
  /** Seed of the split and of the `trainSize` subset (integer ≥ 0). Default 0. */
  seed?: number;
  /** Keep each digit's share in both parts. Default true. */
  stratify?: boolean;
  /** Standardize with train-split statistics; false leaves raw pixel values 0..16. Default true. */
  standardize?: boolean;
  /** Keep only this many training images (integer ≥ 1, ≤ the training split), e.g. to overfit on purpose. Default: all. */
  trainSize?: number;
  /** The .csv.gz file. Default: `data/digits.csv.gz` of this repository, found from this module or the working directory. */
  path?: string;
}

/** The loaded digits: four tensors owned by the caller, plus plain-JS labels, indices and statistics. */
export interface DigitsData {
  /** Training images, `[nTrain, 64]` float32 (standardized unless `standardize: false`). */
  xTrain: tf.Tensor2D;
  /** Training targets, `[nTrain, 10]` float32 one-hot. */
  yTrain: tf.Tensor2D;
  /** Validation images, `[nVal, 64]` float32, standardized with the training statistics. */
  xVal: tf.Tensor2D;
  /** Validation targets, `[nVal, 10]` float32 one-hot. */
  yVal: tf.Tensor2D;
  /** Test images `[nTest, 64]`, standardized with the training statistics; null without `testFraction`. */
  xTest: tf.Tensor2D | null;
  /** Test targets `[nTest, 10]` one-hot; null without `testFraction`. */
  yTest: tf.Tensor2D | null;
  /** Digit of each training row, 0..9. */
  labelsTrain: number[];
  /** Digit of each validation row, 0..9. */
  labelsVal: number[];
  /** Digit of each test row, 0..9 (empty without a test set). */
  labelsTest: number[];
  /** Row of each training image in the data file (0-based, ascending): `xTrain` row i is file row `indicesTrain[i]`. */
  indicesTrain: number[];
  /** Row of each validation image in the data file (0-based, ascending). */
  indicesVal: number[];
  /** Row of each test image in the data file (0-based, ascending; empty without a test set). */
  indicesTest: number[];
  numClasses: 10;
  numFeatures: 64;
  /** Height and width of an image: reshape a row to `[8, 8]` to draw it. */
  imageShape: [8, 8];
  /** The fitted statistics (apply to new images with `standardize(x, data.standardizer)`); null when `standardize: false`. */
  standardizer: Standardizer | null;
  /** Disposes the tensors. Safe to call twice. */
  dispose(): void;
}

/** Copies the pixel rows `rows` into a row-major Float32Array `[rows.length × 64]`. */
function gatherPixels(pixels: Uint8Array, rows: number[]): Float32Array {
  const out = new Float32Array(rows.length * DIGITS_FEATURES);
  rows.forEach((row, i) => out.set(pixels.subarray(row * DIGITS_FEATURES, (row + 1) * DIGITS_FEATURES), i * DIGITS_FEATURES));
  return out;
}

/**
 * Loads the digits data set, split and preprocessed (steps above). The file is read and parsed once
 * per process; later calls only split and build tensors (about a millisecond or two).
 *
 * Ownership: the caller owns `xTrain`, `yTrain`, `xVal`, `yVal` (and `xTest`, `yTest`); free them
 * with `data.dispose()`.
 * Throws before creating any tensor if an option is invalid or the file is missing (the error
 * names every path tried).
 *
 * @example
 * const data = loadDigits({ seed: 1 });             // 1,438 train / 359 validation
 * const small = loadDigits({ trainSize: 100 });      // 10 images per digit, to overfit on purpose
 * const held = loadDigits({ testFraction: 0.2 });    // 1,079 train / 359 validation / 359 test
 * // ... train on data.xTrain / data.yTrain, evaluate on data.xVal / data.yVal ...
 * data.dispose();
 * small.dispose();
 */
export function loadDigits(options: LoadDigitsOptions = {}): DigitsData {
  const fn = 'loadDigits';
  const { validationFraction = 0.2, testFraction = 0, seed = 0, stratify = true, standardize = true, trainSize, path } = checkOptions<LoadDigitsOptions>(fn, options, [
    'validationFraction', 'testFraction', 'seed', 'stratify', 'standardize', 'trainSize', 'path',
  ]);
  checkInRange(fn, 'validationFraction', validationFraction, 0, 1);
  checkInRange(fn, 'testFraction', testFraction, 0, 1);
  checkSeed(fn, seed);
  checkBoolean(fn, 'stratify', stratify);
  checkBoolean(fn, 'standardize', standardize);
  if (trainSize !== undefined) checkInteger(fn, 'trainSize', trainSize, 1);
  if (path !== undefined && (typeof path !== 'string' || path === '')) throw typeError(fn, 'path', 'a non-empty string', path);

  const raw = readDigits(path);
  const rng = new Random(seed);
  const split = splitRows(fn, raw.labels, { validationFraction, seed, stratify }, rng); // (1)
  let trainRows = split.train;
  let testRows: number[] = [];
  if (testFraction > 0) { // (2) — skipped at 0, so the seeded draws below stay as they were
    const nTest = Math.round(raw.labels.length * testFraction);
    if (nTest >= trainRows.length) {
      throw pairError(fn, 'testFraction', testFraction, 'small enough to leave training rows after', 'validationFraction', validationFraction);
    }
    ({ picked: testRows, rest: trainRows } = sampleRows(trainRows, raw.labels, nTest, rng, stratify));
  }
  if (trainSize !== undefined) {
    if (trainSize > trainRows.length) {
      throw pairError(fn, 'trainSize', trainSize, '≤', 'the training split size', trainRows.length);
    }
    trainRows = sampleRows(trainRows, raw.labels, trainSize, rng, stratify).picked; // (3)
  }
  const valRows = split.val;
  const xTrainArray = gatherPixels(raw.pixels, trainRows);
  const xValArray = gatherPixels(raw.pixels, valRows);
  const labelsTrain = trainRows.map((row) => raw.labels[row]);
  const labelsVal = valRows.map((row) => raw.labels[row]);
  const labelsTest = testRows.map((row) => raw.labels[row]);
  const standardizer = standardize ? fitStandardizerArray(xTrainArray, trainRows.length, DIGITS_FEATURES) : null; // (4)

  const features = (values: Float32Array, n: number): tf.Tensor2D => tf.tidy(() => {
    const x = tf.tensor2d(values, [n, DIGITS_FEATURES], 'float32');
    return standardizer ? applyStandardizer(x, standardizer) : x;
  });
  const targets = (labels: number[]): tf.Tensor2D =>
    tf.tensor2d(oneHotArray(labels, DIGITS_CLASSES), [labels.length, DIGITS_CLASSES], 'float32');
  const hasTest = testRows.length > 0;
  const tensors = {
    xTrain: features(xTrainArray, trainRows.length),
    yTrain: targets(labelsTrain),
    xVal: features(xValArray, valRows.length),
    yVal: targets(labelsVal),
    xTest: hasTest ? features(gatherPixels(raw.pixels, testRows), testRows.length) : null,
    yTest: hasTest ? targets(labelsTest) : null,
  };
  return {
    ...tensors,
    labelsTrain,
    labelsVal,
    labelsTest,
    indicesTrain: trainRows,
    indicesVal: valRows,
    indicesTest: testRows,
    numClasses: DIGITS_CLASSES,
    numFeatures: DIGITS_FEATURES,
    imageShape: [8, 8],
    standardizer,
    dispose: () => tf.dispose(Object.values(tensors).filter((t): t is tf.Tensor2D => t !== null)),
  };
}
