/**
 * Parity with PyTorch 1.13's schedulers, stepped once per optimizer update.
 *
 * Reference values: tests/reference/schedules.json, made by tools/reference/schedules.py
 * (regenerate: `/usr/bin/python3 tools/reference/schedules.py > tests/reference/schedules.json`).
 * For update k the file holds `optimizer.param_groups[0]['lr']` after k scheduler steps; where
 * torch has a closed form it also holds `_get_closed_form_lr()` at the same step.
 *
 * Tolerance: relative 1e-12 (float64 in JS vs Python; measured worst case ≈ 4e-14, most values
 * bit-identical). A reference value of exactly 0 must be matched exactly.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
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
} from '../src/schedules/index';
import type { Schedule } from '../src/core/types';

interface SimpleCase {
  name: string;
  fn: string;
  options: Record<string, unknown>;
  lr: number[];
  closedForm?: number[];
}
interface OneCycleCase {
  name: string;
  optimizer: 'sgd' | 'adam';
  lrOptions: Parameters<typeof oneCycleLr>[0];
  momentumOptions: Parameters<typeof oneCycleMomentum>[0];
  lr: number[];
  momentum: number[];
}
interface SequentialCase {
  name: string;
  schedules: { fn: string; options: Record<string, unknown> }[];
  milestones: number[];
  lr: number[];
}
interface Reference {
  torch: string;
  schedules: SimpleCase[];
  oneCycle: OneCycleCase[];
  sequential: SequentialCase[];
}

const reference = JSON.parse(readFileSync(new URL('./reference/schedules.json', import.meta.url), 'utf8')) as Reference;

// The JSON names each schedule by its trainlab name; options are already camelCase.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const FACTORIES: Record<string, (options: any) => Schedule> = {
  stepLr,
  multiStepLr,
  exponentialLr,
  cosineAnnealingLr,
  cosineWarmRestarts,
  linearLr,
  polynomialLr,
};

const RTOL = 1e-12;

/** The first step where `actual` and `expected` differ by more than RTOL (relative), or null. */
function firstMismatch(actual: number[], expected: number[]): string | null {
  for (let k = 0; k < expected.length; k++) {
    const a = actual[k];
    const b = expected[k];
    const ok = a === b || (b !== 0 && Math.abs(a - b) <= RTOL * Math.abs(b));
    if (!ok) return `step ${k}: got ${a}, torch ${b} (relative error ${Math.abs(a - b) / Math.abs(b)})`;
  }
  return null;
}

function values(schedule: Schedule, n: number): number[] {
  return Array.from({ length: n }, (_, k) => schedule(k));
}

it('reference file was made by torch 1.13', () => {
  expect(reference.torch).toMatch(/^1\.13/);
  expect(reference.schedules.length).toBeGreaterThanOrEqual(20);
});

describe.each(reference.schedules.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  const schedule = FACTORIES[c.fn](c.options);

  it(`matches torch's stepped scheduler for ${c.lr.length} steps`, () => {
    // CosineAnnealingLR (and LinearLR, PolynomialLR, ExponentialLR) step recursively in torch:
    // each value is computed from the previous one, so rounding accumulates. Our closed form differs
    // from it by at most ≈ 4e-14 relative here (tMax 30, 200 steps), well inside the tolerance.
    expect(firstMismatch(values(schedule, c.lr.length), c.lr)).toBeNull();
  });

  const closedForm = c.closedForm; // CosineAnnealingWarmRestarts has none
  if (closedForm) {
    it("matches torch's closed form (_get_closed_form_lr)", () => {
      expect(firstMismatch(values(schedule, closedForm.length), closedForm)).toBeNull();
    });
  }
});

describe.each(reference.oneCycle.map((c) => [c.name, c] as const))('oneCycle: %s', (_name, c) => {
  it(`learning rate matches torch's OneCycleLR for all ${c.lr.length} steps`, () => {
    expect(firstMismatch(values(oneCycleLr(c.lrOptions), c.lr.length), c.lr)).toBeNull();
  });

  it(`momentum matches the ${c.optimizer === 'adam' ? "betas[0]" : 'momentum'} torch writes into the optimizer`, () => {
    expect(firstMismatch(values(oneCycleMomentum(c.momentumOptions), c.momentum.length), c.momentum)).toBeNull();
  });

  it('ends at totalSteps: the next step throws, as torch does when stepped past the cycle', () => {
    const { totalSteps } = c.lrOptions;
    expect(() => oneCycleLr(c.lrOptions)(totalSteps)).toThrow(RangeError);
    expect(() => oneCycleMomentum(c.momentumOptions)(totalSteps)).toThrow(RangeError);
  });
});

describe.each(reference.sequential.map((c) => [c.name, c] as const))('sequentialLr: %s', (_name, c) => {
  it(`matches torch's SequentialLR (milestones ${c.milestones.join(', ')}) for ${c.lr.length} steps`, () => {
    const schedule = sequentialLr(
      c.schedules.map((s) => FACTORIES[s.fn](s.options)),
      c.milestones,
    );
    expect(firstMismatch(values(schedule, c.lr.length), c.lr)).toBeNull();
  });
});
