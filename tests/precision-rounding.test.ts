/**
 * toFloat16 / toBFloat16 against PyTorch 1.13's `x.half().float()` / `x.bfloat16().float()`.
 *
 * Reference: tests/reference/precision.json, made by tools/reference/precision.py (regenerate:
 * `/usr/bin/python3 tools/reference/precision.py > tests/reference/precision.json`). It holds the
 * edge cases in full and, for 1,048,576 enumerated patterns (every bfloat16 × 16 low halves at the
 * rounding positions) and 1,000,000 xorshift32 patterns, a FNV-1a hash of torch's output words.
 * Comparison is bit for bit (so −0 ≠ +0), every NaN counted as one value.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { roundArray, toBFloat16, toFloat16, type LowPrecision } from '../src/precision/to-low-precision';
import { roundToBFloat16, roundToFloat16 } from '../src/precision/round-bits';
import { checkEveryTestForLeaks } from './helpers/leak-check';

interface Summary {
  count: number;
  float16: { fnv1a: number; first: number[] };
  bfloat16: { fnv1a: number; first: number[] };
}
interface Reference {
  edge: { input: number[]; float16: number[]; bfloat16: number[] };
  grid: Summary & { lowHalves: number[] };
  random: Summary & { seed: number };
}

const reference = JSON.parse(readFileSync(new URL('./reference/precision.json', import.meta.url), 'utf8')) as Reference;
const FORMATS: LowPrecision[] = ['float16', 'bfloat16'];

checkEveryTestForLeaks();

/** Output words with every NaN as 0x7fc00000, as the reference script writes them. */
function canonicalBits(values: Float32Array): Uint32Array {
  const bits = new Uint32Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
  values.forEach((v, i) => {
    if (Number.isNaN(v)) bits[i] = 0x7fc00000;
  });
  return bits;
}

function fnv1a(words: Uint32Array): number {
  let h = 0x811c9dc5;
  for (const w of words) {
    for (let shift = 0; shift < 32; shift += 8) {
      h ^= (w >>> shift) & 0xff;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  return h >>> 0;
}

function xorshift32(seed: number, count: number): Uint32Array {
  const out = new Uint32Array(count);
  let x = seed >>> 0;
  for (let i = 0; i < count; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x >>> 0;
  }
  return out;
}

function roundedBits(inputBits: Uint32Array, format: LowPrecision): Uint32Array {
  return canonicalBits(roundArray(new Float32Array(inputBits.slice().buffer), format));
}

const hex = (w: number) => `0x${(w >>> 0).toString(16).padStart(8, '0')}`;

describe('toFloat16 / toBFloat16 equal PyTorch bit for bit', () => {
  for (const format of FORMATS) {
    const fn = format === 'float16' ? toFloat16 : toBFloat16;

    it(`${format}: the edge cases, through tensors`, () => {
      const input = new Float32Array(new Uint32Array(reference.edge.input).buffer);
      const x = tf.tensor(input, [input.length], 'float32');
      const y = fn(x);
      const got = Array.from(canonicalBits(y.dataSync() as Float32Array), hex);
      tf.dispose([x, y]);
      const want = reference.edge[format].map(hex);
      const rows = reference.edge.input.map((b, i) => `${hex(b)} → ${got[i]} (torch ${want[i]})`);
      expect(rows.filter((_, i) => got[i] !== want[i])).toEqual([]);
    });

    it(`${format}: every bfloat16 pattern × 16 low halves (${reference.grid.count} values)`, () => {
      const words = new Uint32Array(reference.grid.count);
      let k = 0;
      for (let hi = 0; hi < 0x10000; hi++) for (const lo of reference.grid.lowHalves) words[k++] = ((hi << 16) | lo) >>> 0;
      const out = roundedBits(words, format);
      expect(Array.from(out.subarray(0, 256))).toEqual(reference.grid[format].first);
      expect(fnv1a(out)).toBe(reference.grid[format].fnv1a);
    });

    it(`${format}: ${reference.random.count} random bit patterns`, () => {
      const out = roundedBits(xorshift32(reference.random.seed, reference.random.count), format);
      expect(Array.from(out.subarray(0, 256))).toEqual(reference.random[format].first);
      expect(fnv1a(out)).toBe(reference.random[format].fnv1a);
    });
  }
});

describe('the rounding rules, by hand', () => {
  it('float16: ties go to the even neighbour; 65520 overflows; 2⁻²⁵ rounds to 0, just above it to 2⁻²⁴', () => {
    expect(roundToFloat16(1 + 2 ** -11)).toBe(1); // halfway between 1 and 1 + 2⁻¹⁰: even is 1
    expect(roundToFloat16(1 + 3 * 2 ** -11)).toBe(1 + 2 ** -9); // halfway: even is 1 + 2·2⁻¹⁰
    expect(roundToFloat16(65519)).toBe(65504);
    expect(roundToFloat16(65520)).toBe(Infinity);
    expect(roundToFloat16(-1e6)).toBe(-Infinity);
    expect(roundToFloat16(2 ** -25)).toBe(0);
    expect(roundToFloat16(2 ** -25 * (1 + 2 ** -20))).toBe(2 ** -24);
    expect(Object.is(roundToFloat16(-1e-10), -0)).toBe(true);
  });

  it('bfloat16: 8 significant bits, float32 range', () => {
    expect(roundToBFloat16(1 + 2 ** -8)).toBe(1);
    expect(roundToBFloat16(1 + 3 * 2 ** -8)).toBe(1 + 2 ** -6);
    expect(roundToBFloat16(3.14159)).toBe(3.140625);
    expect(roundToBFloat16(1e38)).toBeCloseTo(1e38, -36);
    expect(roundToBFloat16(Number.NaN)).toBeNaN();
  });
});

describe('toFloat16 / toBFloat16 as tensor functions', () => {
  it('keep the shape, leave the input alone, return float32', () => {
    const x = tf.tensor([[1.0001, 70000], [1e-8, -0.1]]);
    const y = toFloat16(x);
    expect(y.shape).toEqual([2, 2]);
    expect(y.dtype).toBe('float32');
    expect(Array.from(y.dataSync())).toEqual([1, Infinity, 0, roundToFloat16(-0.1)]);
    expect(Array.from(x.dataSync())).toEqual(Array.from(new Float32Array([1.0001, 70000, 1e-8, -0.1])));
    tf.dispose([x, y]);
  });

  it('the gradient is the incoming gradient rounded to the same format (a cast\'s backward)', () => {
    const x = tf.tensor([1, 2, 3]);
    const dy = tf.tensor([1e-8, 1 + 2 ** -11, 1 + 2 ** -8]);
    for (const [fn, round] of [[toFloat16, roundToFloat16], [toBFloat16, roundToBFloat16]] as const) {
      const g = tf.grad((t: tf.Tensor) => fn(t))(x, dy);
      expect(Array.from(g.dataSync())).toEqual(Array.from(dy.dataSync(), round));
      g.dispose();
    }
    tf.dispose([x, dy]);
  });

  it('refuse what is not a live float32 tensor', () => {
    expect(() => toFloat16([1, 2] as unknown as tf.Tensor)).toThrow('toFloat16: x must be a tf.Tensor, got [1, 2]');
    const i = tf.tensor([1, 2], [2], 'int32');
    expect(() => toBFloat16(i)).toThrow('toBFloat16: x must be a float32 tensor, got "a int32 tensor"');
    i.dispose();
    expect(() => toFloat16(i)).toThrow('toFloat16: x must be a live tensor, got a disposed one');
  });
});
