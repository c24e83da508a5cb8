/**
 * Grader for lesson 03. Run it with `npm run grade -- 03` (your exercise.ts) or
 * `npm run grade -- 03 --solution` (the reference). Each check tests one idea.
 *
 * The numbers below are worked by hand in the comments (β₁ = 0.9, β₂ = 0.999 unless stated).
 *
 * Checks are independent: a check of ε, the options or the defaults starts from a late state
 * (t = 10⁴, where 1 − βᵗ ≈ 1), so a missing bias correction fails only the checks about it; and
 * Exercise 2 accepts Adam's step from the reference (solution.ts) or from the learner's own
 * adamStep, so a bug in adamStep is graded once, in Exercise 1.
 */
import * as tf from '@tensorflow/tfjs';
import { adam, adamw } from '../../src/index';
import { check, exercise, expectNoLeak, leakOf, expectTensor, expectTrue, expectValues, fail, fmt, load } from '../grading';
import * as Solution from './solution';

const { adamStep, adamwStep } = await load<typeof Solution>(import.meta.url);

type AdamState = Solution.AdamState;
type StepResult = Solution.AdamStepResult;

/** A late state (t = 10⁴ updates applied, so that 1 − β₁ᵗ ≈ 1 − β₂ᵗ ≈ 1: the bias correction is ≈ 1). */
const LATE = 10_000;

/** A fresh state for parameters shaped like `p`: m = v = 0, no update applied yet. */
const fresh = (p: tf.Tensor): AdamState => ({ m: tf.zerosLike(p), v: tf.zerosLike(p), t: 0 });

/** Checks that a step returned `{ params, state: { m, v, t } }` of live tensors and a number. */
function result(value: unknown, call: string): StepResult {
  const shape = `${call} should return { params, state: { m, v, t } }`;
  if (typeof value !== 'object' || value === null) fail(`${shape}; got ${fmt(value)} — return { params, state: { m, v, t } }`);
  const { params, state } = value as Partial<StepResult>;
  expectTensor(params, `${call}.params`);
  if (typeof state !== 'object' || state === null) fail(`${shape}; its state is ${fmt(state)} — return { params, state: { m, v, t } }`);
  expectTensor(state.m, `${call}.state.m`);
  expectTensor(state.v, `${call}.state.v`);
  if (typeof state.t !== 'number') fail(`${call}.state.t should be a number (the updates applied so far); got ${fmt(state.t)} — return the state's t + 1`);
  return value as StepResult;
}

/** True when the tensor holds `expected` (flattened) within a relative tolerance. */
function near(actual: tf.Tensor, expected: number[], tol = 1e-4): boolean {
  const got = actual.dataSync();
  return got.length === expected.length && expected.every((want, i) => Math.abs(got[i] - want) <= tol * Math.max(1, Math.abs(want)));
}

const nonFinite = (t: tf.Tensor): boolean => t.dataSync().some((x) => !Number.isFinite(x));

/** A gradient sequence with different scales per entry and changing signs: g_k[i] = sin(1.3k + i)·(i + 1)². */
function gradientAt(k: number, shape: [number, number]): tf.Tensor {
  const n = shape[0] * shape[1];
  return tf.tensor(Array.from({ length: n }, (_, i) => Math.sin(1.3 * k + i) * (i + 1) ** 2), shape);
}

/**
 * Runs `step` and the library optimizer `reference` side by side for `steps` updates on the same
 * gradients; returns both final parameters as arrays.
 */
function sideBySide(
  step: (p: tf.Tensor, g: tf.Tensor, s: AdamState) => StepResult,
  reference: tf.Optimizer,
  name: string,
  steps: number,
): { mine: Float32Array; library: Float32Array } {
  const shape: [number, number] = [2, 3];
  const start = tf.tensor([[1, -2, 0.5], [3, -0.1, 2]]);
  const variable = tf.variable(start);
  let p: tf.Tensor = start.clone();
  let s = fresh(p);
  try {
    for (let k = 0; k < steps; k++) {
      const g = gradientAt(k, shape);
      const next = result(step(p, g, s), `${name} at step ${k + 1}`);
      reference.applyGradients({ [variable.name]: g });
      tf.dispose([p, s.m, s.v, g]);
      p = next.params;
      s = next.state;
    }
    return { mine: p.dataSync() as Float32Array, library: variable.dataSync() as Float32Array };
  } finally {
    variable.dispose();
    reference.dispose();
  }
}

