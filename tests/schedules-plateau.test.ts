/**
 * ReduceLROnPlateau against PyTorch 1.13 (tests/reference/schedules.json, made by
 * tools/reference/schedules.py: a fixed metric sequence per configuration, torch's state read after
 * every step), plus checkpointing and the non-finite metric rule.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ReduceLROnPlateau } from '../src/schedules/index';
import type { ReduceLROnPlateauOptions } from '../src/schedules/index';

interface PlateauCase {
  name: string;
  options: ReduceLROnPlateauOptions;
  metrics: number[];
  lr: number[];
  best: (number | null)[];
  numBadEpochs: number[];
  cooldownCounter: number[];
}

const reference = JSON.parse(readFileSync(new URL('./reference/schedules.json', import.meta.url), 'utf8')) as {
  plateau: PlateauCase[];
};

/** The observable state after each step, in the JSON's layout (null = torch's ±inf). */
function trace(plateau: ReduceLROnPlateau, metrics: number[]) {
  const out = { lr: [] as number[], best: [] as (number | null)[], numBadEpochs: [] as number[], cooldownCounter: [] as number[] };
  for (const m of metrics) {
    const lr = plateau.step(m);
    expect(lr).toBe(plateau.lr);
    out.lr.push(lr);
    out.best.push(Number.isFinite(plateau.best) ? plateau.best : null);
    out.numBadEpochs.push(plateau.numBadEpochs);
    out.cooldownCounter.push(plateau.cooldownCounter);
  }
  return out;
}

describe.each(reference.plateau.map((c) => [c.name, c] as const))('torch parity: %s', (_name, c) => {
  it(`matches torch step by step over ${c.metrics.length} epochs (exactly: same float64 operations)`, () => {
    const got = trace(new ReduceLROnPlateau(c.options), c.metrics);
    expect(got.lr).toEqual(c.lr);
    expect(got.best).toEqual(c.best);
    expect(got.numBadEpochs).toEqual(c.numBadEpochs);
    expect(got.cooldownCounter).toEqual(c.cooldownCounter);
  });

  it('resumes from a JSON checkpoint taken half way as if never interrupted', () => {
    const half = Math.floor(c.metrics.length / 2);
    const first = new ReduceLROnPlateau(c.options);
    trace(first, c.metrics.slice(0, half));
    const saved = JSON.stringify(first.state());
    const resumed = new ReduceLROnPlateau(c.options);
    resumed.loadState(JSON.parse(saved));
    expect(resumed.lastEpoch).toBe(half);
    const rest = trace(resumed, c.metrics.slice(half));
    expect(rest.lr).toEqual(c.lr.slice(half));
    expect(rest.numBadEpochs).toEqual(c.numBadEpochs.slice(half));
    expect(rest.cooldownCounter).toEqual(c.cooldownCounter.slice(half));
  });
});

describe('ReduceLROnPlateau', () => {
  it('the doc example: three epochs without improvement with patience 2 reduce the rate once', () => {
    const plateau = new ReduceLROnPlateau({ initialLr: 0.1, patience: 2 });
    const lrs = [1.0, 0.9, 0.9, 0.9, 0.9].map((loss) => plateau.step(loss));
    expect(lrs.slice(0, 4)).toEqual([0.1, 0.1, 0.1, 0.1]);
    expect(lrs[4]).toBeCloseTo(0.01, 17);
  });

  it('starts like torch: best = +∞ (min) or −∞ (max), nothing counted yet', () => {
    const min = new ReduceLROnPlateau({ initialLr: 0.1 });
    expect([min.lr, min.best, min.numBadEpochs, min.cooldownCounter, min.lastEpoch]).toEqual([0.1, Infinity, 0, 0, 0]);
    expect(new ReduceLROnPlateau({ initialLr: 0.1, mode: 'max' }).best).toBe(-Infinity);
  });

  it('round-trips a fresh state through JSON (best: null stands for ±∞)', () => {
    const plateau = new ReduceLROnPlateau({ initialLr: 0.1, mode: 'max' });
    const state = JSON.parse(JSON.stringify(plateau.state()));
    expect(state).toEqual({ lr: 0.1, best: null, numBadEpochs: 0, cooldownCounter: 0, lastEpoch: 0 });
    const other = new ReduceLROnPlateau({ initialLr: 0.1, mode: 'max' });
    other.step(0.5);
    other.loadState(state);
    expect(other.best).toBe(-Infinity);
    expect(other.state()).toEqual(state);
  });

  it('state() is a copy: changing it does not change the scheduler', () => {
    const plateau = new ReduceLROnPlateau({ initialLr: 0.1 });
    const state = plateau.state();
    state.lr = 5;
    expect(plateau.lr).toBe(0.1);
  });

  it('a non-finite metric throws and leaves the state untouched (torch would count NaN as a bad epoch)', () => {
    const plateau = new ReduceLROnPlateau({ initialLr: 0.1, patience: 0 });
    plateau.step(1);
    const before = plateau.state();
    for (const bad of [NaN, Infinity, -Infinity]) expect(() => plateau.step(bad)).toThrow(RangeError);
    expect(plateau.state()).toEqual(before);
  });

  it('reduces no lower than minLr, and a skipped reduction still starts the cooldown (torch)', () => {
    const plateau = new ReduceLROnPlateau({ initialLr: 0.1, patience: 0, minLr: 0.05, cooldown: 2 });
    plateau.step(1); // best
    expect(plateau.step(1)).toBe(0.05); // bad > patience 0: max(0.01, 0.05)
    expect(plateau.cooldownCounter).toBe(2);
    plateau.step(1); // cooldown 2 → 1
    plateau.step(1); // cooldown 1 → 0
    expect(plateau.step(1)).toBe(0.05); // at minLr: no change, but the cooldown restarts
    expect(plateau.cooldownCounter).toBe(2);
  });
});
