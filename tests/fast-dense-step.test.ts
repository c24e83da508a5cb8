/**
 * The dense fast path (src/fast/dense-step.ts) computes what tfjs's autodiff computes: the loss and
 * every gradient, for each activation, with and without bias, both losses, a frozen layer, a batch
 * of one; `planDenseStep` declines what it does not handle; and `train()` on the fast path gives the
 * history and weights that the autodiff path gives (a custom loss equal to the built-in one forces
 * autodiff).
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { denseStepAccepts, denseStepGradients, planDenseStep, type DenseStepLoss } from '../src/fast/dense-step';
import { adamw } from '../src/optim/adamw';
import { train } from '../src/train/train';
import { checkEveryTestForLeaks } from './helpers/leak-check';

checkEveryTestForLeaks();

const random = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);

type Act = 'linear' | 'relu' | 'sigmoid' | 'tanh';

function mlp(activation: Act, useBias = true, units = [5, 7, 3]): tf.Sequential {
  const model = tf.sequential();
  units.slice(1).forEach((u, i) => {
    const last = i === units.length - 2;
    model.add(tf.layers.dense({ ...(i === 0 ? { inputShape: [units[0]] } : {}), units: u, activation: last ? 'linear' : activation, useBias, kernelInitializer: tf.initializers.glorotNormal({ seed: 10 + i }), biasInitializer: tf.initializers.randomNormal({ seed: 20 + i }) }));
  });
  return model;
}

/** One-hot targets [rows, k] (softmax cross-entropy) or real ones (mean squared error). */
function targets(loss: DenseStepLoss, rows: number, k: number, seed: number): tf.Tensor2D {
  if (loss === 'meanSquaredError') return random([rows, k], seed) as tf.Tensor2D;
  return tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from({ length: rows }, (_, i) => (i * 7 + seed) % k), 'int32'), k).toFloat() as tf.Tensor2D);
}

const AUTODIFF: Record<DenseStepLoss, (y: tf.Tensor, out: tf.Tensor) => tf.Scalar> = {
  softmaxCrossEntropy: (y, out) => tf.losses.softmaxCrossEntropy(y, out) as tf.Scalar,
  meanSquaredError: (y, out) => tf.losses.meanSquaredError(y, out) as tf.Scalar,
};

/** max |a − b| over the loss and every gradient, relative to the largest |autodiff| value of each. */
function compare(model: tf.Sequential, loss: DenseStepLoss, rows: number): number {
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const plan = planDenseStep(model, loss, variables);
  expect(plan).not.toBeNull();
  const x = random([rows, model.inputs[0].shape[1]!], 1) as tf.Tensor2D;
  const y = targets(loss, rows, model.outputs[0].shape[1]!, 2);
  const autodiff = tf.variableGrads(() => AUTODIFF[loss](y, model.apply(x, { training: true }) as tf.Tensor), variables);
  const fast = denseStepGradients(plan!, x, y);
  expect(Object.keys(fast.grads)).toEqual(Object.keys(autodiff.grads));
  const pairs: [tf.Tensor, tf.Tensor][] = [[autodiff.value, fast.loss], ...Object.keys(autodiff.grads).map((k): [tf.Tensor, tf.Tensor] => [autodiff.grads[k], fast.grads[k]])];
  const worst = Math.max(...pairs.map(([a, b]) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] / Math.max(1e-6, tf.max(tf.abs(a)).dataSync()[0]))));
  tf.dispose([x, y, autodiff.value, fast.loss, ...Object.values(autodiff.grads), ...Object.values(fast.grads)]);
  return worst;
}

describe('dense fast path equals autodiff', () => {
  for (const loss of ['softmaxCrossEntropy', 'meanSquaredError'] as const) {
    for (const activation of ['linear', 'relu', 'sigmoid', 'tanh'] as const) {
      it(`${loss}, hidden ${activation}`, () => {
        const model = mlp(activation);
        expect(compare(model, loss, 16)).toBeLessThan(1e-5);
        model.dispose();
      });
    }
  }

  it('without biases, four layers', () => {
    const model = mlp('relu', false, [6, 8, 8, 8, 4]);
    expect(compare(model, 'softmaxCrossEntropy', 9)).toBeLessThan(1e-5);
    model.dispose();
  });

  it('a batch of one row', () => {
    const model = mlp('tanh');
    expect(compare(model, 'meanSquaredError', 1)).toBeLessThan(1e-5);
    model.dispose();
  });

  it('NaN inputs give a NaN loss, as with autodiff (relu must not turn NaN into 0)', () => {
    const model = mlp('relu');
    const plan = planDenseStep(model, 'softmaxCrossEntropy', model.trainableWeights.map((w) => w.read() as tf.Variable))!;
    const x = tf.fill([4, 5], NaN) as tf.Tensor2D;
    const y = targets('softmaxCrossEntropy', 4, 3, 1);
    const { loss, grads } = denseStepGradients(plan, x, y);
    expect(loss.dataSync()[0]).toBeNaN();
    tf.dispose([x, y, loss, ...Object.values(grads)]);
    model.dispose();
  });

  it('a frozen first layer: gradients only for the trainable weights, in their order', () => {
    const model = mlp('relu');
    model.layers[0].trainable = false;
    expect(model.trainableWeights).toHaveLength(2);
    expect(compare(model, 'softmaxCrossEntropy', 8)).toBeLessThan(1e-5);
    model.dispose();
  });
});

