/**
 * Your exercises for lesson 13, "Mixed precision" (lessons/13-mixed-precision/lesson.md).
 *
 * Replace each `throw` with your implementation, then check your work:
 *
 *   npm run grade -- 13
 *
 * The grader tests one idea per check and tells you what to fix. In the notebook
 * (notebooks/13-mixed-precision.ipynb), the cell at the end of each exercise compares your code with
 * the library's; re-run it after saving this file (no kernel restart needed).
 *
 * No tensors here: both exercises work on plain numbers.
 */
/* eslint-disable @typescript-eslint/no-unused-vars -- the parameters are yours to use */
// For exercise 1 you will want the float32 bit pattern of a number; add this import:
//   import { float32Bits } from '../../src/index';

/**
 * Exercise 1. The float16 bit pattern (0 … 0xffff) of `x` rounded to float16, ties to even.
 *
 * ```
 * float32   s eeeeeeee fffffffffffffffffffffff    bias 127
 * float16   s eeeee    ffffffffff                 bias 15
 * ```
 *
 * - `float32Bits(x)` (import it from '../../src/index') gives x's float32 pattern as an unsigned
 *   integer; take sign, exponent and fraction from it.
 * - Normal result: exponent − 127 + 15 in 1 … 30; keep the top 10 fraction bits, rounding the 13
 *   dropped ones to nearest, ties to even. A carry runs into the exponent (and from 0x7bff + 1 to
 *   0x7c00, infinity: 65520 and up overflow).
 * - Larger exponents: `sign | 0x7c00` (±Infinity). Infinity stays infinity; NaN → `sign | 0x7e00`.
 * - Smaller: a subnormal q·2⁻²⁴ — shift the significand (fraction with its hidden 1, 0x800000) right
 *   by 126 − exponent bits, rounding the same way; too small rounds to ±0 (just the sign).
 *
 * Hint: write a helper that drops the low k bits of an integer with round-to-nearest-even, and use
 * it for both cases. Careful: in JavaScript, `1 << 32` is 1 — cap your shifts.
 *
 * @param x any number (read as a float32 first).
 * @returns the 16-bit pattern, e.g. 0x3c00 for 1, 0x7bff for 65504, 0x0001 for 2⁻²⁴.
 * @example
 * float16Bits(1);          // 0x3c00
 * float16Bits(1 + 2 ** -11); // 0x3c00: halfway between 1 and 1 + 2⁻¹⁰, ties to the even 1
 * float16Bits(-70000);     // 0xfc00: −Infinity
 */
export function float16Bits(x: number): number {
  throw new Error('TODO: implement float16Bits — see "Exercise 1" in lessons/13-mixed-precision/lesson.md');
}

/** The dynamic scaler's state between steps. */
export interface ScalerState {
  /** s, the loss scale. */
  scale: number;
  /** Good steps in a row since the scale last changed. */
  growthTracker: number;
}

/** The scaler's hyperparameters (PyTorch's defaults). */
export interface ScalerOptions {
  /** Default 2. */
  growthFactor?: number;
  /** Default 0.5. */
  backoffFactor?: number;
  /** Default 2000. */
  growthInterval?: number;
}

/**
 * Exercise 2. One step of the dynamic loss scaler's rule (torch.amp.GradScaler.update):
 *
 * ```
 * not finite:  s ← fround(s · backoffFactor), tracker ← 0                 (the step was skipped)
 * finite:      tracker ← tracker + 1
 *              if tracker = growthInterval:  s ← fround(s · growthFactor) if that is finite
 *                                            tracker ← 0
 * ```
 *
 * @param state s and the count of good steps in a row.
 * @param finite were this step's (unscaled) gradients all finite?
 * @param options growthFactor = 2, backoffFactor = 0.5, growthInterval = 2000.
 * @returns a NEW state; leave `state` as it was.
 * @example
 * updateLossScale({ scale: 65536, growthTracker: 7 }, false); // { scale: 32768, growthTracker: 0 }
 */
export function updateLossScale(state: ScalerState, finite: boolean, options?: ScalerOptions): ScalerState {
  throw new Error('TODO: implement updateLossScale — see "Exercise 2" in lessons/13-mixed-precision/lesson.md');
}
