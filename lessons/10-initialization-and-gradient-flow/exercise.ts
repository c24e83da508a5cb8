/**
 * Your exercises for lesson 10, "Initialization and gradient flow"
 * (lessons/10-initialization-and-gradient-flow/lesson.md).
 *
 * Replace each `throw` with your implementation, then check your work:
 *
 *   npm run grade -- 10
 *
 * The grader tests one idea per check and tells you what to fix. In the notebook
 * (notebooks/10-initialization-and-gradient-flow.ipynb), the cell at the end of each exercise runs
 * your function next to the library's; re-run it after saving this file (no kernel restart needed).
 */
/* eslint-disable @typescript-eslint/no-unused-vars -- the parameters are yours to use */
import type * as tf from '@tensorflow/tfjs';

/** The three variance-keeping rules of the lesson. */
export type InitRule = 'lecun' | 'he' | 'glorot';

/**
 * Exercise 1. The standard deviation σ of a rule's normal initializer (gain 1):
 *
 * ```
 * lecun   σ = √(1 / fanIn)
 * he      σ = √(2 / fanIn)
 * glorot  σ = √(2 / (fanIn + fanOut))
 * ```
 *
 * @throws RangeError when `fanIn` or `fanOut` is not an integer ≥ 1.
 */
export function initStd(rule: InitRule, fanIn: number, fanOut: number): number {
  throw new Error('TODO: implement initStd — see "Exercise 1" in lessons/10-initialization-and-gradient-flow/lesson.md');
}

/**
 * Exercise 2. The L2 norm of the gradient of every trainable weight of `model` on one batch, in
 * the order of `model.trainableWeights`, with L = softmax cross-entropy of `y` and the model's
 * output in training mode (`model.apply(x, { training: true })`).
 *
 * Use `tf.variableGrads(f, variables)`; free the loss and the gradients before returning (no leaks).
 */
export function layerGradNorms(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): number[] {
  throw new Error('TODO: implement layerGradNorms — see "Exercise 2" in lessons/10-initialization-and-gradient-flow/lesson.md');
}

/**
 * Exercise 3. The largest relative error between `tf.grad(f)(x)` and central differences:
 *
 * ```
 * nᵢ = (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h        for every element i of x
 * rᵢ = |aᵢ − nᵢ| / max(|aᵢ|, |nᵢ|)              (0 when aᵢ = nᵢ = 0)
 * ```
 *
 * @param f a function of x returning a scalar tensor.
 * @param h the step, default 1e-2 (float32: see the lesson).
 * @returns max over i of rᵢ. No tensor outlives the call.
 */
export function maxRelativeError(f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor, h = 1e-2): number {
  throw new Error('TODO: implement maxRelativeError — see "Exercise 3" in lessons/10-initialization-and-gradient-flow/lesson.md');
}
