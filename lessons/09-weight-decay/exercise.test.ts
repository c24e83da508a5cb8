/**
 * Grader for lesson 09. Run it with `npm run grade -- 09` (your exercise.ts) or
 * `npm run grade -- 09 --solution` (the reference). Each check tests one idea; the expected
 * numbers are worked out in the comments.
 */
import * as tf from '@tensorflow/tfjs';
import { adamw, l2Penalty, scaleByAdam } from '../../src/index';
import { check, exercise, expectNoLeak, expectTensor, expectThrows, expectTrue, expectValues, fail, fmt, load } from '../grading';
import type * as Solution from './solution';

const { l2PenaltyGradient, decoupledDecayStep } = await load<typeof Solution>(import.meta.url);

type PenaltyResult = Solution.L2PenaltyAndGradient;

/** True when the tensor holds `expected` (flattened) within a relative tolerance. */
function near(actual: tf.Tensor, expected: number[], tol = 1e-4): boolean {
  const got = actual.dataSync();
  return got.length === expected.length && expected.every((want, i) => Math.abs(got[i] - want) <= tol * Math.max(1, Math.abs(want)));
}

/** The learner's `{ penalty, grads }`, checked: a scalar tensor and one tensor per weight, shaped like it. */
function penaltyResult(value: unknown, weights: tf.Tensor[], call: string): PenaltyResult {
  if (typeof value !== 'object' || value === null) fail(`${call} should return { penalty, grads }; got ${fmt(value)} — return one object with the scalar penalty and the array of gradients`);
  const { penalty, grads } = value as Partial<PenaltyResult>;
  const scalar = expectTensor(penalty, `${call}.penalty`);
  if (scalar.rank !== 0) fail(`${call}.penalty should be a scalar (one number for all the weights); got shape [${scalar.shape.join(', ')}] — sum over every element of every tensor`);
  if (!Array.isArray(grads)) fail(`${call}.grads should be an array with one gradient per weight tensor; got ${fmt(grads)} — map over the weights: one λ·w each`);
  if (grads.length !== weights.length) fail(`${call}.grads should hold ${weights.length} tensors, one per weight tensor; got ${grads.length} — map over the weights: one λ·w each`);
  grads.forEach((g, i) => {
    expectTensor(g, `${call}.grads[${i}]`);
    if (g.shape.join(',') !== weights[i].shape.join(',')) fail(`${call}.grads[${i}] should be shaped like weights[${i}], [${weights[i].shape.join(', ')}]; got [${g.shape.join(', ')}] — the gradient of (λ/2)·Σw² is λ·w, the shape of w`);
  });
  return value as PenaltyResult;
}

/** Two weight tensors and λ = 0.1: Σw² = 1 + 4 + 9 + 16 + 1 + 0.25 = 31.25. */
const sample = (): [tf.Tensor2D, tf.Tensor1D] => [tf.tensor2d([[1, 2], [3, 4]]), tf.tensor1d([-1, 0.5])];
const sampleCall = 'l2PenaltyGradient([[[1, 2], [3, 4]], [-1, 0.5]], 0.1)';

