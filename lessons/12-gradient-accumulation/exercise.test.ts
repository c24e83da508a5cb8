/**
 * Grader for lesson 12. Run it with `npm run grade -- 12` (your exercise.ts) or
 * `npm run grade -- 12 --solution` (the reference). Each check tests one idea.
 */
import * as tf from '@tensorflow/tfjs';
import { sgd } from '../../src/index';
import { check, exercise, expectEqual, expectNoLeak, expectTensor, expectThrows, expectTrue, expectValues, fail, fmt, load } from '../grading';
import type * as Solution from './solution';

const { averageGradients, createAccumulator } = await load<typeof Solution>(import.meta.url);

/** The learner's result, checked to be a map holding a live tensor under each expected name. */
function checkedMap(value: unknown, names: string[], call: string): tf.NamedTensorMap {
  if (typeof value !== 'object' || value === null) fail(`${call} should return a map { name: tensor }; got ${fmt(value)} — one entry per name of the first map`);
  for (const n of names) expectTensor((value as Record<string, unknown>)[n], `${call}.${n}`);
  return value as tf.NamedTensorMap;
}

exercise(1, 'averageGradients', () => {
  check('averages the tensors under each name', 2, () => {
    const maps = [{ w: tf.tensor1d([2, 4]), b: tf.tensor1d([1]) }, { w: tf.tensor1d([0, 2]), b: tf.tensor1d([3]) }];
    const mean = checkedMap(averageGradients(maps), ['w', 'b'], 'averageGradients([{ w: [2, 4], b: [1] }, { w: [0, 2], b: [3] }])');
    expectValues(mean.w, [1, 3], 'the mean of w = [2, 4] and w = [0, 2] should be [1, 3] — add the tensors under each name, then divide by the number of maps');
    expectValues(mean.b, [2], 'the mean of b = [1] and b = [3] should be [2] — average every name, not only the first');
  });

  check('divides by the number of maps k (1 and 3 too)', 1, () => {
    const one = checkedMap(averageGradients([{ w: tf.tensor1d([5]) }]), ['w'], 'averageGradients of one map');
    expectValues(one.w, [5], 'the mean of a single map is that map: [5]');
    const three = checkedMap(averageGradients([1, 2, 6].map((v) => ({ w: tf.tensor1d([v]) }))), ['w'], 'averageGradients of three maps');
    expectValues(three.w, [3], 'the mean of 1, 2 and 6 is 3 (divide by k = 3, not by 2)');
  });

  check('returns new tensors and leaves the inputs alive', 1, () => {
    const g = { w: tf.tensor1d([1, 2]) };
    const mean = checkedMap(averageGradients([g, g]), ['w'], 'averageGradients([g, g])');
    expectTrue(!g.w.isDisposed, 'the input gradients should still be alive after averageGradients (the caller owns them); one was disposed — dispose only tensors you made yourself (tf.tidy does it for you)');
    expectTrue(mean.w !== g.w, 'averageGradients should return new tensors, not the input ones; it returned an input — even for one map, return a new tensor (the mean)');
  });

  check('leaks no tensors', 1, () => {
    const maps = [1, 2, 3].map((v) => ({ w: tf.tensor2d([[v, v]]), b: tf.tensor1d([v]) }));
    expectNoLeak('averageGradients', () => averageGradients(maps));
  });

  check('throws a RangeError for an empty list', 1, () => {
    expectThrows(() => averageGradients([]), RangeError, 'averageGradients([]) should throw a RangeError: there is no mean of no gradients — check maps.length at the top');
  });
});

/** A variable w (fresh name) and an SGD optimizer with η = 1, so w moves by exactly −(mean gradient). */
function setUp(values: number[], learningRate: number | ((step: number) => number) = 1) {
  const w = tf.tidy(() => tf.variable(tf.tensor1d(values)));
  const optimizer = sgd({ learningRate });
  const grad = (v: number[]) => ({ [w.name]: tf.tensor1d(v) });
  return { w, optimizer, grad };
}

