/** Grader messages show values a learner can read: objects by their fields, functions by name. */
import { expect, it } from 'vitest';
import { fmt } from '../lessons/grading';

it('formats objects, functions, numbers and long arrays for learner-facing messages', () => {
  expect(fmt({ stop: false, best: 0.123456 })).toBe('{ stop: false, best: 0.1235 }');
  expect(fmt(function stepDecay() {})).toBe('a function (stepDecay)');
  expect(fmt(() => 1)).toBe('a function');
  expect(fmt([1, 2, 3], 2)).toBe('[1, 2, … (3 items)]');
  expect(fmt('x')).toBe('"x"');
});