exercise(1, 'adamStep', () => {
  check('after 1 step, m = 0.1·g and v = 0.001·g²', 2, () => {
    // m = 0.9·0 + 0.1·g = [0.05, -0.1, 0.2];  v = 0.999·0 + 0.001·g² = [0.00025, 0.001, 0.004]
    const p = tf.tensor1d([1, 1, 1]);
    const g = tf.tensor1d([0.5, -1, 2]);
    const call = 'adamStep(p, g = [0.5, -1, 2], fresh state, { learningRate: 0.1 })';
    const { state } = result(adamStep(p, g, fresh(p), { learningRate: 0.1 }), call);
    const mWant = 'after 1 step from m = 0, m should be (1 − β₁)·g = 0.1·g = [0.05, -0.1, 0.2]';
    if (near(state.m, [0.45, -0.9, 1.8])) fail(`${mWant}; got ${fmt(state.m)}, which is 0.9·g — it looks like you swapped β₁ and 1 − β₁`);
    if (near(state.m, [0.5, -1, 2])) fail(`${mWant}; got ${fmt(state.m)}, which is g itself — did you return m̂ as m? Keep the raw m in the state: the correction is recomputed at every step`);
    expectValues(state.m, [0.05, -0.1, 0.2], mWant, 1e-4);
    const vWant = 'after 1 step from v = 0, v should be (1 − β₂)·g² = 0.001·g² = [0.00025, 0.001, 0.004]';
    if (near(state.v, [0.0005, -0.001, 0.002])) fail(`${vWant}; got ${fmt(state.v)}, which is 0.001·g — square the gradient`);
    if (near(state.v, [0.24975, 0.999, 3.996])) fail(`${vWant}; got ${fmt(state.v)}, which is 0.999·g² — it looks like you swapped β₂ and 1 − β₂`);
    if (near(state.v, [0.25, 1, 4])) fail(`${vWant}; got ${fmt(state.v)}, which is g² itself — did you return v̂ as v? Keep the raw v in the state`);
    expectValues(state.v, [0.00025, 0.001, 0.004], vWant, 1e-4);
  });

  check('counts the update: t goes up by 1', 1, () => {
    const p = tf.tensor1d([1, 2]);
    const g = tf.tensor1d([0.1, 0.2]);
    const first = result(adamStep(p, g, fresh(p), { learningRate: 0.1 }), 'adamStep on a fresh state');
    expectTrue(first.state.t === 1, `after the first update the state should say t = 1 (t counts the updates applied); got t = ${fmt(first.state.t)} — return t + 1 in the new state`);
    const later = { m: tf.tensor1d([0.1, 0.1]), v: tf.tensor1d([0.01, 0.01]), t: 7 };
    const eighth = result(adamStep(p, g, later, { learningRate: 0.1 }), 'adamStep on a state with t = 7');
    expectTrue(eighth.state.t === 8, `from a state with t = 7 (seven updates applied), the returned state should have t = 8; got t = ${fmt(eighth.state.t)} — add 1 to the t of the state you were given`);
  });

  check('bias correction: the first step moves every parameter by η, whatever the size of g', 2, () => {
    // t = 1: m̂ = 0.1·g / (1 − 0.9) = g,  v̂ = 0.001·g² / (1 − 0.999) = g²,  so the step is η·g/|g| = 0.1·sign(g).
    const p = tf.tensor1d([1, 1, 1]);
    const g = tf.tensor1d([0.5, -1, 2]);
    const call = 'adamStep(p = [1, 1, 1], g = [0.5, -1, 2], fresh state, { learningRate: 0.1 })';
    const { params } = result(adamStep(p, g, fresh(p), { learningRate: 0.1 }), call);
    const want = `${call} should give p − η·m̂/(√v̂ + ε) = p − 0.1·sign(g) = [0.9, 1.1, 0.9]`;
    if (nonFinite(params)) fail(`${want}; got ${fmt(params)} — t starts at 1: with t = 0 the correction divides by 1 − β^0 = 0. Add 1 to the state's t before using it`);
    if (near(params, [0.683772, 1.316228, 0.683772])) fail(`${want}; got ${fmt(params)} — did you apply bias correction? m̂ should be m / (1 − β₁ᵗ) = g and v̂ = v / (1 − β₂ᵗ) = g² at t = 1; without it the first step is 3.16·η`);
    if (near(params, [-2.16228, 4.16228, -2.16228])) fail(`${want}; got ${fmt(params)} — you corrected m but not v: v̂ = v / (1 − β₂ᵗ)`);
    if (near(params, [0.99, 1.01, 0.99])) fail(`${want}; got ${fmt(params)} — you corrected v but not m: m̂ = m / (1 − β₁ᵗ)`);
    if (near(params, [1.1, 0.9, 1.1])) fail(`${want}; got ${fmt(params)}, a step uphill — subtract η·m̂/(√v̂ + ε) (minus sign)`);
    if (near(params, [0, 2, 0])) fail(`${want}; got ${fmt(params)} — scale the step by η`);
    expectValues(params, [0.9, 1.1, 0.9], want, 1e-4);
  });

  check('ε goes outside the square root', 1, () => {
    // From m = 0.1, v = 0.01 at t = 10⁴ with g = 0.1: m = 0.1, v = 0.01, and m̂ ≈ 0.1, v̂ ≈ 0.01 (1 − βᵗ ≈ 1);
    // with ε = 0.1 and η = 1: p = 0 − 0.1 / (√0.01 + 0.1) = −0.5 (√(v̂ + ε) would give −0.3015).
    const p = tf.tensor1d([0]);
    const g = tf.tensor1d([0.1]);
    const state = { m: tf.tensor1d([0.1]), v: tf.tensor1d([0.01]), t: LATE };
    const call = `adamStep(p = [0], g = [0.1], { m: [0.1], v: [0.01], t: ${LATE} }, { learningRate: 1, epsilon: 0.1 })`;
    const { params } = result(adamStep(p, g, state, { learningRate: 1, epsilon: 0.1 }), call);
    const want = `${call} should give p − η·m̂/(√v̂ + ε) = −0.1/(0.1 + 0.1) = [-0.5] (at t = ${LATE} the bias correction is ≈ 1)`;
    if (near(params, [-0.3015], 1e-3)) fail(`${want}; got ${fmt(params)}, which is −m̂/√(v̂ + ε) — ε goes outside the square root, √v̂ + ε`);
    if (near(params, [-1], 1e-3)) fail(`${want}; got ${fmt(params)} — the options' epsilon was not used: divide by √v̂ + ε`);
    expectValues(params, [-0.5], `${want} — check how ε enters the denominator`, 1e-3);
  });

  check('two steps by hand: m, v, t and p after g = 1, then g = 2', 2, () => {
    // Step 1 (t = 1): m = 0.1, v = 0.001, m̂ = 1, v̂ = 1, p = 1 − 0.1·1 = 0.9.
    // Step 2 (t = 2): m = 0.9·0.1 + 0.1·2 = 0.29,  v = 0.999·0.001 + 0.001·4 = 0.004999,
    //   m̂ = 0.29 / (1 − 0.81) = 1.526316,  v̂ = 0.004999 / (1 − 0.998001) = 2.500750,
    //   p = 0.9 − 0.1·1.526316 / 1.581376 = 0.803482.
    const p0 = tf.tensor1d([1]);
    const one = result(adamStep(p0, tf.tensor1d([1]), fresh(p0), { learningRate: 0.1 }), 'adamStep, step 1');
    expectValues(one.params, [0.9], 'after step 1 (g = 1, η = 0.1) p should be 1 − 0.1 = 0.9', 1e-4);
    const two = result(adamStep(one.params, tf.tensor1d([2]), one.state, { learningRate: 0.1 }), 'adamStep, step 2');
    expectValues(two.state.m, [0.29], 'after step 2 (g = 2), m should be 0.9·0.1 + 0.1·2 = 0.29', 1e-4);
    expectValues(two.state.v, [0.004999], 'after step 2 (g = 2), v should be 0.999·0.001 + 0.001·4 = 0.004999', 1e-4);
    expectTrue(two.state.t === 2, `after two updates the state should say t = 2; got t = ${fmt(two.state.t)} — add 1 to the t of the state you were given`);
    const want = 'after step 2, p should be 0.9 − 0.1·m̂/(√v̂ + ε) with m̂ = 0.29/(1 − 0.9²) = 1.5263 and v̂ = 0.004999/(1 − 0.999²) = 2.5008, i.e. 0.8035';
    if (near(two.params, [0.7703])) fail(`${want}; got ${fmt(two.params)} — that is the correction with t = 1 again: t must come from the state (t = 2 at the second update)`);
    expectValues(two.params, [0.803482], want, 1e-4);
  });

  check('uses β₁, β₂, η and ε from the options, for any shape', 1, () => {
    // From m = v = 1 at t = 10⁴, with β₁ = 0.5, β₂ = 0.75, η = 2, ε = 0 (1 − βᵗ = 1 in float32):
    //   m = 0.5 + 0.5·g,  v = 0.75 + 0.25·g²,  m̂ = m,  v̂ = v,  p = 0 − 2·m/√v.
    const p = tf.zeros([2, 2]);
    const g = tf.tensor2d([[1, 2], [3, 4]]);
    const state = { m: tf.ones([2, 2]), v: tf.ones([2, 2]), t: LATE };
    const options = { learningRate: 2, beta1: 0.5, beta2: 0.75, epsilon: 0 };
    const call = `adamStep(p = 0 (2×2), g = [[1, 2], [3, 4]], { m: 1, v: 1, t: ${LATE} }, { learningRate: 2, beta1: 0.5, beta2: 0.75, epsilon: 0 })`;
    const next = result(adamStep(p, g, state, options), call);
    expectValues(next.state.m, [[1, 1.5], [2, 2.5]], `${call}: m should be β₁·m + (1 − β₁)·g = [[1, 1.5], [2, 2.5]] — check that β₁ comes from the options`, 1e-4);
    expectValues(next.state.v, [[1, 1.75], [3, 4.75]], `${call}: v should be β₂·v + (1 − β₂)·g² = [[1, 1.75], [3, 4.75]] — check that β₂ comes from the options`, 1e-4);
    expectValues(next.params, [[-2, -2.267787], [-2.309401, -2.294157]], `${call}: p should be −η·m̂/√v̂ = [[-2, -2.268], [-2.309, -2.294]] (at t = ${LATE}, m̂ ≈ m and v̂ ≈ v) — check that η comes from the options and multiplies the whole step`, 1e-3);
  });

  check("uses PyTorch's defaults when options are left out (η = 1e-3, β₁ = 0.9, β₂ = 0.999)", 1, () => {
    // From m = 1, v = 1 at t = 10⁴ with g = 1: m = 1, v = 1, m̂ ≈ 1, v̂ ≈ 1, p = 1 − 1e-3 = 0.999.
    // With g = 3: m = 0.9 + 0.1·3 = 1.2, v = 0.999 + 0.001·9 = 1.008.
    const p = tf.tensor1d([1]);
    const state = { m: tf.ones([1]), v: tf.ones([1]), t: LATE };
    const call = `adamStep(p = [1], g = [1], { m: [1], v: [1], t: ${LATE} }) with no options`;
    const { params } = result(adamStep(p, tf.tensor1d([1]), state), call);
    expectValues(params, [0.999], `${call} should move p by the default η = 1e-3 (m̂ = v̂ = 1): p = 0.999 — check the default learningRate`, 1e-5);
    const three = result(adamStep(p, tf.tensor1d([3]), state), `adamStep(p = [1], g = [3], { m: [1], v: [1], t: ${LATE} }) with no options`);
    expectValues(three.state.m, [1.2], `with g = 3 and no options, m should be 0.9·1 + 0.1·3 = 1.2 — check the default β₁ = 0.9`, 1e-4);
    expectValues(three.state.v, [1.008], `with g = 3 and no options, v should be 0.999·1 + 0.001·9 = 1.008 — check the default β₂ = 0.999`, 1e-4);
  });

  check('returns new tensors and leaves its inputs as they were', 1, () => {
    const p = tf.tensor1d([1, 2]);
    const g = tf.tensor1d([1, -1]);
    const state = fresh(p);
    const next = result(adamStep(p, g, state, { learningRate: 0.1 }), 'adamStep');
    const inputs = [p, g, state.m, state.v];
    expectTrue(inputs.every((x) => !x.isDisposed), 'p, g, m and v should still be alive after adamStep (they belong to the caller); one was disposed — dispose only tensors you made yourself (tf.tidy does it for you)');
    expectTrue(![next.params, next.state.m, next.state.v].some((x) => inputs.includes(x)), 'adamStep should return new tensors for p, m and v; it returned one of its inputs — build each with tensor operations (they return new tensors)');
    expectValues(p, [1, 2], 'adamStep changed p in place: it should still be [1, 2]');
    expectValues(state.m, [0, 0], "adamStep changed the caller's m in place: it should still be [0, 0]");
    expectTrue(state.t === 0, `adamStep changed the caller's state.t: it should still be 0; got ${fmt(state.t)} — build a new state object instead of assigning to state.t`);
  });

  check("matches the library's adam over 20 steps", 1, () => {
    const { mine, library } = sideBySide((p, g, s) => adamStep(p, g, s, { learningRate: 0.05 }), adam({ learningRate: 0.05 }), 'adamStep', 20);
    const worst = Math.max(...mine.map((x, i) => Math.abs(x - library[i])));
    expectTrue(worst < 1e-4, `after 20 steps (η = 0.05) on the same gradients, your p and adam's should agree to 1e-4; they differ by up to ${fmt(worst)} (yours ${fmt(Array.from(mine))}, adam's ${fmt(Array.from(library))}) — the one-step checks above say which part differs; check that each step uses the state the previous one returned`);
  });

  check('leaks no tensors', 1, () => {
    const p = tf.tensor1d([1, 2, 3]);
    const g = tf.tensor1d([0.5, -1, 2]);
    const state = fresh(p);
    expectNoLeak('adamStep', () => adamStep(p, g, state, { learningRate: 0.1 }));
  });
});

