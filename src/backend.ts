/**
 * Picks the fastest TensorFlow.js backend that loads on this machine, once per process.
 *
 *   1. `tensorflow` — the native backend of `@tensorflow/tfjs-node` (an optional dependency: it
 *      downloads libtensorflow at install, so it is absent where that download is impossible);
 *   2. `wasm` — `@tensorflow/tfjs-backend-wasm`, shipped inside its npm package (SIMD, no threads);
 *   3. `cpu` — pure JavaScript, always there, slowest.
 *
 * `TRAINLAB_BACKEND=tensorflow|wasm|cpu` forces one. A forced backend that fails to load is an
 * error, never a silent fallback. Every notebook, test and benchmark calls `await ready()` first.
 *
 * On wasm it also installs the fast matmul (src/fast/matmul.ts: transposed matmuls run on XNNPACK,
 * 5–6× faster, which speeds up every backward pass — `model.fit`'s too). `TRAINLAB_FAST_MATMUL=0`
 * (or `selectBackend({ fastMatMul: false })`) keeps tfjs's stock kernels.
 */
import * as tf from '@tensorflow/tfjs';
import { checkBoolean, checkFunction, checkObject, checkOneOf, checkOptions } from './core/errors';
import { fastMatMulInstalled, installFastMatMul, uninstallFastMatMul } from './fast/matmul';
import { environment } from './platform/environment';
import { loadNativeBackend } from './platform/native-backend';

export const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** What `ready()` chose and why. */
export interface BackendInfo {
  name: BackendName;
  /** One sentence: why this backend, e.g. "fastest available (tensorflow: not installed)". */
  reason: string;
  /** Backends tried before this one, with the reason each failed. */
  skipped: { name: BackendName; error: string }[];
  /** Whether the fast matmul is installed on this backend (wasm, unless opted out). */
  fastMatMul: boolean;
}

/** Loads a backend's package so that its name is registered with tf; throws when it cannot. */
export type BackendLoader = () => Promise<void>;

export const defaultLoaders: Record<BackendName, BackendLoader> = {
  tensorflow: loadNativeBackend,
  wasm: async () => {
    await import('@tensorflow/tfjs-backend-wasm');
  },
  cpu: async () => {},
};

export interface SelectOptions {
  /** Environment to read `TRAINLAB_BACKEND` from (default `process.env`; in a browser, an empty one). */
  env?: Record<string, string | undefined>;
  /** Replaces the package loaders (tests use it to simulate a backend that fails). */
  loaders?: Partial<Record<BackendName, BackendLoader>>;
  /**
   * Install the fast matmul on the wasm backend (default true). False — or `TRAINLAB_FAST_MATMUL=0`
   * (also `false`, `off`, `no`) in the environment — puts tfjs's stock kernels back if they were replaced.
   */
  fastMatMul?: boolean;
}

/** Backends the fast matmul is installed on: measured faster there (bench/matmul.bench.ts). */
const FAST_MATMUL_BACKENDS: readonly BackendName[] = ['wasm'];

/** `TRAINLAB_FAST_MATMUL` values that opt out of the fast matmul. */
const OFF = ['0', 'false', 'off', 'no'];

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/Cannot find (module|package)/.test(message)) return 'not installed';
  return message.split('\n')[0];
}

async function tryBackend(name: BackendName, loaders: Record<BackendName, BackendLoader>): Promise<void> {
  await loaders[name]();
  if (!(await tf.setBackend(name))) throw new Error(`tf.setBackend('${name}') returned false`);
  await tf.ready();
}

/**
 * Selects a backend now (no caching): the override if `TRAINLAB_BACKEND` is set, else the first of
 * tensorflow → wasm → cpu that loads; then installs the fast matmul on wasm unless opted out
 * (`options.fastMatMul === false` or `TRAINLAB_FAST_MATMUL=0`). Most code wants `ready()` instead.
 */
export async function selectBackend(options: SelectOptions = {}): Promise<BackendInfo> {
  const fn = 'selectBackend';
  checkOptions(fn, options, ['env', 'loaders', 'fastMatMul']);
  if (options.fastMatMul !== undefined) checkBoolean(fn, 'fastMatMul', options.fastMatMul);
  if (options.env !== undefined) checkObject(fn, 'env', options.env, 'an object of environment variables');
  if (options.loaders !== undefined) {
    checkOptions(fn, options.loaders, BACKENDS, 'loaders', 'backend');
    for (const [name, load] of Object.entries(options.loaders)) checkFunction(fn, `loaders.${name}`, load, 'a function () => Promise<void>');
  }
  const env = options.env ?? environment();
  const chosen = await pickBackend(env, { ...defaultLoaders, ...options.loaders });
  const wanted = options.fastMatMul !== false && !OFF.includes((env.TRAINLAB_FAST_MATMUL ?? '').trim().toLowerCase());
  if (FAST_MATMUL_BACKENDS.includes(chosen.name)) {
    if (wanted) installFastMatMul(chosen.name);
    else uninstallFastMatMul(chosen.name);
  }
  return { ...chosen, fastMatMul: fastMatMulInstalled(chosen.name) };
}

async function pickBackend(
  env: Record<string, string | undefined>,
  loaders: Record<BackendName, BackendLoader>,
): Promise<Omit<BackendInfo, 'fastMatMul'>> {
  const forced = env.TRAINLAB_BACKEND?.trim();
  if (forced) {
    const name = checkOneOf('ready', 'TRAINLAB_BACKEND', forced, BACKENDS);
    try {
      await tryBackend(name, loaders);
    } catch (error) {
      throw new Error(`ready: TRAINLAB_BACKEND=${name} was requested but the backend failed to load: ${describe(error)}`);
    }
    return { name, reason: `forced by TRAINLAB_BACKEND=${name}`, skipped: [] };
  }
  const skipped: BackendInfo['skipped'] = [];
  for (const name of BACKENDS) {
    try {
      await tryBackend(name, loaders);
    } catch (error) {
      skipped.push({ name, error: describe(error) });
      continue;
    }
    const why = skipped.map((s) => `${s.name}: ${s.error}`).join('; ');
    const reason = skipped.length === 0 ? 'fastest backend, loaded' : `fastest that loaded (${why})`;
    return { name, reason, skipped };
  }
  throw new Error(`ready: no TensorFlow.js backend loaded (${skipped.map((s) => `${s.name}: ${s.error}`).join('; ')})`);
}

let selected: Promise<BackendInfo> | undefined;

/**
 * Selects the backend once per process and returns what was chosen; later calls return the same
 * answer. `await ready()` before the first tensor op.
 *
 * On wasm it installs the fast matmul (see `installFastMatMul`); set `TRAINLAB_FAST_MATMUL=0`
 * before the first call to keep tfjs's stock kernels, or call `uninstallFastMatMul('wasm')` after.
 *
 * @example
 * const { name, reason } = await ready(); // e.g. "wasm", "fastest that loaded (tensorflow: not installed)"
 */
export function ready(): Promise<BackendInfo> {
  selected ??= selectBackend().catch((error) => {
    selected = undefined; // let a caller fix the environment and try again
    throw error;
  });
  return selected;
}
