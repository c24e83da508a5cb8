/**
 * Properties of the schedules that the torch reference cannot show: purity, exact endpoints,
 * warmupCosine against optax's formula (no torch equivalent), the examples in the doc comments.
 */
import { describe, expect, it } from 'vitest';
import {
  constantLr,
  cosineAnnealingLr,
  cosineWarmRestarts,
  exponentialLr,
  linearLr,
  multiStepLr,
  oneCycleLr,
  oneCycleMomentum,
  polynomialLr,
  sequentialLr,
  stepLr,
  warmupCosine,
} from '../src/schedules/index';
import type { Schedule } from '../src/core/types';

/** One instance of every schedule, with the step count it is defined for. */
const EVERY: [string, Schedule, number][] = [
  ['constantLr', constantLr(0.1), 200],
  ['stepLr', stepLr({ initialLr: 0.1, stepSize: 7, gamma: 0.5 }), 200],
  ['multiStepLr', multiStepLr({ initialLr: 0.1, milestones: [10, 50, 51] }), 200],
  ['exponentialLr', exponentialLr({ initialLr: 0.1, gamma: 0.98 }), 200],
  ['cosineAnnealingLr', cosineAnnealingLr({ initialLr: 0.1, tMax: 60, etaMin: 1e-3 }), 200],
  ['cosineWarmRestarts', cosineWarmRestarts({ initialLr: 0.1, t0: 5, tMult: 2 }), 200],
  ['linearLr', linearLr({ initialLr: 0.1, startFactor: 0.1, totalIters: 20 }), 200],
  ['polynomialLr', polynomialLr({ initialLr: 0.1, totalIters: 150, power: 2 }), 200],
  ['oneCycleLr', oneCycleLr({ maxLr: 0.1, totalSteps: 200, threePhase: true }), 200],
  ['oneCycleMomentum', oneCycleMomentum({ totalSteps: 200, annealStrategy: 'linear' }), 200],
  ['warmupCosine', warmupCosine({ peakLr: 0.1, warmupSteps: 20, decaySteps: 150 }), 200],
  [
    'sequentialLr',
    sequentialLr([linearLr({ initialLr: 0.1, startFactor: 0.1, totalIters: 10 }), cosineWarmRestarts({ initialLr: 0.1, t0: 7 })], [10]),
    200,
  ],
];

