/**
 * Metrics `train()` reports besides the loss: per epoch, on the training batches (a row-weighted
 * mean, like the loss) and on the validation data.
 *
 * Callback logs name them as tfjs's `model.fit` does — `acc` for accuracy, `val_` before validation
 * values — so a callback written for `fit` (e.g. `tf.callbacks.earlyStopping({ monitor: 'val_acc' })`)
 * reads `train()`'s logs unchanged. The History keys them by the name you passed.
 */
import * as tf from '@tensorflow/tfjs';
import { formatValue, rangeError } from '../core/errors';
import { badType } from './messages';

/** A metric: targets and predictions in, a scalar out (the mean over the batch). */
export type MetricFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;

/**
 * - `accuracy`: share of rows whose largest output is the target's class, argmax(ŷ) = argmax(y)
 *   (one-hot targets with ≥ 2 columns; works on logits and on probabilities alike);
 * - `meanSquaredError`, `meanAbsoluteError`: means over every element.
 */
export const METRIC_NAMES = ['accuracy', 'meanSquaredError', 'meanAbsoluteError'] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

/** A metric of your own: its name (the History key and the log key) and its function. */
export interface CustomMetric {
  name: string;
  fn: MetricFn;
}

export type Metric = MetricName | CustomMetric;

/** A metric ready to compute: its History name, its log key and its function. */
export interface ResolvedMetric {
  name: string;
  logKey: string;
  fn: MetricFn;
}

const BUILT_IN: Record<MetricName, MetricFn> = {
  accuracy: (yTrue, yPred) => tf.mean(tf.cast(tf.equal(tf.argMax(yPred, -1), tf.argMax(yTrue, -1)), 'float32')) as tf.Scalar,
  meanSquaredError: (yTrue, yPred) => tf.mean(tf.squaredDifference(yTrue, yPred)) as tf.Scalar,
  meanAbsoluteError: (yTrue, yPred) => tf.mean(tf.abs(tf.sub(yTrue, yPred))) as tf.Scalar,
};

const LOG_KEYS: Record<MetricName, string> = { accuracy: 'acc', meanSquaredError: 'meanSquaredError', meanAbsoluteError: 'meanAbsoluteError' };

/** Names the loss uses in logs and so no metric may take. */
const RESERVED = ['loss', 'lr', 'batch', 'size'];

/**
 * Checks a `metrics` option and resolves each entry. `targetShape` is the shape of the targets:
 * accuracy needs ≥ 2 columns (with one, argmax is always 0 and accuracy always 1).
 */
export function resolveMetrics(fn: string, metrics: unknown, targetShape: readonly number[]): ResolvedMetric[] {
  if (!Array.isArray(metrics)) throw badType(fn, 'metrics', `an array of ${METRIC_NAMES.map(formatValue).join(', ')} or { name, fn }`, metrics);
  const resolved = metrics.map((m: unknown, i): ResolvedMetric => {
    if (typeof m === 'string') {
      if (!(METRIC_NAMES as readonly string[]).includes(m)) {
        throw rangeError(fn, `metrics[${i}]`, `one of ${METRIC_NAMES.map(formatValue).join(', ')} or { name, fn }`, m);
      }
      const name = m as MetricName;
      if (name === 'accuracy' && !(targetShape.length >= 2 && targetShape[targetShape.length - 1] >= 2)) {
        throw new RangeError(`${fn}: metric "accuracy" needs one-hot targets with ≥ 2 columns, got y of shape [${targetShape.join(', ')}]`);
      }
      return { name, logKey: LOG_KEYS[name], fn: BUILT_IN[name] };
    }
    const custom = m as Partial<CustomMetric> | null;
    if (typeof custom !== 'object' || custom === null || typeof custom.name !== 'string' || custom.name === '' || typeof custom.fn !== 'function') {
      throw badType(fn, `metrics[${i}]`, 'a metric name or { name: string, fn: (yTrue, yPred) => tf.Scalar }', m);
    }
    return { name: custom.name, logKey: custom.name, fn: custom.fn };
  });
  const keys = resolved.map((m) => m.logKey);
  keys.forEach((key, i) => {
    if (RESERVED.includes(key) || key.startsWith('val_')) {
      throw rangeError(fn, `metrics[${i}].name`, `not one of ${RESERVED.map(formatValue).join(', ')} and not starting with "val_"`, key);
    }
    if (keys.indexOf(key) !== i) throw rangeError(fn, `metrics[${i}]`, 'unique', metrics[i]);
  });
  return resolved;
}
