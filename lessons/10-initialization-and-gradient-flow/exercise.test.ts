/**
 * Grader for lesson 10. Run it with `npm run grade -- 10` (your exercise.ts) or
 * `npm run grade -- 10 --solution` (the reference). Each check tests one idea.
 */
import * as tf from '@tensorflow/tfjs';
import { check, exercise, expectNoLeak, expectThrows, expectTrue, fail, fmt, load } from '../grading';
import type * as Solution from './solution';

const { initStd, layerGradNorms, maxRelativeError } = await load<typeof Solution>(import.meta.url);

const near = (a: number, b: number, rel = 1e-9) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(b));

function number(value: unknown, call: string): number {
  if (typeof value !== 'number' || Number.isNaN(value)) fail(`${call} should return a number; got ${fmt(value)} — return Math.sqrt(…) of the rule's variance`);
  return value as number;
}

exercise(1, 'initStd', () => {
  check("He's σ is √(2 / fanIn)", 1, () => {
    const got = number(initStd('he', 64, 10), "initStd('he', 64, 10)");
    if (near(got, Math.sqrt(1 / 64))) fail(`initStd('he', 64, 10) should be √(2/64) = 0.1768; got ${fmt(got)} — that is LeCun's √(1/64): ReLU keeps half the variance, so He doubles it`);
    if (near(got, 2 / 64)) fail(`initStd('he', 64, 10) should be the standard deviation √(2/64) = 0.1768; got ${fmt(got)}, the variance 2/64 — take the square root`);
    expectTrue(near(got, Math.sqrt(2 / 64)), `initStd('he', 64, 10) should be √(2/64) = 0.1768 (fanIn only); got ${fmt(got)} — He uses fanIn only: √(2 / fanIn)`);
  });
  check("LeCun's σ is √(1 / fanIn)", 1, () => {
    const got = number(initStd('lecun', 100, 7), "initStd('lecun', 100, 7)");
    expectTrue(near(got, 0.1), `initStd('lecun', 100, 7) should be √(1/100) = 0.1; got ${fmt(got)} — LeCun is √(1 / fanIn)`);
  });
  check("Glorot's σ uses both fans: √(2 / (fanIn + fanOut))", 1, () => {
    const got = number(initStd('glorot', 64, 10), "initStd('glorot', 64, 10)");
    if (near(got, Math.sqrt(6 / 74))) fail(`initStd('glorot', 64, 10) should be the normal's σ = √(2/74) = 0.1644; got ${fmt(got)}, the uniform's bound √(6/74) — the normal's σ is √(2 / (fanIn + fanOut))`);
    expectTrue(near(got, Math.sqrt(2 / 74)), `initStd('glorot', 64, 10) should be √(2/(64 + 10)) = 0.1644; got ${fmt(got)} — Glorot averages the fans: √(2 / (fanIn + fanOut))`);
  });
  check('rejects a fan that is not an integer ≥ 1', 1, () => {
    expectThrows(() => initStd('he', 0, 10), RangeError, 'initStd(\'he\', 0, 10) should throw a RangeError (fanIn must be an integer ≥ 1) — check both fans at the top');
    expectThrows(() => initStd('glorot', 10, 2.5), RangeError, 'initStd(\'glorot\', 10, 2.5) should throw a RangeError (fanOut must be an integer ≥ 1) — check both fans at the top');
  });
});

/** A small seeded ReLU network and a batch; the reference norms come from tf.variableGrads. */
function setUp() {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [6], units: 5, activation: 'relu', kernelInitializer: tf.initializers.glorotNormal({ seed: 1 }), biasInitializer: tf.initializers.constant({ value: 0.1 }) }),
      tf.layers.dense({ units: 3, kernelInitializer: tf.initializers.glorotNormal({ seed: 2 }) }),
    ],
  });
  const x = tf.randomNormal([8, 6], 0, 1, 'float32', 3);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], 'int32'), 3));
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const expected = tf.tidy(() => {
    const { grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, variables);
    return variables.map((v) => tf.norm(grads[v.name]).dataSync()[0]);
  });
  return { model, x, y, expected, dispose: () => (tf.dispose([x, y]), model.dispose()) };
}

