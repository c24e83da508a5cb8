import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  checkConstantFeatures, checkData, checkFeatureScale, checkFiniteValues, checkInitialLoss, checkLabelBalance,
  checkLossMatchesOutput, checkOverfitBatch, checkSplitOverlap, loadDigits,
} from '../src/index';
import { checkEveryTestForLeaks } from './helpers/leak-check';

checkEveryTestForLeaks();

/** 64 → hidden → 10, seeded; `softmax` puts a softmax on the output; `bias` starts the hidden biases there. */
function mlp(o: { softmax?: boolean; bias?: number; hidden?: number; seed?: number } = {}): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [64], units: o.hidden ?? 32, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: o.seed ?? 1 }), biasInitializer: tf.initializers.constant({ value: o.bias ?? 0 }) }),
      tf.layers.dense({ units: 10, activation: o.softmax ? 'softmax' : 'linear', kernelInitializer: tf.initializers.glorotUniform({ seed: (o.seed ?? 1) + 1 }) }),
    ],
  });
}

describe('data checks', () => {
  it('checkFiniteValues: passes on finite data, fails naming the rows of NaN and Infinity', () => {
    const good = tf.tensor2d([[1, 2], [3, 4]]);
    const bad = tf.tensor2d([[1, NaN], [3, 4], [Infinity, 0]]);
    expect(checkFiniteValues(good)).toEqual({ name: 'finite values', pass: true, message: 'all 4 feature values are finite' });
    const r = checkFiniteValues(bad);
    expect(r.pass).toBe(false);
    expect(r.message).toMatch(/^1 NaN and 1 ±Infinity feature values, in rows 0, 2:/);
    tf.dispose([good, bad]);
  });

  it('checkConstantFeatures: finds the constant pixels of digits, passes on varying columns', () => {
    const digits = loadDigits();
    const r = checkConstantFeatures(digits.xTrain);
    expect(r.pass).toBe(false);
    expect(r.message).toMatch(/^\d+ of 64 features are constant in all 1438 rows \(columns 0, /);
    const varying = tf.tensor2d([[1, 2], [2, 1]]);
    expect(checkConstantFeatures(varying).pass).toBe(true);
    digits.dispose();
    varying.dispose();
  });

  it('checkFeatureScale: raw digit pixels fail, standardized ones pass', () => {
    const raw = loadDigits({ standardize: false });
    const std = loadDigits();
    const bad = checkFeatureScale(raw.xTrain);
    expect(bad.pass).toBe(false);
    expect(bad.message).toMatch(/^features are not standardized: largest \|mean\| \d+/);
    expect(checkFeatureScale(std.xTrain)).toMatchObject({ pass: true });
    raw.dispose();
    std.dispose();
  });

  it('checkLabelBalance: balanced digits pass; a class with few rows fails with the counts', () => {
    const digits = loadDigits();
    expect(checkLabelBalance(digits.yTrain).pass).toBe(true);
    expect(checkLabelBalance([0, 0, 0, 0, 1, 1, 1, 2])).toEqual({
      name: 'label balance',
      pass: false,
      message: 'rows per class: [4, 3, 1]: class 2 has 1 rows, 25 % of the commonest\'s 4 (rule: ≥ 50 %) — accuracy can look good while that class is never predicted; rebalance, weight the loss, or report per-class accuracy',
    });
    expect(checkLabelBalance([0, 0, 0, 0, 1, 1, 1, 2], { minRatio: 0.2 }).pass).toBe(true);
    expect(() => checkLabelBalance([0, 1], { minRatio: 0 })).toThrow('checkLabelBalance: minRatio must be in (0, 1], got 0');
    digits.dispose();
  });

  it('checkSplitOverlap: a clean split passes; copied rows fail with their count', () => {
    const digits = loadDigits();
    const clean = checkSplitOverlap(digits.xTrain, digits.xVal);
    const leaked = tf.tidy(() => tf.concat([digits.xVal.slice(0, 300), digits.xTrain.slice(0, 59)]) as tf.Tensor2D);
    const r = checkSplitOverlap(digits.xTrain, leaked);
    expect(r.pass).toBe(false);
    expect(r.message).toMatch(/^\d+ of 359 validation rows/);
    // Copies are found however many rows the original split already shared (digits has a few duplicate images).
    expect(Number(r.message.split(' ')[0])).toBeGreaterThanOrEqual(59);
    expect(clean.message).toBe("none of the 359 validation rows appears among the 1438 training rows");
    tf.dispose([leaked]);
    digits.dispose();
  });

  it('checkData: runs the checks its arguments allow, in order', () => {
    const digits = loadDigits({ standardize: false });
    const results = checkData({ x: digits.xTrain, y: digits.yTrain, xVal: digits.xVal });
    expect(results.map((r) => r.name)).toEqual(['finite values', 'constant features', 'feature scale', 'label balance', 'train/validation overlap']);
    expect(results.find((r) => r.name === 'feature scale')!.pass).toBe(false);
    expect(checkData({ x: digits.xTrain }).length).toBe(3);
    expect(() => checkData({ x: digits.xTrain, labels: [1] } as never)).toThrow('checkData: unknown field "labels" (valid: x, y, xVal)');
    expect(() => checkData({ x: digits.xTrain, y: digits.yVal })).toThrow('checkData: data.y.shape[0] (359) must be equal to data.x.shape[0] (1438)');
    digits.dispose();
  });
});

describe('model checks', () => {
  it('checkInitialLoss: a Glorot MLP on standardized digits starts near ln 10; raw pixels with a large init do not', () => {
    const std = loadDigits();
    const model = mlp();
    const good = checkInitialLoss(model, std.xTrain, std.yTrain);
    expect(good.pass).toBe(true);
    expect(good.message).toMatch(/^initial loss 2\.\d+ is within 25 % of ln C = 2\.3 \(C = 10\)/);
    const raw = loadDigits({ standardize: false });
    const bad = checkInitialLoss(model, raw.xTrain, raw.yTrain);
    expect(bad.pass).toBe(false);
    expect(bad.message).toMatch(/× ln C = 2\.3 \(C = 10; rule: within 25 %\): the untrained model is confidently wrong/);
    expect(() => checkInitialLoss(model, std.xTrain, std.yTrain, { tolerance: 2 })).toThrow('checkInitialLoss: tolerance must be in [0, 1], got 2');
    model.dispose();
    std.dispose();
    raw.dispose();
  });

  it('checkOverfitBatch: a working MLP memorizes 16 rows; dead ReLUs cannot; the weights are restored', async () => {
    const digits = loadDigits();
    const model = mlp();
    const before = model.getWeights().map((w) => Array.from(w.dataSync()));
    const good = await checkOverfitBatch(model, digits.xTrain, digits.yTrain);
    expect(good.pass).toBe(true);
    expect(good.message).toMatch(/^loss on one batch of 16 rows went 2\.\d+ → 0\.0\d+ in \d+ steps/);
    expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
    const dead = mlp({ bias: -20 });
    const bad = await checkOverfitBatch(dead, digits.xTrain, digits.yTrain, { steps: 50 });
    expect(bad.pass).toBe(false);
    expect(bad.message).toMatch(/in 50 steps \(rule: ≤ 0\.05 within 50\): the model cannot even memorize 16 rows/);
    await expect(checkOverfitBatch(model, digits.xTrain, digits.yTrain, { batchSize: 5000 })).rejects.toThrow('checkOverfitBatch: batchSize (5000) must be ≤ x.shape[0] (1438)');
    model.dispose();
    dead.dispose();
    digits.dispose();
  });

  it('checkOverfitBatch: a softmax layer under softmaxCrossEntropy fails (the loss is stuck above its floor)', async () => {
    const digits = loadDigits();
    const model = mlp({ softmax: true });
    const r = await checkOverfitBatch(model, digits.xTrain, digits.yTrain, { steps: 100 });
    expect(r.pass).toBe(false);
    model.dispose();
    digits.dispose();
  });

  it('checkLossMatchesOutput: probabilities into softmaxCrossEntropy fail, logits pass — and the reverse for categoricalCrossentropy', () => {
    const digits = loadDigits();
    const logits = mlp();
    const probs = mlp({ softmax: true });
    expect(checkLossMatchesOutput(logits, digits.xVal, 'softmaxCrossEntropy').pass).toBe(true);
    const wrong = checkLossMatchesOutput(probs, digits.xVal, 'softmaxCrossEntropy');
    expect(wrong.pass).toBe(false);
    expect(wrong.message).toMatch(/^every output row of the model sums to 1 .* cannot fall below ln\(1 \+ \(C−1\)\/e\) = 1\.46/);
    expect(checkLossMatchesOutput(probs, digits.xVal, 'categoricalCrossentropy').pass).toBe(true);
    expect(checkLossMatchesOutput(logits, digits.xVal, 'categoricalCrossentropy')).toMatchObject({ pass: false });
    expect(checkLossMatchesOutput(logits, digits.xVal, 'meanSquaredError').pass).toBe(true);
    expect(() => checkLossMatchesOutput(logits, digits.xVal, 'crossEntropy' as never)).toThrow(/^checkLossMatchesOutput: loss must be one of "softmaxCrossEntropy"/);
    logits.dispose();
    probs.dispose();
    digits.dispose();
  });
});
