/**
 * The broken-training gym of lesson 14: ten small, seeded training set-ups, each broken in one
 * way a real project breaks (the learning rate, the data pipeline, the loss, the inputs' scale, the
 * initialization, the amount of data, the regularization, the gradients' size, the step size). Each trains in a
 * second or two on the digits set; the lesson's learner reads the curves and the configuration,
 * names the symptom and the first remedy, and repairs some of them.
 *
 * A set-up is a plain `GymConfig`; `runGym(name, fix)` trains it with `fix` applied on top, so a
 * repair is written as the few fields it changes: `runGym('A', { learningRate: 0.1 })`.
 */
import * as tf from '@tensorflow/tfjs';
import { checkOptions, formatValue, rangeError, typeError, checkInteger, checkNonNegative, checkPositive, checkOneOf, checkInRange, checkFinite } from '../core/errors';
import { Random } from '../core/random';
import { loadDigits } from '../data/digits';
import { adam } from '../optim/adam';
import { sgd } from '../optim/sgd';
import type { History } from '../train/history';
import { train } from '../train/train';

/** Everything that defines a gym run. Every field may be changed by a fix except `seed`. */
export interface GymConfig {
  /** Digits training images to keep (stratified), 10–1438. */
  trainSize: number;
  /** Standardize the pixels with training statistics (false: raw values 0–16). */
  standardize: boolean;
  /** Shuffle the training labels among the rows (a data-pipeline bug: labels no longer match images). */
  shuffleLabels: boolean;
  /** Units of each hidden layer (empty: a linear model). */
  hidden: number[];
  activation: 'relu' | 'tanh' | 'sigmoid';
  /** Standard deviation of a normal kernel initialization; null: Glorot uniform (tfjs's default). */
  initStd: number | null;
  /** Initial bias of the hidden layers (0 normally). */
  hiddenBias: number;
  /** Dropout rate after each hidden layer, in [0, 1). */
  dropout: number;
  /** Put a softmax on the last layer (the model then outputs probabilities). */
  softmaxOutput: boolean;
  loss: 'softmaxCrossEntropy' | 'categoricalCrossentropy';
  optimizer: 'sgd' | 'adam';
  /** η, > 0. */
  learningRate: number;
  /** μ for SGD, in [0, 1). */
  momentum: number;
  /** λ: SGD's L2 weight decay or Adam's (coupled) weight decay, ≥ 0. */
  weightDecay: number;
  /** Clip the global gradient norm to this before each update; null: no clipping. */
  clipGradNorm: number | null;
  /** Epochs, 1–100. */
  epochs: number;
  /** Rows per step, 1–1438. */
  batchSize: number;
  /** Seed of the split, the initialization, the shuffles and dropout (fixed per run). */
  seed: number;
}

const BASE: GymConfig = {
  trainSize: 1438, standardize: true, shuffleLabels: false, hidden: [64], activation: 'relu', initStd: null,
  hiddenBias: 0, dropout: 0, softmaxOutput: false, loss: 'softmaxCrossEntropy', optimizer: 'adam',
  learningRate: 1e-3, momentum: 0, weightDecay: 0, clipGradNorm: null, epochs: 8, batchSize: 64, seed: 0,
};

/** The gym's runs by name, in the order the lesson shows them. */
export const GYM_RUNS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J'] as const;
export type GymRunName = (typeof GYM_RUNS)[number];

/** The set-ups, as changes to a sound base (an MLP 64→64→10, Adam η = 1e-3, 8 epochs). */
const SETUPS: Record<GymRunName, Partial<GymConfig>> = {
  A: { optimizer: 'sgd', learningRate: 5, seed: 1 },
  B: { optimizer: 'sgd', learningRate: 1e-4, seed: 2 },
  C: { shuffleLabels: true, seed: 3 },
  D: { softmaxOutput: true, seed: 4 },
  E: { standardize: false, optimizer: 'sgd', learningRate: 0.2, momentum: 0.5, seed: 5 },
  F: { hiddenBias: -20, seed: 6 },
  G: { trainSize: 60, hidden: [256, 256], learningRate: 3e-3, epochs: 30, batchSize: 32, seed: 7 },
  H: { dropout: 0.95, weightDecay: 0.05, seed: 8 },
  I: { hidden: [64, 64, 64, 64], optimizer: 'sgd', learningRate: 0.3, momentum: 0.9, epochs: 6, seed: 9 },
  J: { hidden: [128], learningRate: 0.03, epochs: 12, seed: 10 },
};

