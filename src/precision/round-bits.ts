/**
 * Rounding one float32 to float16 or bfloat16, bit by bit — what the hardware cast does, written
 * out in integer operations on the float32 bit pattern (IEEE 754 binary32: 1 sign bit, 8 exponent
 * bits with bias 127, 23 fraction bits).
 *
 *   float32   s eeeeeeee fffffffffffffffffffffff   (bias 127)
 *   float16   s eeeee    ffffffffff                (bias 15; max 65504; smallest subnormal 2⁻²⁴)
 *   bfloat16  s eeeeeeee fffffff                   (bias 127: float32's range, 8 significant bits)
 *
 * Both round to nearest, ties to even (RNE). float16 overflows to ±Infinity from 65520 on (the
 * midpoint between 65504 and 65536 rounds to the even 65536, which does not exist) and keeps
 * subnormals; NaN stays NaN. These are `torch.Tensor.half()` / `.bfloat16()` (c10::Half,
 * c10::BFloat16) followed by `.float()`.
 */

import { checkInteger, rangeError, typeError } from '../core/errors';

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

/** The float32 bit pattern of `x` (x is rounded to float32 first) as an unsigned integer. */
function f32Bits(x: number): number {
  F32[0] = x;
  return U32[0];
}

/** The float32 whose bit pattern is `bits` (an unsigned 32-bit integer). */
function f32FromBits(bits: number): number {
  U32[0] = bits >>> 0;
  return F32[0];
}

/** `q` rounded after dropping its low `shift` bits (1 ≤ shift ≤ 30), to nearest, ties to even. */
function shiftRne(q: number, shift: number): number {
  const kept = q >>> shift;
  const rest = q & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  return rest > half || (rest === half && (kept & 1) === 1) ? kept + 1 : kept;
}

/**
 * The float16 bit pattern (16-bit unsigned) of float32 bits `bits`, rounded to nearest even.
 * NaN gives a quiet NaN with the sign and top fraction bits kept.
 */
export function f16BitsFromF32Bits(bits: number): number {
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff; // biased by 127
  const fraction = bits & 0x7fffff;
  if (exponent === 0xff) return fraction === 0 ? sign | 0x7c00 : sign | 0x7e00 | (fraction >>> 13); // ±Inf, NaN
  const e = exponent - 127 + 15; // float16's biased exponent
  if (e >= 0x1f) return sign | 0x7c00; // ≥ 2¹⁶: overflow
  if (e <= 0) {
    // A float16 subnormal (or zero): value = q · 2⁻²⁴. The float32 significand (hidden bit made
    // explicit; float32 subnormals have none) times 2^(exponent − 150) in units of 2⁻²⁴ drops
    // (126 − exponent) bits; past 25 bits everything rounds to zero.
    const significand = exponent === 0 ? fraction : fraction | 0x800000;
    const shift = Math.min(126 - (exponent === 0 ? 1 : exponent), 25);
    return sign | shiftRne(significand, shift); // a carry into 0x400 is the smallest normal: right
  }
  // Normal: keep 10 of 23 fraction bits; a carry runs into the exponent (and to Inf past 65504).
  return sign | shiftRne((e << 23) | fraction, 13);
}

/** The float32 value of float16 bits `h` (exact: every float16 is a float32). */
export function f32FromF16Bits(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const e = (h >>> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0x1f) return f === 0 ? sign * Infinity : NaN;
  if (e === 0) return sign * f * 2 ** -24; // subnormal (and ±0)
  return sign * (1024 + f) * 2 ** (e - 25);
}

/** `x` rounded to the nearest float16 (ties to even), as a number. `x` is read as a float32 first. */
function roundF16(x: number): number {
  return f32FromF16Bits(f16BitsFromF32Bits(f32Bits(x)));
}

/**
 * The bfloat16 bit pattern (upper 16 bits of a float32) of float32 bits `bits`, rounded to nearest
 * even: add 0x7FFF plus the lowest kept bit, then drop 16 bits. Overflow carries into ±Inf.
 * NaN gives the canonical quiet NaN 0x7FC0, as c10::BFloat16.
 */
