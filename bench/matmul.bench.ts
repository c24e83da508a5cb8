/**
 * The fast matmul (src/fast/matmul.ts) against tfjs-backend-wasm's stock kernels, same process,
 * alternating rounds (each side installs or removes the wrapper before its round):
 *
 *   - one [64,128]·[128,128] product — a dense layer's size — per transpose combination (the
 *     untransposed one is the control: it must stay ≈ 1×);
 *   - `model.fit` of the digits MLP (64→128→128→10, batch 64) with `tf.train.adam` and with our
 *     `adamw`: what every tfjs user gains; and `train()` + adamw on the digits data;
 *   - the same product on the cpu backend, transposeB: why `ready()` leaves cpu's kernel alone.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { installFastMatMul, uninstallFastMatMul } from '../src/fast/matmul';
import { loadDigits } from '../src/data/digits';
import { adamw } from '../src/optim/adamw';
import { train } from '../src/train/train';
import type { BenchCase, BenchStep, Comparison } from './harness';
import { digitsBatch, digitsMlp } from './mlp';

type Backend = 'wasm' | 'cpu';

/** Selects the backend and puts the stock (`fast = false`) or the fast kernels in place. */
async function use(backend: Backend, fast: boolean): Promise<void> {
  await tf.setBackend(backend);
  if (fast) installFastMatMul(backend);
  else uninstallFastMatMul(backend);
}

function side(backend: Backend, fast: boolean, label: string, build: () => BenchStep): BenchCase {
  return {
    label: `${backend} ${fast ? 'fast' : 'stock'}: ${label}`,
    setup: async () => {
      await use(backend, fast);
      const step = build();
      return {
        ...step,
        enter: () => use(backend, fast),
        teardown: async () => {
          await use(backend, backend === 'wasm'); // leave the kernels as ready() set them up
          await step.teardown?.();
        },
      };
    },
  };
}

/** One matmul of a [64,128] by a [128,128] operand, stored transposed where the flag says so. */
function product(transposeA: boolean, transposeB: boolean): () => BenchStep {
  return () => {
    const a = tf.randomNormal(transposeA ? [128, 64] : [64, 128], 0, 1, 'float32', 1);
    const b = tf.randomNormal([128, 128], 0, 1, 'float32', 2);
    return {
      run: () => {
        const c = tf.matMul(a, b, transposeA, transposeB);
        c.dataSync(); // wait for it (wasm is synchronous; this keeps the measure honest elsewhere)
        c.dispose();
      },
      teardown: () => tf.dispose([a, b]),
    };
  };
}

/** One epoch of `model.fit` over 10 batches of 64 rows of the digits MLP. */
function fit(makeOptimizer: () => tf.Optimizer): () => BenchStep {
  return () => {
    const model = digitsMlp();
    const optimizer = makeOptimizer();
    model.compile({ optimizer, loss: 'categoricalCrossentropy' });
    const { x, y } = digitsBatch(640);
    return {
      run: () => model.fit(x, y, { batchSize: 64, epochs: 1, shuffle: false, verbose: 0 }),
      teardown: () => {
        tf.dispose([x, y]);
        optimizer.dispose();
        model.dispose();
      },
    };
  };
}

/** One epoch of `train()` + adamw on digits (23 steps of 64). */
function trainEpoch(): BenchStep {
  const data = loadDigits({ seed: 0 });
  const model = digitsMlp();
  const optimizer = adamw({ learningRate: 1e-3 });
  let seed = 0;
  return {
    run: () =>
      train(model, { x: data.xTrain, y: data.yTrain }, { optimizer, loss: 'softmaxCrossEntropy', batchSize: 64, seed: seed++, progress: 'none' }),
    teardown: () => {
      data.dispose();
      model.dispose();
      optimizer.dispose();
    },
  };
}

function compare(name: string, backend: Backend, label: string, build: () => BenchStep, more: Partial<Comparison>): Comparison {
  return { name, baseline: side(backend, false, label, build), candidate: side(backend, true, label, build), ...more };
}

const COMBINATIONS: [boolean, boolean, string][] = [
  [false, false, 'a·b'],
  [true, false, 'aᵀ·b'],
  [false, true, 'a·bᵀ'],
  [true, true, 'aᵀ·bᵀ'],
];

const comparisons: Comparison[] = [
  ...COMBINATIONS.map(([tA, tB, form]) =>
    compare(`matmul: ${form}, [64,128]·[128,128] (wasm)`, 'wasm', form, product(tA, tB), {
      iterations: 200,
      rounds: 9,
      ...(tA || tB ? { target: 3 } : {}),
    }),
  ),
  compare('matmul: model.fit digits MLP, tf.train.adam (wasm)', 'wasm', 'fit, tf.train.adam', fit(() => tf.train.adam(1e-3)), {
    iterations: 3,
    rounds: 9,
    target: 1.5,
    stepsPerRun: 10,
  }),
  compare('matmul: model.fit digits MLP, trainlab adamw (wasm)', 'wasm', 'fit, trainlab adamw', fit(() => adamw({ learningRate: 1e-3 })), {
    iterations: 3,
    rounds: 9,
    target: 1.5,
    stepsPerRun: 10,
  }),
  compare('matmul: train() + adamw, digits epoch (wasm)', 'wasm', 'train(), adamw', trainEpoch, {
    iterations: 1,
    rounds: 15,
    stepsPerRun: 23,
  }),
  compare('matmul: a·bᵀ, [64,128]·[128,128] (cpu)', 'cpu', 'a·bᵀ', product(false, true), { iterations: 10, rounds: 5, warmup: 2 }),
];
export default comparisons;
