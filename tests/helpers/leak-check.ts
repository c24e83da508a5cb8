/**
 * Shared setup for library tests: select the backend once, and fail any test that leaves tensors
 * behind (`tf.memory().numTensors` must return to where it was before the test).
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { ready } from '../../src/backend';

export interface LeakCheck {
  /** Accepts `count` tensors the current test leaves behind knowingly (e.g. a documented tfjs leak). */
  allow(count: number): void;
}

export function checkEveryTestForLeaks(): LeakCheck {
  beforeAll(async () => {
    await ready();
  });
  let baseline = 0;
  beforeEach(() => {
    baseline = tf.memory().numTensors;
  });
  afterEach(() => {
    expect(tf.memory().numTensors, 'tensors left behind by this test').toBe(baseline);
  });
  return {
    allow(count) {
      baseline += count;
    },
  };
}
