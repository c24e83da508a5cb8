/**
 * `toFloat16(x)` and `toBFloat16(x)`: a float32 tensor holding each value of `x` rounded to the
 * nearest float16 / bfloat16 — what `x.half().float()` and `x.bfloat16().float()` give in PyTorch.
 * TensorFlow.js has no 16-bit float dtype, so the low-precision values live in float32 tensors:
 * every float16 and every bfloat16 is exactly a float32.
 *
 * How: the values are read into a Float32Array, rounded bit by bit (round-bits.ts), and written to
 * a new tensor. On the CPU and WASM backends that read is a memory copy. Measured in
 * bench/precision.bench.ts against the same rounding in tensor ops only (exponent from log₂,
 * scale, round to nearest even, scale back: ~20 kernels): the typed-array path was 6.5× (4,096
 * values) and 4.5× (1M values) faster on wasm, 23× and 12.5× on cpu, and is bit-exact where the
 * tensor-op version lost −0 on wasm.
 */
import * as tf from '@tensorflow/tfjs';
import { typeError } from '../core/errors';
import { bf16BitsFromF32Bits, f16BitsFromF32Bits, f32FromF16Bits } from './round-bits';

/** The 16-bit formats trainlab emulates. */
export type LowPrecision = 'float16' | 'bfloat16';

function checkFloat32(fn: string, x: unknown): tf.Tensor {
  if (!(x instanceof tf.Tensor)) throw typeError(fn, 'x', 'a tf.Tensor', x);
  if (x.isDisposed) throw new TypeError(`${fn}: x must be a live tensor, got a disposed one`);
  if (x.dtype !== 'float32') throw typeError(fn, 'x', 'a float32 tensor', `a ${x.dtype} tensor`);
  return x;
}

/** Rounds a Float32Array's values in place. */
export function roundArray(values: Float32Array, format: LowPrecision): Float32Array {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  if (format === 'float16') {
    for (let i = 0; i < bits.length; i++) values[i] = f32FromF16Bits(f16BitsFromF32Bits(bits[i]));
  } else {
    for (let i = 0; i < bits.length; i++) bits[i] = bf16BitsFromF32Bits(bits[i]) << 16;
  }
  return values;
}

/** The rounded copy, with no gradient of its own (the exported functions add it). */
function roundTensor(x: tf.Tensor, format: LowPrecision): tf.Tensor {
  const values = roundArray(Float32Array.from(x.dataSync() as Float32Array), format);
  return tf.tensor(values, x.shape, 'float32');
}

function differentiable(format: LowPrecision): (x: tf.Tensor) => tf.Tensor {
  // d/dx of x.half().float() in PyTorch: the incoming gradient, itself cast to half and back.
  return tf.customGrad((x, save) => {
    void save;
    return { value: roundTensor(x as tf.Tensor, format), gradFunc: (dy: tf.Tensor) => roundTensor(dy, format) };
  }) as (x: tf.Tensor) => tf.Tensor;
}

const float16Grad = differentiable('float16');
const bfloat16Grad = differentiable('bfloat16');

/**
 * `x` rounded to float16, as a new float32 tensor (the caller owns it; `x` is left alone).
 *
 * Round to nearest, ties to even; |x| ≥ 65520 → ±Infinity (65504 is float16's largest finite
 * value); values below 2⁻¹⁴ keep float16's subnormal spacing 2⁻²⁴, so |x| ≤ 2⁻²⁵ → ±0; NaN stays
 * NaN; the sign of zero is kept. Equal to PyTorch's `x.half().float()` on every float32 bit pattern
 * (tests/precision-rounding.test.ts, references from tools/reference/precision.py).
 *
 * Differentiable as in PyTorch: the gradient of `toFloat16(x)` is the incoming gradient rounded
 * to float16 (a cast's backward casts the gradient back), so gradients underflow where they would
 * in real float16 training.
 *
 * @param x a float32 tensor of any shape; TypeError for another dtype.
 * @example
 * toFloat16(tf.tensor([1 + 2 ** -11, 1e-8, 70000])).print(); // [1, 0, Infinity]
 */
export function toFloat16(x: tf.Tensor): tf.Tensor {
  return float16Grad(checkFloat32('toFloat16', x));
}

/**
 * `x` rounded to bfloat16 (8 significant bits, float32's exponent range), as a new float32 tensor
 * (the caller owns it). Round to nearest, ties to even; values within half a bfloat16 step of
 * float32's maximum and beyond round to ±Infinity; subnormals keep bfloat16's spacing 2⁻¹³³; NaN
 * stays NaN. Equal to PyTorch's `x.bfloat16().float()` on every float32 bit pattern.
 * Differentiable: the gradient is the incoming gradient rounded to bfloat16.
 *
 * @param x a float32 tensor of any shape; TypeError for another dtype.
 * @example
 * toBFloat16(tf.tensor([1 + 2 ** -9, 3.14159])).print(); // [1, 3.140625]
 */
export function toBFloat16(x: tf.Tensor): tf.Tensor {
  return bfloat16Grad(checkFloat32('toBFloat16', x));
}

/** `toFloat16` or `toBFloat16` by name; `'float32'` returns a copy. */
export function roundTo(x: tf.Tensor, precision: LowPrecision | 'float32'): tf.Tensor {
  if (precision === 'float16') return toFloat16(x);
  if (precision === 'bfloat16') return toBFloat16(x);
  return x.clone();
}
