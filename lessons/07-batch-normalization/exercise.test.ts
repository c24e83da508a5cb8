/**
 * Grader for lesson 07. Run it with `npm run grade -- 07` (your exercise.ts) or
 * `npm run grade -- 07 --solution` (the reference). Each check tests one idea; the expected values
 * come from the library's `batchNorm`, which equals PyTorch's `F.batch_norm`.
 */
import * as tf from '@tensorflow/tfjs';
import { batchNorm } from '../../src/index';
import { check, exercise, expectNoLeak, expectTensor, expectTrue, fail, fmt, load } from '../grading';
import type * as Solution from './solution';

const { batchNormTrain, batchNormEval } = await load<typeof Solution>(import.meta.url);

/** A batch of 4 rows, 3 channels, with different means and spreads per channel. */
const X = [[1, 10, -2], [2, 14, -2.5], [4, 12, -1], [5, 16, -0.5]];
const params = () => ({ gamma: tf.tensor1d([1, 2, 0.5]), beta: tf.tensor1d([0, -1, 3]) });
const stats = () => ({ runningMean: tf.tensor1d([0, 0, 0]), runningVar: tf.tensor1d([1, 1, 1]) });

function values(t: tf.Tensor): number[] {
  return Array.from(t.dataSync());
}

function near(a: number[], b: number[], tol = 1e-4): boolean {
  return a.length === b.length && a.every((v, i) => Math.abs(v - b[i]) <= tol * Math.max(1, Math.abs(b[i])));
}

/** The learner's training-mode result, checked to be { output, runningMean, runningVar } of tensors. */
function trained(x: tf.Tensor2D, settings?: Solution.BatchNormSettings) {
  const call = `batchNormTrain(x, params, stats${settings ? `, ${fmt(settings)}` : ''})`;
  const result = batchNormTrain(x, params(), stats(), settings) as unknown;
  if (typeof result !== 'object' || result === null) fail(`${call} should return { output, runningMean, runningVar }; got ${fmt(result)} — return one object with the three tensors`);
  const r = result as Record<string, unknown>;
  const output = expectTensor(r.output, `${call}.output`);
  const runningMean = expectTensor(r.runningMean, `${call}.runningMean`);
  const runningVar = expectTensor(r.runningVar, `${call}.runningVar`);
  return { output, runningMean, runningVar, call };
}

function library(x: tf.Tensor2D, training: boolean, settings: Solution.BatchNormSettings = {}) {
  return batchNorm(x, { ...params(), ...stats(), training, ...settings });
}

