/**
 * Reading and setting an optimizer's learning rate from outside it — what a per-step schedule, a
 * reduce-on-plateau rule or an LR finder needs, in `train()` and in `model.fit` callbacks alike.
 *
 * Two kinds of optimizer let their rate be set:
 *   - trainlab's optimizers (`sgd`, `adam`, `adamw`, `rmsprop`, any `TransformOptimizer`): a
 *     `learningRate` accessor whose setter takes a number (or a Schedule) from the next update on;
 *   - tfjs's `tf.train.sgd` and `tf.train.momentum`: `setLearningRate(lr)`, which also refreshes the
 *     scalar they cache (writing their `learningRate` field alone would leave that scalar stale).
 * tfjs's other optimizers keep the rate in a protected field with no setter: they are refused with a
 * message naming a replacement, never changed behind their back.
 */
import type * as tf from '@tensorflow/tfjs';
import { checkOptimizer } from '../core/check-optimizer';
import { checkNonNegative } from '../core/errors';
import { lrNotSettableMessage } from './messages';

/** What trainlab's optimizers expose (duck-typed: `instanceof` on tfjs optimizers is duck-typed too). */
interface RateAccessor {
  learningRate: unknown;
  learningRateAt?: (step?: number) => number;
}

interface RateSetter {
  setLearningRate(lr: number): void;
}

function hasRateSetter(optimizer: object): boolean {
  for (let o: object | null = optimizer; o !== null; o = Object.getPrototypeOf(o)) {
    const d = Object.getOwnPropertyDescriptor(o, 'learningRate');
    if (d !== undefined) return typeof d.set === 'function';
  }
  return false;
}

/** How the rate of `optimizer` is set, or null when it cannot be. */
function rateControl(optimizer: tf.Optimizer): 'accessor' | 'method' | null {
  if (hasRateSetter(optimizer)) return 'accessor';
  if (typeof (optimizer as unknown as Partial<RateSetter>).setLearningRate === 'function') return 'method';
  return null;
}

/**
 * True when `setLearningRate(optimizer, lr)` works: trainlab's optimizers, `tf.train.sgd`,
 * `tf.train.momentum`.
 */
export function canSetLearningRate(optimizer: tf.Optimizer): boolean {
  checkOptimizer('canSetLearningRate', optimizer);
  return rateControl(optimizer) !== null;
}

/**
 * The name shown in messages: the optimizer's registered class name, e.g. `Adam`, `trainlab.SGD`.
 */
export function optimizerName(optimizer: tf.Optimizer): string {
  const ctor = (optimizer as { constructor?: { className?: unknown; name?: unknown } }).constructor;
  const name = ctor?.className ?? ctor?.name;
  return typeof name === 'string' && name !== '' ? name : 'this optimizer';
}

/**
 * Sets the rate used from the next update on. `fn` names the caller in messages.
 *
 * Throws a TypeError for an optimizer whose rate cannot be set (see the module doc) and a
 * RangeError for a rate that is not a finite number ≥ 0. Creates no tensor for trainlab's
 * optimizers; tfjs's SGD replaces its cached scalar (one small tensor, freed by its own dispose).
 */
export function setLearningRate(optimizer: tf.Optimizer, lr: number, fn = 'setLearningRate'): void {
  checkOptimizer(fn, optimizer);
  checkNonNegative(fn, 'lr', lr);
  const control = rateControl(optimizer);
  if (control === 'accessor') (optimizer as unknown as RateAccessor).learningRate = lr;
  else if (control === 'method') (optimizer as unknown as RateSetter).setLearningRate(lr);
  else throw new TypeError(lrNotSettableMessage(fn, optimizerName(optimizer)));
}

/**
 * The rate the optimizer's next update will use, or NaN when it does not say. Reads trainlab's
 * `learningRateAt()` (so a Schedule set on the optimizer is evaluated at its next step), else the
 * numeric `learningRate` field every tfjs optimizer keeps.
 */
export function getLearningRate(optimizer: tf.Optimizer): number {
  checkOptimizer('getLearningRate', optimizer);
  const o = optimizer as unknown as Partial<RateAccessor>;
  if (typeof o.learningRateAt === 'function') return o.learningRateAt();
  return typeof o.learningRate === 'number' ? o.learningRate : NaN;
}

/** True when the optimizer's own learning rate is a Schedule (trainlab's optimizers allow it). */
export function hasOwnSchedule(optimizer: tf.Optimizer): boolean {
  return typeof (optimizer as unknown as Partial<RateAccessor>).learningRate === 'function';
}

