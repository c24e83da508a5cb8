/**
 * DynamicLossScaler against PyTorch's GradScaler.
 *
 * Reference: tests/reference/grad-scaler.json, made by tools/reference/grad-scaler.py (regenerate:
 * `/usr/bin/python3 tools/reference/grad-scaler.py > tests/reference/grad-scaler.json`): GradScaler's
 * own Python code on the CPU with its two CUDA kernels transcribed (see the script's doc). Each case
 * trains p (4 values) with SGD (lr 0.1) on loss = Σ c_k·p, with overflowing or NaN coefficients on
 * some steps. Scales, growth trackers and unscaled gradients must match exactly; parameters to 1e-6.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sgd } from '../src/optim/sgd';
import { DynamicLossScaler, type DynamicLossScalerOptions } from '../src/precision/dynamic-loss-scaler';
import { checkEveryTestForLeaks } from './helpers/leak-check';

interface Row {
  step?: number;
  scaleUsed: number;
  finite: boolean;
  scale: number;
  growthTracker: number;
  grad?: (number | string)[];
  p?: number[];
}
interface Case {
  name: string;
  options: DynamicLossScalerOptions;
  steps: number;
  overflow: number[];
  nan: number[];
  trace: Row[];
  stateDict: { scale: number; growth_factor: number; backoff_factor: number; growth_interval: number; _growth_tracker: number };
}
const reference = JSON.parse(readFileSync(new URL('./reference/grad-scaler.json', import.meta.url), 'utf8')) as {
  initial: number[];
  lr: number;
  cases: Case[];
};

checkEveryTestForLeaks();

/** The script's coefficient vector c_k. */
function coefficient(step: number, c: Case): number[] {
  const base = [0.5 + 0.1 * step, -1.0, 0.25 * (step % 3), 2 ** -(step % 7)];
  if (c.overflow.includes(step)) base[step % 4] = 3.0e38;
  if (c.nan.includes(step)) base[(step + 1) % 4] = NaN;
  return base;
}

const asReference = (x: number) => (Number.isFinite(x) ? x : String(x).replace('Infinity', 'inf').replace('NaN', 'nan'));

describe('DynamicLossScaler equals torch GradScaler', () => {
  for (const c of reference.cases.filter((k) => k.trace[0].grad !== undefined)) {
    it(`${c.name}: scale, skipped steps, unscaled gradients and parameters, step by step`, () => {
      const scaler = new DynamicLossScaler(c.options);
      const p = tf.tidy(() => tf.variable(tf.tensor1d(reference.initial)));
      const optimizer = sgd({ learningRate: reference.lr });
      c.trace.forEach((want, k) => {
        expect(scaler.scale, `scale used at step ${k}`).toBe(want.scaleUsed);
        const coef = tf.tensor1d(coefficient(k, c));
        const { value, grads } = tf.variableGrads(() => scaler.scaleLoss(tf.sum(tf.mul(coef, p))) as tf.Scalar, [p]);
        const { grads: unscaled, finite } = scaler.unscale(grads);
        expect(Array.from(unscaled[p.name].dataSync(), asReference), `unscaled gradient at step ${k}`).toEqual(want.grad);
        expect(finite, `finite at step ${k}`).toBe(want.finite);
        if (finite) optimizer.applyGradients(unscaled);
        scaler.update(finite);
        tf.dispose([coef, value, ...Object.values(grads), ...Object.values(unscaled)]);
        Array.from(p.dataSync()).forEach((v, i) => expect(Math.abs(v - want.p![i]), `p[${i}] after step ${k}`).toBeLessThan(1e-6));
        expect([scaler.scale, scaler.growthTracker], `scale and tracker after step ${k}`).toEqual([want.scale, want.growthTracker]);
      });
      // A skipped step applies nothing, so the optimizer counted only the good ones.
      expect(optimizer.iterations).toBe(c.trace.filter((r) => r.finite).length);
      const sd = c.stateDict;
      expect(scaler.state()).toEqual({ scale: sd.scale, growthFactor: sd.growth_factor, backoffFactor: sd.backoff_factor, growthInterval: sd.growth_interval, growthTracker: sd._growth_tracker });
      p.dispose();
      optimizer.dispose();
    });
  }

  const long = reference.cases.find((k) => k.trace[0].grad === undefined)!;
  it(`${long.name}: the scale changes exactly where torch's did`, () => {
    const scaler = new DynamicLossScaler(long.options);
    const changes: Row[] = [];
    let previous = NaN;
    for (let k = 0; k < long.steps; k++) {
      const scaleUsed = scaler.scale;
      const finite = !long.overflow.includes(k);
      scaler.update(finite);
      if (k === 0 || scaler.scale !== previous) changes.push({ step: k, scaleUsed, finite, scale: scaler.scale, growthTracker: scaler.growthTracker });
      previous = scaler.scale;
    }
    expect(changes).toEqual(long.trace);
  });
});

