/**
 * `peakBytes(fn)`: the most memory tfjs held while `fn` ran — the peak of `tf.memory().numBytes`,
 * above its value when `fn` started. tfjs keeps only the current count; this watches the engine's
 * counter (an accessor on `tf.engine().state.numBytes`, removed when `fn` returns), so every
 * allocation counts, in the forward and the backward pass alike (`tf.profile`'s `peakBytes`
 * samples only after the kernels it records).
 *
 * This is how much the training step itself needs on top of what already lived (weights, data,
 * optimizer state): the activations kept for the backward pass, the gradients, temporaries.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * Runs `fn` (synchronously) and returns its result with the peak bytes it allocated above the start.
 *
 * @param fn any synchronous work, e.g. `() => optimizer.minimize(lossFn)`. Tensors it returns stay
 *   the caller's; tensors it frees are counted while they lived.
 * @returns `{ result, peakBytes }`: `peakBytes` ≥ 0, in bytes (float32: 4 per value).
 * @example
 * const { peakBytes: bytes } = peakBytes(() => optimizer.minimize(() => loss(model, x, y)));
 */
export function peakBytes<T>(fn: () => T): { result: T; peakBytes: number } {
  if (typeof fn !== 'function') throw new TypeError(`peakBytes: fn must be a function, got ${String(fn)}`);
  const state = (tf.engine() as unknown as { state: { numBytes: number } }).state;
  let value = state.numBytes;
  const start = value;
  let peak = value;
  Object.defineProperty(state, 'numBytes', {
    configurable: true,
    enumerable: true,
    get: () => value,
    set: (n: number) => {
      value = n;
      if (n > peak) peak = n;
    },
  });
  try {
    const result = fn();
    return { result, peakBytes: peak - start };
  } finally {
    delete (state as { numBytes?: number }).numBytes;
    state.numBytes = value;
  }
}
