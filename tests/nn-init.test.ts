/**
 * Initializers: bounds and standard deviations equal torch.nn.init's (tests/reference/init.json, made
 * by tools/reference/init.py, which captures the exact numbers torch draws with), the samples have
 * those statistics (plain, not truncated), seeds, use as a tfjs kernelInitializer, validation.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { calculateGain, computeFans, glorotNormal, glorotUniform, heNormal, heUniform, lecunNormal, type InitScale } from '../src/index';
import { checkEveryTestForLeaks } from './helpers/leak-check';

interface Case {
  shape: number[];
  fanIn: number;
  fanOut: number;
  init: 'glorotUniform' | 'glorotNormal' | 'heUniform' | 'heNormal' | 'lecunNormal';
  options: Record<string, unknown>;
  bound?: number;
  std?: number;
}
const reference = JSON.parse(readFileSync(new URL('./reference/init.json', import.meta.url), 'utf8')) as {
  cases: Case[];
  gains: { nonlinearity: string; param?: number; gain: number }[];
};
const factories = { glorotUniform, glorotNormal, heUniform, heNormal, lecunNormal } as Record<Case['init'], (o: object) => { scale(s: number[]): InitScale }>;

checkEveryTestForLeaks();

describe('formulas = torch.nn.init', () => {
  it.each(reference.cases.map((c) => [`${c.init} ${JSON.stringify(c.options)} [${c.shape}]`, c] as const))('%s', (_name, c) => {
    expect(computeFans(c.shape)).toEqual({ fanIn: c.fanIn, fanOut: c.fanOut });
    const s = factories[c.init](c.options).scale(c.shape);
    if (c.bound !== undefined) {
      expect(s.distribution).toBe('uniform');
      expect((s as { bound: number }).bound).toBeCloseTo(c.bound, 14);
    } else {
      expect(s.distribution).toBe('normal');
      expect((s as { std: number }).std).toBeCloseTo(c.std!, 14);
    }
  });

  it.each(reference.gains.map((g) => [`${g.nonlinearity}(${g.param ?? ''})`, g] as const))('calculateGain %s', (_name, g) => {
    expect(calculateGain(g.nonlinearity as never, g.param)).toBeCloseTo(g.gain, 14);
  });
});

/** Mean, standard deviation, extremes and the fraction beyond 2σ of a sample. */
function stats(t: tf.Tensor, sigma: number) {
  const v = t.dataSync();
  let sum = 0;
  let sq = 0;
  let beyond = 0;
  let [min, max] = [Infinity, -Infinity];
  for (const x of v) {
    sum += x;
    sq += x * x;
    if (Math.abs(x) > 2 * sigma) beyond++;
    min = Math.min(min, x);
    max = Math.max(max, x);
  }
  const mean = sum / v.length;
  return { mean, std: Math.sqrt(sq / v.length - mean * mean), min, max, beyond: beyond / v.length, n: v.length };
}

describe('samples', () => {
  // 200,000 draws: the sample std is within ±0.5 % of σ with overwhelming probability (its standard
  // error is σ/√(2n) ≈ 0.16 % of σ); the mean within ±5 standard errors of 0.
  const shape = [400, 500];

  it.each([
    ['heNormal', heNormal({ seed: 1 }), Math.sqrt(2 / 400)],
    ['glorotNormal', glorotNormal({ seed: 2 }), Math.sqrt(2 / 900)],
    ['lecunNormal fanOut', lecunNormal({ mode: 'fanOut', seed: 3 }), Math.sqrt(1 / 500)],
  ] as const)('%s: N(0, σ²) with σ from the formula, not truncated', (_name, init, sigma) => {
    const t = init.apply(shape);
    const s = stats(t, sigma);
    t.dispose();
    expect(Math.abs(s.mean)).toBeLessThan((5 * sigma) / Math.sqrt(s.n));
    expect(s.std / sigma).toBeGreaterThan(0.995);
    expect(s.std / sigma).toBeLessThan(1.005);
    expect(s.beyond).toBeGreaterThan(0.04); // a normal has 4.55 % beyond 2σ; a 2σ-truncated one none
    expect(s.beyond).toBeLessThan(0.051);
  });

  it.each([
    ['heUniform', heUniform({ seed: 4 }), Math.sqrt(6 / 400)],
    ['glorotUniform', glorotUniform({ seed: 5 }), Math.sqrt(6 / 900)],
  ] as const)('%s: U(−b, b) with b from the formula', (_name, init, bound) => {
    const t = init.apply(shape);
    const s = stats(t, bound);
    t.dispose();
    expect(s.min).toBeGreaterThanOrEqual(-bound);
    expect(s.max).toBeLessThanOrEqual(bound);
    expect(s.max).toBeGreaterThan(0.999 * bound);
    expect(s.std / (bound / Math.sqrt(3))).toBeCloseTo(1, 2);
  });

  it("tfjs's own heNormal is truncated: its std is ≈ 0.88·σ (why these exist)", () => {
    const t = tf.initializers.heNormal({ seed: 1 }).apply(shape);
    const s = stats(t, Math.sqrt(2 / 400));
    t.dispose();
    expect(s.std / Math.sqrt(2 / 400)).toBeCloseTo(0.88, 2);
    expect(s.beyond).toBe(0);
  });

  it('a seed (0 included) gives the same values every call; no seed, fresh ones', () => {
    const [a, b] = [heNormal({ seed: 7 }).apply([3, 4]), heNormal({ seed: 7 }).apply([3, 4])];
    const [z1, z2] = [glorotUniform({ seed: 0 }).apply([3, 4]), glorotUniform({ seed: 0 }).apply([3, 4])];
    expect(Array.from(z1.dataSync())).toEqual(Array.from(z2.dataSync())); // tfjs alone ignores a seed of 0
    tf.dispose([z1, z2]);
    const [c, d] = [heNormal().apply([3, 4]), heNormal().apply([3, 4])];
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    expect(Array.from(c.dataSync())).not.toEqual(Array.from(d.dataSync()));
    tf.dispose([a, b, c, d]);
  });
});

