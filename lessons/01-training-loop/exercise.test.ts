/**
 * Grader for lesson 01. Run it with `npm run grade -- 01` (your exercise.ts) or
 * `npm run grade -- 01 --solution` (the reference). Each check tests one idea.
 */
import * as tf from '@tensorflow/tfjs';
import { isDeepStrictEqual } from 'node:util';
import { check, exercise, expectEqual, expectNoLeak, expectTensor, expectThrows, expectTrue, expectValues, fail, fmt, load } from '../grading';
import type * as Solution from './solution';

const { gradientDescentStep, miniBatches } = await load<typeof Solution>(import.meta.url);

exercise(1, 'gradientDescentStep', () => {
  check('moves w against the gradient by η·∇L', 2, () => {
    const w = tf.tensor1d([1, 2, 3]);
    const g = tf.tensor1d([0.5, -1, 2]);
    const call = 'gradientDescentStep(w = [1, 2, 3], ∇L = [0.5, -1, 2], η = 0.1)';
    const next = expectTensor(gradientDescentStep(w, g, 0.1), call);
    const got = fmt(next);
    if (got === '[1.05, 1.9, 3.2]') fail(`${call} should return w − η·∇L = [0.95, 2.1, 2.8]; got ${got}, which is w + η·∇L — step against the gradient (minus sign)`);
    if (got === '[0.5, 3, 1]') fail(`${call} should return w − η·∇L = [0.95, 2.1, 2.8]; got ${got}, which is w − ∇L — scale the gradient by η`);
    expectValues(next, [0.95, 2.1, 2.8], `${call} should return w − η·∇L = [0.95, 2.1, 2.8]`);
  });

  check('works for w of any shape (a 2×2 matrix)', 1, () => {
    const w = tf.tensor2d([[1, 2], [3, 4]]);
    const g = tf.ones([2, 2]);
    const next = expectTensor(gradientDescentStep(w, g, 0.5), 'gradientDescentStep on a 2×2 w');
    expectValues(next, [[0.5, 1.5], [2.5, 3.5]], 'with w = [[1, 2], [3, 4]], ∇L = all ones and η = 0.5, the step should give [[0.5, 1.5], [2.5, 3.5]]');
  });

  check('returns a new tensor and leaves w and ∇L as they were', 1, () => {
    const w = tf.tensor1d([1, 2]);
    const g = tf.tensor1d([1, 1]);
    const next = gradientDescentStep(w, g, 0.1);
    expectTrue(!w.isDisposed && !g.isDisposed, 'w and ∇L should still be alive after the step (they belong to the caller); gradientDescentStep disposed one — dispose only tensors you made yourself (tf.tidy does it for you)');
    expectTrue(next !== w, 'gradientDescentStep should return a new tensor; it returned w itself — return params.sub(…), a new tensor holding w − η·∇L');
    expectValues(w, [1, 2], 'gradientDescentStep changed w in place: w should still be [1, 2]');
    expectValues(g, [1, 1], 'gradientDescentStep changed ∇L: it should still be [1, 1]');
  });

  check('fits a line: 100 steps bring w to the best slope', 1, () => {
    // L(w) = mean((w·x − y)²) with y = 3x: the minimum is at w = 3.
    const x = tf.tensor1d([-1, -0.5, 0, 0.5, 1]);
    const y = x.mul(3);
    const gradOfLoss = tf.grad((w: tf.Tensor) => tf.mean(tf.square(x.mul(w).sub(y))));
    let w: tf.Tensor = tf.scalar(0);
    for (let step = 0; step < 100; step++) {
      const g = gradOfLoss(w);
      const next = expectTensor(gradientDescentStep(w, g, 0.3), `gradientDescentStep at step ${step}`);
      tf.dispose([w, g]);
      w = next;
    }
    const slope = w.dataSync()[0];
    expectTrue(Math.abs(slope - 3) < 1e-3, `after 100 steps with η = 0.3 on y = 3x starting from w = 0, w should be ≈ 3; got ${fmt(slope)} — check the sign of the step (w − η·∇L) and that the step returns the new w`);
  });

  check('leaks no tensors', 1, () => {
    const w = tf.tensor1d([1, 2, 3]);
    const g = tf.tensor1d([0.5, -1, 2]);
    expectNoLeak('gradientDescentStep', () => gradientDescentStep(w, g, 0.1));
  });
});

