/**
 * Grader for lesson 02. Run it with `npm run grade -- 02` (your exercise.ts) or
 * `npm run grade -- 02 --solution` (the reference). Each check tests one idea.
 */
import * as tf from '@tensorflow/tfjs';
import { sgd } from '../../src/index';
import { check, exercise, expectNoLeak, expectTensor, expectThrows, expectTrue, expectValues, fail, fmt, load } from '../grading';
import type * as Solution from './solution';

const { momentumStep, nesterovStep } = await load<typeof Solution>(import.meta.url);

type Step = typeof momentumStep;

/** The learner's `{ params, buffer }`, checked to hold two live tensors of w's shape. */
function result(value: unknown, call: string, shape: number[]): { params: tf.Tensor; buffer: tf.Tensor } {
  if (typeof value !== 'object' || value === null || !('params' in value) || !('buffer' in value)) {
    fail(`${call} should return { params, buffer }; got ${fmt(value)} — return one object with the new w and the new buffer`);
  }
  const { params, buffer } = value as { params: unknown; buffer: unknown };
  const w = expectTensor(params, `${call}.params`);
  const b = expectTensor(buffer, `${call}.buffer`);
  for (const [name, t] of [['params', w], ['buffer', b]] as const) {
    if (!tf.util.arraysEqual(t.shape, shape)) fail(`${call}.${name} should have the shape of w, ${fmt(shape)}; got shape ${fmt(t.shape)} — the update is elementwise: no reduction, no reshape`);
  }
  return { params: w, buffer: b };
}

const [W, G, B] = [[1, 2, 3], [0.5, -1, 2], [1, 1, 1]];
const inputs = () => ({ w: tf.tensor1d(W), g: tf.tensor1d(G), b: tf.tensor1d(B) });
const near = (t: tf.Tensor, values: number[]) => {
  const got = t.dataSync();
  return got.length === values.length && values.every((v, i) => Math.abs(got[i] - v) < 1e-5);
};

/**
 * Runs 10 steps of the learner's `step` on L(w) = ½·Σ λᵢ·wᵢ², λ = [1, 10], next to the library's
 * `sgd` with the same options; fails at the first step where w differs.
 */
function compareWithSgd(step: Step, name: string, options: { momentum: number; dampening?: number; nesterov?: boolean }): void {
  const lambda = tf.tensor1d([1, 10]);
  const gradOf = (w: tf.Tensor) => w.mul(lambda); // ∇L(w) = λ ⊙ w
  const reference = tf.variable(tf.tensor1d([2, 1]));
  const optimizer = sgd({ learningRate: 0.05, ...options });
  let w: tf.Tensor = tf.tensor1d([2, 1]);
  let b: tf.Tensor | null = null;
  const { nesterov: _nesterov, ...stepOptions } = options;
  const described = `${name}(…, { learningRate: 0.05, ${Object.entries(stepOptions).map(([k, v]) => `${k}: ${v}`).join(', ')} })`;
  try {
    for (let k = 1; k <= 10; k++) {
      const g = gradOf(w);
      const next = result(step(w, g, b, { learningRate: 0.05, ...stepOptions }), `${described} at step ${k}`, [2]);
      if (next.buffer === g) fail(`${described} should return a new buffer; it returned g itself at step ${k} — on the first step return a copy (g.clone()), so the caller can dispose g and keep b`);
      optimizer.applyGradients({ [reference.name]: gradOf(reference) });
      if (!near(next.params, Array.from(reference.dataSync()))) {
        fail(`on L(w) = ½·(w₁² + 10·w₂²) from w = [2, 1], after step ${k} w should be ${fmt(reference)} (the library's sgd); got ${fmt(next.params)} — the one-step checks above say which part differs; check that each step starts from the w and buffer the previous one returned`);
      }
      tf.dispose([w, g, b ?? []]);
      [w, b] = [next.params, next.buffer];
    }
  } finally {
    optimizer.dispose();
    reference.dispose();
  }
}

function leavesInputsAlone(step: Step, name: string, options: { learningRate: number; momentum: number }): void {
  const { w, g, b } = inputs();
  for (const buffer of [null, b]) {
    const call = `${name}(w, g, ${buffer === null ? 'null' : 'b'}, …)`;
    const out = result(step(w, g, buffer, options), call, [3]);
    expectTrue(!w.isDisposed && !g.isDisposed && !b.isDisposed, `w, g and b should still be alive after ${call} (they belong to the caller); one was disposed — dispose only tensors you made yourself (tf.tidy does it for you)`);
    expectValues(w, W, `${call} changed w in place: w should still be ${fmt(W)}`);
    expectValues(g, G, `${call} changed g: it should still be ${fmt(G)}`);
    expectValues(b, B, `${call} changed the old buffer: it should still be ${fmt(B)}`);
    expectTrue(out.params !== w, `${call} should return a new w; it returned w itself — return a new tensor holding the new w`);
    expectTrue(out.buffer !== g, `${call} should return a new buffer; it returned g itself — on the first step return a copy (g.clone()), so the caller can dispose g and keep b`);
    expectTrue(out.buffer !== b, `${call} should return a new buffer; it returned the old one itself — return a new tensor holding the new b`);
  }
}