describe.each(EVERY)('%s', (name, schedule, n) => {
  it('is pure: any call order and repeated calls give the same values', () => {
    const forward = Array.from({ length: n }, (_, k) => schedule(k));
    const backward = Array.from({ length: n }, (_, k) => schedule(n - 1 - k)).reverse();
    const scattered = Array.from({ length: n }, (_, k) => (k * 37) % n).map((k) => [k, schedule(k)] as const);
    expect(backward).toEqual(forward);
    for (const [k, v] of scattered) expect(v).toBe(forward[k]);
    expect(schedule(n - 1)).toBe(forward[n - 1]);
    expect(forward.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
  });

  it('rejects a negative, fractional or NaN step, naming itself', () => {
    expect(() => schedule(-1)).toThrow(
      new RangeError(`${name}: step must be an integer ≥ 0, got -1; a schedule is called with the 0-based index of the optimizer update, not an epoch`),
    );
    expect(() => schedule(2.5)).toThrow(
      new RangeError(`${name}: step must be an integer, got 2.5; a schedule is called with the 0-based index of the optimizer update, not an epoch`),
    );
    expect(() => schedule(NaN)).toThrow(TypeError);
    expect(() => schedule(-1)).toThrow(RangeError);
  });
});

/** optax 0.2's warmup_cosine_decay_schedule (exponent 1), transcribed as written there. */
function optaxWarmupCosine(init: number, peak: number, warmup: number, decay: number, end: number): Schedule {
  const alpha = peak === 0 ? 0 : end / peak;
  const linear = (t: number) => {
    if (warmup <= 0) return init;
    const count = Math.min(Math.max(t, 0), warmup);
    return (init - peak) * (1 - count / warmup) + peak;
  };
  const cosine = (t: number) => {
    const count = Math.min(t, decay - warmup);
    const c = 0.5 * (1 + Math.cos((Math.PI * count) / (decay - warmup)));
    return peak * ((1 - alpha) * c + alpha);
  };
  return (t) => (t >= warmup ? cosine(t - warmup) : linear(t)); // join_schedules at [warmup]
}

describe('warmupCosine (optax semantics; no torch equivalent, so worked by hand)', () => {
  const lr = warmupCosine({ peakLr: 1e-3, warmupSteps: 100, decaySteps: 1000 });

  it('starts at initLr and rises linearly: t·η_peak/W', () => {
    expect(lr(0)).toBe(0);
    expect(lr(50)).toBeCloseTo(5e-4, 18); // 1e-3 · 50/100
    expect(lr(99)).toBeCloseTo(9.9e-4, 18); // the last warmup step is just below the peak
  });

  it('is exactly η_peak at t = W and exactly η_end from t = decaySteps (which counts the warmup) on', () => {
    expect(lr(100)).toBe(1e-3);
    expect(lr(1000)).toBe(0);
    expect(lr(5000)).toBe(0);
  });

  it('passes the cosine midpoint and quarter points', () => {
    // cosine runs over D − W = 900 steps; midpoint t = 100 + 450: c = (1 + cos(π/2))/2 = 1/2
    expect(lr(550)).toBeCloseTo(5e-4, 15);
    // t = 100 + 225: c = (1 + cos(π/4))/2 = (1 + √2/2)/2 ≈ 0.853553
    expect(lr(325)).toBeCloseTo(1e-3 * (1 + Math.SQRT1_2) / 2, 15);
    expect(lr(775)).toBeCloseTo(1e-3 * (1 - Math.SQRT1_2) / 2, 15);
  });

  it('honours initLr and endLr at both ends', () => {
    const s = warmupCosine({ initLr: 1e-4, peakLr: 1e-2, warmupSteps: 10, decaySteps: 110, endLr: 1e-5 });
    expect(s(0)).toBe(1e-4);
    expect(s(5)).toBeCloseTo((1e-4 + 1e-2) / 2, 15);
    expect(s(10)).toBe(1e-2);
    expect(s(60)).toBeCloseTo((1e-2 + 1e-5) / 2, 15);
    expect(s(110)).toBe(1e-5);
    expect(s(111)).toBe(1e-5);
  });

  it("equals optax's formula at every step to 1e-12 (relative)", () => {
    for (const [init, peak, w, d, end] of [
      [0, 1e-3, 100, 1000, 0],
      [1e-4, 1e-2, 10, 110, 1e-5],
      [0, 0.5, 0, 300, 0.05],
      [0.2, 0.1, 30, 31, 0.01],
    ]) {
      const ours = warmupCosine({ initLr: init, peakLr: peak, warmupSteps: w, decaySteps: d, endLr: end });
      const theirs = optaxWarmupCosine(init, peak, w, d, end);
      for (let t = 0; t <= d + 20; t++) {
        const a = ours(t);
        const b = theirs(t);
        expect(Math.abs(a - b), `step ${t} of [${init}, ${peak}, ${w}, ${d}, ${end}]`).toBeLessThanOrEqual(1e-12 * Math.abs(b));
      }
    }
  });

  it('warmupSteps = 0 starts at the peak', () => {
    const s = warmupCosine({ peakLr: 0.1, warmupSteps: 0, decaySteps: 10 });
    expect(s(0)).toBe(0.1);
    expect(s(10)).toBe(0);
  });

  it('decaySteps = warmupSteps has no decay phase: the warmup is followed by endLr', () => {
    const s = warmupCosine({ peakLr: 0.1, warmupSteps: 10, decaySteps: 10 });
    expect(s(9)).toBeCloseTo(0.09, 15);
    expect(s(10)).toBe(0);
    const hold = warmupCosine({ peakLr: 0.1, warmupSteps: 10, decaySteps: 10, endLr: 0.1 });
    expect([hold(10), hold(11), hold(1000)]).toEqual([0.1, 0.1, 0.1]);
    expect(warmupCosine({ peakLr: 0.1, warmupSteps: 0, decaySteps: 0, endLr: 0.02 })(0)).toBe(0.02);
  });

  it('rises during the warmup and never rises during the decay', () => {
    const v = Array.from({ length: 1001 }, (_, t) => lr(t));
    for (let t = 1; t <= 100; t++) expect(v[t]).toBeGreaterThan(v[t - 1]);
    for (let t = 101; t <= 1000; t++) expect(v[t]).toBeLessThanOrEqual(v[t - 1]);
  });
});

describe('endpoints', () => {
  it('cosineAnnealingLr: η_max at 0, η_min exactly at T_max, back to η_max at 2·T_max (torch continues the cosine)', () => {
    const lr = cosineAnnealingLr({ initialLr: 0.1, tMax: 100, etaMin: 0.001 });
    expect(lr(0)).toBe(0.1);
    expect(lr(50)).toBeCloseTo(0.0505, 15);
    expect(lr(100)).toBe(0.001);
    expect(lr(150)).toBeCloseTo(0.0505, 15);
    expect(lr(200)).toBe(0.1);
  });

  it('cosineWarmRestarts: restarts at η_max after T₀, T₀·T_mult, … steps', () => {
    const lr = cosineWarmRestarts({ initialLr: 0.1, t0: 10, tMult: 2 });
    for (const restart of [0, 10, 30, 70, 150, 310]) expect(lr(restart)).toBe(0.1);
    expect(lr(20)).toBeCloseTo(0.05, 15); // middle of the 20-step cycle 10–29
    expect(lr(29)).toBeGreaterThan(0); // η_min is never reached: the next step restarts
    expect(cosineWarmRestarts({ initialLr: 0.1, t0: 4 })(4003)).toBe(cosineWarmRestarts({ initialLr: 0.1, t0: 4 })(3));
  });

  it('oneCycleLr three-phase: η₀ → η_max at pT − 1 → η₀ at 2pT − 2 → η_min at T − 1', () => {
    const lr = oneCycleLr({ maxLr: 0.1, totalSteps: 100, threePhase: true });
    // torch's cosine anneal, end + (start − end)/2·(cos πx + 1), is exact only where cos πx + 1 = 0
    expect(lr(0)).toBeCloseTo(0.1 / 25, 17);
    expect(lr(29)).toBe(0.1);
    expect(lr(58)).toBe(0.1 / 25);
    expect(lr(99)).toBe(0.1 / 25 / 1e4);
    const beta = oneCycleMomentum({ totalSteps: 100, threePhase: true });
    expect([beta(0), beta(29), beta(58), beta(80), beta(99)]).toEqual([0.95, 0.85, 0.95, 0.95, 0.95]);
  });

  it('oneCycleLr linear: a straight line inside each phase', () => {
    const lr = oneCycleLr({ maxLr: 1, totalSteps: 11, pctStart: 0.5, annealStrategy: 'linear', divFactor: 10, finalDivFactor: 1 });
    // phase 1 ends at 0.5·11 − 1 = 4.5: 0.1 + 0.9·t/4.5; phase 2 from 4.5 to 10: 1 − 0.9·(t − 4.5)/5.5
    expect(lr(0)).toBe(0.1);
    expect(lr(3)).toBeCloseTo(0.1 + 0.9 * (3 / 4.5), 15);
    expect(lr(7)).toBeCloseTo(1 - 0.9 * (2.5 / 5.5), 15);
    expect(lr(10)).toBeCloseTo(0.1, 15);
  });

  it('sequentialLr restarts each later schedule at its own step 0', () => {
    const lr = sequentialLr([constantLr(1), exponentialLr({ initialLr: 1, gamma: 0.5 }), constantLr(0.01)], [3, 6]);
    expect(Array.from({ length: 8 }, (_, t) => lr(t))).toEqual([1, 1, 1, 1, 0.5, 0.25, 0.01, 0.01]);
  });

  it('polynomialLr is exactly 0 from totalIters on', () => {
    const lr = polynomialLr({ initialLr: 0.1, totalIters: 10, power: 0.5 });
    expect([lr(10), lr(11), lr(1e6)]).toEqual([0, 0, 0]);
  });
});

describe('the examples in the doc comments', () => {
  it('stepLr, multiStepLr, exponentialLr', () => {
    const s = stepLr({ initialLr: 0.1, stepSize: 30 });
    [0.1, 0.1, 0.01, 0.001].forEach((v, i) => expect(s([0, 29, 30, 60][i])).toBeCloseTo(v, 15));
    const m = multiStepLr({ initialLr: 0.1, milestones: [30, 80] });
    [0.1, 0.01, 0.001].forEach((v, i) => expect(m([29, 30, 80][i])).toBeCloseTo(v, 15));
    expect(exponentialLr({ initialLr: 0.1, gamma: 0.99 })(100)).toBeCloseTo(0.0366, 4);
    expect(constantLr(0.01)(1000)).toBe(0.01);
  });

  it('cosine schedules, linearLr, polynomialLr', () => {
    const c = cosineAnnealingLr({ initialLr: 0.1, tMax: 100 });
    expect([c(0), c(100)]).toEqual([0.1, 0]);
    expect(c(50)).toBeCloseTo(0.05, 15);
    const r = cosineWarmRestarts({ initialLr: 0.1, t0: 10, tMult: 2 });
    expect([r(0), r(10), r(30)]).toEqual([0.1, 0.1, 0.1]);
    expect(r(20)).toBeCloseTo(0.05, 15);
    const w = linearLr({ initialLr: 0.1, startFactor: 0.1, totalIters: 10 });
    [0.01, 0.055, 0.1, 0.1].forEach((v, i) => expect(w([0, 5, 10, 50][i])).toBeCloseTo(v, 15));
    const p = polynomialLr({ initialLr: 0.001, totalIters: 4 });
    expect([0, 1, 2, 3, 4].map(p)).toEqual([0.001, 0.00075, 0.0005, 0.00025, 0]);
  });

  it('oneCycleLr, oneCycleMomentum, sequentialLr, warmupCosine', () => {
    const one = oneCycleLr({ maxLr: 0.1, totalSteps: 100 });
    expect(one(0)).toBeCloseTo(0.004, 17);
    expect([one(29), one(99)]).toEqual([0.1, 4e-7]);
    const beta = oneCycleMomentum({ totalSteps: 100 });
    expect([beta(0), beta(29), beta(99)]).toEqual([0.95, 0.85, 0.95]);
    const seq = sequentialLr(
      [linearLr({ initialLr: 0.1, startFactor: 0.1, totalIters: 10 }), cosineAnnealingLr({ initialLr: 0.1, tMax: 90 })],
      [10],
    );
    expect([seq(0), seq(10), seq(100)].map((v) => +v.toFixed(15))).toEqual([0.01, 0.1, 0]);
    const wc = warmupCosine({ peakLr: 1e-3, warmupSteps: 100, decaySteps: 1000 });
    [0, 5e-4, 1e-3, 5e-4, 0].forEach((v, i) => expect(wc([0, 50, 100, 550, 1000][i])).toBeCloseTo(v, 15));
  });
});

it('src/index exports every schedule by name', async () => {
  const lib = await import('../src/index');
  for (const name of [
    'constantLr',
    'stepLr',
    'multiStepLr',
    'exponentialLr',
    'cosineAnnealingLr',
    'cosineWarmRestarts',
    'linearLr',
    'polynomialLr',
    'oneCycleLr',
    'oneCycleMomentum',
    'sequentialLr',
    'warmupCosine',
    'ReduceLROnPlateau',
  ]) {
    expect(typeof (lib as Record<string, unknown>)[name], name).toBe('function');
  }
});
