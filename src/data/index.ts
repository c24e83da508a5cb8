/**
 * trainlab data: the digits set, synthetic sets, splits, standardization and batching.
 *
 * In a notebook import this file by its full name, `./src/data/index` (tslab cannot import a
 * folder), or import everything from `./src/index`.
 */
export { loadDigits } from './digits';
export type { DigitsData, LoadDigitsOptions } from './digits';
export { twoSpirals } from './two-spirals';
export type { TwoSpiralsOptions } from './two-spirals';
export { moons } from './moons';
export type { MoonsOptions } from './moons';
export { blobs, BLOB_CENTER_BOX } from './blobs';
export type { BlobsOptions, BlobsSet } from './blobs';
export { regression1d, defaultRegressionFn } from './regression-1d';
export type { Regression1dOptions } from './regression-1d';
export type { ClassificationSet, RegressionSet } from './dataset';
export { trainValSplit } from './split';
export type { Split, SplitOptions } from './split';
export { fitStandardizer, standardize } from './standardize';
export type { Standardizer } from './standardize';
export { batches, batchCount } from './batches';
export type { Batch, BatchOptions } from './batches';
export { randomShift, augmentDigits } from './augment';
export type { RandomShiftOptions, AugmentDigitsOptions, Augmenter } from './augment';
