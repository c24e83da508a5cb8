/**
 * tfjs-core 4.22 treats a seed of 0 as "no seed" in its normal, truncated-normal and gamma samplers
 * (`seed ? seed : Math.random()`), so `tf.initializers.heNormal({ seed: 0 })` and
 * `tf.randomNormal(shape, 0, 1, 'float32', 0)` draw new numbers on every call. tfjs is pinned and
 * unmaintained: `patches/@tensorflow+tfjs-core+4.22.0.patch` and its twin for the `@tensorflow/tfjs` bundles (applied by patch-package at `npm ci`)
 * makes it `seed != null`, as its uniform sampler already does.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { checkEveryTestForLeaks } from './helpers/leak-check';

checkEveryTestForLeaks();

const draw = (make: () => tf.Tensor): number[] => {
  const t = make();
  const values = Array.from(t.dataSync());
  t.dispose();
  return values;
};

describe('tfjs seeds: 0 is a seed (patched tfjs-core)', () => {
  it.each([
    ['randomNormal', () => tf.randomNormal([16], 0, 1, 'float32', 0)],
    ['truncatedNormal', () => tf.truncatedNormal([16], 0, 1, 'float32', 0)],
    ['randomGamma', () => tf.randomGamma([16], 2, 1, 'float32', 0)],
    ['randomUniform', () => tf.randomUniform([16], 0, 1, 'float32', 0)],
    ['heNormal({ seed: 0 })', () => tf.initializers.heNormal({ seed: 0 }).apply([4, 4])],
    ['glorotNormal({ seed: 0 })', () => tf.initializers.glorotNormal({ seed: 0 }).apply([4, 4])],
  ])('%s draws the same numbers twice', (_, make) => {
    expect(draw(make)).toEqual(draw(make));
  });

  it('seed 0 and seed 1 differ, and no seed still draws fresh numbers', () => {
    const zero = draw(() => tf.randomNormal([16], 0, 1, 'float32', 0));
    expect(draw(() => tf.randomNormal([16], 0, 1, 'float32', 1))).not.toEqual(zero);
    expect(draw(() => tf.randomNormal([16]))).not.toEqual(draw(() => tf.randomNormal([16])));
  });
});