const KEYS = Object.keys(BASE) as (keyof GymConfig)[];

/** The sound configuration every gym run starts from (a copy). */
export function gymBase(): GymConfig {
  return { ...BASE, hidden: [...BASE.hidden] };
}

/** What run `name` changes from `gymBase()` (a copy): the whole set-up, to read for clues. */
export function gymChanges(name: GymRunName): Partial<GymConfig> {
  checkOneOf('gymChanges', 'name', name, GYM_RUNS);
  const changes = { ...SETUPS[name] };
  if (changes.hidden) changes.hidden = [...changes.hidden];
  return changes;
}

/** A run's configuration with `fix` applied, checked. Throws a TypeError/RangeError naming a bad field. */
export function gymConfig(name: GymRunName, fix: Partial<GymConfig> = {}): GymConfig {
  const fn = 'gymConfig';
  checkOneOf(fn, 'name', name, GYM_RUNS);
  checkOptions(fn, fix, KEYS.filter((k) => k !== 'seed'), 'fix', 'field', ['initStd', 'clipGradNorm']); // null: default init, no clipping
  const c: GymConfig = { ...BASE, ...SETUPS[name], ...fix };
  checkInteger(fn, 'trainSize', c.trainSize, 10);
  if (c.trainSize > 1438) throw rangeError(fn, 'trainSize', 'an integer in [10, 1438]', c.trainSize);
  for (const flag of ['standardize', 'shuffleLabels', 'softmaxOutput'] as const) {
    if (typeof c[flag] !== 'boolean') throw typeError(fn, flag, 'a boolean', c[flag]);
  }
  if (!Array.isArray(c.hidden) || c.hidden.length > 8) throw typeError(fn, 'hidden', 'an array of at most 8 layer sizes', c.hidden);
  c.hidden.forEach((u, i) => {
    checkInteger(fn, `hidden[${i}]`, u, 1);
    if (u > 512) throw rangeError(fn, `hidden[${i}]`, 'an integer in [1, 512]', u);
  });
  checkOneOf(fn, 'activation', c.activation, ['relu', 'tanh', 'sigmoid'] as const);
  if (c.initStd !== null) checkPositive(fn, 'initStd', c.initStd);
  checkFinite(fn, 'hiddenBias', c.hiddenBias);
  checkInRange(fn, 'dropout', c.dropout, 0, 1);
  checkOneOf(fn, 'loss', c.loss, ['softmaxCrossEntropy', 'categoricalCrossentropy'] as const);
  checkOneOf(fn, 'optimizer', c.optimizer, ['sgd', 'adam'] as const);
  checkPositive(fn, 'learningRate', c.learningRate);
  checkInRange(fn, 'momentum', c.momentum, 0, 1);
  checkNonNegative(fn, 'weightDecay', c.weightDecay);
  if (c.clipGradNorm !== null) checkPositive(fn, 'clipGradNorm', c.clipGradNorm);
  checkInteger(fn, 'epochs', c.epochs, 1);
  if (c.epochs > 100) throw rangeError(fn, 'epochs', 'an integer in [1, 100] (the gym runs in seconds)', c.epochs);
  checkInteger(fn, 'batchSize', c.batchSize, 1);
  if (c.epochs * Math.ceil(c.trainSize / c.batchSize) > 3000) {
    throw new RangeError(`${fn}: epochs × steps per epoch must be ≤ 3000 (the gym runs in seconds), got ${c.epochs} × ${Math.ceil(c.trainSize / c.batchSize)} — ${formatValue(name)} with a larger batchSize or fewer epochs`);
  }
  return { ...c, hidden: [...c.hidden] };
}

