/**
 * Grader for lesson 04. Run it with `npm run grade -- 04` (your exercise.ts) or
 * `npm run grade -- 04 --solution` (the reference). Each check tests one idea.
 *
 * The learner's schedules are compared with the library's `warmupCosine` and `stepLr`, which are
 * tested against optax and PyTorch in tests/.
 */
import { stepLr, warmupCosine, type Schedule } from '../../src/index';
import { check, exercise, expectTrue, fail, fmt, LearnerError, load } from '../grading';
import type * as Solution from './solution';

const { warmupCosineDecay, stepDecay } = await load<typeof Solution>(import.meta.url);

/** `value`, checked to be a function (a schedule). */
function expectSchedule(value: unknown, call: string): Schedule {
  if (typeof value !== 'function') fail(`${call} should return a schedule, a function (step) => learning rate; got ${fmt(value)} — return (t: number) => …, not the rate itself`);
  return value as Schedule;
}

/** The learner's schedule at `step`: a number, or the check fails; an error it throws is the learner's. */
function rateAt(schedule: Schedule, step: number, name: string): number {
  let value: unknown;
  try {
    value = schedule(step);
  } catch (error) {
    throw LearnerError.thrownBy(`${name}'s schedule at step ${step}`, error);
  }
  if (typeof value !== 'number') fail(`${name}'s schedule should return a number; at step ${step} it returned ${fmt(value)} — every path of the schedule should return a number`);
  return value;
}

/** Fails unless step 5 gives the same rate twice, and again after asking for `probes` in between. */
function expectPure(lr: Schedule, name: string, probes: number[]): void {
  const first = rateAt(lr, 5, name);
  const second = rateAt(lr, 5, name);
  expectTrue(first === second, `the schedule must be pure: calling it twice with step 5 gave different values (${fmt(first)}, then ${fmt(second)}) — compute the rate from the step alone, keep no counter`);
  for (const step of probes) rateAt(lr, step, name);
  const later = rateAt(lr, 5, name);
  const asked = `${probes.slice(0, -1).join(', ')} and ${probes[probes.length - 1]}`;
  expectTrue(later === first, `the schedule must be pure: step 5 gave ${fmt(first)} at first and ${fmt(later)} after asking for steps ${asked} — the rate must not depend on earlier calls`);
}

const close = (got: number, want: number): boolean => Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want));

/** A rate with enough digits to show a small difference (fmt rounds to 4). */
const precise = (x: number): string => String(Number(x.toPrecision(10)));

/** Fails unless `call` throws a RangeError (the factory should reject its options at once). */
function expectRangeError(call: () => unknown, message: string): void {
  let result: unknown;
  try {
    result = call();
  } catch (error) {
    const original = error instanceof LearnerError ? error.cause : error;
    if (original instanceof RangeError) return;
    const what = original instanceof Error ? `${original.name}: ${original.message}` : fmt(original);
    fail(`${message}; it threw ${what} — check the options at the top, before making the schedule, and throw new RangeError(…)`);
  }
  fail(`${message}; it returned ${typeof result === 'function' ? 'a schedule' : fmt(result)} instead — check the options at the top, before making the schedule, and throw new RangeError(…)`);
}

/** "{ peakLr: 0.1, warmupSteps: 100, decaySteps: 1000 }" */
function optionsText(options: object): string {
  return `{ ${Object.entries(options).map(([key, value]) => `${key}: ${fmt(value)}`).join(', ')} }`;
}

// ---- Exercise 1 ----

const WARMUP = { peakLr: 0.1, warmupSteps: 100, decaySteps: 1000 };
const W_CALL = `warmupCosineDecay(${optionsText(WARMUP)})`;

function warmup(options: Parameters<typeof Solution.warmupCosineDecay>[0]): Schedule {
  return expectSchedule(warmupCosineDecay(options), `warmupCosineDecay(${optionsText(options)})`);
}

