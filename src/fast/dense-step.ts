/**
 * The dense fast path: one training step of a stack of dense layers with its gradients written out
 * by hand — forward, loss and backward in about 30 kernels, where tfjs's autodiff runs about 80
 * (the tape also clones every saved input and output, and runs the unfused forward).
 *
 * For a `tf.sequential` of `tf.layers.dense` layers (activation linear, relu, sigmoid or tanh;
 * rank-2 float32 input) and a built-in loss (`softmaxCrossEntropy`, `meanSquaredError`):
 *
 *   forward     h₀ = x,   hᵢ = act(hᵢ₋₁·Wᵢ + bᵢ)             one fused matmul + bias, then act
 *   loss        softmaxCrossEntropy: L = (1/B)·Σ y·(log Σₖ e^{z−m} − (z − m)),   m = max z   (row-wise)
 *               meanSquaredError:    L = (1/N)·Σ (ŷ − y)²
 *   its grad    ∂L/∂z = (softmax(z) − y)/B    ∂L/∂ŷ = 2(ŷ − y)/N
 *   backward    δᵢ = ∂L/∂hᵢ ⊙ act′(hᵢ)       relu′ = step(hᵢ), sigmoid′ = hᵢ(1 − hᵢ), tanh′ = 1 − hᵢ²
 *               ∂L/∂Wᵢ = hᵢ₋₁ᵀ·δᵢ    ∂L/∂bᵢ = Σ_rows δᵢ    ∂L/∂hᵢ₋₁ = δᵢ·Wᵢᵀ
 *
 * These are the rules tfjs's own gradients apply (its softmax cross-entropy gradient is
 * dy·(softmax − y) too), so the results equal the autodiff path's within float32 rounding
 * (tests/fast-dense-step.test.ts). Anything else — other layers, losses, dtypes, ranks — is not
 * planned (`planDenseStep` returns null) and `train()` takes the generic path.
 */
import * as tf from '@tensorflow/tfjs';
import type { NamedTensorMap } from '../core/types';

/** Activations the path handles. */
const ACTIVATIONS = ['linear', 'relu', 'sigmoid', 'tanh'] as const;
type Activation = (typeof ACTIVATIONS)[number];

/** Losses the path handles, by the names `train()` gives them. */
export const DENSE_STEP_LOSSES = ['softmaxCrossEntropy', 'meanSquaredError'] as const;
export type DenseStepLoss = (typeof DENSE_STEP_LOSSES)[number];

interface DenseLayer {
  kernel: tf.Variable;
  bias: tf.Variable | null;
  activation: Activation;
}

/** A planned model: its dense layers in order and the variables to compute gradients for. */
export interface DenseStepPlan {
  layers: DenseLayer[];
  loss: DenseStepLoss;
  /** The variables gradients are computed for, in the caller's order (names are the gradient keys). */
  variables: tf.Variable[];
}

/** The fields of a tfjs-layers Dense layer read here (private in tfjs's typings). */
interface DenseInternals {
  activation?: { getClassName(): string };
  kernel?: { read(): tf.Tensor } | null;
  bias?: { read(): tf.Tensor } | null;
}

/**
 * Plans the fast path for `model` trained with `loss` over `variables`, or returns null when the
 * model is not a plain stack of dense layers the path handles (then use autodiff).
 *
 * @param variables the variables being trained (`model.trainableWeights`' values): each must be a
 *   kernel or bias of the stack; weights of frozen layers may be missing (no gradient is made).
 */
export function planDenseStep(model: tf.LayersModel, loss: string, variables: tf.Variable[]): DenseStepPlan | null {
  if (!(model instanceof tf.Sequential) || !(DENSE_STEP_LOSSES as readonly string[]).includes(loss)) return null;
  const layers: DenseLayer[] = [];
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'Dense' || (layer.dtype ?? 'float32') !== 'float32') return null; // unset after the first layer
    const { activation, kernel, bias } = layer as unknown as DenseInternals;
    const name = activation?.getClassName();
    if (kernel == null || !(ACTIVATIONS as readonly string[]).includes(name ?? '')) return null;
    layers.push({ kernel: kernel.read() as tf.Variable, bias: bias == null ? null : (bias.read() as tf.Variable), activation: name as Activation });
  }
  const own = new Set(layers.flatMap((l) => (l.bias === null ? [l.kernel] : [l.kernel, l.bias])));
  if (layers.length === 0 || variables.length === 0 || !variables.every((v) => own.has(v))) return null;
  return { layers, loss: loss as DenseStepLoss, variables };
}

/** Whether a batch fits the path: rank-2 float32 inputs and targets (else use autodiff for it). */
export function denseStepAccepts(x: tf.Tensor, y: tf.Tensor): boolean {
  return x.rank === 2 && x.dtype === 'float32' && y.rank === 2 && y.dtype === 'float32';
}

/**
 * hᵢ = act(hᵢ₋₁·W + b): matmul and bias in one fused kernel, the activation after it. Not relu
 * fused into the matmul: XNNPACK's fused clamp turns NaN into 0, which would hide a diverged run
 * from train()'s non-finite-loss check (tf.relu keeps NaN, as autodiff's unfused forward does).
 */