exercise(1, 'batchNormTrain', () => {
  check('normalizes each channel with the batch mean and the biased variance', 2, () => {
    const x = tf.tensor2d(X);
    const { output, call } = trained(x);
    const plainResult = batchNormTrain(x, { gamma: tf.ones([3]) as tf.Tensor1D, beta: tf.zeros([3]) as tf.Tensor1D }, stats()) as unknown;
    const plain = (plainResult as { output?: unknown } | null)?.output;
    const perChannel = (t: tf.Tensor, c: number) => values(t).filter((_, i) => i % 3 === c);
    for (let c = 0; c < 3; c++) {
      const col = perChannel(expectTensor(plain, 'output with γ = 1, β = 0'), c);
      const mean = col.reduce((s, v) => s + v, 0) / col.length;
      const variance = col.reduce((s, v) => s + (v - mean) ** 2, 0) / col.length;
      expectTrue(Math.abs(mean) < 1e-4 && Math.abs(variance - 1) < 1e-3,
        `with γ = 1 and β = 0 each channel of the output should have mean 0 and (biased) variance 1; channel ${c} has mean ${fmt(mean)}, variance ${fmt(variance)} — take the statistics over the batch, axis 0, one per channel`);
    }
    const want = values(library(x, true).output);
    expectTrue(near(values(output), want), `${call}.output should be γ·(x − μ_B)/√(σ²_B + ε) + β = ${fmt(want)}; got ${fmt(values(output))} — γ and β are per channel, ε goes inside the square root`);
  });

  check('updates the running mean: (1 − ρ)·runningMean + ρ·μ_B', 1, () => {
    const x = tf.tensor2d(X);
    const { runningMean, call } = trained(x, { momentum: 0.25 });
    const want = values(library(x, true, { momentum: 0.25 }).runningMean);
    const hint = near(values(runningMean), [2.25, 9.75, -1.125]) ? ' — ρ = momentum is the weight of the NEW batch (PyTorch), not of the old value (Keras)' : ' — the running mean is (1 − ρ)·old + ρ·batch mean, the mean over the batch axis (0)';
    expectTrue(near(values(runningMean), want), `${call}.runningMean from zeros with ρ = 0.25 should be ${fmt(want)}; got ${fmt(values(runningMean))}${hint}`);
  });

  check('updates the running variance with the unbiased batch variance', 2, () => {
    const x = tf.tensor2d(X);
    const { runningVar, call } = trained(x, { momentum: 0.5 });
    const want = values(library(x, true, { momentum: 0.5 }).runningVar);
    const biased = [0.5 + 0.5 * 2.5, 0.5 + 0.5 * 5, 0.5 + 0.5 * 0.625];
    const hint = near(values(runningVar), biased) ? ' — for the running variance use σ²_B·N/(N − 1), the unbiased estimate, as PyTorch does' : ' — the running variance is (1 − ρ)·old + ρ·σ²_B·N/(N − 1)';
    expectTrue(near(values(runningVar), want), `${call}.runningVar from ones with ρ = 0.5 should be ${fmt(want)}; got ${fmt(values(runningVar))}${hint}`);
  });

  check('uses the default ρ = 0.1 and ε = 1e-5, and leaves the inputs alone', 1, () => {
    const x = tf.tensor2d(X);
    const p = params();
    const s = stats();
    const result = batchNormTrain(x, p, s) as unknown as { runningMean?: unknown } | null;
    if (typeof result !== 'object' || result === null) fail(`batchNormTrain(x, params, stats) should return { output, runningMean, runningVar }; got ${fmt(result)} — return one object with the three tensors`);
    const runningMean = values(expectTensor(result.runningMean, 'batchNormTrain(x, params, stats).runningMean'));
    const want = library(x, true);
    expectTrue(near(runningMean, values(want.runningMean)),
      `without settings ρ should be 0.1: runningMean should be ${fmt(values(want.runningMean))}; got ${fmt(runningMean)} — check the default momentum ρ = 0.1`);
    expectTrue(!s.runningMean.isDisposed && values(s.runningMean).every((v) => v === 0) && !p.gamma.isDisposed,
      'batchNormTrain must not modify or dispose the tensors it is given: return new running statistics instead');
  });

  check('leaks no tensors', 1, () => {
    const x = tf.tensor2d(X);
    const p = params();
    const s = stats();
    expectNoLeak('batchNormTrain', () => batchNormTrain(x, p, s));
  });
});

exercise(2, 'batchNormEval', () => {
  check('normalizes with the running statistics, not the batch’s', 2, () => {
    const x = tf.tensor2d(X);
    const s = { runningMean: tf.tensor1d([3, 12, -1.5]), runningVar: tf.tensor1d([2, 4, 0.25]) };
    const y = expectTensor(batchNormEval(x, params(), s), 'batchNormEval(x, params, stats)');
    const want = values(batchNorm(x, { ...params(), ...s, training: false }).output);
    const batchStats = values(library(x, true).output);
    const hint = near(values(y), batchStats) ? ' — that is the training-mode output: in eval mode use runningMean and runningVar' : ' — check each part of γ·(x − runningMean)/√(runningVar + ε) + β (ε inside the root)';
    expectTrue(near(values(y), want), `batchNormEval should give γ·(x − runningMean)/√(runningVar + ε) + β = ${fmt(want)}; got ${fmt(values(y))}${hint}`);
  });

  check('works for a batch of one, and a row’s output does not depend on the batch', 1, () => {
    const x = tf.tensor2d(X);
    const s = { runningMean: tf.tensor1d([3, 12, -1.5]), runningVar: tf.tensor1d([2, 4, 0.25]) };
    const all = values(expectTensor(batchNormEval(x, params(), s), 'batchNormEval(x)'));
    const one = values(expectTensor(batchNormEval(tf.tensor2d([X[2]]), params(), s), 'batchNormEval(one row)'));
    expectTrue(near(one, all.slice(6, 9)), `row 2 alone should give the same output as in the batch of 4 (${fmt(all.slice(6, 9))}); got ${fmt(one)} — in evaluation use the running statistics, never the batch's`);
  });

  check('leaks no tensors', 1, () => {
    const x = tf.tensor2d(X);
    const p = params();
    const s = stats();
    expectNoLeak('batchNormEval', () => batchNormEval(x, p, s));
  });
});
