import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../src/backend';
import { loadDigits, type DigitsData } from '../src/data/digits';
import { lrFinder, sweepRates, type LrFinderOptions } from '../src/debug/lr-finder';
import { suggestLearningRate } from '../src/debug/lr-suggestion';
import { adam } from '../src/optim/adam';
import { sgd } from '../src/optim/sgd';
import { getLearningRate } from '../src/train/learning-rate';
import { train } from '../src/train/train';
import { mlp } from './helpers/train-fixtures';

// The range test on the digits: a sensible suggestion, and the model and optimizer left exactly as
// they were (bit for bit: the next training step is the one that would have run without the test).

let digits: DigitsData;
let data: { x: tf.Tensor2D; y: tf.Tensor2D };

beforeAll(async () => {
  await ready();
  digits = loadDigits();
  data = { x: digits.xTrain, y: digits.yTrain };
});
afterAll(() => digits.dispose());

function digitsModel(seed = 0) {
  return mlp(64, 64, 10, seed);
}

/** Every weight's values (plain copies). */
function weightValues(model: tf.LayersModel): Float32Array[] {
  return model.getWeights().map((w) => w.dataSync().slice() as Float32Array);
}

/** The optimizer's saved state as names and plain values (its own copies are freed). */
async function optimizerState(optimizer: tf.Optimizer): Promise<{ name: string; values: number[] }[]> {
  const weights = await optimizer.getWeights();
  const out = weights.map((w) => ({ name: w.name, values: Array.from(w.tensor.dataSync()) }));
  for (const w of weights) if (!(w.tensor instanceof tf.Variable)) w.tensor.dispose();
  return out;
}

