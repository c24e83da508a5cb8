/**
 * Gradient clipping equals PyTorch's `clip_grad_norm_` / `clip_grad_value_`: every reference case
 * (tests/reference/clipping.json, from tools/reference/clipping.py) through the four ways trainlab
 * clips — the functions, the chain transforms, and `withClipping` around tfjs's SGD — with float32
 * tolerance, NaN and ±Infinity where torch has them.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clipByGlobalNorm, clipByValue, clipGradNorm, clipGradValue, withClipping, type NamedTensorMap } from '../src/index';
import { checkEveryTestForLeaks } from './helpers/leak-check';

type Num = number | 'NaN' | 'Infinity' | '-Infinity';
interface Case {
  name: string;
  kind: 'norm' | 'value';
  maxNorm?: number;
  normType?: number | 'inf';
  errorIfNonfinite?: boolean;
  clipValue?: number;
  grads: Record<string, Num[]>;
  raises?: boolean;
  totalNorm?: Num;
  clipped?: Record<string, Num[]>;
}
const reference = JSON.parse(readFileSync(new URL('./reference/clipping.json', import.meta.url), 'utf8')) as {
  shapes: Record<string, number[]>;
  cases: Case[];
};
const decode = (x: Num): number => (typeof x === 'number' ? x : Number(x));

checkEveryTestForLeaks();

function gradTensors(c: Case): NamedTensorMap {
  return Object.fromEntries(Object.entries(c.grads).map(([k, v]) => [k, tf.tensor(v.map(decode), reference.shapes[k], 'float32')]));
}

/** Equal within float32 rounding: NaN ⇔ NaN, ±Infinity exactly, else |a − b| ≤ 1e-6 + 2e-6·|b|. */
function expectClose(actual: number, expected: number, what: string): void {
  if (Number.isNaN(expected)) return void expect(actual, what).toBeNaN();
  if (!Number.isFinite(expected)) return void expect(actual, what).toBe(expected);
  expect(Math.abs(actual - expected), `${what}: ${actual} vs torch ${expected}`).toBeLessThanOrEqual(1e-6 + 2e-6 * Math.abs(expected));
}

function expectClipped(actual: NamedTensorMap, c: Case): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(c.clipped!).sort());
  for (const [k, expected] of Object.entries(c.clipped!)) {
    const values = Array.from(actual[k].dataSync());
    expected.forEach((e, i) => expectClose(values[i], decode(e), `${c.name}: ${k}[${i}]`));
  }
}

const normCases = reference.cases.filter((c) => c.kind === 'norm');
const valueCases = reference.cases.filter((c) => c.kind === 'value');

describe('clipGradNorm = torch.nn.utils.clip_grad_norm_', () => {
  it.each(normCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const grads = gradTensors(c);
    try {
      if (c.raises) {
        expect(() => clipGradNorm(grads, c.maxNorm!, c.normType, { errorIfNonfinite: c.errorIfNonfinite })).toThrow(/total norm of order .* is (NaN|Infinity)/);
        return;
      }
      const result = clipGradNorm(grads, c.maxNorm!, c.normType, { errorIfNonfinite: c.errorIfNonfinite });
      expectClose(result.totalNorm, decode(c.totalNorm!), `${c.name}: totalNorm`);
      expectClipped(result.grads, c);
      tf.dispose(Object.values(result.grads));
    } finally {
      tf.dispose(Object.values(grads));
    }
  });
});

describe('clipGradValue = torch.nn.utils.clip_grad_value_', () => {
  it.each(valueCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const grads = gradTensors(c);
    const clipped = clipGradValue(grads, c.clipValue!);
    expectClipped(clipped, c);
    tf.dispose([...Object.values(grads), ...Object.values(clipped)]);
  });
});

describe('the transforms clipByGlobalNorm and clipByValue give the same numbers', () => {
  it.each(reference.cases.filter((c) => !c.raises).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const grads = gradTensors(c);
    const t = c.kind === 'norm' ? clipByGlobalNorm({ maxNorm: c.maxNorm!, normType: c.normType }) : clipByValue({ clipValue: c.clipValue! });
    const out = tf.tidy(() => t.update(grads, t.init({}), {}, 0).updates);
    expectClipped(out, c);
    tf.dispose([...Object.values(grads), ...Object.values(out)]);
  });
});

describe('withClipping(tf.train.sgd(1)) applies the same clipped gradients', () => {
  it.each(reference.cases.filter((c) => !c.raises).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const grads = gradTensors(c);
    const variables = Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, tf.tidy(() => tf.variable(tf.zerosLike(g)))]));
    const optimizer = withClipping(tf.train.sgd(1), c.kind === 'norm' ? { maxNorm: c.maxNorm!, normType: c.normType } : { clipValue: c.clipValue! });
    optimizer.applyGradients(Object.fromEntries(Object.entries(grads).map(([k, g]) => [variables[k].name, g])));
    const applied = tf.tidy(() => Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, tf.neg(v)]))); // p = 0 − 1·g
    expectClipped(applied, c);
    optimizer.dispose();
    tf.dispose([...Object.values(grads), ...Object.values(variables), ...Object.values(applied)]);
  });
});
