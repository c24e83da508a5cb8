/**
 * The fused multi-tensor fast path: pack many small parameters into one flat vector so that an
 * elementwise optimizer runs a dozen large ops per step instead of a dozen small ops per variable.
 *
 * Small models spend most of an optimizer step on per-op overhead (tfjs-wasm: ≈5–15 µs an op, for
 * 10 or 10 000 elements alike). Adam is ~14 ops a variable, so six variables cost ~84 ops; packed,
 * the same rule costs ~14 ops on one vector plus a concat in and a split out.
 *
 *   grads  g₁…gₙ ──reshape+concat──► g (N)  ┐
 *   params p₁…pₙ ──reshape+concat──► p (N)  ├─► the same chain, on one tensor ──► p + u ──split──► p₁…pₙ
 *   state  m, v  (kept packed, N each)      ┘
 *
 * Correct only for `fusable` (elementwise) transformations: then the chain sees one long tensor and
 * computes exactly what it computes per variable. Big tensors are not packed: they already amortize
 * the per-op cost, and copying them in and out would only cost bandwidth.
 *
 * Measured here (wasm, Adam on the six variables of the 64→128→128→10 MLP, one applyGradients):
 * tf.train.adam ≈ 0.46 ms, this path ≈ 0.23 ms, the same chain per variable ≈ 0.47 ms. Packing only
 * the small tensors (limit 2 000 or 10 000 elements) measured slower than packing all six.
 */
import * as tf from '@tensorflow/tfjs';

/** The key of the packed group in the NamedTensorMaps a transformation sees on the fast path. */
export const PACKED = '(packed parameters)';

/** Tensors larger than this (in elements) are updated on their own; smaller ones are packed. */
export const DEFAULT_MAX_PACKED_SIZE = 1 << 15;

/** Where each packed variable lives in the flat vector. */
export interface PackEntry {
  name: string;
  shape: number[];
  offset: number;
  size: number;
}

/** The packed group: its members, in order, and its total length. */
export interface Packing {
  /** Identity of the layout: member names joined (same members, same order ⇔ same layout). */
  key: string;
  entries: PackEntry[];
  size: number;
}

/**
 * Chooses the variables to pack: float32 ones with at most `maxPackedSize` elements, in the order
 * given. Returns null when fewer than two qualify (nothing to gain).
 */
export function planPacking(names: string[], variables: Record<string, tf.Variable>, maxPackedSize: number): Packing | null {
  const entries: PackEntry[] = [];
  let offset = 0;
  for (const name of names) {
    const v = variables[name];
    if (v.dtype !== 'float32' || v.size > maxPackedSize) continue;
    entries.push({ name, shape: v.shape.slice(), offset, size: v.size });
    offset += v.size;
  }
  if (entries.length < 2) return null;
  return { key: entries.map((e) => e.name).join('\n'), entries, size: offset };
}

/** Concatenates the tensors, flattened, in order: one new 1-D tensor owned by the caller. */
export function pack(tensors: tf.Tensor[]): tf.Tensor1D {
  return tf.tidy(() => tf.concat(tensors.map((t) => (t.rank === 1 ? t : tf.reshape(t, [-1])))) as tf.Tensor1D);
}

// Backends whose tensors live in host memory, where reading a vector back is a plain copy.
const HOST_MEMORY_BACKENDS = new Set(['cpu', 'wasm', 'tensorflow']);

/**
 * Splits a packed vector back into tensors shaped as the packing's entries (new tensors owned by
 * the caller).
 *
 * Deviation from "few large ops": on host-memory backends the vector is read once and each piece is
 * made from a view of it. tfjs-wasm's Slice kernel copies its whole input once per slice (it reads
 * the input back through `readSync`), so `tf.split` into n pieces copies n·N floats — for the six
 * variables of a small MLP that is slower than the rest of the Adam step put together. One read is
 * N floats. On GPU backends, where a read means a sync, `tf.split` is used.
 */
export function unpack(flat: tf.Tensor, packing: Packing): tf.Tensor[] {
  if (HOST_MEMORY_BACKENDS.has(tf.getBackend())) {
    const values = flat.dataSync() as Float32Array;
    return packing.entries.map((e) => tf.tensor(values.subarray(e.offset, e.offset + e.size), e.shape, 'float32'));
  }
  return tf.tidy(() =>
    tf.split(flat, packing.entries.map((e) => e.size)).map((piece, i) => tf.reshape(piece, packing.entries[i].shape)),
  );
}