describe('lrFinder on the digits', () => {
  it('sweeps exponentially, smooths with bias correction, stops on divergence, and suggests a sensible rate', async () => {
    const model = digitsModel();
    const optimizer = sgd({ learningRate: 0.1, momentum: 0.9 });
    const result = await lrFinder(model, data, { optimizer, loss: 'softmaxCrossEntropy', batchSize: 64 });
    const { learningRates: lrs, losses, smoothedLosses: s } = result;
    const n = lrs.length;
    expect(losses).toHaveLength(n);
    expect(s).toHaveLength(n);

    // (1) η_k = 1e-7 · (1e8)^(k/99): the first steps of the full 100-step sweep
    expect(lrs).toEqual(sweepRates(1e-7, 10, 100).slice(0, n));
    expect(lrs[0]).toBe(1e-7);
    expect(lrs[1] / lrs[0]).toBeCloseTo(Math.pow(1e8, 1 / 99), 10);
    // (2)–(3) bias-corrected moving average with β = 0.98
    let a = 0;
    losses.forEach((loss, k) => {
      a = 0.98 * a + 0.02 * loss;
      expect(s[k]).toBeCloseTo(a / (1 - Math.pow(0.98, k + 1)), 12);
    });
    expect(s[0]).toBeCloseTo(losses[0], 12); // bias correction: the first smoothed loss is the first loss

    // It diverged before 10: the last smoothed loss is the first above 4× the best before it.
    expect(result.diverged).toBe(true);
    expect(n).toBeLessThan(100);
    const bestBefore = (k: number) => Math.min(...s.slice(0, k));
    expect(s[n - 1] > 4 * bestBefore(n - 1) || !Number.isFinite(s[n - 1])).toBe(true);
    for (let k = 1; k < n - 1; k++) expect(s[k]).toBeLessThanOrEqual(4 * bestBefore(k));

    expect(result.suggestion.rule).toBe('valley');
    expect(result.suggestion.learningRate).toBe(lrs[result.suggestion.index]);
    expect(result.suggestion.learningRate).toBeGreaterThan(1e-4);
    expect(result.suggestion.learningRate).toBeLessThan(1);
    for (const rule of ['steepest', 'minimum/10'] as const) {
      const other = suggestLearningRate(lrs, s, rule).learningRate;
      expect(other, rule).toBeGreaterThan(1e-4);
      expect(other, rule).toBeLessThan(1);
    }
    model.dispose();
    optimizer.dispose();
  });

  it('trains well at the suggested rate (the loss falls well below its start)', async () => {
    const model = digitsModel(3);
    const optimizer = adam({ learningRate: 1e-3 });
    const { suggestion } = await lrFinder(model, data, { optimizer, loss: 'softmaxCrossEntropy', batchSize: 64 });
    optimizer.learningRate = suggestion.learningRate;
    const history = await train(model, data, { optimizer, loss: 'softmaxCrossEntropy', epochs: 3, batchSize: 64, progress: 'none', validationData: { x: digits.xVal, y: digits.yVal } });
    expect(history.valLoss![2]).toBeLessThan(0.5); // from ≈ 2.3 at chance
    model.dispose();
    optimizer.dispose();
  });

  it.each([
    ['trainlab adam', () => adam({ learningRate: 1e-3 })],
    ['trainlab sgd with momentum', () => sgd({ learningRate: 0.05, momentum: 0.9, nesterov: true })],
    ['tf.train.momentum', () => tf.train.momentum(0.05, 0.9)],
  ])('leaves the model and %s bit-for-bit as they were, and leaks nothing', async (_name, make) => {
    // Two identical runs; the range test runs between them on one side only.
    const [a, b] = [digitsModel(5), digitsModel(5)];
    const [optA, optB] = [make(), make()];
    const warm = { loss: 'softmaxCrossEntropy' as const, epochs: 1, batchSize: 128, progress: 'none' as const };
    await train(a, data, { ...warm, optimizer: optA });
    await train(b, data, { ...warm, optimizer: optB }); // now both optimizers hold state
    const weightsBefore = weightValues(a);
    const stateBefore = await optimizerState(optA);
    const rateBefore = getLearningRate(optA);
    const tensorsBefore = tf.memory().numTensors;

    const result = await lrFinder(a, data, { optimizer: optA, loss: 'softmaxCrossEntropy', batchSize: 64, numSteps: 60 });
    expect(result.learningRates.length).toBeGreaterThan(10);
    expect(weightValues(a)).toEqual(weightsBefore);
    expect(await optimizerState(optA)).toEqual(stateBefore);
    expect(getLearningRate(optA)).toBe(rateBefore);
    expect(optA.iterations).toBe(optB.iterations);

    // the next epoch is the one that would have run without the test
    await train(a, data, { ...warm, optimizer: optA });
    await train(b, data, { ...warm, optimizer: optB });
    expect(weightValues(a)).toEqual(weightValues(b));
    // Nothing leaked. (trainlab's fused optimizers get their state back one variable per slot and
    // weight, and pack it again at the next update: the count is compared after that update.)
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    [a, b].forEach((m) => m.dispose());
    [optA, optB].forEach((o) => o.dispose());
  });

  it('changes no tensor count at all for an unfused optimizer', async () => {
    const model = digitsModel(4);
    const optimizer = adam({ learningRate: 1e-3, fused: false });
    await train(model, data, { optimizer, loss: 'softmaxCrossEntropy', epochs: 1, batchSize: 128, progress: 'none' });
    const before = tf.memory().numTensors;
    await lrFinder(model, data, { optimizer, loss: 'softmaxCrossEntropy', numSteps: 30 });
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    optimizer.dispose();
  });

  it('leaves a fresh optimizer fresh (no state made by the sweep survives)', async () => {
    const model = digitsModel(2);
    const optimizer = adam({ learningRate: 1e-3 });
    const before = tf.memory().numTensors;
    await lrFinder(model, data, { optimizer, loss: 'softmaxCrossEntropy', numSteps: 30 });
    expect(tf.memory().numTensors).toBe(before);
    expect(optimizer.iterations).toBe(0);
    expect(await optimizerState(optimizer)).toEqual([{ name: 'iter', values: [0] }]);
    model.dispose();
    optimizer.dispose();
  });

  it("puts back an optimizer's own Schedule", async () => {
    const model = digitsModel();
    const schedule = (step: number) => 0.01 / (1 + step);
    const optimizer = sgd({ learningRate: schedule });
    await lrFinder(model, data, { optimizer, loss: 'softmaxCrossEntropy', numSteps: 10 });
    expect(optimizer.learningRate).toBe(schedule);
    model.dispose();
    optimizer.dispose();
  });

  it('runs all numSteps over several epochs when the loss does not diverge, or when told not to stop', async () => {
    const model = digitsModel();
    const optimizer = sgd({ learningRate: 0.1 });
    const small = { x: digits.xVal.slice(0, 100), y: digits.yVal.slice(0, 100) }; // 4 batches of 32 per epoch
    const tame = await lrFinder(model, small, { optimizer, loss: 'softmaxCrossEntropy', minLr: 1e-4, maxLr: 1e-2, numSteps: 10 });
    expect(tame.learningRates).toHaveLength(10);
    expect(tame.learningRates[9]).toBe(1e-2);
    expect(tame.diverged).toBe(false);
    const wild = await lrFinder(model, small, { optimizer, loss: 'softmaxCrossEntropy', minLr: 1e-3, maxLr: 30, numSteps: 40, stopOnDivergence: false });
    const k = wild.smoothedLosses.findIndex((v, i) => v > 4 * Math.min(...wild.smoothedLosses.slice(0, i)));
    expect(k).toBeGreaterThan(0); // it did diverge …
    expect(wild.learningRates.length).toBeGreaterThan(k + 1); // … and kept going
    expect(wild.diverged).toBe(true);
    tf.dispose([small.x, small.y]);
    model.dispose();
    optimizer.dispose();
  });

  it('rejects (after restoring everything) when the loss is not finite from the start', async () => {
    const model = digitsModel();
    const optimizer = sgd({ learningRate: 0.1 });
    const x = tf.fill([64, 64], NaN);
    const y = digits.yTrain.slice(0, 64);
    const weightsBefore = weightValues(model);
    const before = tf.memory().numTensors;
    await expect(lrFinder(model, { x, y }, { optimizer, loss: 'softmaxCrossEntropy' })).rejects.toThrow(
      new RangeError('lrFinder: smoothedLosses must be a curve with at least 2 finite values at its start (the loss diverged at once: lower minLr or check the data), got [NaN]'),
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(weightValues(model)).toEqual(weightsBefore);
    tf.dispose([x, y]);
    model.dispose();
    optimizer.dispose();
  });
});

describe('suggestLearningRate: the rules on a hand-made curve', () => {
  // 30 points, rate 10^(k/10 − 4): flat at 2 (k < 8), falling 2 → 0.5 (k = 8 … 20), then rising.
  const lrs = Array.from({ length: 30 }, (_, k) => Math.pow(10, k / 10 - 4));
  const curve = lrs.map((_, k) => (k < 8 ? 2 : k <= 20 ? 2 - 1.5 * ((k - 8) / 12) ** 2 : 0.5 + 0.3 * (k - 20)));

  it("'minimum/10': a tenth of the rate at the lowest loss", () => {
    expect(suggestLearningRate(lrs, curve, 'minimum/10')).toEqual({ learningRate: lrs[20] / 10, rule: 'minimum/10', index: 20 });
  });

  it("'steepest': the start of the steepest fall per log(lr)", () => {
    expect(suggestLearningRate(lrs, curve, 'steepest')).toEqual({ learningRate: lrs[19], rule: 'steepest', index: 19 });
  });

  it("'valley': ⌊len/3⌋ + ⌊len/6⌋ into the longest falling stretch (fastai)", () => {
    // Window [3, 25) of the curve. Longest strictly decreasing subsequence: one of the 2s, then k = 9 … 20:
    // 13 points ending at k = 20 (window index 17). fastai: start = 17 − 13 = 4, sections = 13/3,
    // idx = 4 + ⌊4.33⌋ + ⌊2.17⌋ = 10 in the window → curve index 13.
    expect(suggestLearningRate(lrs, curve, 'valley')).toEqual({ learningRate: lrs[13], rule: 'valley', index: 13 });
  });

  it('reads only up to the first non-finite loss', () => {
    const cut = [...curve.slice(0, 15), NaN, ...curve.slice(16)];
    expect(suggestLearningRate(lrs, cut, 'minimum/10').index).toBe(14);
  });

  it.each([
    ['an unknown rule', () => suggestLearningRate(lrs, curve, 'min' as never), RangeError, 'suggestLearningRate: rule must be one of "valley", "steepest", "minimum/10", got "min"'],
    ['arrays of different lengths', () => suggestLearningRate(lrs, curve.slice(1)), RangeError, 'suggestLearningRate: learningRates (30 values) and smoothedLosses (29 values) must have the same length'],
    ['a rate ≤ 0', () => suggestLearningRate([0, 1], [1, 1]), RangeError, 'suggestLearningRate: learningRates[0] must be a finite number > 0, got 0'],
    ['losses that are not an array', () => suggestLearningRate(lrs, 3 as never), TypeError, 'suggestLearningRate: smoothedLosses must be an array of numbers, got 3'],
    ['rates that are not an array', () => suggestLearningRate(3 as never, curve), TypeError, 'suggestLearningRate: learningRates must be an array of numbers, got 3'],
    ['fewer than 2 finite losses', () => suggestLearningRate([1, 2], [1, NaN]), RangeError, 'suggestLearningRate: smoothedLosses must be a curve with at least 2 finite values at its start (the loss diverged at once: lower minLr or check the data), got [1, NaN]'],
  ])('%s throws', (_what, call, type, message) => {
    expect(call).toThrow(type);
    expect(call).toThrow(message);
  });
});

describe('lrFinder: bad arguments throw at once, before any tensor', () => {
  let model: tf.Sequential;
  let optimizer: tf.Optimizer;
  beforeAll(() => {
    model = digitsModel();
    optimizer = sgd({ learningRate: 0.1 });
  });
  afterAll(() => {
    model.dispose();
    optimizer.dispose();
  });

  const cases: [string, Record<string, unknown>, typeof TypeError | typeof RangeError, string][] = [
    ['an unknown option', { lr: 1 }, TypeError, 'lrFinder: unknown option "lr" (valid: optimizer, loss, minLr, maxLr, numSteps, batchSize, beta, divergenceFactor, stopOnDivergence, rule, seed, shuffle, progress)'],
    ['minLr ≤ 0', { minLr: 0 }, RangeError, 'lrFinder: minLr must be > 0, got 0'],
    ['maxLr not a number', { maxLr: '10' }, TypeError, 'lrFinder: maxLr must be a number, got "10"'],
    ['maxLr ≤ minLr', { minLr: 1, maxLr: 0.1 }, RangeError, 'lrFinder: minLr (1) must be < maxLr (0.1)'],
    ['numSteps < 2', { numSteps: 1 }, RangeError, 'lrFinder: numSteps must be an integer ≥ 2, got 1'],
    ['beta = 1', { beta: 1 }, RangeError, 'lrFinder: beta must be in [0, 1), got 1'],
    ['divergenceFactor ≤ 1', { divergenceFactor: 1 }, RangeError, 'lrFinder: divergenceFactor must be > 1, got 1'],
    ['stopOnDivergence not a boolean', { stopOnDivergence: 'yes' }, TypeError, 'lrFinder: stopOnDivergence must be a boolean, got "yes"'],
    ['an unknown rule', { rule: 'fastest' }, RangeError, 'lrFinder: rule must be one of "valley", "steepest", "minimum/10", got "fastest"'],
    ["train()'s checks, in lrFinder's name", { batchSize: 0 }, RangeError, 'lrFinder: batchSize must be an integer ≥ 1, got 0'],
  ];
  it.each(cases)('%s', (_what, extra, type, message) => {
    const before = tf.memory().numTensors;
    const call = () => lrFinder(model, data, { optimizer, loss: 'softmaxCrossEntropy', ...extra } as LrFinderOptions);
    expect(call).toThrow(type);
    expect(call).toThrow(message);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses an optimizer whose rate cannot be set', () => {
    const adamTf = tf.train.adam();
    expect(() => lrFinder(model, data, { optimizer: adamTf, loss: 'softmaxCrossEntropy' })).toThrow(
      new TypeError(
        "lrFinder: the learning rate of Adam cannot be set while training (tfjs keeps it in a protected field); use one of trainlab's optimizers (sgd, adam, adamw, rmsprop) or tf.train.sgd / tf.train.momentum, which have a setter",
      ),
    );
    adamTf.dispose();
  });

  it('needs the optimizer and the loss', () => {
    expect(() => lrFinder(model, data, { loss: 'softmaxCrossEntropy' } as LrFinderOptions)).toThrow(
      'lrFinder: optimizer must be a tf.Optimizer (e.g. adam({ learningRate: 1e-3 }) or tf.train.adam()), got undefined',
    );
    expect(() => lrFinder(model, data, { optimizer } as LrFinderOptions)).toThrow('lrFinder: loss must be a loss name');
  });
});