function forward(h: tf.Tensor2D, layer: DenseLayer): tf.Tensor2D {
  const z = tf.fused.matMul({ a: h, b: layer.kernel as tf.Tensor2D, bias: layer.bias ?? undefined });
  switch (layer.activation) {
    case 'linear':
      return z as tf.Tensor2D;
    case 'relu':
      return tf.relu(z) as tf.Tensor2D;
    case 'sigmoid':
      return tf.sigmoid(z) as tf.Tensor2D;
    case 'tanh':
      return tf.tanh(z) as tf.Tensor2D;
  }
}

/** δ = g ⊙ act′, with act′ written in terms of the layer's output h. */
function throughActivation(g: tf.Tensor2D, h: tf.Tensor2D, activation: Activation): tf.Tensor2D {
  switch (activation) {
    case 'linear':
      return g;
    case 'relu':
      return tf.mul(g, tf.step(h)) as tf.Tensor2D;
    case 'sigmoid':
      return tf.mul(g, tf.mul(h, tf.sub(1, h))) as tf.Tensor2D;
    case 'tanh':
      return tf.mul(g, tf.sub(1, tf.square(h))) as tf.Tensor2D;
  }
}

/** The loss (a scalar) and its gradient with respect to the network's output. */
function lossAndGradient(name: DenseStepLoss, y: tf.Tensor2D, out: tf.Tensor2D): { loss: tf.Scalar; grad: tf.Tensor2D } {
  if (name === 'meanSquaredError') {
    const n = out.size;
    const diff = tf.sub(out, y); //                                     ŷ − y
    return { loss: tf.div(tf.sum(tf.square(diff)), n), grad: tf.mul(diff, 2 / n) as tf.Tensor2D };
  }
  const rows = out.shape[0];
  const shifted = tf.sub(out, tf.max(out, 1, true)); //                 z − m
  const e = tf.exp(shifted);
  const total = tf.sum(e, 1, true); //                                   Σₖ e^{z−m}
  const logTotal = tf.log(total);
  const loss: tf.Scalar = tf.div(tf.sum(tf.mul(y, tf.sub(logTotal, shifted))), rows);
  const grad = tf.mul(tf.sub(tf.div(e, total), y), 1 / rows); //         (softmax(z) − y)/B
  return { loss, grad: grad as tf.Tensor2D };
}

/**
 * Runs one step's forward pass, loss and gradients on the plan's variables (no tape).
 *
 * @param x inputs `[B, in]`, float32, or a function that makes them (run inside the step's tidy,
 *   e.g. an augmentation); @param y targets `[B, out]`, float32 (see `denseStepAccepts`).
 * @param withOutput called with the network's output `[B, out]` inside the step's tidy (for metrics:
 *   `tf.keep` what must outlive it).
 * @returns the mean loss and the gradients keyed by variable name, in the plan's variable order —
 *   new tensors owned by the caller.
 */
export function denseStepGradients(
  plan: DenseStepPlan,
  x: tf.Tensor2D | (() => tf.Tensor),
  y: tf.Tensor2D,
  withOutput?: (output: tf.Tensor2D) => void,
): { loss: tf.Scalar; grads: NamedTensorMap } {
  return tf.tidy(() => {
    const input = typeof x === 'function' ? x() : x;
    if (!denseStepAccepts(input, y)) throw new Error(`dense step: inputs must be a rank-2 float32 tensor, got rank ${input.rank} ${input.dtype}`);
    const h = [input as tf.Tensor2D]; //                                  h[i] is layer i's input, h[i + 1] its output
    for (const layer of plan.layers) h.push(forward(h[h.length - 1], layer));
    const out = h[h.length - 1];
    withOutput?.(out);
    const { loss, grad } = lossAndGradient(plan.loss, y, out);
    const wanted = new Set(plan.variables);
    const byVariable = new Map<tf.Variable, tf.Tensor>();
    let g = grad; //                                                     ∂L/∂h[i + 1]
    for (let i = plan.layers.length - 1; i >= 0; i--) {
      const layer = plan.layers[i];
      const delta = throughActivation(g, h[i + 1], layer.activation);
      if (wanted.has(layer.kernel)) byVariable.set(layer.kernel, tf.matMul(h[i], delta, true, false)); // hᵀ·δ
      if (layer.bias !== null && wanted.has(layer.bias)) byVariable.set(layer.bias, tf.sum(delta, 0));
      if (i === 0) break;
      g = tf.matMul(delta, layer.kernel as tf.Tensor2D, false, true); //   δ·Wᵀ
    }
    const grads: NamedTensorMap = {};
    for (const v of plan.variables) grads[v.name] = byVariable.get(v)!;
    return { loss, grads };
  });
}

/**
 * One optimizer step on the fast path: `denseStepGradients`, then `optimizer.applyGradients` —
 * what `optimizer.minimize(f, true, variables)` does with autodiff.
 *
 * @returns the step's loss (the caller owns it); the gradients are freed.
 */
export function denseStepMinimize(
  plan: DenseStepPlan,
  optimizer: tf.Optimizer,
  x: tf.Tensor2D | (() => tf.Tensor),
  y: tf.Tensor2D,
  withOutput?: (output: tf.Tensor2D) => void,
): tf.Scalar {
  const { loss, grads } = denseStepGradients(plan, x, y, withOutput);
  try {
    optimizer.applyGradients(grads);
  } catch (error) {
    loss.dispose();
    throw error;
  } finally {
    tf.dispose(Object.values(grads));
  }
  return loss;
}
