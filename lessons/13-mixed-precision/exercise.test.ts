/**
 * Grader for lesson 13. Run it with `npm run grade -- 13` (your exercise.ts) or
 * `npm run grade -- 13 --solution` (the reference). Each check tests one idea.
 */
import { DynamicLossScaler, float16BitsFromFloat32Bits, float32Bits, Random } from '../../src/index';
import { check, exercise, expectEqual, expectTrue, fail, fmt, load } from '../grading';
import type * as Solution from './solution';

const { float16Bits, updateLossScale } = await load<typeof Solution>(import.meta.url);

const hex = (h: unknown) => (typeof h === 'number' ? `0x${h.toString(16).padStart(4, '0')}` : fmt(h));
/** The library's float16 pattern of x, with every NaN as sign | 0x7e00 as the exercise asks. */
function expected(x: number): number {
  const h = float16BitsFromFloat32Bits(float32Bits(x));
  return (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0 ? (h & 0x8000) | 0x7e00 : h;
}

/** Fails with the first x whose pattern differs, explained. */
function expectPatterns(xs: number[], why: string): void {
  for (const x of xs) {
    const got = float16Bits(x);
    if (got !== expected(x)) fail(`float16Bits(${fmt(x)}) should be ${hex(expected(x))} (${why}); got ${hex(got)} — work this x out by hand: its sign, its exponent − 127 + 15, its fraction rounded to 10 bits (ties to even)`);
  }
}

exercise(1, 'float16Bits', () => {
  check('numbers that float16 holds exactly keep their value', 1, () => {
    expectPatterns([1, -2, 0.5, 1.5, 1024, 65504, 0.099975586], 'exactly representable in float16');
  });

  check('rounds to nearest, ties to even', 2, () => {
    expectPatterns([1 + 2 ** -11, 1 + 3 * 2 ** -11, 0.1, 3.14159, 1 + 2 ** -11 + 2 ** -20, 2049, 2051],
      'round the 13 dropped bits to nearest, and an exact half to the even neighbour');
  });

  check('a carry out of the fraction moves the exponent', 1, () => {
    expectPatterns([2 - 2 ** -12, 0.99999], 'rounding up 0x3bff gives 0x3c00, which is 1.0');
  });

  check('overflows to ±Infinity from 65520 on, keeps ±Infinity', 1, () => {
    expectPatterns([65519, 65520, 70000, -1e6, 1e38, Infinity, -Infinity], '65520 and above round past 65504: ±Infinity is sign | 0x7c00');
  });

  check('keeps subnormals (below 2⁻¹⁴) and rounds tiny values to ±0', 2, () => {
    expectPatterns([2 ** -14, 2 ** -15, 2 ** -24, 3 * 2 ** -25, 2 ** -25, 2 ** -25 * 1.01, 5e-8, 1e-10, -1e-10, 2 ** -14 - 2 ** -25, -0, 0],
      'subnormals are q·2⁻²⁴: shift the significand with its hidden 1, round to nearest even; too small is ±0');
  });

  check('NaN gives a NaN pattern', 1, () => {
    const got = float16Bits(NaN);
    expectTrue(typeof got === 'number' && (got & 0x7c00) === 0x7c00 && (got & 0x3ff) !== 0,
      `float16Bits(NaN) should be a NaN pattern (exponent all ones, fraction not zero, e.g. 0x7e00); got ${hex(got)} — handle the float32 exponent 0xff with a non-zero fraction first`);
  });

  check('matches the library on 20,000 random values of every magnitude', 2, () => {
    const random = new Random(13);
    const xs = Array.from({ length: 20000 }, () => (random.next() < 0.5 ? -1 : 1) * 2 ** (random.next() * 50 - 30));
    expectPatterns(xs, 'as torch.tensor(x).half()');
  });
});

exercise(2, 'updateLossScale', () => {
  check('backs off and resets the count on a non-finite step', 1, () => {
    const next = updateLossScale({ scale: 65536, growthTracker: 7 }, false);
    expectEqual(next, { scale: 32768, growthTracker: 0 },
      `after a non-finite step from { scale: 65536, growthTracker: 7 }, the state should be { scale: 32768, growthTracker: 0 } — on a non-finite step multiply by backoffFactor and reset growthTracker to 0`);
  });

  check('counts good steps without changing the scale', 1, () => {
    const next = updateLossScale({ scale: 1024, growthTracker: 3 }, true);
    expectEqual(next, { scale: 1024, growthTracker: 4 }, `a good step should only count: expected { scale: 1024, growthTracker: 4 } — add 1 to growthTracker and keep the scale until growthInterval good steps`);
  });

  check('grows after growthInterval good steps in a row, then counts from 0', 2, () => {
    let state = { scale: 8, growthTracker: 0 };
    for (let i = 0; i < 3; i++) state = updateLossScale(state, true, { growthInterval: 3 });
    expectEqual(state, { scale: 16, growthTracker: 0 },
      `with growthInterval 3, three good steps from scale 8 should give { scale: 16, growthTracker: 0 } — grow when growthTracker + 1 reaches growthInterval, then reset it to 0`);
  });

  check('uses the options and returns a new object', 1, () => {
    const state = { scale: 100, growthTracker: 1 };
    const grown = updateLossScale(state, true, { growthInterval: 2, growthFactor: 3 });
    expectEqual(grown.scale, 300, `growthFactor 3 should take scale 100 to 300 — use growthFactor from the options`);
    const backed = updateLossScale(state, false, { backoffFactor: 0.25 });
    expectEqual(backed.scale, 25, `backoffFactor 0.25 should take scale 100 to 25 — use backoffFactor from the options`);
    expectTrue(state.scale === 100 && state.growthTracker === 1 && grown !== state,
      'updateLossScale changed the state it was given: return a new object instead');
  });

  check('never grows to Infinity, and rounds the scale to float32', 1, () => {
    const top = updateLossScale({ scale: 2 ** 127, growthTracker: 0 }, true, { growthInterval: 1 });
    expectEqual(top.scale, 2 ** 127, `growing 2¹²⁷ by 2 overflows float32: the scale should stay 2¹²⁷ — if the grown scale is not finite in float32, keep the old one`);
    const odd = updateLossScale({ scale: 1000, growthTracker: 0 }, false, { backoffFactor: 0.3 });
    expectEqual(odd.scale, Math.fround(300), `1000 · 0.3 should be rounded to float32 (Math.fround(300) = ${Math.fround(300)}) — round each new scale with Math.fround`);
  });

  check('follows DynamicLossScaler over 500 steps with overflows', 2, () => {
    const scaler = new DynamicLossScaler({ initScale: 2 ** 20, growthInterval: 25, growthFactor: 3, backoffFactor: 0.3 });
    let state = { scale: scaler.scale, growthTracker: 0 };
    const random = new Random(5);
    for (let t = 0; t < 500; t++) {
      const finite = random.next() > 0.05;
      scaler.update(finite);
      state = updateLossScale(state, finite, { growthInterval: 25, growthFactor: 3, backoffFactor: 0.3 });
      if (state.scale !== scaler.scale || state.growthTracker !== scaler.growthTracker) {
        fail(`at step ${t} (${finite ? 'finite' : 'non-finite'}) your state should be the scaler's { scale: ${fmt(scaler.scale)}, growthTracker: ${scaler.growthTracker} }; yours is ${fmt(state)} — the checks above say which part of the rule differs`);
      }
    }
  });
});