exercise(1, 'warmupCosineDecay', () => {
  check('starts at initLr', 1, () => {
    const at0 = rateAt(warmup(WARMUP), 0, 'warmupCosineDecay');
    if (close(at0, 0.1)) fail(`${W_CALL}: at step 0 the rate should be initLr = 0 (the default); got ${fmt(at0)}, which is peakLr — the warmup should start from initLr`);
    expectTrue(close(at0, 0), `${W_CALL}: at step 0 the rate should be initLr = 0 (the default); got ${fmt(at0)} — check the default initLr = 0`);
    const withInit = { ...WARMUP, initLr: 0.01 };
    const got = rateAt(warmup(withInit), 0, 'warmupCosineDecay');
    expectTrue(close(got, 0.01), `warmupCosineDecay(${optionsText(withInit)}): at step 0 the rate should be initLr = 0.01; got ${fmt(got)} — the warmup starts at initLr: initLr + (peakLr − initLr)·t/warmupSteps`);
  });

  check('rises on a straight line during the warmup', 2, () => {
    const lr = warmup(WARMUP);
    for (const [step, want] of [[25, 0.025], [50, 0.05], [99, 0.099]]) {
      const got = rateAt(lr, step, 'warmupCosineDecay');
      expectTrue(close(got, want), `${W_CALL}: during the warmup the rate should rise on a straight line from initLr = 0 to peakLr = 0.1 over 100 steps, so at step ${step} it should be 0.1 · ${step}/100 = ${want}; got ${fmt(got)} — check the warmup line initLr + (peakLr − initLr)·t/warmupSteps`);
    }
    const withInit = { ...WARMUP, initLr: 0.02 };
    const got = rateAt(warmup(withInit), 50, 'warmupCosineDecay');
    expectTrue(close(got, 0.06), `warmupCosineDecay(${optionsText(withInit)}): halfway through the warmup (step 50) the rate should be halfway from initLr to peakLr, 0.02 + (0.1 − 0.02) · 50/100 = 0.06; got ${fmt(got)} — the line starts at initLr, not at 0`);
  });

  check('reaches peakLr at the end of the warmup', 1, () => {
    const got = rateAt(warmup(WARMUP), 100, 'warmupCosineDecay');
    expectTrue(close(got, 0.1), `${W_CALL}: at the end of warmup (step 100) it should reach peakLr = 0.1; got ${fmt(got)} — at t = warmupSteps the cosine starts, at its peak: check the boundary between the two parts`);
  });

  check('decays along a cosine that starts after the warmup and ends at decaySteps', 2, () => {
    const lr = warmup(WARMUP);
    const mid = rateAt(lr, 550, 'warmupCosineDecay');
    const cosineOverD = (0.1 * (1 + Math.cos((Math.PI * 450) / 1000))) / 2; // cosine of length D after the warmup
    const noOffset = (0.1 * (1 + Math.cos((Math.PI * 550) / 1000))) / 2; // progress t/D instead of (t − W)/(D − W)
    const want = `halfway through the cosine (step 550, halfway from 100 to 1000) the rate should be (peakLr + endLr)/2 = 0.05`;
    if (close(mid, cosineOverD)) fail(`${W_CALL}: ${want}; got ${fmt(mid)} — decaySteps counts the warmup: the cosine runs from step warmupSteps to step decaySteps (900 steps here), not for decaySteps steps after the warmup`);
    if (close(mid, noOffset)) fail(`${W_CALL}: ${want}; got ${fmt(mid)} — measure the cosine's progress from the end of the warmup: (t − warmupSteps) / (decaySteps − warmupSteps)`);
    expectTrue(close(mid, 0.05), `${W_CALL}: ${want}; got ${fmt(mid)} — check the cosine endLr + (peakLr − endLr)·(1 + cos(π·progress))/2`);
    const quarter = rateAt(lr, 325, 'warmupCosineDecay');
    const wantQuarter = (0.1 * (1 + Math.cos(Math.PI / 4))) / 2;
    expectTrue(close(quarter, wantQuarter), `${W_CALL}: a quarter of the way through the cosine (step 325) the rate should be 0.1 · (1 + cos(π/4))/2 = ${fmt(wantQuarter)}; got ${fmt(quarter)} — check the cosine endLr + (peakLr − endLr)·(1 + cos(π·progress))/2, with a + before cos`);
    const end = rateAt(lr, 1000, 'warmupCosineDecay');
    expectTrue(close(end, 0), `${W_CALL}: at step decaySteps = 1000 the rate should have reached endLr = 0; got ${fmt(end)} — from t = decaySteps on, return endLr`);
  });

  check('ends at endLr and stays there after decaySteps', 1, () => {
    const options = { ...WARMUP, endLr: 0.01 };
    const call = `warmupCosineDecay(${optionsText(options)})`;
    const lr = warmup(options);
    const mid = rateAt(lr, 550, 'warmupCosineDecay');
    expectTrue(close(mid, 0.055), `${call}: the cosine should go from peakLr down to endLr, so halfway (step 550) the rate should be (0.1 + 0.01)/2 = 0.055; got ${fmt(mid)} — the cosine runs between peakLr and endLr: endLr + (peakLr − endLr)·(1 + cos(π·progress))/2`);
    for (const step of [1000, 1500, 2000, 10_000]) {
      const got = rateAt(lr, step, 'warmupCosineDecay');
      const climbed = got > 0.01 && step > 1000 ? ' — it climbs back up: stop the cosine at decaySteps (past its end, the cosine rises again)' : '';
      expectTrue(close(got, 0.01), `${call}: from step decaySteps = 1000 on, the rate should stay at endLr = 0.01; at step ${step} got ${fmt(got)}${climbed || ' — from t = decaySteps on, return endLr'}`);
    }
  });

  check('handles warmupSteps = 0 (no warmup) and decaySteps = warmupSteps (no cosine)', 1, () => {
    const noWarmup = { peakLr: 0.1, warmupSteps: 0, decaySteps: 100 };
    const lr = warmup(noWarmup);
    const at0 = rateAt(lr, 0, 'warmupCosineDecay');
    expectTrue(close(at0, 0.1), `warmupCosineDecay(${optionsText(noWarmup)}): without a warmup the schedule should start at peakLr = 0.1; at step 0 got ${fmt(at0)}${Number.isNaN(at0) ? ' — 0/0 is NaN: test t < warmupSteps before dividing by warmupSteps' : ' — with warmupSteps = 0 the cosine starts at step 0, at peakLr'}`);
    const at50 = rateAt(lr, 50, 'warmupCosineDecay');
    expectTrue(close(at50, 0.05), `warmupCosineDecay(${optionsText(noWarmup)}): at step 50 the cosine is halfway, 0.05; got ${fmt(at50)} — with warmupSteps = 0 the cosine starts at step 0`);
    const noCosine = { peakLr: 0.1, warmupSteps: 100, decaySteps: 100, endLr: 0.01 };
    const flat = warmup(noCosine);
    const at99 = rateAt(flat, 99, 'warmupCosineDecay');
    const at100 = rateAt(flat, 100, 'warmupCosineDecay');
    expectTrue(close(at99, 0.099), `warmupCosineDecay(${optionsText(noCosine)}): at step 99 the warmup should be at 0.1 · 99/100 = 0.099; got ${fmt(at99)} — with decaySteps = warmupSteps there is no cosine: the warmup line, then endLr`);
    expectTrue(close(at100, 0.01), `warmupCosineDecay(${optionsText(noCosine)}): with decaySteps = warmupSteps there is no cosine: from step 100 on the rate is endLr = 0.01; got ${fmt(at100)}${Number.isNaN(at100) ? ' — a cosine of length 0 divides 0 by 0: test t ≥ decaySteps first' : ''}`);
  });

  check('is pure: the same step always gives the same rate', 1, () => {
    expectPure(warmup(WARMUP), 'warmupCosineDecay', [700, 300, 50]);
  });

  check('rejects warmupSteps > decaySteps with a RangeError', 1, () => {
    const bad = { peakLr: 0.1, warmupSteps: 2000, decaySteps: 1000 };
    expectRangeError(() => warmupCosineDecay(bad), `warmupCosineDecay(${optionsText(bad)}) should throw a RangeError: decaySteps is the whole schedule and counts the warmup, so warmupSteps (2000) must be ≤ decaySteps (1000)`);
  });

  check("matches the library's warmupCosine at every step", 1, () => {
    const cases = [
      { peakLr: 3e-3, warmupSteps: 60, decaySteps: 500 },
      { initLr: 1e-4, peakLr: 0.05, warmupSteps: 7, decaySteps: 300, endLr: 1e-3 },
      { peakLr: 1, warmupSteps: 0, decaySteps: 250, endLr: 0.5 },
    ];
    for (const options of cases) {
      const yours = warmup(options);
      const library = warmupCosine(options);
      for (let step = 0; step < options.decaySteps + 50; step++) {
        const got = rateAt(yours, step, 'warmupCosineDecay');
        const want = library(step);
        expectTrue(close(got, want), `warmupCosineDecay(${optionsText(options)}) at step ${step} should be ${precise(want)} (the library's warmupCosine); got ${precise(got)} — the checks above say which part of the schedule differs`);
      }
    }
  });
});

