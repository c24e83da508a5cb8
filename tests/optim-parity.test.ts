/**
 * Parity with PyTorch 1.13's optimizers: 21 option combinations, 12 steps each, four parameters of
 * different shapes (matrix, vector, 3-D, scalar), on both the fused and the readable path.
 *
 * Reference values: tests/reference/optimizers.json, made by tools/reference/optimizers.py
 * (regenerate: `/usr/bin/python3 tools/reference/optimizers.py > tests/reference/optimizers.json`).
 * PyTorch computes in float64 from float32 inputs; trainlab computes in float32.
 *
 * Tolerance: |ours − torch| ≤ 1e-6 + 1e-5·|torch| after every step (float32 rounding, compounded
 * over 12 steps; the worst case measured is well inside it — see the last test's log).
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../src/backend';
import { adam } from '../src/optim/adam';
import { adamw } from '../src/optim/adamw';
import { rmsprop } from '../src/optim/rmsprop';
import { sgd } from '../src/optim/sgd';
import type { TransformOptimizer } from '../src/optim/transform-optimizer';
import { differences, makeVariables, runSteps, worstError } from './helpers/optim';

interface Reference {
  steps: number;
  shapes: Record<string, number[]>;
  initial: Record<string, number[]>;
  grads: Record<string, number[]>[];
  cases: { name: string; optimizer: string; options: Record<string, unknown>; lrs?: number[]; trajectory: Record<string, number[]>[] }[];
}

const reference: Reference = JSON.parse(readFileSync(new URL('./reference/optimizers.json', import.meta.url), 'utf8'));
const RTOL = 1e-5;
const ATOL = 1e-6;
const factories: Record<string, (options: never) => TransformOptimizer> = { sgd, adam, adamw, rmsprop };

function run(c: Reference['cases'][number], fused: boolean): Record<string, number[]>[] {
  const specs = Object.fromEntries(Object.entries(reference.shapes).map(([k, shape]) => [k, { shape, values: reference.initial[k] }]));
  const variables = makeVariables(specs);
  const lrs = c.lrs;
  const options = { ...c.options, fused, ...(lrs ? { learningRate: (step: number) => lrs[step] } : {}) };
  const optimizer = factories[c.optimizer](options as never);
  try {
    return runSteps(optimizer, variables, reference.grads);
  } finally {
    optimizer.dispose();
    tf.dispose(Object.values(variables));
  }
}

const worst = { abs: 0, rel: 0, ratio: 0, where: '' };

beforeAll(async () => {
  await ready();
});

afterAll(() => {
  console.log(`optim parity: worst |Δ| ${worst.abs.toExponential(2)}, worst relative ${worst.rel.toExponential(2)} (${worst.where}); ${(worst.ratio * 100).toFixed(1)}% of the tolerance`);
});

// wasm is what `ready()` picks here; cpu runs the same code on other kernels (and the host-memory
// unpacking that shares one buffer among the pieces).
describe.each([
  ['wasm', true],
  ['wasm', false],
  ['cpu', true],
  ['cpu', false],
] as const)('parity with PyTorch (%s, fused: %s)', (backend, fused) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
  });
  it.each(reference.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const ours = run(c, fused);
    for (let k = 0; k < reference.steps; k++) {
      for (const key of Object.keys(reference.shapes)) {
        const [a, b] = [ours[k][key], c.trajectory[k][key]];
        const ratio = worstError(a, b, RTOL, ATOL);
        const d = differences(a, b);
        if (ratio > worst.ratio) Object.assign(worst, { ratio, where: `${backend}, ${c.name}, step ${k + 1}, ${key}` });
        worst.abs = Math.max(worst.abs, d.abs);
        worst.rel = Math.max(worst.rel, d.rel);
        if (ratio > 1) expect.fail(`${c.name}: after step ${k + 1}, ${key} = [${a}], torch [${b}]`);
      }
    }
  });
});