export function bf16BitsFromF32Bits(bits: number): number {
  if ((bits & 0x7f800000) === 0x7f800000 && (bits & 0x7fffff) !== 0) return 0x7fc0;
  const bias = 0x7fff + ((bits >>> 16) & 1);
  return Math.floor(((bits >>> 0) + bias) / 0x10000) & 0xffff;
}

/** `x` rounded to the nearest bfloat16 (ties to even), as a number. `x` is read as a float32 first. */
function roundBF16(x: number): number {
  return f32FromBits(bf16BitsFromF32Bits(f32Bits(x)) * 0x10000);
}

// The exported, checked forms. The unchecked ones above run in `roundArray`'s per-element loop.

/** Throws a TypeError unless `x` is a number (NaN and ±Infinity are numbers: they round to themselves). */
function checkNumber(fn: string, param: string, x: unknown): number {
  if (typeof x !== 'number') throw typeError(fn, param, 'a number', x);
  return x;
}

/** Throws unless `bits` is an integer bit pattern in [0, 2^width − 1]. */
function checkBits(fn: string, param: string, bits: unknown, width: 16 | 32): number {
  const max = 2 ** width - 1;
  if (checkInteger(fn, param, bits, 0) > max) throw rangeError(fn, param, `an integer in [0, ${max}] (a ${width}-bit pattern)`, bits);
  return bits as number;
}

/**
 * The float32 bit pattern of `x` (x is rounded to float32 first) as an unsigned integer.
 * @example float32Bits(1) // 0x3f800000
 */
export function float32Bits(x: number): number {
  return f32Bits(checkNumber('float32Bits', 'x', x));
}

/**
 * The float32 whose bit pattern is `bits`, an integer in [0, 2³² − 1].
 * @example float32FromBits(0x3f800000) // 1
 */
export function float32FromBits(bits: number): number {
  return f32FromBits(checkBits('float32FromBits', 'bits', bits, 32));
}

/**
 * The float16 bit pattern nearest (ties to even) to the float32 with bit pattern `bits` (an integer
 * in [0, 2³² − 1]); overflow gives ±Infinity, NaN stays NaN, subnormals are kept.
 * @example float16BitsFromFloat32Bits(float32Bits(1)) // 0x3c00
 */
export function float16BitsFromFloat32Bits(bits: number): number {
  return f16BitsFromF32Bits(checkBits('float16BitsFromFloat32Bits', 'bits', bits, 32));
}

/**
 * The float32 value of float16 bits `h`, an integer in [0, 65535] (exact: every float16 is a float32).
 * @example float32FromFloat16Bits(0x3c00) // 1
 */
export function float32FromFloat16Bits(h: number): number {
  return f32FromF16Bits(checkBits('float32FromFloat16Bits', 'h', h, 16));
}

/**
 * `x` rounded to the nearest float16 (ties to even), as a number; `x` is read as a float32 first.
 * As torch's `x.half().float()`.
 * @example roundToFloat16(0.1) // 0.0999755859375
 */
export function roundToFloat16(x: number): number {
  return roundF16(checkNumber('roundToFloat16', 'x', x));
}

/**
 * The bfloat16 bit pattern nearest (ties to even) to the float32 with bit pattern `bits` (an integer
 * in [0, 2³² − 1]); NaN becomes the quiet NaN 0x7fc0.
 * @example bfloat16BitsFromFloat32Bits(float32Bits(1)) // 0x3f80
 */
export function bfloat16BitsFromFloat32Bits(bits: number): number {
  return bf16BitsFromF32Bits(checkBits('bfloat16BitsFromFloat32Bits', 'bits', bits, 32));
}

/**
 * `x` rounded to the nearest bfloat16 (ties to even), as a number; `x` is read as a float32 first.
 * As torch's `x.bfloat16().float()`.
 * @example roundToBFloat16(0.1) // 0.10009765625
 */
export function roundToBFloat16(x: number): number {
  return roundBF16(checkNumber('roundToBFloat16', 'x', x));
}
