/**
 * What `diagnose` reads, and its checks: a History from `train()`, a tf.History from `model.fit`, or
 * plain arrays. Everything is checked before any rule runs; messages follow core/errors.ts.
 */
import { checkInteger, formatValue, pairError, rangeError, typeError } from '../core/errors';

/** Plain arrays of a run's losses. Non-finite values are allowed: they are evidence of divergence. */
export interface LossCurvesInput {
  /** Training loss per epoch (non-empty), e.g. History's `trainLoss` or model.fit's `history.loss`. */
  trainLoss: readonly number[];
  /** Validation loss per epoch, one per training epoch (or empty / absent). */
  valLoss?: readonly number[];
  /** Loss of every optimizer step (History's `stepLoss`); sharper evidence of spikes and blow-ups. */
  stepLoss?: readonly number[];
  /** Number of classes C ≥ 2 of a classification run: ln C (the loss of a uniform guess) becomes the reference. */
  numClasses?: number;
}

/** tfjs's `tf.History` (what `model.fit` resolves with), optionally with the number of classes. */
export interface FitHistoryInput {
  history: { loss?: readonly unknown[]; val_loss?: readonly unknown[] } & Record<string, unknown>;
  numClasses?: number;
}

export type DiagnoseInput = LossCurvesInput | FitHistoryInput;

/** The checked input. */
export interface Curves {
  trainLoss: number[];
  valLoss: number[] | null;
  stepLoss: number[] | null;
  numClasses: number | null;
}

const WHAT =
  "a History from train() ({ trainLoss, valLoss?, stepLoss? }), a tf.History from model.fit ({ history: { loss, val_loss? } }) or { trainLoss, valLoss?, stepLoss?, numClasses? }";

/** Names people reach for, and the field `diagnose` reads instead. */
const MISNAMED: Record<string, string> = {
  loss: 'trainLoss', train_loss: 'trainLoss', trainLosses: 'trainLoss', val_loss: 'valLoss',
  validationLoss: 'valLoss', valLosses: 'valLoss', stepLosses: 'stepLoss', classes: 'numClasses', num_classes: 'numClasses',
};

function losses(fn: string, param: string, value: unknown, optional: boolean): number[] | null {
  if (value === undefined && optional) return null;
  if (!Array.isArray(value)) throw typeError(fn, param, 'an array of numbers (losses)', value);
  value.forEach((x: unknown, i) => {
    if (typeof x !== 'number') {
      const hint = typeof x === 'object' && x !== null && 'dataSync' in x ? ' (read tensors into numbers first)' : '';
      throw typeError(fn, `${param}[${i}]`, `a number${hint}`, x);
    }
    // Every rule compares losses by ratio: a loss below 0 (a custom loss, a log-likelihood) has no start to fall from.
    if (x < 0) throw rangeError(fn, `${param}[${i}]`, '≥ 0 (a loss; NaN and ±Infinity are accepted)', x);
  });
  return value as number[];
}

/** Checks `diagnose`'s argument and returns its curves. Throws a TypeError/RangeError naming the bad field. */
export function checkDiagnoseInput(fn: string, input: unknown): Curves {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw typeError(fn, 'input', WHAT, input);
  const o = input as Record<string, unknown>;
  let train: unknown;
  let val: unknown;
  let prefix = '';
  if (o.trainLoss === undefined && typeof o.history === 'object' && o.history !== null) {
    const h = o.history as Record<string, unknown>; // tf.History
    prefix = 'history.';
    if (h.loss === undefined) throw typeError(fn, 'history.loss', 'an array of numbers (model.fit records it every epoch)', h.loss);
    train = h.loss;
    val = h.val_loss;
  } else {
    if (o.trainLoss === undefined) {
      const near = Object.keys(o).find((k) => k in MISNAMED);
      if (near !== undefined) throw new TypeError(`${fn}: unknown field ${formatValue(near)} — did you mean ${formatValue(MISNAMED[near])}? (input must be ${WHAT})`);
      throw typeError(fn, 'input', WHAT, Object.keys(o));
    }
    for (const key of Object.keys(o)) {
      if (key in MISNAMED) throw new TypeError(`${fn}: unknown field ${formatValue(key)} — did you mean ${formatValue(MISNAMED[key])}?`);
    }
    train = o.trainLoss;
    val = o.valLoss;
  }
  const trainLoss = losses(fn, `${prefix}${prefix ? 'loss' : 'trainLoss'}`, train, false)!;
  if (trainLoss.length === 0) throw rangeError(fn, `${prefix}${prefix ? 'loss' : 'trainLoss'}`, 'non-empty (at least one epoch)', trainLoss);
  let valLoss = losses(fn, `${prefix}${prefix ? 'val_loss' : 'valLoss'}`, val, true);
  if (valLoss !== null && valLoss.length === 0) valLoss = null;
  if (valLoss !== null && valLoss.length !== trainLoss.length) {
    throw pairError(fn, `${prefix ? 'history.val_loss' : 'valLoss'}.length`, valLoss.length, 'equal to', `${prefix ? 'history.loss' : 'trainLoss'}.length`, trainLoss.length);
  }
  let stepLoss = prefix ? null : losses(fn, 'stepLoss', o.stepLoss, true);
  if (stepLoss !== null && stepLoss.length === 0) stepLoss = null;
  if (stepLoss !== null && stepLoss.length < trainLoss.length) {
    throw pairError(fn, 'stepLoss.length', stepLoss.length, '≥', 'trainLoss.length (an epoch has at least one step)', trainLoss.length);
  }
  const numClasses = o.numClasses === undefined ? null : checkInteger(fn, 'numClasses', o.numClasses, 2);
  return { trainLoss, valLoss, stepLoss, numClasses };
}
