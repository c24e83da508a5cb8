/**
 * The shapes every trainlab data set comes in, and the builders the generators share.
 *
 * Classification sets carry the targets twice, in the two forms lessons need: `y`, a one-hot float32
 * tensor for `categoricalCrossentropy` and `tf.metrics.categoricalAccuracy`, and `labels`, plain
 * numbers for JS-side metrics, confusion matrices and plots. Regression sets are `[n, 1]` pairs.
 *
 * Ownership: the caller owns the tensors of a returned set. Free them with `set.dispose()`
 * (idempotent). (`tf.dispose(set)` also works at run time, but TypeScript rejects it: the set holds
 * a function and plain arrays, which `tf.TensorContainer` does not allow.)
 */
import * as tf from '@tensorflow/tfjs';

/** A labelled classification set: features, one-hot targets and integer labels. */
export interface ClassificationSet {
  /** Features, `[n, d]` float32. */
  x: tf.Tensor2D;
  /** One-hot targets, `[n, numClasses]` float32: row i has a 1 in column `labels[i]`. */
  y: tf.Tensor2D;
  /** The class of each row, an integer in `0..numClasses-1` (plain JS numbers, no tensor). */
  labels: number[];
  /** Number of classes (columns of `y`). */
  numClasses: number;
  /** Disposes `x` and `y`. Safe to call twice. */
  dispose(): void;
}

/** A regression set: inputs and targets, both `[n, 1]` float32. */
export interface RegressionSet {
  /** Inputs, `[n, 1]` float32. */
  x: tf.Tensor2D;
  /** Targets, `[n, 1]` float32. */
  y: tf.Tensor2D;
  /** Disposes `x` and `y`. Safe to call twice. */
  dispose(): void;
}

/** One-hot rows as a flat `[labels.length × numClasses]` Float32Array (no tensor). */
export function oneHotArray(labels: ArrayLike<number>, numClasses: number): Float32Array {
  const out = new Float32Array(labels.length * numClasses);
  for (let i = 0; i < labels.length; i++) out[i * numClasses + labels[i]] = 1;
  return out;
}

/** Builds a ClassificationSet from row-major features `[n × d]` and labels (creates 2 tensors). */
export function classificationSet(
  features: Float32Array,
  d: number,
  labels: number[],
  numClasses: number,
): ClassificationSet {
  const n = labels.length;
  const x = tf.tensor2d(features, [n, d], 'float32');
  const y = tf.tensor2d(oneHotArray(labels, numClasses), [n, numClasses], 'float32');
  return { x, y, labels, numClasses, dispose: () => tf.dispose([x, y]) };
}

/** Builds a RegressionSet from inputs and targets of equal length (creates 2 tensors). */
export function regressionSet(inputs: Float32Array, targets: Float32Array): RegressionSet {
  const x = tf.tensor2d(inputs, [inputs.length, 1], 'float32');
  const y = tf.tensor2d(targets, [targets.length, 1], 'float32');
  return { x, y, dispose: () => tf.dispose([x, y]) };
}
