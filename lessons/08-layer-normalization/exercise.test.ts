/**
 * Grader for lesson 08. Run it with `npm run grade -- 08` (your exercise.ts) or
 * `npm run grade -- 08 --solution` (the reference). Each check tests one idea; the expected
 * numbers are worked out in the comments (ε = 1e-5 unless stated).
 */
import * as tf from '@tensorflow/tfjs';
import { layerNorm } from '../../src/index';
import { check, exercise, expectNoLeak, expectTensor, expectTrue, expectValues, fail, fmt, load } from '../grading';
import type * as Solution from './solution';

const { layerNormForward } = await load<typeof Solution>(import.meta.url);

/** True when the tensor holds `expected` (flattened) within `tol`. */
function near(actual: tf.Tensor, expected: number[], tol = 1e-4): boolean {
  const got = actual.dataSync();
  return got.length === expected.length && expected.every((want, i) => Math.abs(got[i] - want) <= tol * Math.max(1, Math.abs(want)));
}

/** The learner's output, checked to be a live tensor shaped like the input. */
function output(value: unknown, input: tf.Tensor, call: string): tf.Tensor {
  const y = expectTensor(value, call);
  if (y.shape.join(',') !== input.shape.join(',')) {
    fail(`${call} should return a tensor shaped like x, [${input.shape.join(', ')}]; got shape [${y.shape.join(', ')}] — normalize, but keep every value (use keepDims in tf.mean so the statistics broadcast back)`);
  }
  return y;
}