exercise(1, 'l2PenaltyGradient', () => {
  check('the penalty is (λ/2)·Σw², summed over every tensor', 2, () => {
    // (0.1/2)·31.25 = 1.5625.
    const weights = sample();
    const { penalty } = penaltyResult(l2PenaltyGradient(weights, 0.1), weights, sampleCall);
    const want = `${sampleCall}: the penalty should be (λ/2)·Σw² = 0.05·31.25 = 1.5625`;
    if (near(penalty, [3.125])) fail(`${want}; got 3.125, which is λ·Σw² — the penalty has a ½: (λ/2)·Σw², so that its gradient is exactly λ·w`);
    if (near(penalty, [1.5])) fail(`${want}; got 1.5, which counts only the first tensor — add up the squares of every tensor in weights`);
    if (near(penalty, [0.2795], 1e-3)) fail(`${want}; got ${fmt(penalty)}, which uses the norm ‖w‖ itself — square it: Σw², no square root`);
    expectValues(penalty, 1.5625, want, 1e-5);
  });

  check('the gradient is λ·w, one tensor per weight tensor', 2, () => {
    const weights = sample();
    const { grads } = penaltyResult(l2PenaltyGradient(weights, 0.1), weights, sampleCall);
    const want = `${sampleCall}: grads should be λ·w = [[[0.1, 0.2], [0.3, 0.4]], [-0.1, 0.05]]`;
    if (near(grads[0], [0.2, 0.4, 0.6, 0.8])) fail(`${want}; got ${fmt(grads[0])} for the first tensor, which is 2λ·w — the ½ in (λ/2)·Σw² cancels the 2 of the derivative of w²`);
    if (near(grads[0], [0.05, 0.1, 0.15, 0.2])) fail(`${want}; got ${fmt(grads[0])} for the first tensor, which is (λ/2)·w — the derivative of (λ/2)·w² is λ·w`);
    expectValues(grads[0], [[0.1, 0.2], [0.3, 0.4]], `${want} (first tensor)`, 1e-5);
    expectValues(grads[1], [-0.1, 0.05], `${want} (second tensor)`, 1e-5);
  });

  check("agrees with the library's l2Penalty and its gradient by autodiff", 1, () => {
    const weights = [tf.randomNormal([3, 4], 0, 1, 'float32', 1), tf.randomNormal([4], 0, 1, 'float32', 2), tf.randomNormal([2, 2, 2], 0, 1, 'float32', 3)];
    const call = 'l2PenaltyGradient(three random tensors, 0.3)';
    const { penalty, grads } = penaltyResult(l2PenaltyGradient(weights, 0.3), weights, call);
    const reference = l2Penalty(weights, 0.3).dataSync()[0];
    expectTrue(Math.abs(penalty.dataSync()[0] - reference) <= 1e-4 * Math.max(1, reference), `${call}: the penalty should equal the library's l2Penalty, ${fmt(reference)}; got ${fmt(penalty)} — (λ/2)·Σw², summed over every tensor`);
    const autodiff = tf.grads((...ws: tf.Tensor[]) => l2Penalty(ws, 0.3))(weights);
    autodiff.forEach((g, i) => {
      const worst = tf.max(tf.abs(tf.sub(g, grads[i]))).dataSync()[0];
      expectTrue(worst <= 1e-5, `${call}: grads[${i}] should equal the gradient tf.grads finds for the penalty; they differ by up to ${fmt(worst)} — the gradient of (λ/2)·Σw² is λ·w`);
    });
  });

  check('λ = 0 gives a zero penalty and zero gradients', 1, () => {
    const weights = sample();
    const call = 'l2PenaltyGradient([[[1, 2], [3, 4]], [-1, 0.5]], 0)';
    const { penalty, grads } = penaltyResult(l2PenaltyGradient(weights, 0), weights, call);
    expectValues(penalty, 0, `${call}: with λ = 0 the penalty should be 0`, 1e-7);
    expectValues(grads[1], [0, 0], `${call}: with λ = 0 the gradients should be 0`, 1e-7);
  });

  check('throws a RangeError for a negative λ', 1, () => {
    const weights = sample();
    expectThrows(() => l2PenaltyGradient(weights, -0.1), RangeError, 'l2PenaltyGradient(weights, -0.1) should throw a RangeError: a negative λ would reward large weights — check lambda at the top, before any tensor is made');
  });

  check('leaves the weights as they were', 1, () => {
    const weights = sample();
    const result = penaltyResult(l2PenaltyGradient(weights, 0.1), weights, sampleCall);
    expectTrue(weights.every((w) => !w.isDisposed), 'the weights should still be alive after l2PenaltyGradient (they belong to the caller); one was disposed — dispose only tensors you made yourself (tf.tidy does it for you)');
    expectTrue(!result.grads.some((g) => (weights as tf.Tensor[]).includes(g)), 'l2PenaltyGradient should return new gradient tensors; it returned one of the weights — compute λ·w, a new tensor');
    expectValues(weights[0], [[1, 2], [3, 4]], 'l2PenaltyGradient changed the weights in place: they should still be [[1, 2], [3, 4]]');
  });

  check('leaks no tensors', 1, () => {
    const weights = sample();
    expectNoLeak('l2PenaltyGradient', () => l2PenaltyGradient(weights, 0.1));
  });
});