/** What a step returned, in words, for "it returned …" messages. */
function shown(value: unknown): string {
  if (typeof value !== 'object' || value === null) return fmt(value);
  const { params, buffer } = value as { params?: unknown; buffer?: unknown };
  return `{ params: ${fmt(params)}, buffer: ${fmt(buffer)} }`;
}

function leaksNothing(step: Step, name: string, options: { learningRate: number; momentum: number }): void {
  const { w, g, b } = inputs();
  expectNoLeak(`${name} on the first step`, () => step(w, g, null, options));
  expectNoLeak(`${name} on a later step`, () => step(w, g, b, options));
}

exercise(1, 'momentumStep', () => {
  const call = (buffer: string, extra = '') => `momentumStep(w = ${fmt(W)}, g = ${fmt(G)}, ${buffer}, { learningRate: 0.1, momentum: 0.9${extra} })`;

  check('first step: the buffer is g and w moves by η·g', 2, () => {
    const { w, g } = inputs();
    const out = result(momentumStep(w, g, null, { learningRate: 0.1, momentum: 0.9 }), call('null'), [3]);
    if (near(out.buffer, [0, 0, 0])) fail(`after 1 step, the buffer should equal g = ${fmt(G)}; got ${fmt(out.buffer)} — start b from g, not from zeros`);
    expectValues(out.buffer, G, `after 1 step, the buffer should equal g = ${fmt(G)}`);
    if (near(out.params, [1.05, 1.9, 3.2])) fail(`after 1 step, w should be w − η·g = [0.95, 2.1, 2.8]; got ${fmt(out.params)}, which is w + η·b — step against the buffer (minus sign)`);
    expectValues(out.params, [0.95, 2.1, 2.8], `after 1 step, w should be w − η·g = [0.95, 2.1, 2.8]`);
  });

  check('later steps: b ← μ·b + g, then w ← w − η·b', 2, () => {
    const { w, g, b } = inputs();
    const out = result(momentumStep(w, g, b, { learningRate: 0.1, momentum: 0.9 }), call('b = [1, 1, 1]'), [3]);
    if (near(out.buffer, [0.95, 0.8, 1.1])) fail(`the new buffer should be μ·b + g = [1.4, -0.1, 2.9]; got ${fmt(out.buffer)}, which is μ·b + (1 − μ)·g — without dampening (τ = 0) the whole g goes in`);
    expectValues(out.buffer, [1.4, -0.1, 2.9], 'the new buffer should be μ·b + g = [1.4, -0.1, 2.9]');
    if (near(out.params, [0.95, 2.1, 2.8])) fail(`w should move by the buffer: w − η·b = [0.86, 2.01, 2.71]; got ${fmt(out.params)}, which is w − η·g — step along the new buffer b, not along g`);
    expectValues(out.params, [0.86, 2.01, 2.71], 'w should be w − η·b = [0.86, 2.01, 2.71], with the new b');
  });

  check('dampening: b ← μ·b + (1 − τ)·g after the first step', 1, () => {
    const { w, g, b } = inputs();
    const out = result(momentumStep(w, g, b, { learningRate: 0.1, momentum: 0.9, dampening: 0.5 }), call('b = [1, 1, 1]', ', dampening: 0.5'), [3]);
    if (near(out.buffer, [1.4, -0.1, 2.9])) fail(`with τ = 0.5 the new buffer should be μ·b + (1 − τ)·g = [1.15, 0.4, 1.9]; got ${fmt(out.buffer)}, which ignores dampening — after the first step, scale g by 1 − τ before adding it to μ·b`);
    expectValues(out.buffer, [1.15, 0.4, 1.9], 'with τ = 0.5 the new buffer should be μ·b + (1 − τ)·g = [1.15, 0.4, 1.9]');
    expectValues(out.params, [0.885, 1.96, 2.81], 'w should be w − η·b = [0.885, 1.96, 2.81], with the new b');
  });

  check('the first step skips dampening (PyTorch)', 1, () => {
    const { w, g } = inputs();
    const out = result(momentumStep(w, g, null, { learningRate: 0.1, momentum: 0.9, dampening: 0.5 }), call('null', ', dampening: 0.5'), [3]);
    if (near(out.buffer, [0.25, -0.5, 1])) fail(`after 1 step, the buffer should equal g = ${fmt(G)}; got ${fmt(out.buffer)}, which is (1 − τ)·g — on the first step PyTorch sets b = g, without dampening`);
    expectValues(out.buffer, G, `after 1 step, even with τ = 0.5, the buffer should equal g = ${fmt(G)}`);
    expectValues(out.params, [0.95, 2.1, 2.8], 'after 1 step, w should be w − η·g = [0.95, 2.1, 2.8]');
  });

  check("follows the library's sgd for 10 steps", 2, () => {
    compareWithSgd(momentumStep, 'momentumStep', { momentum: 0.9 });
    compareWithSgd(momentumStep, 'momentumStep', { momentum: 0.5, dampening: 0.3 });
  });

  check('returns new tensors and leaves w, g and b as they were', 1, () => {
    leavesInputsAlone(momentumStep, 'momentumStep', { learningRate: 0.1, momentum: 0.9 });
  });

  check('leaks no tensors', 1, () => {
    leaksNothing(momentumStep, 'momentumStep', { learningRate: 0.1, momentum: 0.9 });
  });

  check('rejects μ outside [0, 1) and τ outside [0, 1] with a RangeError', 1, () => {
    const { w, g } = inputs();
    for (const momentum of [-0.1, 1, 1.5]) {
      expectThrows(() => shown(momentumStep(w, g, null, { learningRate: 0.1, momentum })), RangeError, `momentumStep with momentum ${momentum} should throw a RangeError: μ must be in [0, 1) — check momentum at the top, before any tensor is made`);
    }
    for (const dampening of [-0.5, 1.5]) {
      expectThrows(() => shown(momentumStep(w, g, null, { learningRate: 0.1, momentum: 0.9, dampening })), RangeError, `momentumStep with dampening ${dampening} should throw a RangeError: τ must be in [0, 1] — check dampening at the top, before any tensor is made`);
    }
  });
});

