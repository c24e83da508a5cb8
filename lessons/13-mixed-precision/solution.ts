/**
 * Reference solutions for lesson 13, "Mixed precision" (lessons/13-mixed-precision/lesson.md).
 * Same exports and signatures as exercise.ts.
 */
import { float32Bits } from '../../src/index';

/** `q` with its low `shift` bits dropped, rounded to nearest, ties to even (1 ≤ shift ≤ 30). */
function dropBits(q: number, shift: number): number {
  const kept = q >>> shift;
  const rest = q & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  return rest > half || (rest === half && (kept & 1) === 1) ? kept + 1 : kept;
}

/**
 * Exercise 1. The float16 bit pattern (0 … 0xffff) of `x` rounded to float16, ties to even.
 */
export function float16Bits(x: number): number {
  const bits = float32Bits(x);
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const fraction = bits & 0x7fffff;
  if (exponent === 0xff) return fraction === 0 ? sign | 0x7c00 : sign | 0x7e00; // ±Infinity, NaN
  const e = exponent - 127 + 15;
  if (e >= 31) return sign | 0x7c00; // too large: overflow
  if (e <= 0) {
    // subnormal: value = q · 2⁻²⁴; the significand (hidden 1 made explicit) loses 126 − exponent bits
    if (exponent === 0) return sign; // float32 subnormals are far below 2⁻²⁴
    const shift = Math.min(126 - exponent, 25);
    return sign | dropBits(fraction | 0x800000, shift);
  }
  return sign | dropBits((e << 23) | fraction, 13); // a carry runs into the exponent (and to 0x7c00)
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
  growthFactor?: number;
  backoffFactor?: number;
  growthInterval?: number;
}

/**
 * Exercise 2. One step of the dynamic loss scaler's rule (torch.amp.GradScaler.update).
 */
export function updateLossScale(state: ScalerState, finite: boolean, options: ScalerOptions = {}): ScalerState {
  const { growthFactor = 2, backoffFactor = 0.5, growthInterval = 2000 } = options;
  if (!finite) return { scale: Math.fround(state.scale * backoffFactor), growthTracker: 0 };
  const good = state.growthTracker + 1;
  if (good < growthInterval) return { scale: state.scale, growthTracker: good };
  const grown = Math.fround(state.scale * growthFactor);
  return { scale: Number.isFinite(grown) ? grown : state.scale, growthTracker: 0 };
}