describe('DynamicLossScaler behaviour', () => {
  it('applyGradients skips a non-finite step: no update, the schedule does not advance, the scale halves', () => {
    const seen: number[] = [];
    const optimizer = sgd({ learningRate: (step) => (seen.push(step), 0.1) });
    const p = tf.tidy(() => tf.variable(tf.tensor1d([1, 2])));
    const scaler = new DynamicLossScaler({ initScale: 8 });
    const good = { [p.name]: tf.tensor1d([8, 16]) };
    const bad = { [p.name]: tf.tensor1d([Infinity, 16]) };
    expect(scaler.applyGradients(optimizer, good)).toBe(true); // g = [1, 2]: p = [0.9, 1.8]
    expect(scaler.applyGradients(optimizer, bad)).toBe(false);
    expect(scaler.scale).toBe(4);
    expect(scaler.applyGradients(optimizer, good)).toBe(true); // g = [2, 4]: p = [0.7, 1.4]
    expect(seen).toEqual([0, 1]);
    expect(optimizer.iterations).toBe(2);
    Array.from(p.dataSync()).forEach((v, i) => expect(v).toBeCloseTo([0.7, 1.4][i], 6));
    tf.dispose([p, ...Object.values(good), ...Object.values(bad)]);
    optimizer.dispose();
  });

  it('scaleLoss multiplies by the scale and returns a new tensor', () => {
    const scaler = new DynamicLossScaler();
    const loss = tf.scalar(1.5);
    const scaled = scaler.scaleLoss(loss);
    expect(scaled.dataSync()[0]).toBe(1.5 * 65536);
    expect(loss.dataSync()[0]).toBe(1.5);
    tf.dispose([loss, scaled]);
  });

  it('state round-trips: a loaded scaler continues exactly as the saved one', () => {
    const a = new DynamicLossScaler({ growthInterval: 3 });
    for (const f of [true, false, true, true]) a.update(f);
    const b = new DynamicLossScaler();
    b.loadState(a.state());
    for (const f of [true, false, true, true, true, true]) {
      a.update(f);
      b.update(f);
      expect(b.state()).toEqual(a.state());
    }
  });

  it('refuses bad options and state, naming the parameter and the range', () => {
    expect(() => new DynamicLossScaler({ initScale: 0 })).toThrow('DynamicLossScaler: initScale must be > 0, got 0');
    expect(() => new DynamicLossScaler({ growthFactor: 1 })).toThrow('DynamicLossScaler: growthFactor must be > 1, got 1');
    expect(() => new DynamicLossScaler({ backoffFactor: 1.5 })).toThrow('DynamicLossScaler: backoffFactor must be in (0, 1), got 1.5');
    expect(() => new DynamicLossScaler({ growthInterval: 0.5 })).toThrow('DynamicLossScaler: growthInterval must be an integer, got 0.5');
    expect(() => new DynamicLossScaler({ init_scale: 2 } as DynamicLossScalerOptions)).toThrow('DynamicLossScaler: unknown option "init_scale"');
    const s = new DynamicLossScaler();
    expect(() => s.update(1 as unknown as boolean)).toThrow('DynamicLossScaler.update: finite must be a boolean, got 1');
    expect(() => s.loadState({ ...s.state(), growthTracker: -1 })).toThrow('DynamicLossScaler.loadState: growthTracker must be an integer ≥ 0, got -1');
    expect(() => s.unscale({ w: [1] as unknown as tf.Tensor })).toThrow('DynamicLossScaler.unscale: grads["w"] must be a tf.Tensor, got [1]');
  });
});
