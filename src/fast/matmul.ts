/**
 * The fast matmul: a fix for TensorFlow.js's wasm backend, where a transposed matmul is 6–8× slower
 * than it needs to be.
 *
 * tfjs-backend-wasm 4.22 hands a matmul to XNNPACK only when neither operand is transposed; with
 * `transposeA` or `transposeB` it runs a naive triple loop. Every dense layer's backward pass uses
 * exactly those two products — dW = Xᵀ·dY and dX = dY·Wᵀ — so on a small network they dominate a
 * training step. Measured on [64,128]·[128,128]: plain 131 µs, transposeA 784 µs, transposeB
 * 710 µs, but an explicit `transpose` followed by the plain product 93 µs.
 *
 * The fix re-registers the backend's `BatchMatMul` and `_FusedMatMul` kernels with a wrapper that
 * transposes a transposed operand explicitly (the backend's own `Transpose` kernel, one copy of the
 * operand) and then calls the original kernel with both flags off:
 *
 *     A·Bᵀ = A·(Bᵀ)        Aᵀ·B = (Aᵀ)·B        (Bᵀ, Aᵀ materialized first)
 *
 * The arithmetic is the same products summed in the same order by the same kernel, so results equal
 * the stock kernel's within float32 rounding; gradients are untouched (they are defined per op in
 * tfjs-core and call matMul, which lands here again). It speeds up anything that trains on the
 * backend — `model.fit` as much as `train()`.
 *
 * `ready()` installs it on the wasm backend; `TRAINLAB_FAST_MATMUL=0` or
 * `uninstallFastMatMul('wasm')` opts out. Installing twice is a no-op. The tfjs `cpu` backend is not
 * patched by default: its matmul handles transposes itself, and transposing first was measured to
 * gain nothing there (bench/matmul.bench.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { checkString } from '../core/errors';

/** Kernels wrapped: the plain batched matmul (backward passes) and the fused one (dense forward). */
const KERNELS = [tf.BatchMatMul, tf._FusedMatMul] as const;

/** Marks a wrapper and keeps the kernel it wraps; a global symbol, so two copies of this module agree. */
const ORIGINAL = Symbol.for('trainlab.fastMatMul.original');

type WrappedKernelFunc = tf.KernelFunc & { [ORIGINAL]?: tf.KernelConfig };

/** The kernel registered for `kernelName` on `backendName`, or undefined. */
function registered(kernelName: string, backendName: string): tf.KernelConfig | undefined {
  return tf.getKernel(kernelName, backendName);
}

/** Swaps the last two axes: the permutation that turns a [..., r, c] operand into [..., c, r]. */
function lastTwoSwapped(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return perm;
}

/** The wrapper around one stock matmul kernel (`original`), transposing on `transpose`'s kernel. */
function fastKernel(original: tf.KernelConfig, transpose: tf.KernelFunc): WrappedKernelFunc {
  const kernelFunc: WrappedKernelFunc = (args) => {
    const attrs = (args.attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
    const { a, b } = args.inputs;
    // Untransposed: already the fast path. Missing operands: let the stock kernel report them.
    if ((!attrs.transposeA && !attrs.transposeB) || a === undefined || b === undefined) return original.kernelFunc(args);
    const { backend } = args;
    const dispose = (backend as { disposeData(dataId: object): void }).disposeData.bind(backend);
    const inputs = { ...args.inputs };
    // Intermediates of a kernel are TensorInfos, not Tensors: the engine never sees them, so this
    // function frees them itself (as the stock kernels do with their reshapes).
    const made: tf.TensorInfo[] = [];
    for (const [name, x, flag] of [['a', a, attrs.transposeA], ['b', b, attrs.transposeB]] as const) {
      if (!flag) continue;
      const xT = transpose({ inputs: { x }, backend, attrs: { perm: lastTwoSwapped(x.shape.length) } }) as tf.TensorInfo;
      made.push(xT);
      inputs[name] = xT;
    }
    try {
      return original.kernelFunc({ ...args, inputs, attrs: { ...args.attrs, transposeA: false, transposeB: false } });
    } finally {
      for (const t of made) dispose(t.dataId);
    }
  };
  kernelFunc[ORIGINAL] = original;
  return kernelFunc;
}

/**
 * Whether the fast matmul is installed on `backendName` (both of its kernels wrapped).
 *
 * @param backendName a registered tfjs backend name, e.g. `'wasm'`.
 */
export function fastMatMulInstalled(backendName: string): boolean {
  checkBackendName('fastMatMulInstalled', backendName);
  return KERNELS.every((name) => (registered(name, backendName)?.kernelFunc as WrappedKernelFunc | undefined)?.[ORIGINAL] !== undefined);
}

/**
 * Installs the fast matmul on a backend: re-registers its `BatchMatMul` and `_FusedMatMul` kernels so
 * that a transposed operand is transposed explicitly and the untransposed (XNNPACK, on wasm) kernel
 * runs. Idempotent. `ready()` calls it for the wasm backend unless `TRAINLAB_FAST_MATMUL=0`.
 *
 * Results equal the stock kernels' within float32 rounding; gradients and tensor ownership are
 * unchanged (the explicit transposes are freed inside the kernel). Costs one copy of each transposed
 * operand per call.
 *
 * @param backendName the backend whose kernels to wrap (`'wasm'`; `'cpu'` works but gains nothing).
 *   Its package must be loaded (its kernels registered); it need not be the active backend.
 * @returns true when installed (now or before); false when the backend has no matmul or no
 *   transpose kernel registered (e.g. its package is not loaded) — nothing changes then.
 * @example
 * import '@tensorflow/tfjs-backend-wasm';
 * installFastMatMul('wasm');   // model.fit's backward pass now runs on XNNPACK
 */
export function installFastMatMul(backendName: string): boolean {
  checkBackendName('installFastMatMul', backendName);
  const transpose = registered(tf.Transpose, backendName);
  if (transpose === undefined || KERNELS.some((name) => registered(name, backendName) === undefined)) return false;
  for (const name of KERNELS) {
    const config = registered(name, backendName)!;
    if ((config.kernelFunc as WrappedKernelFunc)[ORIGINAL] !== undefined) continue;
    tf.unregisterKernel(name, backendName);
    tf.registerKernel({ ...config, kernelFunc: fastKernel(config, transpose.kernelFunc) });
  }
  return true;
}

/**
 * Puts the stock matmul kernels back on a backend (the opt-out at run time). Idempotent.
 *
 * @param backendName the backend given to `installFastMatMul`.
 * @returns true when the fast matmul was installed and is now removed; false when it was not there.
 * @example
 * uninstallFastMatMul('wasm');  // compare against tfjs's own kernels
 */
export function uninstallFastMatMul(backendName: string): boolean {
  checkBackendName('uninstallFastMatMul', backendName);
  let removed = false;
  for (const name of KERNELS) {
    const original = (registered(name, backendName)?.kernelFunc as WrappedKernelFunc | undefined)?.[ORIGINAL];
    if (original === undefined) continue;
    tf.unregisterKernel(name, backendName);
    tf.registerKernel(original);
    removed = true;
  }
  return removed;
}

/** Throws a TypeError unless `name` is a non-empty string (a backend whose package is not loaded is fine: nothing to do). */
function checkBackendName(fn: string, name: unknown): string {
  return checkString(fn, 'backendName', name);
}
