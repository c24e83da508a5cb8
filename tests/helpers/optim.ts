/**
 * Shared by tests/optim-*.test.ts: variables from plain arrays, a loop that feeds an optimizer a
 * fixed gradient sequence, and the float32 comparison the parity tests use.
 */
import * as tf from '@tensorflow/tfjs';

export interface ParamSpec {
  shape: number[];
  values: number[];
}

/** New trainable variables (auto-named) for the specs; returns them keyed by the spec's key. */
export function makeVariables(specs: Record<string, ParamSpec>): Record<string, tf.Variable> {
  return Object.fromEntries(
    Object.entries(specs).map(([key, s]) => [key, tf.tidy(() => tf.variable(tf.tensor(s.values, s.shape, 'float32')))]),
  );
}

/** Current values of the variables, flattened, keyed as given. */
export function readValues(variables: Record<string, tf.Variable>): Record<string, number[]> {
  return Object.fromEntries(Object.entries(variables).map(([key, v]) => [key, Array.from(v.dataSync())]));
}

/**
 * Applies `grads[k]` (keyed like `variables`; a key may be missing: that variable gets no gradient)
 * for each step k and records all values after each. Gradient tensors are made and freed per step.
 */
export function runSteps(
  optimizer: tf.Optimizer,
  variables: Record<string, tf.Variable>,
  grads: Record<string, number[]>[],
): Record<string, number[]>[] {
  const trajectory: Record<string, number[]>[] = [];
  for (const g of grads) {
    const present = Object.entries(variables).filter(([key]) => g[key] !== undefined);
    const named = Object.fromEntries(present.map(([key, v]) => [v.name, tf.tensor(g[key], v.shape, 'float32')]));
    optimizer.applyGradients(named);
    tf.dispose(Object.values(named));
    trajectory.push(readValues(variables));
  }
  return trajectory;
}

/** Largest |a − b| / (atol/rtol + |b|)·rtol over paired arrays: ≤ 1 means within atol + rtol·|b|. */
export function worstError(actual: number[], expected: number[], rtol: number, atol: number): number {
  let worst = 0;
  expected.forEach((b, i) => (worst = Math.max(worst, Math.abs(actual[i] - b) / (atol + rtol * Math.abs(b)))));
  return worst;
}

/** Largest absolute and relative difference between paired arrays. */
export function differences(actual: number[], expected: number[]): { abs: number; rel: number } {
  let abs = 0;
  let rel = 0;
  expected.forEach((b, i) => {
    const d = Math.abs(actual[i] - b);
    abs = Math.max(abs, d);
    rel = Math.max(rel, d / Math.max(Math.abs(b), 1e-30));
  });
  return { abs, rel };
}