exercise(2, 'createAccumulator', () => {
  check('applies nothing before the k-th call, then one update with the mean', 2, () => {
    const { w, optimizer, grad } = setUp([0, 0]);
    const acc = createAccumulator(optimizer, 3);
    const returned = [acc.add(grad([3, 6])), acc.add(grad([1, 2]))];
    expectEqual(returned, [false, false], `add should return false before the 3rd call (steps = 3) — return true only on the call that applies the update`);
    expectValues(w, [0, 0], 'after 2 of 3 micro-batches the weights should not have moved — call optimizer.applyGradients only on the steps-th add');
    const third = acc.add(grad([2, 4]));
    expectEqual(third, true, `the 3rd add should apply the update and return true — count the calls and apply on the steps-th`);
    expectValues(w, [-2, -4], 'with η = 1, w should move by −mean([3, 6], [1, 2], [2, 4]) = [−2, −4] (the mean, not the sum) — divide the sums by steps before applyGradients');
  });

  check('starts a new window after an update', 1, () => {
    const { w, optimizer, grad } = setUp([0]);
    const acc = createAccumulator(optimizer, 2);
    acc.add(grad([2]));
    acc.add(grad([4])); // w = −3
    acc.add(grad([10]));
    expectValues(w, [-3], 'the first add of a new window should not update (the old sums must be gone) — reset the sums and the count after an update');
    acc.add(grad([20]));
    expectValues(w, [-18], 'the second window\'s update should be −mean(10, 20) = −15, so w = −3 − 15 = −18 (start the sum from nothing after an update) — reset the sums after an update');
  });

  check('calls the optimizer once per update (a schedule sees updates, not micro-batches)', 1, () => {
    const seen: number[] = [];
    const { optimizer, grad } = setUp([0], (step) => (seen.push(step), 0.1));
    const acc = createAccumulator(optimizer, 4);
    for (let i = 0; i < 8; i++) acc.add(grad([1]));
    expectEqual(optimizer.iterations, 2, `8 micro-batches with steps = 4 should be 2 updates; the optimizer applied ${optimizer.iterations} — call applyGradients once per window of steps adds`);
    expectEqual([...new Set(seen)], [0, 1], `the schedule should be asked for updates 0 and 1 only; it was asked for ${fmt([...new Set(seen)])} — call applyGradients once per window, not once per add`);
  });

  check('keeps working when the caller frees its gradients after add', 1, () => {
    const { w, optimizer, grad } = setUp([0]);
    const acc = createAccumulator(optimizer, 2);
    const g1 = grad([2]);
    acc.add(g1);
    tf.dispose(Object.values(g1)); // the caller's tensors are gone: keep a clone or a sum of your own
    const g2 = grad([4]);
    acc.add(g2);
    expectValues(w, [-3], 'w should move by −mean(2, 4) = −3 even though the first gradient was disposed after add (store a tf.clone, not the caller\'s tensor) — keep your own copy (tf.clone or a new sum) of what add receives');
  });

  check('leaks no tensors: nothing is held after an update', 1, () => {
    const { optimizer, grad } = setUp([0, 0]);
    const acc = createAccumulator(optimizer, 3);
    const grads = [grad([1, 2]), grad([3, 4]), grad([5, 6])];
    expectNoLeak('createAccumulator (a full window of 3 adds)', () => {
      for (const g of grads) acc.add(g);
    });
  });

  check('throws a RangeError for steps that is not an integer ≥ 1', 1, () => {
    const optimizer = sgd({ learningRate: 0.1 });
    expectThrows(() => createAccumulator(optimizer, 0), RangeError, 'createAccumulator(optimizer, 0) should throw a RangeError: at least one micro-batch per update — check steps at the top');
    expectThrows(() => createAccumulator(optimizer, 2.5), RangeError, 'createAccumulator(optimizer, 2.5) should throw a RangeError: steps must be an integer — check Number.isInteger(steps) at the top');
  });
});
