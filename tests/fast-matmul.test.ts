/**
 * The fast matmul (src/fast/matmul.ts) computes what tfjs's stock kernels compute: every transpose
 * combination, batched and broadcast matmuls, shapes with 1s, the fused matmul with bias and
 * activation, and gradients through a dense layer — each run once on the stock kernels and once on
 * the wrapped ones, on the wasm backend. Plus: no backend memory left behind, install/uninstall are
 * idempotent, and `selectBackend` installs it on wasm unless opted out.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../src/backend';
import { fastMatMulInstalled, installFastMatMul, uninstallFastMatMul } from '../src/fast/matmul';
import { checkEveryTestForLeaks } from './helpers/leak-check';

checkEveryTestForLeaks();

beforeAll(async () => {
  await tf.setBackend('wasm');
});
afterAll(() => {
  installFastMatMul('wasm'); // leave the process as ready() set it up
});

/** Runs `f` on tfjs's stock kernels, then on the fast ones; returns both results as plain arrays. */
function stockAndFast(f: () => tf.Tensor | tf.Tensor[]): [number[][], number[][]] {
  const run = () => {
    const out = tf.tidy(f);
    const list = Array.isArray(out) ? out : [out];
    const values = list.map((t) => Array.from(t.dataSync()));
    tf.dispose(list);
    return values;
  };
  uninstallFastMatMul('wasm');
  const stock = run();
  installFastMatMul('wasm');
  return [stock, run()];
}

/** Largest |fast − stock| relative to the largest |stock|, over every output. */
function relativeDifference([stock, fast]: [number[][], number[][]]): number {
  let diff = 0;
  let scale = 0;
  stock.forEach((values, i) => {
    expect(fast[i].length).toBe(values.length);
    values.forEach((v, j) => {
      diff = Math.max(diff, Math.abs(fast[i][j] - v));
      scale = Math.max(scale, Math.abs(v));
    });
  });
  return diff / scale;
}

const random = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);

/** Float32 sums of ~100 products agree to a few ulps of the largest value: 1e-5 is far above that noise. */
const TOLERANCE = 1e-5;

const COMBINATIONS = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
] as const;

/** [a's shape, b's shape] before any transposition, i.e. a·b is defined. */
const SHAPE_CASES: [string, number[], number[]][] = [
  ['a dense layer, [64,128]·[128,128]', [64, 128], [128, 128]],
  ['non-square, [7,5]·[5,3]', [7, 5], [5, 3]],
  ['a row times a column, [1,9]·[9,1]', [1, 9], [9, 1]],
  ['a column times a row, [9,1]·[1,4]', [9, 1], [1, 4]],
  ['all ones, [1,1]·[1,1]', [1, 1], [1, 1]],
  ['batched, [3,4,6]·[3,6,5]', [3, 4, 6], [3, 6, 5]],
  ['broadcast batch, [2,3,4,6]·[6,5]', [2, 3, 4, 6], [6, 5]],
  ['broadcast batch of 1, [1,4,6]·[3,6,5]', [1, 4, 6], [3, 6, 5]],
];

/** The shape an operand must have so that, transposed when `flag`, it has `shape`. */
const stored = (shape: number[], flag: boolean) => (flag ? [...shape.slice(0, -2), shape.at(-1)!, shape.at(-2)!] : shape);