describe('planDenseStep declines what it does not handle', () => {
  const vars = (m: tf.LayersModel) => m.trainableWeights.map((w) => w.read() as tf.Variable);

  it('a loss other than softmaxCrossEntropy or meanSquaredError', () => {
    const model = mlp('relu');
    expect(planDenseStep(model, 'categoricalCrossentropy', vars(model))).toBeNull();
    expect(planDenseStep(model, '', vars(model))).toBeNull();
    model.dispose();
  });

  it('a layer that is not dense, or an activation it does not know', () => {
    const dropout = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 3 }), tf.layers.dropout({ rate: 0.5 }), tf.layers.dense({ units: 2 })] });
    expect(planDenseStep(dropout, 'softmaxCrossEntropy', vars(dropout))).toBeNull();
    const elu = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 3, activation: 'elu' }), tf.layers.dense({ units: 2 })] });
    expect(planDenseStep(elu, 'softmaxCrossEntropy', vars(elu))).toBeNull();
    tf.dispose([dropout, elu].flatMap((m) => m.weights.map((w) => w.read())));
  });

  it('a functional model, or variables from outside the stack', () => {
    const input = tf.input({ shape: [4] });
    const functional = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 2 }).apply(input) as tf.SymbolicTensor });
    expect(planDenseStep(functional, 'softmaxCrossEntropy', vars(functional))).toBeNull();
    const model = mlp('relu');
    const stranger = tf.tidy(() => tf.variable(tf.zeros([2])));
    expect(planDenseStep(model, 'softmaxCrossEntropy', [...vars(model), stranger])).toBeNull();
    stranger.dispose();
    functional.dispose();
    model.dispose();
  });

  it('batches that are not rank-2 float32', () => {
    const ok = tf.zeros([2, 3]);
    const ints = tf.zeros([2, 3], 'int32');
    const cube = tf.zeros([2, 3, 1]);
    expect(denseStepAccepts(ok, ok)).toBe(true);
    expect(denseStepAccepts(ints, ok)).toBe(false);
    expect(denseStepAccepts(ok, ints)).toBe(false);
    expect(denseStepAccepts(cube, ok)).toBe(false);
    tf.dispose([ok, ints, cube]);
  });
});

describe('train() on the dense fast path', () => {
  /** Trains a fresh seeded model; `viaAutodiff` passes a custom loss equal to the built-in one. */
  async function run(loss: DenseStepLoss, viaAutodiff: boolean, makeOptimizer: () => tf.Optimizer) {
    const model = mlp('relu', true, [5, 16, 16, 3]);
    const x = random([100, 5], 3);
    const y = targets(loss, 100, 3, 4);
    const xVal = random([20, 5], 5);
    const yVal = targets(loss, 20, 3, 6);
    const optimizer = makeOptimizer();
    const custom = (yTrue: tf.Tensor, yPred: tf.Tensor) => AUTODIFF[loss](yTrue, yPred);
    const history = await train(model, { x, y }, {
      optimizer, loss: viaAutodiff ? custom : loss, epochs: 3, batchSize: 32, seed: 1, metrics: ['meanSquaredError'],
      validationData: { x: xVal, y: yVal }, progress: 'none',
    });
    const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
    optimizer.dispose();
    model.dispose();
    tf.dispose([x, y, xVal, yVal]);
    return { history, weights: weights.flat() };
  }

  const close = (a: number[], b: number[], tolerance: number) => {
    expect(a).toHaveLength(b.length);
    const worst = Math.max(...a.map((v, i) => Math.abs(v - b[i]) / Math.max(1, Math.abs(b[i]))));
    expect(worst).toBeLessThan(tolerance);
  };

  for (const loss of ['softmaxCrossEntropy', 'meanSquaredError'] as const) {
    for (const [name, make] of [['adamw', () => adamw({ learningRate: 1e-2 })], ['tf.train.sgd', () => tf.train.sgd(0.1)]] as const) {
      it(`${loss}, ${name}: the same history and weights as autodiff`, async () => {
        const fast = await run(loss, false, make);
        const slow = await run(loss, true, make);
        close(fast.history.stepLoss, slow.history.stepLoss, 1e-5);
        close(fast.history.trainMetrics.meanSquaredError, slow.history.trainMetrics.meanSquaredError, 1e-5);
        close(fast.history.valLoss!, slow.history.valLoss!, 1e-5);
        close(fast.weights, slow.weights, 1e-5);
        expect(fast.history.steps).toBe(12);
      });
    }
  }

  it('is the path train() takes for a dense stack (no autodiff op in the profile)', async () => {
    const model = mlp('relu');
    const x = random([8, 5], 7);
    const y = targets('softmaxCrossEntropy', 8, 3, 8);
    const optimizer = tf.train.sgd(0.1);
    const kernels = async (loss: 'softmaxCrossEntropy' | ((a: tf.Tensor, b: tf.Tensor) => tf.Scalar)) =>
      (await tf.profile(async () => void (await train(model, { x, y }, { optimizer, loss, batchSize: 8, progress: 'none' })))).kernels.map((k) => k.name);
    const fast = await kernels('softmaxCrossEntropy');
    const autodiff = await kernels(AUTODIFF.softmaxCrossEntropy);
    expect(autodiff).toContain('softmaxCrossEntropy__op');
    expect(fast).not.toContain('softmaxCrossEntropy__op');
    expect(fast.length).toBeLessThan(autodiff.length * 0.6);
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  });
});