// ---- Exercise 2 ----

const STEP = { initialLr: 0.1, stepSize: 30 };
const S_CALL = `stepDecay(${optionsText(STEP)})`;

function decay(options: Parameters<typeof Solution.stepDecay>[0]): Schedule {
  return expectSchedule(stepDecay(options), `stepDecay(${optionsText(options)})`);
}

exercise(2, 'stepDecay', () => {
  check('holds initialLr for the first stepSize steps', 1, () => {
    const lr = decay(STEP);
    for (const step of [0, 1, 15, 29]) {
      const got = rateAt(lr, step, 'stepDecay');
      const early = step === 29 && close(got, 0.01) ? ' — it drops one step early: the first decay is at step stepSize = 30 (round t / stepSize down)' : '';
      expectTrue(close(got, 0.1), `${S_CALL}: steps 0 … 29 should all use initialLr = 0.1; at step ${step} got ${fmt(got)}${early || ' — the exponent ⌊t / stepSize⌋ is 0 before step stepSize'}`);
    }
  });

  check('multiplies the rate by gamma every stepSize steps', 2, () => {
    const lr = decay(STEP);
    for (const [step, want] of [[30, 0.01], [59, 0.01], [60, 0.001], [95, 1e-4]]) {
      const got = rateAt(lr, step, 'stepDecay');
      const k = Math.floor(step / 30);
      expectTrue(close(got, want), `${S_CALL}: at step ${step} the rate should have been multiplied by γ = 0.1 ${k === 1 ? 'once' : `${k} times`} (⌊${step}/30⌋ = ${k}), 0.1 · 0.1^${k} = ${fmt(want)}; got ${fmt(got)} — the exponent is ⌊t / stepSize⌋: Math.floor, not round or ceil`);
    }
    const half = { initialLr: 0.8, stepSize: 10, gamma: 0.5 };
    const lrHalf = decay(half);
    for (const [step, want] of [[10, 0.4], [25, 0.2], [30, 0.1]]) {
      const got = rateAt(lrHalf, step, 'stepDecay');
      expectTrue(close(got, want), `stepDecay(${optionsText(half)}): at step ${step} the rate should be 0.8 · 0.5^${Math.floor(step / 10)} = ${want}; got ${fmt(got)} — use gamma from the options`);
    }
  });

  check('uses gamma = 0.1 when it is not given', 1, () => {
    const got = rateAt(decay({ initialLr: 2, stepSize: 5 }), 5, 'stepDecay');
    expectTrue(close(got, 0.2), `stepDecay({ initialLr: 2, stepSize: 5 }): without gamma, the default γ = 0.1 applies, so at step 5 the rate should be 0.2; got ${fmt(got)} — check the default gamma = 0.1`);
  });

  check('is pure: the same step always gives the same rate', 1, () => {
    expectPure(decay(STEP), 'stepDecay', [90, 31, 60]);
  });

  check('rejects a stepSize that is not a whole number ≥ 1 with a RangeError', 1, () => {
    for (const stepSize of [0, -10, 2.5]) {
      const options = { initialLr: 0.1, stepSize };
      expectRangeError(() => stepDecay(options), `stepDecay(${optionsText(options)}) should throw a RangeError: stepSize counts optimizer steps, a whole number ≥ 1`);
    }
  });

  check('rejects gamma ≤ 0 with a RangeError', 1, () => {
    for (const gamma of [0, -0.5]) {
      const options = { initialLr: 0.1, stepSize: 10, gamma };
      expectRangeError(() => stepDecay(options), `stepDecay(${optionsText(options)}) should throw a RangeError: gamma must be > 0 (γ = 0 would stop training after the first decay; γ < 0 flips the sign of the step)`);
    }
  });

  check("matches the library's stepLr at every step", 1, () => {
    const cases = [
      { initialLr: 0.1, stepSize: 30 },
      { initialLr: 3e-3, stepSize: 7, gamma: 0.5 },
      { initialLr: 1, stepSize: 1, gamma: 0.9 },
    ];
    for (const options of cases) {
      const yours = decay(options);
      const library = stepLr(options);
      for (let step = 0; step < 200; step++) {
        const got = rateAt(yours, step, 'stepDecay');
        const want = library(step);
        expectTrue(close(got, want), `stepDecay(${optionsText(options)}) at step ${step} should be ${precise(want)} (the library's stepLr); got ${precise(got)} — the checks above say which part of the schedule differs`);
      }
    }
  });
});
