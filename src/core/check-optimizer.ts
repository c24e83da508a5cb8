/**
 * `checkOptimizer`: the one check that a value is a `tf.Optimizer`, shared by every function that
 * takes one (trainlab's optimizers and tfjs's alike).
 */
import * as tf from '@tensorflow/tfjs';
import { typeError } from './errors';

/**
 * Throws a TypeError naming `fn` unless `optimizer` is a `tf.Optimizer`:
 * `withClipping: optimizer must be a tf.Optimizer (e.g. adamw() or tf.train.adam()), got null`.
 */
export function checkOptimizer(fn: string, optimizer: unknown): tf.Optimizer {
  // tf.Optimizer's instanceof reads `.minimize` of its operand: rule out null and primitives first.
  if (typeof optimizer !== 'object' || optimizer === null || !(optimizer instanceof tf.Optimizer)) {
    throw typeError(fn, 'optimizer', 'a tf.Optimizer (e.g. adamw() or tf.train.adam())', optimizer);
  }
  return optimizer;
}
