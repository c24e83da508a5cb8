/** Grader messages show values a learner can read: objects by their fields, functions by name. */
import { expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { diagnose, expectEqual, expectValues, fmt } from '../lessons/grading';

it('formats objects, functions, numbers and long arrays for learner-facing messages', () => {
  expect(fmt({ stop: false, best: 0.123456 })).toBe('{ stop: false, best: 0.1235 }');
  expect(fmt(function stepDecay() {})).toBe('a function (stepDecay)');
  expect(fmt(() => 1)).toBe('a function');
  expect(fmt([1, 2, 3], 2)).toBe('[1, 2, … (3 items)]');
  expect(fmt('x')).toBe('"x"');
});

it('a wrong value comes with the first thing to check: NaN, zeros, a flipped sign, a factor, an offset, the first entry that differs', () => {
  expect(diagnose([NaN, 1], [1, 1])).toMatch(/^it holds NaN/);
  expect(diagnose([0, 0], [1, 2])).toMatch(/^it is all zeros/);
  expect(diagnose([-1, 2], [1, -2])).toMatch(/opposite sign/);
  expect(diagnose([3, 6], [1, 2])).toBe('every value is 3× the expected one: check a scale factor');
  expect(diagnose([2, 3], [1, 2])).toBe('every value is off by 1: check a term added or left out');
  expect(diagnose([1, 5, 3], [1, 2, 3])).toBe('entry 1 is the first that differs (expected 2, got 5): work that entry out by hand');
});

it('expectValues and expectEqual say what was expected, what came and what to check, in that order', () => {
  const failure = (call: () => void): string => {
    try {
      call();
    } catch (error) {
      return (error as Error).message;
    }
    return 'no failure';
  };
  tf.tidy(() => {
    expect(failure(() => expectValues(tf.tensor1d([1.05, 1.9]), [0.95, 2.1], 'w should be [0.95, 2.1] — check the sign'))).toBe('w should be [0.95, 2.1]; got [1.05, 1.9] — check the sign');
    expect(failure(() => expectValues(tf.tensor1d([2, 4]), [1, 2], 'w should be [1, 2]'))).toBe('w should be [1, 2]; got [2, 4] — every value is 2× the expected one: check a scale factor');
    expect(failure(() => expectValues(tf.tensor2d([[1, 2]]), [1, 2], 'w should be [1, 2]'))).toMatch(/^w should be \[1, 2\]; got shape \[1, 2\] instead of \[2\] — check which axes/);
  });
  expect(failure(() => expectEqual([1, 2, 4], [1, 2, 3], 'sizes should be [1, 2, 3]'))).toBe('sizes should be [1, 2, 3]; got [1, 2, 4] — item 2 is the first that differs (expected 3, got 4): work that item out by hand');
});