describe('as a tfjs kernelInitializer', () => {
  it('dense and conv layers take it, and a model saved as JSON rebuilds with it', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 16, kernelSize: 3, kernelInitializer: heUniform({ seed: 0 }) }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 10, kernelInitializer: glorotNormal({ gain: calculateGain('tanh'), seed: 1 }) }),
      ],
    });
    const conv = model.layers[0].getWeights()[0];
    const bound = Math.sqrt(6 / (3 * 3 * 3)); // fanIn = 3·3·3
    const max = Math.max(...conv.dataSync());
    expect(max).toBeLessThanOrEqual(bound);
    expect(max).toBeGreaterThan(0.9 * bound);
    const json = model.toJSON(null, false) as tf.io.ModelJSON['modelTopology'];
    expect(JSON.stringify(json)).toContain('trainlab.HeUniform');
    const rebuilt = await tf.models.modelFromJSON({ modelTopology: json } as tf.io.ModelJSON);
    const again = rebuilt.layers[0].getWeights()[0];
    expect(Array.from(again.dataSync())).toEqual(Array.from(conv.dataSync())); // same seed, same values
    model.dispose();
    rebuilt.dispose();
  });
});

describe('validation', () => {
  const throws = (f: () => unknown, type: typeof Error, message: string) => {
    expect(f).toThrow(type);
    expect(f).toThrow(message);
  };
  it('messages name the function, the parameter and the value', () => {
    throws(() => heNormal({ mode: 'fan_in' as never }), RangeError, 'heNormal: mode must be one of "fanIn", "fanOut", got "fan_in"');
    throws(() => heUniform({ negativeSlope: -0.1 }), RangeError, 'heUniform: negativeSlope must be ≥ 0, got -0.1');
    throws(() => glorotUniform({ mode: 'fanIn' } as never), TypeError, 'glorotUniform: unknown option "mode" (valid: gain, seed)');
    throws(() => glorotNormal({ gain: 0 }), RangeError, 'glorotNormal: gain must be > 0, got 0');
    throws(() => lecunNormal({ seed: 1.5 }), RangeError, 'lecunNormal: seed must be an integer, got 1.5');
    throws(() => lecunNormal({ negativeSlope: 0.1 } as never), TypeError, 'lecunNormal: unknown option "negativeSlope" (valid: mode, seed)');
    throws(() => heNormal().apply([10]), RangeError, 'heNormal: shape must be a kernel shape of rank ≥ 2 ([in, out] or [...kernel, in, out]); initialize biases with zeros, got [10]');
    throws(() => calculateGain('gelu' as never), RangeError, 'calculateGain: nonlinearity must be one of "linear"');
    throws(() => calculateGain('relu', 0.1), TypeError, 'calculateGain: param must be left out unless nonlinearity is "leaky_relu" (the only one it is used with), got 0.1 for "relu"');
    throws(() => calculateGain('leaky_relu', NaN), TypeError, 'calculateGain: param must be a finite number, got NaN');
  });
});