/** New copies of a state, so that a learner's function that disposes or changes its inputs harms no other call. */
const copyOf = (s: AdamState): AdamState => ({ m: s.m.clone(), v: s.v.clone(), t: s.t });

/**
 * Adam's step on the decayed weights p·(1 − η·λ) — what adamwStep should return — taken by the
 * reference adamStep (solution.ts) and by the learner's own adamStep (undefined if it throws or
 * returns something else). adamwStep may build on either: a bug in adamStep is graded in Exercise 1.
 */
function adamOnDecayed(p: tf.Tensor, g: tf.Tensor, s: AdamState, options: Solution.AdamWStepOptions): { reference: StepResult; yours?: StepResult } {
  const { weightDecay = 1e-2, ...adamOptions } = options;
  const decayed = p.mul(1 - (adamOptions.learningRate ?? 1e-3) * weightDecay);
  const reference = Solution.adamStep(decayed, g, copyOf(s), adamOptions);
  try {
    const yours = adamStep(decayed.clone(), g.clone(), copyOf(s), adamOptions) as Partial<StepResult> | undefined;
    return yours?.params instanceof tf.Tensor && !yours.params.isDisposed && yours.state?.m instanceof tf.Tensor && !yours.state.m.isDisposed
      ? { reference, yours: yours as StepResult } : { reference };
  } catch {
    return { reference };
  }
}

