/**
 * Reference solutions for lesson 10, "Initialization and gradient flow".
 * Same signatures as exercise.ts; the grader runs against this file with `npm run grade -- --solution`.
 */
import * as tf from '@tensorflow/tfjs';

/** The three variance-keeping rules of the lesson. */
export type InitRule = 'lecun' | 'he' | 'glorot';

/** Exercise 1: σ of the rule's normal initializer (gain 1). */
export function initStd(rule: InitRule, fanIn: number, fanOut: number): number {
  for (const [name, fan] of [['fanIn', fanIn], ['fanOut', fanOut]] as const) {
    if (!Number.isInteger(fan) || fan < 1) throw new RangeError(`initStd: ${name} must be an integer ≥ 1, got ${fan}`);
  }
  if (rule === 'lecun') return Math.sqrt(1 / fanIn);
  if (rule === 'he') return Math.sqrt(2 / fanIn);
  if (rule === 'glorot') return Math.sqrt(2 / (fanIn + fanOut));
  throw new RangeError(`initStd: rule must be "lecun", "he" or "glorot", got ${String(rule)}`);
}

/** Exercise 2: ‖∂L/∂w‖₂ for every trainable weight, in order. */
export function layerGradNorms(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): number[] {
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads } = tf.variableGrads(
    () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
    variables,
  );
  const norms = tf.tidy(() => tf.stack(variables.map((v) => tf.norm(grads[v.name]))));
  const out = Array.from(norms.dataSync());
  tf.dispose([value, norms, ...Object.values(grads)]);
  return out;
}

/** Exercise 3: max relative error of tf.grad(f) against central differences. */
export function maxRelativeError(f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor, h = 1e-2): number {
  const analytic = tf.tidy(() => tf.grad((v: tf.Tensor) => f(v))(x).dataSync());
  const base = x.dataSync();
  const at = (i: number, delta: number): number => {
    const values = Float32Array.from(base);
    values[i] += delta;
    return tf.tidy(() => f(tf.tensor(values, x.shape)).dataSync()[0]);
  };
  let worst = 0;
  for (let i = 0; i < base.length; i++) {
    const numeric = (at(i, h) - at(i, -h)) / (2 * h);
    const a = analytic[i];
    const scale = Math.max(Math.abs(a), Math.abs(numeric));
    worst = Math.max(worst, scale === 0 ? 0 : Math.abs(a - numeric) / scale);
  }
  return worst;
}