exercise(2, 'layerGradNorms', () => {
  check('one norm per trainable weight, in order', 1, () => {
    const s = setUp();
    try {
      const got = layerGradNorms(s.model, s.x, s.y);
      if (!Array.isArray(got)) fail(`layerGradNorms should return an array of numbers; got ${fmt(got)} — read the norms with dataSync and return Array.from(…)`);
      expectTrue(got.length === 4, `the model has 4 trainable weights (two kernels, two biases), so layerGradNorms should return 4 numbers; got ${got.length} — one norm per entry of model.trainableWeights`);
    } finally {
      s.dispose();
    }
  });
  check('each is the L2 norm of that weight’s gradient of the softmax cross-entropy', 2, () => {
    const s = setUp();
    try {
      const got = layerGradNorms(s.model, s.x, s.y);
      got.forEach((g, i) => {
        if (typeof g !== 'number' || Math.abs(g - s.expected[i]) > 1e-4 * Math.max(1, s.expected[i])) {
          fail(`the gradient norm of trainable weight ${i} (${s.model.trainableWeights[i].name}) should be ${fmt(s.expected[i])}; got ${fmt(g)} — ‖g‖₂ = √(Σ g²) of tf.variableGrads' gradient for that variable`);
        }
      });
    } finally {
      s.dispose();
    }
  });
  check('leaks no tensors', 1, () => {
    const s = setUp();
    try {
      expectNoLeak('layerGradNorms', () => layerGradNorms(s.model, s.x, s.y));
    } finally {
      s.dispose();
    }
  });
});

exercise(3, 'maxRelativeError', () => {
  check('a correct gradient gives a small error (f = Σ x³)', 1, () => {
    const x = tf.tensor([0.5, -1, 2]);
    try {
      const got = number(maxRelativeError((v) => tf.sum(tf.pow(v, 3)), x), 'maxRelativeError(Σ x³, [0.5, −1, 2])');
      // Central differences of x³ give 3x² + h²: the largest r is at x = 0.5, h²/(0.75 + h²) ≈ 1.3e-4.
      expectTrue(got < 1e-3, `for f = Σ x³ at [0.5, −1, 2] with h = 0.01 the error should be about 1e-4 (central differences are exact up to h²); got ${fmt(got)} — is the numeric gradient (f(x + h) − f(x − h)) / 2h?`);
    } finally {
      x.dispose();
    }
  });
  check("uses cs231n's relative error |a − n| / max(|a|, |n|)", 2, () => {
    const x = tf.tensor([0.5, -1, 2]);
    try {
      const got = number(maxRelativeError((v) => tf.sum(tf.pow(v, 3)), x, 0.1), 'maxRelativeError(Σ x³, [0.5, −1, 2], 0.1)');
      const want = 0.01 / 0.76; // at x = 0.5: a = 0.75, n = 0.75 + h² = 0.76
      if (Math.abs(got - 0.01 / 0.75) < 1e-4) fail(`with h = 0.1 the error should be |0.75 − 0.76| / max(0.75, 0.76) = ${fmt(want)}; got ${fmt(got)} — divide by the larger of |a| and |n|`);
      expectTrue(Math.abs(got - want) < 2e-4, `for f = Σ x³ at [0.5, −1, 2] with h = 0.1 the result should be the largest error, at x = 0.5: |0.75 − 0.76| / 0.76 = ${fmt(want)}; got ${fmt(got)} — the relative error is |a − n| / max(|a|, |n|), the largest over all entries`);
    } finally {
      x.dispose();
    }
  });
  check('catches a wrong gradient', 1, () => {
    const wrong = tf.customGrad(((v: tf.Tensor, save: tf.GradSaveFunc) => {
      save([v]);
      return { value: tf.sum(tf.square(v)), gradFunc: (dy: tf.Tensor, [s]: tf.Tensor[]) => tf.mul(dy, s) }; // should be 2v
    }) as unknown as Parameters<typeof tf.customGrad>[0]);
    const x = tf.tensor([1, -2, 3]);
    try {
      const got = number(maxRelativeError((v) => wrong(v) as tf.Tensor, x), 'maxRelativeError(a wrong gradient)');
      expectTrue(Math.abs(got - 0.5) < 0.01, `a gradient of x instead of 2x should give |x − 2x| / |2x| = 0.5; got ${fmt(got)} — is the analytic side tf.grad(f)(x)?`);
    } finally {
      x.dispose();
    }
  });
  check('counts 0 when both gradients are 0, and leaks no tensors', 1, () => {
    const x = tf.tensor([0, 0]);
    try {
      const got = expectNoLeak('maxRelativeError', () => maxRelativeError((v) => tf.sum(tf.square(v)), x));
      expectTrue(number(got, 'maxRelativeError(Σ x², [0, 0])') === 0, `at x = 0, f = Σ x² has analytic and numeric gradient 0, so the error should be 0 (not 0/0 = NaN); got ${fmt(got)} — when max(|a|, |n|) is 0, count the error as 0`);
    } finally {
      x.dispose();
    }
  });
});
