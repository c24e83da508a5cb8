/**
 * The training loop's own messages, built in one place so tests and lessons quote the same text.
 * Argument errors use the shared template of core/errors.ts (`train: epochs must be an integer ≥ 1, got 0`).
 */

import * as tf from '@tensorflow/tfjs';
import { formatValue } from '../core/errors';

/** A bad value as messages show it: tensors by shape, arrays and objects by kind, the rest printed. */
export function describeValue(value: unknown): string {
  if (value instanceof tf.Tensor) return `a tensor of shape [${value.shape.join(', ')}]`;
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'function') return 'a function';
  if (value !== null && typeof value === 'object') return 'an object';
  return formatValue(value);
}

/** `fn: param must be <type>, got <described value>` as a TypeError. */
export function badType(fn: string, param: string, type: string, value: unknown): TypeError {
  return new TypeError(`${fn}: ${param} must be ${type}, got ${describeValue(value)}`);
}

/** Where a step sits in a run, as every step-level message names it (all counts from 0). */
export interface StepPosition {
  /** Updates applied before this one in this run. */
  step: number;
  epoch: number;
  /** Batch within the epoch. */
  batch: number;
}

/**
 * `train: loss became NaN at step 137 (epoch 3, batch 12; counting from 0) — try a lower learning
 * rate or gradient clipping`
 */
export function nonFiniteLossMessage(fn: string, loss: number, at: StepPosition): string {
  return (
    `${fn}: loss became ${loss} at step ${at.step} (epoch ${at.epoch}, batch ${at.batch}; counting from 0)` +
    ' — try a lower learning rate or gradient clipping'
  );
}

/** Why a learning rate cannot be driven from outside this optimizer, and what to use instead. */
export function lrNotSettableMessage(fn: string, optimizerName: string): string {
  return (
    `${fn}: the learning rate of ${optimizerName} cannot be set while training ` +
    '(tfjs keeps it in a protected field); use one of trainlab\'s optimizers (sgd, adam, adamw, rmsprop) ' +
    'or tf.train.sgd / tf.train.momentum, which have a setter'
  );
}

/** A schedule given to `train` would silently replace one the optimizer already runs. */
export function twoSchedulesMessage(fn: string): string {
  return (
    `${fn}: learningRate is given, but the optimizer already has a Schedule as its learning rate; ` +
    'pass the schedule in one place only'
  );
}

/** A second `train()`/`fit()` on a model that is still training (e.g. a notebook cell re-run while the first runs on). */
export function alreadyTrainingMessage(fn: string): string {
  return `${fn}: the model is already training (another train() or model.fit() has not finished); wait for it, or stop it first`;
}