const sameAs = (actual: tf.Tensor, expected: tf.Tensor, tol = 1e-4): boolean =>
  tf.util.arraysEqual(actual.shape, expected.shape) && near(actual, Array.from(expected.dataSync()), tol);

/**
 * Passes when `params` is Adam's step (the reference's or the learner's adamStep) on p·(1 − η·λ);
 * otherwise fails with the first matching diagnosis, or with `want; got …` and `hint`.
 */
function expectAdamW(
  params: tf.Tensor,
  [p, g, s, options]: [tf.Tensor, tf.Tensor, AdamState, Solution.AdamWStepOptions],
  want: string,
  diagnoses: [number[], string][],
  hint: string,
): void {
  const { reference, yours } = adamOnDecayed(p, g, s, options);
  if (sameAs(params, reference.params) || (yours && sameAs(params, yours.params))) return;
  for (const [values, diagnosis] of diagnoses) if (near(params, values)) fail(`${want}; got ${fmt(params)}${diagnosis}`);
  const mine = yours && !sameAs(yours.params, reference.params) ? ` (your adamStep on p·(1 − η·λ) gives ${fmt(yours.params)}, Adam's is ${fmt(reference.params)}: fix adamStep in Exercise 1 too)` : '';
  fail(`${want}; got ${fmt(params)}${mine} — ${hint}`);
}