describe('fast matmul equals the stock kernels', () => {
  for (const [name, aShape, bShape] of SHAPE_CASES) {
    for (const [tA, tB] of COMBINATIONS) {
      it(`${name}, transposeA=${tA}, transposeB=${tB}`, () => {
        const results = stockAndFast(() => tf.matMul(random(stored(aShape, tA), 1), random(stored(bShape, tB), 2), tA, tB));
        expect(results[0][0].length).toBeGreaterThan(0);
        expect(relativeDifference(results)).toBeLessThan(TOLERANCE);
      });
    }
  }

  for (const [tA, tB] of COMBINATIONS) {
    it(`fused matmul + relu, transposeA=${tA}, transposeB=${tB}`, () => {
      const results = stockAndFast(() =>
        tf.fused.matMul({ a: random(stored([16, 32], tA), 3), b: random(stored([32, 8], tB), 4), transposeA: tA, transposeB: tB, activation: 'relu' }),
      );
      expect(results[0][0].some((v) => v === 0) && results[0][0].some((v) => v > 0)).toBe(true); // relu did cut
      expect(relativeDifference(results)).toBeLessThan(TOLERANCE);
    });

    // tfjs-backend-wasm 4.22's own fused kernel adds the bias wrongly when an operand is transposed
    // (errors of ~1 seen): the reference here is the pure-JS cpu backend, which the fast path matches.
    it(`fused matmul + bias + relu equals the cpu backend's, transposeA=${tA}, transposeB=${tB}`, async () => {
      const f = () =>
        tf.fused.matMul({ a: random(stored([16, 32], tA), 3), b: random(stored([32, 8], tB), 4), transposeA: tA, transposeB: tB, bias: random([8], 5), activation: 'relu' });
      await tf.setBackend('cpu');
      const onCpu = tf.tidy(f);
      const cpu = [Array.from(onCpu.dataSync())];
      onCpu.dispose();
      await tf.setBackend('wasm');
      installFastMatMul('wasm');
      const fast = tf.tidy(f);
      expect(relativeDifference([cpu, [Array.from(fast.dataSync())]])).toBeLessThan(TOLERANCE);
      fast.dispose();
    });
  }

  it('gradients through a dense layer (fused forward, transposed products backward) are equal', () => {
    const results = stockAndFast(() => {
      const x = random([64, 32], 6);
      const w = random([32, 16], 7);
      const bias = random([16], 8);
      const loss = (x: tf.Tensor, w: tf.Tensor, bias: tf.Tensor) =>
        tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, bias, activation: 'relu' }).square().sum();
      return tf.grads(loss)([x, w, bias]); // dX = dY·Wᵀ, dW = Xᵀ·dY, dBias
    });
    expect(results[0]).toHaveLength(3);
    expect(relativeDifference(results)).toBeLessThan(TOLERANCE);
  });

  it('gradients of a tf.layers.dense model through tf.variableGrads are equal', () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [10], units: 6, activation: 'tanh' }), tf.layers.dense({ units: 3 })] });
    const results = stockAndFast(() => {
      const { grads, value } = tf.variableGrads(() => (model.apply(random([5, 10], 9)) as tf.Tensor).square().mean() as tf.Scalar);
      return [value, ...Object.values(grads)];
    });
    model.dispose();
    expect(results[0]).toHaveLength(5);
    expect(relativeDifference(results)).toBeLessThan(TOLERANCE);
  });
});

describe('fast matmul memory and registration', () => {
  const backend = () => tf.engine().backend as unknown as { numDataIds(): number };

  it('frees its explicit transposes: backend buffers return to the count before', () => {
    installFastMatMul('wasm');
    const a = random([6, 4], 10);
    const b = random([5, 6], 11);
    const before = backend().numDataIds();
    tf.tidy(() => {
      for (const [tA, tB] of COMBINATIONS) tf.matMul(tA ? a : a.transpose(), tB ? b : b.transpose(), tA, tB); // [4,6]·[6,5]
      tf.fused.matMul({ a, b, transposeA: true, transposeB: true });
    });
    expect(backend().numDataIds()).toBe(before);
    tf.dispose([a, b]);
  });

  it('install is idempotent and uninstall puts the stock kernel function back', () => {
    uninstallFastMatMul('wasm');
    const stock = tf.getKernel('BatchMatMul', 'wasm').kernelFunc;
    expect(fastMatMulInstalled('wasm')).toBe(false);
    expect(installFastMatMul('wasm')).toBe(true);
    const fast = tf.getKernel('BatchMatMul', 'wasm').kernelFunc;
    expect(fast).not.toBe(stock);
    expect(installFastMatMul('wasm')).toBe(true);
    expect(tf.getKernel('BatchMatMul', 'wasm').kernelFunc).toBe(fast); // not wrapped twice
    expect(fastMatMulInstalled('wasm')).toBe(true);
    expect(uninstallFastMatMul('wasm')).toBe(true);
    expect(tf.getKernel('BatchMatMul', 'wasm').kernelFunc).toBe(stock);
    expect(uninstallFastMatMul('wasm')).toBe(false);
    installFastMatMul('wasm');
  });

  it('does nothing on a backend that has no kernels registered', () => {
    expect(installFastMatMul('no-such-backend')).toBe(false);
    expect(fastMatMulInstalled('no-such-backend')).toBe(false);
  });

  it('selectBackend installs it on wasm, and TRAINLAB_FAST_MATMUL=0 or fastMatMul: false opts out', async () => {
    expect((await selectBackend({ env: { TRAINLAB_BACKEND: 'wasm' } })).fastMatMul).toBe(true);
    expect(fastMatMulInstalled('wasm')).toBe(true);
    expect((await selectBackend({ env: { TRAINLAB_BACKEND: 'wasm', TRAINLAB_FAST_MATMUL: '0' } })).fastMatMul).toBe(false);
    expect(fastMatMulInstalled('wasm')).toBe(false);
    expect((await selectBackend({ env: { TRAINLAB_BACKEND: 'wasm' } })).fastMatMul).toBe(true);
    expect((await selectBackend({ env: { TRAINLAB_BACKEND: 'wasm' }, fastMatMul: false })).fastMatMul).toBe(false);
    expect((await selectBackend({ env: { TRAINLAB_BACKEND: 'cpu' } })).fastMatMul).toBe(false); // cpu: not patched
    expect(fastMatMulInstalled('cpu')).toBe(false);
    await tf.setBackend('wasm');
  });
});
