/**
 * Grader for lesson 11. Run it with `npm run grade -- 11` (your exercise.ts) or
 * `npm run grade -- 11 --solution` (the reference). Each check tests one idea.
 */
import * as tf from '@tensorflow/tfjs';
import { check, exercise, expectNoLeak, expectTensor, expectThrows, expectTrue, expectValues, fail, fmt, load } from '../grading';
import type * as Solution from './solution';

const { clipByNorm, clipByValue } = await load<typeof Solution>(import.meta.url);

/** The learner's result, checked to be `{ grads: n tensors, totalNorm: number }`. */
function checkedResult(value: unknown, n: number, call: string): { grads: tf.Tensor[]; totalNorm: number } {
  const r = value as { grads?: unknown; totalNorm?: unknown } | null;
  if (typeof r !== 'object' || r === null || !Array.isArray(r.grads)) fail(`${call} should return { grads, totalNorm }; got ${fmt(value)} — return one object with the clipped tensors and the norm before clipping`);
  if (r.grads.length !== n) fail(`${call} should return ${n} clipped tensor${n === 1 ? '' : 's'}, one per gradient; got ${r.grads.length} — map over the gradients: one clipped tensor each`);
  r.grads.forEach((g, i) => expectTensor(g, `${call}.grads[${i}]`));
  if (typeof r.totalNorm !== 'number') fail(`${call}.totalNorm should be a number (read it from the backend); got ${fmt(r.totalNorm)} — read the norm tensor with dataSync()[0]`);
  return r as { grads: tf.Tensor[]; totalNorm: number };
}

exercise(1, 'clipByNorm', () => {
  check('leaves a gradient below the threshold unchanged', 1, () => {
    const r = checkedResult(clipByNorm([tf.tensor1d([0.3, 0.4])], 1), 1, 'clipByNorm([[0.3, 0.4]], 1)');
    expectValues(r.grads[0], [0.3, 0.4], 'a gradient of norm 0.5 clipped at 1 should pass unchanged (c = min(1/0.5, 1) = 1) — the factor is min(maxNorm / (n + 1e-6), 1): never above 1');
  });
  check('scales a long gradient to length maxNorm, keeping its direction', 2, () => {
    const r = checkedResult(clipByNorm([tf.tensor1d([3, 4])], 1), 1, 'clipByNorm([[3, 4]], 1)');
    const v = Array.from(r.grads[0].dataSync());
    if (Math.abs(v[0] - 1) < 1e-3 && Math.abs(v[1] - 1) < 1e-3) fail(`[3, 4] clipped by norm at 1 should be [0.6, 0.8] (the same direction, length 1); got ${fmt(v)} — that is clipping each value`);
    expectValues(r.grads[0], [0.6, 0.8], '[3, 4] (norm 5) clipped at 1 should be [3, 4]·1/5 = [0.6, 0.8] — multiply by maxNorm / (n + 1e-6), with n the L2 norm', 1e-5);
  });
  check('one norm over all the tensors together', 2, () => {
    const r = checkedResult(clipByNorm([tf.tensor1d([3]), tf.tensor1d([4])], 1), 2, 'clipByNorm([[3], [4]], 1)');
    const [a, b] = [r.grads[0].dataSync()[0], r.grads[1].dataSync()[0]];
    if (Math.abs(a - 1) < 1e-3 && Math.abs(b - 1) < 1e-3) fail(`the tensors [3] and [4] together have norm 5, so clipping at 1 should give [0.6] and [0.8]; got [${fmt(a)}] and [${fmt(b)}] — you clipped each tensor on its own`);
    expectTrue(Math.abs(a - 0.6) < 1e-5 && Math.abs(b - 0.8) < 1e-5, `[3] and [4] (global norm 5) clipped at 1 should be [0.6] and [0.8]; got [${fmt(a)}] and [${fmt(b)}] — one norm over all the tensors together: √(Σ of every tensor's Σg²)`);
  });
  check('returns the norm before clipping', 1, () => {
    const r = checkedResult(clipByNorm([tf.tensor2d([[3, 0], [0, 4]])], 1), 1, 'clipByNorm([[[3, 0], [0, 4]]], 1)');
    if (Math.abs(r.totalNorm - 1) < 1e-4) fail('totalNorm should be the norm before clipping, 5 (what is worth logging); got 1, the norm after — return the norm you measured, not the clipped one');
    expectTrue(Math.abs(r.totalNorm - 5) < 1e-4, `totalNorm of [[3, 0], [0, 4]] should be 5; got ${fmt(r.totalNorm)} — the L2 norm √(Σ g²) over every entry`);
  });
  check("adds PyTorch's 1e-6: zero stays zero, and a norm equal to maxNorm is still scaled by maxNorm / (n + 1e-6)", 1, () => {
    const zero = checkedResult(clipByNorm([tf.zeros([3])], 1), 1, 'clipByNorm([[0, 0, 0]], 1)');
    expectValues(zero.grads[0], [0, 0, 0], 'zero gradients should stay 0 (with n = 0, c = min(1/1e-6, 1) = 1; without the 1e-6 you divide by 0) — add 1e-6 to the norm in the denominator', 0);
    const edge = checkedResult(clipByNorm([tf.tensor1d([6, 8])], 10), 1, 'clipByNorm([[6, 8]], 10)');
    const v = edge.grads[0].dataSync();
    const want = Math.fround(6 * Math.fround(10 / (10 + 1e-6)));
    expectTrue(v[0] < 6 && Math.abs(v[0] - want) < 1e-6, `[6, 8] has norm exactly 10; clipped at 10, PyTorch still multiplies by 10 / (10 + 1e-6) < 1, so the first value should be ${want}; got ${fmt(v[0])} — always multiply by min(maxNorm / (n + 1e-6), 1), even at n = maxNorm`);
  });
  check('leaks no tensors', 1, () => {
    const g = [tf.tensor1d([3, 4]), tf.tensor1d([1])];
    expectNoLeak('clipByNorm', () => clipByNorm(g, 1));
  });
});

exercise(2, 'clipByValue', () => {
  check('clamps every element to [−clipValue, clipValue]', 2, () => {
    const out = clipByValue([tf.tensor1d([3, 0.5, -2]), tf.tensor2d([[-0.2, 7]])], 1);
    if (!Array.isArray(out) || out.length !== 2) fail(`clipByValue of 2 tensors should return 2 tensors; got ${fmt(out)} — map over the gradients: one clipped tensor each`);
    expectValues(expectTensor(out[0], 'clipByValue(…)[0]'), [1, 0.5, -1], '[3, 0.5, −2] clipped at 1 should be [1, 0.5, −1]: large values cut, small ones kept, the sign kept — clamp both sides: tf.minimum(tf.maximum(g, −c), c)');
    expectValues(expectTensor(out[1], 'clipByValue(…)[1]'), [[-0.2, 1]], '[[−0.2, 7]] clipped at 1 should be [[−0.2, 1]] (same shape) — clamp elementwise, keeping the shape');
  });
  check('rejects a clipValue that is not > 0', 1, () => {
    const g = [tf.tensor1d([1])];
    expectThrows(() => clipByValue(g, 0), RangeError, 'clipByValue(…, 0) should throw a RangeError (clipValue must be > 0) — check clipValue at the top');
    expectThrows(() => clipByValue(g, -1), RangeError, 'clipByValue(…, −1) should throw a RangeError (clipValue must be > 0) — check clipValue at the top');
  });
  check('leaks no tensors', 1, () => {
    const g = [tf.tensor1d([3, -3])];
    expectNoLeak('clipByValue', () => clipByValue(g, 1));
  });
});