exercise(2, 'adamwStep', () => {
  check('with λ = 0 it is exactly Adam', 1, () => {
    const p = tf.tensor1d([1, 1, 1]);
    const g = tf.tensor1d([0.5, -1, 2]);
    const options = { learningRate: 0.1, weightDecay: 0 };
    const call = 'adamwStep(p = [1, 1, 1], g = [0.5, -1, 2], fresh state, { learningRate: 0.1, weightDecay: 0 })';
    const { params } = result(adamwStep(p, g, fresh(p), options), call);
    expectAdamW(params, [p, g, fresh(p), options], `${call} should be Adam's first step, p − 0.1·sign(g) = [0.9, 1.1, 0.9]`, [],
      'AdamW with λ = 0 is Adam: check that adamwStep returns adamStep(p·(1 − η·λ), g, state, options)');
  });

  check('a zero gradient only shrinks p by the factor 1 − η·λ', 2, () => {
    // g = 0 leaves m = v = 0, so the Adam part is 0 / (0 + ε) = 0 and p ← p·(1 − 0.1·0.5) = 0.95·p.
    const p = tf.tensor1d([1, -2, 4]);
    const g = tf.zeros([3]);
    const options = { learningRate: 0.1, weightDecay: 0.5 };
    const call = 'adamwStep(p = [1, -2, 4], g = 0, fresh state, { learningRate: 0.1, weightDecay: 0.5 })';
    const { params } = result(adamwStep(p, g, fresh(p), options), call);
    expectAdamW(params, [p, g, fresh(p), options], `${call} should only shrink p: p·(1 − η·λ) = 0.95·p = [0.95, -1.9, 3.8]`, [
      [[0.5, -1, 2], ', which is p·(1 − λ) — the decay is scaled by η too, p·(1 − η·λ)'],
      [[1, -2, 4], ' (p unchanged) — apply the decay p·(1 − η·λ) before the Adam step'],
      [[1.05, -2.1, 4.2], ', which grew: multiply by 1 − η·λ, not 1 + η·λ'],
      [[0.9, -1.9, 3.9], ' — that is Adam + L2: λ·p went into the gradient and Adam scaled it to a full η-sized step. Decay the weights directly instead'],
    ], 'check the factor p·(1 − η·λ), with η = learningRate and λ = weightDecay');
  });

  check('the decay does not pass through √v̂: weights with large and small gradient histories shrink alike', 2, () => {
    // Two weights p = 1 after 999 updates, one with a large gradient history (v = 1), one with a small one (v = 1e-6);
    // now g = 0, so the Adam part is 0 (m stays 0) and AdamW gives p·(1 − 0.1·0.5) = 0.95 for both.
    // Adam + L2 would feed λ·p = 0.5 into m and v: the first weight moves by 0.004, the second by 0.25.
    const p = tf.tensor1d([1, 1]);
    const g = tf.zeros([2]);
    const state = { m: tf.zeros([2]), v: tf.tensor1d([1, 1e-6]), t: 999 };
    const options = { learningRate: 0.1, weightDecay: 0.5 };
    const call = 'adamwStep(p = [1, 1], g = 0, { m: 0, v: [1, 1e-6], t: 999 }, { learningRate: 0.1, weightDecay: 0.5 })';
    const { params } = result(adamwStep(p, g, copyOf(state), options), call);
    expectAdamW(params, [p, g, state, options], `${call} should shrink both weights alike, to p·(1 − η·λ) = [0.95, 0.95]`, [
      [[0.996, 0.749], ' — that is Adam + L2: you added λ·p to the gradient, so the decay went through √v̂ and the weight with the large history barely shrank. Decay p directly'],
    ], 'multiply p by 1 − η·λ outside the Adam step, not inside m or v');
  });

  check('the moments see only the loss gradient g, not λ·p', 1, () => {
    const p = tf.tensor1d([10]);
    const g = tf.tensor1d([1]);
    const options = { learningRate: 0.1, weightDecay: 0.5 };
    const call = 'adamwStep(p = [10], g = [1], fresh state, { learningRate: 0.1, weightDecay: 0.5 })';
    const { state } = result(adamwStep(p, g, fresh(p), options), call);
    const { reference, yours } = adamOnDecayed(p, g, fresh(p), options);
    const ok = (got: tf.Tensor, pick: (r: StepResult) => tf.Tensor) => sameAs(got, pick(reference)) || (yours !== undefined && sameAs(got, pick(yours)));
    const want = `${call}: m should be 0.1·g = [0.1]`;
    if (!ok(state.m, (r) => r.state.m)) {
      if (near(state.m, [0.6])) fail(`${want}; got ${fmt(state.m)}, which is 0.1·(g + λ·p) — AdamW keeps λ·p out of m and v`);
      fail(`${want}; got ${fmt(state.m)} — pass the loss gradient g itself to the Adam step`);
    }
    if (!ok(state.v, (r) => r.state.v)) fail(`${call}: v should be 0.001·g² = [0.001] (no λ·p in it); got ${fmt(state.v)} — pass the loss gradient g itself to the Adam step`);
  });

  check('decays the weights as they were before this step', 1, () => {
    // p ← p·(1 − ηλ) − η·m̂/(√v̂ + ε) = 1·0.75 − 0.5·1 = 0.25  (decaying after the step would give (1 − 0.5)·0.75 = 0.375).
    const p = tf.tensor1d([1]);
    const g = tf.tensor1d([1]);
    const options = { learningRate: 0.5, weightDecay: 0.5 };
    const call = 'adamwStep(p = [1], g = [1], fresh state, { learningRate: 0.5, weightDecay: 0.5 })';
    const { params } = result(adamwStep(p, g, fresh(p), options), call);
    expectAdamW(params, [p, g, fresh(p), options], `${call} should give p·(1 − η·λ) − η·m̂/(√v̂ + ε) = 0.75 − 0.5 = [0.25]`, [
      [[0.375], ' — you decayed the weights after the Adam step; decay the old p, then take the step (as PyTorch\'s AdamW)'],
    ], 'decay the old p first, then take the Adam step from the decayed weights');
  });

  check("uses PyTorch's default λ = 1e-2 when weightDecay is left out", 1, () => {
    const p = tf.tensor1d([1]);
    const g = tf.zeros([1]);
    const call = 'adamwStep(p = [1], g = 0, fresh state, { learningRate: 0.1 })';
    const { params } = result(adamwStep(p, g, fresh(p), { learningRate: 0.1 }), call);
    expectAdamW(params, [p, g, fresh(p), { learningRate: 0.1 }], `${call} should decay with the default λ = 1e-2: p·(1 − 0.1·0.01) = [0.999]`, [
      [[1], ' (p unchanged) — AdamW decays by default (weightDecay = 1e-2)'],
    ], 'check the default weightDecay = 1e-2');
  });

  check("matches the library's adamw over 20 steps", 1, () => {
    const options = { learningRate: 0.05, weightDecay: 0.3 };
    const { mine, library } = sideBySide((p, g, s) => adamwStep(p, g, s, options), adamw(options), 'adamwStep', 20);
    const worst = Math.max(...mine.map((x, i) => Math.abs(x - library[i])));
    if (worst < 1e-4) return;
    // The same 20 steps with the learner's adamStep on the decayed weights: a bug there is Exercise 1's.
    let viaYours: Float32Array | undefined;
    try {
      viaYours = sideBySide((p, g, s) => tf.tidy(() => adamStep(p.mul(1 - 0.05 * 0.3), g, s, options)), adamw(options), 'adamStep', 20).mine;
    } catch {
      viaYours = undefined;
    }
    if (viaYours && Math.max(...mine.map((x, i) => Math.abs(x - viaYours[i]))) < 1e-4) return;
    fail(`after 20 steps (η = 0.05, λ = 0.3) on the same gradients, your p and adamw's should agree to 1e-4; they differ by up to ${fmt(worst)} (yours ${fmt(Array.from(mine))}, adamw's ${fmt(Array.from(library))}) — the one-step checks above say which part differs; check that each step decays p, then takes Adam's step with the state it was given`);
  });

  check('leaks no tensors', 1, () => {
    const p = tf.tensor1d([1, 2, 3]);
    const g = tf.tensor1d([0.5, -1, 2]);
    const state = fresh(p);
    const { leaked } = leakOf(() => adamwStep(p, g, state, { learningRate: 0.1, weightDecay: 0.1 }));
    if (leaked <= 0) return;
    // A leak inside the learner's adamStep is Exercise 1's: it passes here if adamStep alone leaks as much.
    let ownLeak = 0;
    try {
      const decayed = p.mul(0.99);
      ownLeak = leakOf(() => adamStep(decayed, g, state, { learningRate: 0.1 })).leaked;
    } catch {
      ownLeak = 0;
    }
    if (leaked <= ownLeak) return;
    expectNoLeak('adamwStep', () => adamwStep(p, g, state, { learningRate: 0.1, weightDecay: 0.1 }));
  });
});