exercise(2, 'decoupledDecayStep', () => {
  const step = (w: tf.Tensor, u: tf.Tensor, options: Solution.DecoupledDecayOptions, call: string): tf.Tensor => {
    const next = expectTensor(decoupledDecayStep(w, u, options), call);
    if (next.shape.join(',') !== w.shape.join(',')) fail(`${call} should return a tensor shaped like w, [${w.shape.join(', ')}]; got [${next.shape.join(', ')}] — w·(1 − η·λ) − η·u is elementwise`);
    return next;
  };

  check('with λ = 0 it is the plain step w − η·u', 1, () => {
    const call = 'decoupledDecayStep(w = [1, 2], u = [0.5, -1], { learningRate: 0.1, weightDecay: 0 })';
    const next = step(tf.tensor1d([1, 2]), tf.tensor1d([0.5, -1]), { learningRate: 0.1, weightDecay: 0 }, call);
    if (near(next, [1.05, 1.9])) fail(`${call} should move against u: w − η·u = [0.95, 2.1]; got [1.05, 1.9] — subtract η·u`);
    expectValues(next, [0.95, 2.1], `${call} should be w − η·u = [0.95, 2.1]`, 1e-5);
  });

  check('with u = 0 it only shrinks w by the factor 1 − η·λ', 2, () => {
    // (1 − 0.1·0.5) = 0.95: [1, -2, 4] → [0.95, -1.9, 3.8].
    const call = 'decoupledDecayStep(w = [1, -2, 4], u = 0, { learningRate: 0.1, weightDecay: 0.5 })';
    const next = step(tf.tensor1d([1, -2, 4]), tf.zeros([3]), { learningRate: 0.1, weightDecay: 0.5 }, call);
    const want = `${call} should shrink w to w·(1 − η·λ) = 0.95·w = [0.95, -1.9, 3.8]`;
    if (near(next, [0.5, -1, 2])) fail(`${want}; got ${fmt(next)}, which is w·(1 − λ) — the decay is scaled by η too: w·(1 − η·λ)`);
    if (near(next, [1, -2, 4])) fail(`${want}; got w unchanged — apply the decay, even when u is 0`);
    if (near(next, [1.05, -2.1, 4.2])) fail(`${want}; got ${fmt(next)}, which grew — multiply by 1 − η·λ, not 1 + η·λ`);
    expectValues(next, [0.95, -1.9, 3.8], want, 1e-5);
  });

  check('decays the weights as they were before the step', 1, () => {
    // w·(1 − ηλ) − η·u = 0.75 − 0.5 = 0.25; decaying after the step would give (1 − 0.5)·(1 − 0.25) = 0.375.
    const call = 'decoupledDecayStep(w = [1], u = [1], { learningRate: 0.5, weightDecay: 0.5 })';
    const next = step(tf.tensor1d([1]), tf.tensor1d([1]), { learningRate: 0.5, weightDecay: 0.5 }, call);
    const want = `${call} should give w·(1 − η·λ) − η·u = 0.75 − 0.5 = [0.25]`;
    if (near(next, [0.375])) fail(`${want}; got [0.375] — you shrank the weights after the step, (w − η·u)·(1 − η·λ); decay the old w: w − η·(u + λ·w)`);
    expectValues(next, [0.25], want, 1e-5);
  });

  check('with SGD (u = g) it is exactly the L2 step w − η·(g + λ·w)', 1, () => {
    const w = tf.randomNormal([3, 3], 0, 1, 'float32', 4);
    const g = tf.randomNormal([3, 3], 0, 1, 'float32', 5);
    const options = { learningRate: 0.3, weightDecay: 0.2 };
    const next = step(w, g, options, 'decoupledDecayStep(random w, u = g, { learningRate: 0.3, weightDecay: 0.2 })');
    const l2Step = tf.sub(w, tf.mul(tf.add(g, tf.mul(w, 0.2)), 0.3));
    const worst = tf.max(tf.abs(tf.sub(next, l2Step))).dataSync()[0];
    expectTrue(worst <= 1e-5, `with u = g, your step should equal the L2 (coupled) step w − η·(g + λ·w); they differ by up to ${fmt(worst)} — the checks above say which part differs: w·(1 − η·λ) − η·u`);
  });

  check("with Adam's direction it matches the library's adamw over 20 steps", 2, () => {
    const options = { learningRate: 0.05, weightDecay: 0.3 };
    const start = tf.tensor2d([[1, -2, 0.5], [3, -0.1, 2]]);
    const variable = tf.variable(start.clone());
    const library = adamw(options);
    const direction = scaleByAdam(); // u = m̂/(√v̂ + ε), with no decay in it
    let w: tf.Tensor = start.clone();
    let state = direction.init({ p: w });
    try {
      for (let k = 0; k < 20; k++) {
        const g = tf.tensor2d([0, 1, 2, 3, 4, 5].map((i) => Math.sin(1.3 * k + i) * (i + 1)), [2, 3]);
        const { updates, state: next } = direction.update({ p: g }, state, { p: w }, k);
        const stepped = step(w, updates.p, options, `decoupledDecayStep at step ${k + 1}`);
        library.applyGradients({ [variable.name]: g });
        tf.dispose([state, w, g, updates]);
        state = next;
        w = stepped;
      }
      const worst = tf.max(tf.abs(tf.sub(w, variable))).dataSync()[0];
      expectTrue(worst <= 1e-4, `with u = Adam's direction m̂/(√v̂ + ε), 20 of your steps (η = 0.05, λ = 0.3) should land where adamw does; they differ by up to ${fmt(worst)} (yours ${fmt(w)}, adamw's ${fmt(variable)}) — the checks above say which part differs: w·(1 − η·λ) − η·u`);
    } finally {
      tf.dispose([variable, state, w]);
      library.dispose();
    }
  });

  check('returns a new tensor and leaves w and u as they were', 1, () => {
    const w = tf.tensor1d([1, 2]);
    const u = tf.tensor1d([1, 1]);
    const next = expectTensor(decoupledDecayStep(w, u, { learningRate: 0.1, weightDecay: 0.1 }), 'decoupledDecayStep');
    expectTrue(!w.isDisposed && !u.isDisposed, 'w and u should still be alive after decoupledDecayStep (they belong to the caller); one was disposed — dispose only tensors you made yourself (tf.tidy does it for you)');
    expectTrue(next !== w, 'decoupledDecayStep should return a new tensor; it returned w itself — return the result of w·(1 − η·λ) − η·u');
    expectValues(w, [1, 2], 'decoupledDecayStep changed w in place: it should still be [1, 2]');
  });

  check('leaks no tensors', 1, () => {
    const w = tf.tensor1d([1, 2, 3]);
    const u = tf.tensor1d([0.5, -1, 2]);
    expectNoLeak('decoupledDecayStep', () => decoupledDecayStep(w, u, { learningRate: 0.1, weightDecay: 0.1 }));
  });
});