/** Checks that `batches` is a number[][]; returns the batch sizes. */
function sizesOf(batches: unknown, call: string): number[] {
  const ok = Array.isArray(batches) && batches.every((b) => Array.isArray(b) && b.every((i) => Number.isInteger(i)));
  if (!ok) fail(`${call} should return an array of index arrays (number[][]); got ${fmt(batches)} — push each batch (an array of indices) into one array and return it`);
  return (batches as number[][]).map((batch) => batch.length);
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

exercise(2, 'miniBatches', () => {
  check('covers every index exactly once', 2, () => {
    for (const [n, batchSize] of [[10, 3], [7, 7], [5, 10]]) {
      const call = `miniBatches(${n}, ${batchSize})`;
      const batches = miniBatches(n, batchSize);
      sizesOf(batches, call);
      const counts = new Map<number, number>();
      for (const i of batches.flat()) counts.set(i, (counts.get(i) ?? 0) + 1);
      const missing = range(n).filter((i) => !counts.has(i));
      const twice = [...counts].filter(([, count]) => count > 1).map(([i]) => i);
      const foreign = [...counts.keys()].filter((i) => i < 0 || i >= n);
      if (missing.length > 0) fail(`${call} should hold each index 0…${n - 1} exactly once; missing ${fmt(missing)} — check that the loop runs up to n and that the last, shorter batch is kept`);
      if (twice.length > 0) fail(`${call} should hold each index 0…${n - 1} exactly once; repeated ${fmt(twice)} — check where each batch starts and ends: batch k holds positions k·batchSize up to (k + 1)·batchSize − 1`);
      if (foreign.length > 0) fail(`${call} should hold only indices 0…${n - 1}; got ${fmt(foreign)} — check that the loop stops at n`);
    }
  });

  check('makes batches of batchSize, the last one holding the rest', 1, () => {
    for (const [n, batchSize, sizes] of [[10, 3, [3, 3, 3, 1]], [12, 4, [4, 4, 4]], [5, 10, [5]]] as const) {
      const call = `miniBatches(${n}, ${batchSize})`;
      expectEqual(sizesOf(miniBatches(n, batchSize), call), [...sizes], `${call} should make batches of sizes ${fmt(sizes)}`);
    }
  });

  check('keeps the indices in order without a seed', 1, () => {
    expectEqual(miniBatches(5, 2), [[0, 1], [2, 3], [4]], 'miniBatches(5, 2) should be [[0, 1], [2, 3], [4]]');
  });

  check('shuffles the indices when given a seed', 1, () => {
    const shuffled = miniBatches(100, 10, 42);
    sizesOf(shuffled, 'miniBatches(100, 10, 42)');
    expectEqual([...shuffled.flat()].sort((a, b) => a - b), range(100), 'miniBatches(100, 10, 42) should hold each index 0…99 exactly once (sorted)');
    expectTrue(!shuffled.flat().every((i, k) => i === k), 'miniBatches(100, 10, 42) should shuffle the indices; they came out in order 0…99 — with a seed, take the order from new Random(seed).permutation(n)');
  });

  check('gives the same batches for the same seed, others for another seed', 1, () => {
    const first = miniBatches(100, 10, 42);
    expectTrue(isDeepStrictEqual(miniBatches(100, 10, 42), first), 'calling miniBatches(100, 10, 42) twice should give the same batches; it gave different ones — shuffle with new Random(seed), not Math.random');
    expectTrue(!tf.util.arraysEqual(miniBatches(100, 10, 7).flat(), first.flat()), 'seeds 7 and 42 should give different orders; they gave the same — pass the seed to new Random(seed)');
  });

  check('rejects a batchSize that is not an integer ≥ 1 with a RangeError', 1, () => {
    for (const batchSize of [0, -1, 2.5]) {
      expectThrows(() => miniBatches(10, batchSize), RangeError, `miniBatches(10, ${batchSize}) should throw a RangeError: a batch size is a whole number ≥ 1 — check batchSize at the top, before the loop`);
    }
  });
});