exercise(1, 'layerNormForward', () => {
  check('normalizes each row with its own mean and variance (over the last axis)', 2, () => {
    // Row 1: μ̂ = 4, σ̂² = (9 + 4 + 1 + 36)/4 = 12.5, x̂ = (x − 4)/√12.50001 = [-0.8485, -0.5657, -0.2828, 1.697].
    // Row 2: μ̂ = 3.5, σ̂² = 8.75, x̂ = [0.169, -1.183, 1.521, -0.5071].
    const x = tf.tensor2d([[1, 2, 3, 10], [4, 0, 8, 2]]);
    const call = 'layerNormForward([[1, 2, 3, 10], [4, 0, 8, 2]])';
    const y = output(layerNormForward(x), x, call);
    const want = `${call} should normalize each row on its own: [[-0.8485, -0.5657, -0.2828, 1.697], [0.169, -1.183, 1.521, -0.5071]]`;
    const columnMeans = Array.from(tf.mean(y, 0).dataSync());
    if (columnMeans.every((m) => Math.abs(m) < 1e-3)) fail(`${want}; got ${fmt(y)}, whose columns have mean 0 — that is batch norm: you took the statistics of each column, over the batch (axis 0). Layer norm takes them over each row's features, the last axis (x.rank - 1)`);
    if (near(y, [-0.8412, -0.5353, -0.2294, 1.912, 0.07647, -1.147, 1.3, -0.5353])) fail(`${want}; got ${fmt(y)} — you used one mean and variance for the whole tensor. Take them per row: tf.mean(x, lastAxis, true)`);
    expectValues(y, [[-0.8485278, -0.5656852, -0.2828426, 1.697056], [0.1690308, -1.183215, 1.521277, -0.5070923]], want, 1e-4);
  });

  check('uses the biased variance: divides by C, not C − 1', 1, () => {
    // μ̂ = 1, σ̂² = (1 + 1)/2 = 1: x̂ = ∓1/√(1 + 1e-5) = ∓0.999995. With C − 1: σ̂² = 2, x̂ = ∓0.7071.
    const x = tf.tensor2d([[0, 2]]);
    const call = 'layerNormForward([[0, 2]])';
    const y = output(layerNormForward(x), x, call);
    const want = `${call} should give (x − 1)/√(1 + ε) = [[-1, 1]] (to 5 digits): σ̂² = ((0 − 1)² + (2 − 1)²)/2 = 1`;
    if (near(y, [-0.7071068, 0.7071068])) fail(`${want}; got ${fmt(y)} — that is the unbiased variance (divided by C − 1 = 1). Layer norm, like PyTorch's, divides by C: tf.mean of the squared deviations`);
    expectValues(y, [[-0.999995, 0.999995]], want, 1e-4);
  });

  check('adds ε to the variance, inside the square root', 1, () => {
    // ε = 1: x̂ = ∓1/√(1 + 1) = ∓0.7071. Outside the root: ∓1/(1 + 1) = ∓0.5. Ignored: ∓1.
    const x = tf.tensor2d([[0, 2]]);
    const call = 'layerNormForward([[0, 2]], { epsilon: 1 })';
    const y = output(layerNormForward(x, { epsilon: 1 }), x, call);
    const want = `${call} should give (x − μ̂)/√(σ̂² + ε) = ∓1/√2 = [[-0.7071, 0.7071]]`;
    if (near(y, [-0.5, 0.5])) fail(`${want}; got ${fmt(y)} — ε went outside the square root, (x − μ̂)/(√σ̂² + ε). Add it to the variance first: √(σ̂² + ε)`);
    if (near(y, [-1, 1], 1e-3)) fail(`${want}; got ${fmt(y)} — the epsilon option was not used: divide by √(σ̂² + ε) with the given ε`);
    expectValues(y, [[-0.7071068, 0.7071068]], want, 1e-4);
  });

  check("uses PyTorch's default ε = 1e-5, so a constant row gives zeros, not NaN", 1, () => {
    // A constant row: σ̂² = 0, so x̂ = 0/√ε = 0. A tiny spread shows which ε: [0, 0.002] has σ̂² = 1e-6,
    // x̂ = ∓0.001/√(1e-6 + 1e-5) = ∓0.3015 with ε = 1e-5 (∓0.0316 with tfjs's 1e-3, ∓1 with none).
    const constant = tf.tensor2d([[3, 3, 3]]);
    const flat = output(layerNormForward(constant), constant, 'layerNormForward([[3, 3, 3]])');
    if (flat.dataSync().some((v) => !Number.isFinite(v))) fail(`layerNormForward([[3, 3, 3]]) should give [[0, 0, 0]] (its variance is 0, and ε keeps the division finite); got ${fmt(flat)} — add ε to the variance, with the default ε = 1e-5 when the option is left out`);
    expectValues(flat, [[0, 0, 0]], 'layerNormForward([[3, 3, 3]]) should give [[0, 0, 0]]: every value equals the mean', 1e-6);
    const x = tf.tensor2d([[0, 0.002]]);
    const call = 'layerNormForward([[0, 0.002]]) with no options';
    const y = output(layerNormForward(x), x, call);
    const want = `${call} should use ε = 1e-5: ∓0.001/√(1e-6 + 1e-5) = [[-0.3015, 0.3015]]`;
    if (near(y, [-0.03160698, 0.03160698])) fail(`${want}; got ${fmt(y)}, which is ε = 1e-3 (tfjs's layerNormalization default). The course follows PyTorch — 1e-5`);
    if (near(y, [-1, 1], 1e-3)) fail(`${want}; got ${fmt(y)}, as if ε were 0 — default epsilon to 1e-5`);
    expectValues(y, [[-0.3015113, 0.3015113]], want, 1e-3);
  });

  check('scales by γ and shifts by β, one of each per feature', 1, () => {
    // x̂ rows: [-1.2247, 0, 1.2247] and [-1.019, -0.3397, 1.359]; y = γ·x̂ + β with γ = [1, 2, -1], β = [0, 1, 0.5].
    const x = tf.tensor2d([[1, 2, 3], [2, 4, 9]]);
    const gamma = tf.tensor1d([1, 2, -1]);
    const beta = tf.tensor1d([0, 1, 0.5]);
    const call = 'layerNormForward([[1, 2, 3], [2, 4, 9]], { gamma: [1, 2, -1], beta: [0, 1, 0.5] })';
    const y = output(layerNormForward(x, { gamma, beta }), x, call);
    const want = `${call} should give γ·x̂ + β = [[-1.225, 1, -0.7247], [-1.019, 0.3206, -0.8587]]`;
    if (near(y, [-1.224736, 0, 1.224736, -1.019049, -0.3396829, 1.358732], 1e-3)) fail(`${want}; got x̂ itself — multiply by gamma and add beta when they are given`);
    expectValues(y, [[-1.224736, 1, -0.7247357], [-1.019049, 0.3206342, -0.8587317]], want, 1e-4);
  });

  check('works for any rank: one vector [C], and a [B, T, C] batch of sequences', 1, () => {
    const v = tf.tensor1d([1, 2, 3]);
    const y1 = output(layerNormForward(v), v, 'layerNormForward([1, 2, 3]) (one sample, rank 1)');
    expectValues(y1, [-1.224736, 0, 1.224736], 'layerNormForward([1, 2, 3]) should normalize the vector itself: [-1.225, 0, 1.225]', 1e-4);
    // [2, 2, 3]: every one of the four positions normalized over its own 3 features.
    const x = tf.tensor3d([[[1, 2, 3], [0, 0, 6]], [[2, 4, 9], [-1, 1, -1]]]);
    const call = 'layerNormForward(x) with x of shape [2, 2, 3]';
    const y3 = output(layerNormForward(x), x, call);
    const expected = (layerNorm(x).arraySync() as number[][][]).flat(); // the 4 positions, [4, 3]
    expectValues(y3.reshape([4, 3]), expected, `${call} should normalize each of the 4 positions over its 3 features (the last axis, whatever the rank): ${fmt(expected)}`, 1e-4);
  });

  check("a sample's output does not depend on its batch (a batch of one included)", 1, () => {
    const alone = tf.tensor2d([[5, -1, 2, 0]]);
    const inBatch = tf.tensor2d([[5, -1, 2, 0], [100, 200, 300, 400], [0, 0, 0, 1]]);
    const yAlone = output(layerNormForward(alone), alone, 'layerNormForward(one sample, shape [1, 4])');
    const yBatch = output(layerNormForward(inBatch), inBatch, 'layerNormForward(the same sample in a batch of 3)');
    const first = Array.from(yBatch.dataSync()).slice(0, 4);
    const same = Array.from(yAlone.dataSync()).every((value, i) => Math.abs(value - first[i]) <= 1e-5);
    expectTrue(same, `the sample [5, -1, 2, 0] should give the same output alone as in a batch with two other samples (${fmt(first)}); alone it got ${fmt(yAlone)} — take its mean and variance over its own features only`);
  });

  check("matches the library's layerNorm (PyTorch's semantics) on random data", 1, () => {
    const x = tf.randomNormal([5, 7], 2, 3, 'float32', 1);
    const gamma = tf.randomNormal([7], 1, 0.5, 'float32', 2) as tf.Tensor1D;
    const beta = tf.randomNormal([7], 0, 1, 'float32', 3) as tf.Tensor1D;
    const y = output(layerNormForward(x, { gamma, beta, epsilon: 1e-3 }), x, 'layerNormForward(x [5, 7], { gamma, beta, epsilon: 1e-3 })');
    const reference = layerNorm(x, { gamma, beta, epsilon: 1e-3 });
    const worst = tf.max(tf.abs(tf.sub(y, reference))).dataSync()[0];
    expectTrue(worst < 1e-4, `on random x [5, 7] with random γ and β (ε = 1e-3), your output and the library's layerNorm should agree to 1e-4; they differ by up to ${fmt(worst)} — the checks above say which part differs`);
  });

  check('returns a new tensor and leaves x as it was', 1, () => {
    const x = tf.tensor2d([[1, 2, 3]]);
    const y = expectTensor(layerNormForward(x), 'layerNormForward([[1, 2, 3]])');
    expectTrue(!x.isDisposed, 'x should still be alive after layerNormForward (it belongs to the caller); it was disposed — dispose only tensors you made yourself (tf.tidy does it for you)');
    expectTrue(y !== x, 'layerNormForward should return a new tensor; it returned x itself — return the result of the tensor operations');
    expectValues(x, [[1, 2, 3]], 'layerNormForward changed x: it should still be [[1, 2, 3]]');
  });

  check('leaks no tensors', 1, () => {
    const x = tf.tensor2d([[1, 2, 3], [4, 5, 7]]);
    const gamma = tf.tensor1d([1, 2, 3]);
    const beta = tf.tensor1d([0, 0, 1]);
    expectNoLeak('layerNormForward', () => layerNormForward(x, { gamma, beta }));
  });
});