exercise(2, 'nesterovStep', () => {
  const call = (buffer: string) => `nesterovStep(w = ${fmt(W)}, g = ${fmt(G)}, ${buffer}, { learningRate: 0.1, momentum: 0.9 })`;

  check('first step: b = g and w moves by η·(g + μ·g)', 2, () => {
    const { w, g } = inputs();
    const out = result(nesterovStep(w, g, null, { learningRate: 0.1, momentum: 0.9 }), call('null'), [3]);
    expectValues(out.buffer, G, `after 1 step, the buffer should equal g = ${fmt(G)}`);
    if (near(out.params, [0.95, 2.1, 2.8])) fail(`after 1 step, w should be w − η·(g + μ·b) = [0.905, 2.19, 2.62]; got ${fmt(out.params)}, which is w − η·b, plain momentum — Nesterov moves along g + μ·b`);
    expectValues(out.params, [0.905, 2.19, 2.62], 'after 1 step, w should be w − η·(g + μ·b) = w − η·(1 + μ)·g = [0.905, 2.19, 2.62]');
  });

  check('later steps: b ← μ·b + g, then w ← w − η·(g + μ·b) with the new b', 3, () => {
    const { w, g, b } = inputs();
    const out = result(nesterovStep(w, g, b, { learningRate: 0.1, momentum: 0.9 }), call('b = [1, 1, 1]'), [3]);
    expectValues(out.buffer, [1.4, -0.1, 2.9], 'the new buffer should be μ·b + g = [1.4, -0.1, 2.9]');
    if (near(out.params, [0.86, 2.01, 2.71])) {
      fail(`w should be w − η·(g + μ·b) with the new b = [0.824, 2.109, 2.539]; got ${fmt(out.params)}, which is w − η·(g + μ·b_old) = w − η·b_new, plain momentum — update b first, then use it`);
    }
    expectValues(out.params, [0.824, 2.109, 2.539], 'w should be w − η·(g + μ·b) with the new b = [0.824, 2.109, 2.539]');
  });

  check("follows the library's sgd with nesterov: true for 10 steps", 2, () => {
    compareWithSgd(nesterovStep, 'nesterovStep', { momentum: 0.9, nesterov: true });
  });

  check('returns new tensors and leaves w, g and b as they were', 1, () => {
    leavesInputsAlone(nesterovStep, 'nesterovStep', { learningRate: 0.1, momentum: 0.9 });
  });

  check('leaks no tensors', 1, () => {
    leaksNothing(nesterovStep, 'nesterovStep', { learningRate: 0.1, momentum: 0.9 });
  });

  check('rejects μ outside (0, 1) with a RangeError', 1, () => {
    const { w, g } = inputs();
    for (const momentum of [0, -0.5, 1]) {
      expectThrows(() => shown(nesterovStep(w, g, null, { learningRate: 0.1, momentum })), RangeError, `nesterovStep with momentum ${momentum} should throw a RangeError: Nesterov needs μ in (0, 1) — check momentum at the top (0 is not allowed here)`);
    }
  });
});
