/**
 * How toFloat16 is computed (issue 11): the library rounds on a Float32Array, bit by bit
 * (src/precision/to-low-precision.ts). The alternative measured here is the same rounding in
 * tensor ops only — exponent from log2 corrected by exact powers of two, scale to integers, round to
 * nearest even with the 1.5·2²³ trick, scale back, overflow to ±Infinity — about 20 kernels. Both
 * sides are checked equal on 100,000 random values before timing. Baseline: the tensor-op path;
 * candidate: the typed-array path (speed-up > 1: the library's path is faster). No target: this
 * chose the implementation. The tensor-op prototype is only checked (and right) for float16's normal
 * range, |x| ≥ 2⁻¹⁴: on wasm it loses −0 and misrounds some subnormals, one more reason for the
 * typed-array path, which is bit-exact everywhere (tests/precision-rounding.test.ts).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { toFloat16 } from '../src/precision/to-low-precision';
import type { BenchCase, Comparison } from './harness';

type Backend = 'cpu' | 'wasm';

/** Exact powers of two 2^k for k = −24 … 16 (index k + 24). */
const POW2 = Array.from({ length: 41 }, (_, i) => 2 ** (i - 24));

/** float16 rounding in tensor ops only (the alternative to the library's typed-array path). */
export function toFloat16TensorOps(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const pow2 = tf.tensor1d(POW2);
    const ax = tf.abs(x);
    // e ≈ ⌊log₂|x|⌋ clamped to float16's normal exponents [−14, 15]; log is inexact near powers of
    // two, so correct by one with exact comparisons.
    let e = tf.clipByValue(tf.floor(tf.div(tf.log(ax), Math.LN2)), -14, 15);
    e = tf.where(tf.isNaN(e), tf.fill(e.shape, -14), e);
    const at = (k: tf.Tensor) => tf.gather(pow2, tf.cast(tf.add(k, 24), 'int32'));
    e = tf.where(tf.logicalAnd(tf.greater(at(e), ax), tf.greater(e, -14)), tf.sub(e, 1), e);
    e = tf.where(tf.logicalAnd(tf.lessEqual(at(tf.add(e, 1)), ax), tf.less(e, 15)), tf.add(e, 1), e);
    const spacing = at(tf.sub(e, 10)); // 2^(e−10): float16 keeps 10 fraction bits
    const magic = tf.scalar(1.5 * 2 ** 23); // |x / spacing| < 2¹¹: adding this rounds to an integer, ties to even
    const q = tf.sub(tf.add(tf.div(ax, spacing), magic), magic);
    const r = tf.mul(tf.sign(x), tf.mul(q, spacing)); // the sign after rounding keeps −0 (not for x = −0 itself)
    const overflow = tf.greater(tf.abs(r), 65504);
    return tf.where(tf.isNaN(x), x, tf.where(overflow, tf.mul(tf.sign(x), Infinity), r));
  });
}

function sample(n: number, seed: number): tf.Tensor {
  // Magnitudes across float16's whole range and beyond: 2^u with u uniform in [−30, 18].
  return tf.tidy(() => tf.mul(tf.pow(2, tf.randomUniform([n], -30, 18, 'float32', seed)), tf.sign(tf.randomNormal([n], 0, 1, 'float32', seed + 1))));
}

function rounding(backend: Backend, n: number, label: string, fn: (x: tf.Tensor) => tf.Tensor): BenchCase {
  return {
    label: `${backend}: ${label}`,
    setup: async () => {
      await tf.setBackend(backend);
      const check = sample(100_000, 7);
      const [a, b] = [toFloat16(check), toFloat16TensorOps(check)];
      const [va, vb] = [a.dataSync(), b.dataSync()];
      const xs = check.dataSync();
      const bad = va.findIndex((v, i) => Math.abs(xs[i]) >= 2 ** -14 && !Object.is(v, vb[i]) && !(Number.isNaN(v) && Number.isNaN(vb[i])));
      tf.dispose([check, a, b]);
      if (bad >= 0) throw new Error(`tensor-op float16 differs from toFloat16 at ${bad} (x = ${xs[bad]}): ${va[bad]} vs ${vb[bad]}`);
      const x = sample(n, 1);
      return {
        enter: async () => void (await tf.setBackend(backend)),
        run: async () => {
          const y = fn(x);
          await y.data();
          y.dispose();
        },
        teardown: async () => {
          await tf.setBackend(backend);
          x.dispose();
        },
      };
    },
  };
}

const comparisons: Comparison[] = [];
for (const backend of ['wasm', 'cpu'] as const) {
  for (const n of [4096, 1 << 20]) {
    comparisons.push({
      name: `toFloat16 on ${n} values, ${backend}: typed array vs tensor ops`,
      baseline: rounding(backend, n, 'tensor ops', toFloat16TensorOps),
      candidate: rounding(backend, n, 'typed array (library)', toFloat16),
      iterations: n > 100_000 ? 3 : 20,
      rounds: 3,
    });
  }
}
export default comparisons;
