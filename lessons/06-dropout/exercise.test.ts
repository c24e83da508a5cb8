/**
 * Grader for lesson 06. Run it with `npm run grade -- 06` (your exercise.ts) or
 * `npm run grade -- 06 --solution` (the reference). Each check tests one idea.
 */
import * as tf from '@tensorflow/tfjs';
import { dropout } from '../../src/index';
import { check, exercise, expectNoLeak, expectTensor, expectThrows, expectTrue, fail, fmt, load } from '../grading';
import type * as Solution from './solution';

const { invertedDropout } = await load<typeof Solution>(import.meta.url);

/** The learner's output for `x`, checked to be a tensor of x's shape; its values as an array. */
function run(x: tf.Tensor, settings: Solution.DropoutSettings, call: string): Float32Array {
  const y = expectTensor(invertedDropout(x, settings), call);
  if (y.shape.join() !== x.shape.join()) fail(`${call} should have the input's shape ${fmt(x.shape)}; got ${fmt(y.shape)} — draw the mask with x.shape and multiply elementwise`);
  return y.dataSync() as Float32Array;
}

exercise(1, 'invertedDropout', () => {
  check('inference returns the input unchanged, as a new tensor', 2, () => {
    const x = tf.tensor2d([[1, -2, 3], [0.5, 4, -6]]);
    const call = 'invertedDropout(x, { rate: 0.5, training: false })';
    const y = expectTensor(invertedDropout(x, { rate: 0.5, training: false }), call);
    expectTrue(y !== x, `${call} should return a new tensor; it returned x itself — return tf.clone(x): the caller disposes what you return`);
    const values = run(x, { rate: 0.5, training: false }, call);
    expectTrue(Array.from(values).join() === '1,-2,3,0.5,4,-6',
      `in inference nothing is dropped or rescaled: ${call} should equal x = [[1, -2, 3], [0.5, 4, -6]]; got ${fmt(Array.from(values))} — when training is false, return tf.clone(x)`);
  });

  check('in training every unit is either dropped (0) or scaled by 1/(1 − p)', 2, () => {
    const x = tf.linspace(1, 2, 200);
    const call = 'invertedDropout(x, { rate: 0.25, training: true, seed: 1 })';
    const y = run(x, { rate: 0.25, training: true, seed: 1 }, call);
    const xs = x.dataSync();
    const bad = Array.from(y).findIndex((v, i) => v !== 0 && Math.abs(v - xs[i] / 0.75) > 1e-5 * xs[i]);
    if (bad >= 0) {
      const ratio = y[bad] / xs[bad];
      const hint = Math.abs(ratio - 1) < 1e-6 ? ' — kept units must be divided by 1 − p (this is what makes it "inverted")'
        : Math.abs(ratio - 0.75) < 1e-6 ? ' — divide by 1 − p, do not multiply' : ' — a unit is either 0 or x / (1 − p): check the mask (0 or 1) and the division';
      fail(`with p = 0.25 a kept unit x should become x / 0.75; unit ${bad} went from ${fmt(xs[bad])} to ${fmt(y[bad])}${hint}`);
    }
    expectTrue(y.some((v) => v === 0), `with p = 0.25 some of 200 units should be dropped (set to 0); none were — keep a unit where u ≥ p, drop it (0) where u < p`);
  });

  check('keeps a fraction 1 − p of the units', 1, () => {
    for (const rate of [0.2, 0.6]) {
      const y = run(tf.ones([20_000]), { rate, training: true, seed: 2 }, `invertedDropout(tf.ones([20000]), { rate: ${rate}, training: true })`);
      const kept = y.filter((v) => v !== 0).length / y.length;
      expectTrue(Math.abs(kept - (1 - rate)) < 0.02,
        `with p = ${rate} about ${1 - rate} of the units should be kept; ${fmt(kept)} were — keep a unit when u ≥ p (u uniform in [0, 1))`);
    }
  });

  check('preserves the mean in training: E[y] = x', 1, () => {
    const y = run(tf.fill([20_000], 3), { rate: 0.4, training: true, seed: 3 }, 'invertedDropout(3s, { rate: 0.4, training: true })');
    const mean = y.reduce((s, v) => s + v, 0) / y.length;
    expectTrue(Math.abs(mean - 3) < 0.1, `20,000 units of value 3 with p = 0.4 should still average about 3 after dropout; the mean was ${fmt(mean)} — divide the kept units by 1 − p`);
  });

  check('the same seed draws the same mask as the library’s dropout', 1, () => {
    const x = tf.linspace(-1, 1, 50);
    const a = run(x, { rate: 0.5, training: true, seed: 7 }, 'invertedDropout(x, { rate: 0.5, training: true, seed: 7 })');
    const b = run(x, { rate: 0.5, training: true, seed: 7 }, 'invertedDropout(x, { rate: 0.5, training: true, seed: 7 }) a second time');
    expectTrue(Array.from(a).join() === Array.from(b).join(), 'two calls with seed 7 should drop the same units — pass the seed to tf.randomUniform');
    const library = Array.from(dropout(x, { rate: 0.5, training: true, seed: 7 }).dataSync());
    const same = Array.from(a).every((v, i) => Math.abs(v - library[i]) <= 1e-6);
    expectTrue(same, `with seed 7 your output should equal the library's dropout (draw u = tf.randomUniform(x.shape, 0, 1, 'float32', seed), keep u ≥ p); yours ${fmt(Array.from(a))}, library ${fmt(library)} — check the draw (shape, range 0 to 1, float32, the seed) and the rule u ≥ p`);
  });

  check('rejects a rate outside [0, 1) with a RangeError', 1, () => {
    const x = tf.ones([3]);
    expectThrows(() => invertedDropout(x, { rate: 1, training: true }), RangeError, 'invertedDropout with rate 1 should throw a RangeError (it would divide by 1 − p = 0) — check rate at the top: it must be in [0, 1)');
    expectThrows(() => invertedDropout(x, { rate: -0.1, training: true }), RangeError, 'invertedDropout with rate -0.1 should throw a RangeError — check rate at the top: it must be in [0, 1)');
  });

  check('leaks no tensors', 1, () => {
    const x = tf.ones([100]);
    expectNoLeak('invertedDropout (training)', () => invertedDropout(x, { rate: 0.3, training: true, seed: 1 }));
    expectNoLeak('invertedDropout (inference)', () => invertedDropout(x, { rate: 0.3, training: false }));
  });
});