/** What `runGym` returns: the run's configuration, its History, and its final validation accuracy. */
export interface GymRun {
  name: GymRunName;
  config: GymConfig;
  history: History;
  /** Validation accuracy after the last epoch (on the 359 held-out digits). */
  valAccuracy: number;
  /** 10 (digits). */
  numClasses: number;
  /** Wall-clock seconds of the training. */
  seconds: number;
}

function buildModel(c: GymConfig): tf.Sequential {
  const kernel = (i: number) => (c.initStd === null
    ? tf.initializers.glorotUniform({ seed: c.seed * 100 + i })
    : tf.initializers.randomNormal({ mean: 0, stddev: c.initStd, seed: c.seed * 100 + i }));
  const model = tf.sequential();
  c.hidden.forEach((units, i) => {
    model.add(tf.layers.dense({
      ...(i === 0 ? { inputShape: [64] } : {}), units, activation: c.activation,
      kernelInitializer: kernel(i), biasInitializer: tf.initializers.constant({ value: c.hiddenBias }),
    }));
    if (c.dropout > 0) model.add(tf.layers.dropout({ rate: c.dropout, seed: c.seed * 100 + 50 + i }));
  });
  model.add(tf.layers.dense({
    ...(c.hidden.length === 0 ? { inputShape: [64] } : {}), units: 10, activation: c.softmaxOutput ? 'softmax' : 'linear',
    kernelInitializer: tf.initializers.glorotUniform({ seed: c.seed * 100 + 99 }),
  }));
  return model;
}

/**
 * Trains gym run `name` (with `fix` applied) on digits and returns its History and validation accuracy.
 * A NaN loss ends the run early (`nonFiniteLoss: 'stop'`): the History shows where. Deterministic
 * for a given configuration. Creates and disposes its own data, model and optimizer: no tensor outlives it.
 *
 * @example
 * const run = await runGym('A');
 * diagnose({ ...run.history, numClasses: run.numClasses });   // what went wrong?
 * const fixed = await runGym('A', { learningRate: 0.1 });      // one field changed
 */
export async function runGym(name: GymRunName, fix: Partial<GymConfig> = {}): Promise<GymRun> {
  const c = gymConfig(name, fix);
  const digits = loadDigits({ seed: c.seed, trainSize: c.trainSize === 1438 ? undefined : c.trainSize, standardize: c.standardize });
  const yTrain = c.shuffleLabels
    ? tf.tidy(() => tf.gather(digits.yTrain, tf.tensor1d(new Random(c.seed + 1).permutation(c.trainSize), 'int32')))
    : digits.yTrain;
  const model = buildModel(c);
  const optimizer = c.optimizer === 'sgd'
    ? sgd({ learningRate: c.learningRate, momentum: c.momentum, weightDecay: c.weightDecay })
    : adam({ learningRate: c.learningRate, weightDecay: c.weightDecay });
  const started = Date.now();
  try {
    const history = await train(model, { x: digits.xTrain, y: yTrain }, {
      optimizer, loss: c.loss, epochs: c.epochs, batchSize: c.batchSize, seed: c.seed, metrics: ['accuracy'],
      validationData: { x: digits.xVal, y: digits.yVal }, progress: 'none', nonFiniteLoss: 'stop', recordGradNorm: true,
      ...(c.clipGradNorm !== null ? { clipGradNorm: c.clipGradNorm } : {}),
    });
    const accuracy = history.valMetrics.accuracy;
    return { name, config: c, history, valAccuracy: accuracy[accuracy.length - 1] ?? NaN, numClasses: 10, seconds: (Date.now() - started) / 1000 };
  } finally {
    if (yTrain !== digits.yTrain) yTrain.dispose();
    digits.dispose();
    model.dispose();
    optimizer.dispose();
  }
}
