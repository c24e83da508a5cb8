/**
 * dropoutLayer, batchNormLayer and layerNormLayer as tfjs layers: inside tf.sequential, model.fit,
 * model.predict and train(); the training flag; running statistics as non-trainable weights that
 * equal the function's; serialization; and tensor counts flat over 1,000 training steps.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { batchNorm } from '../src/nn/batch-norm';
import { batchNormLayer, BatchNormLayer } from '../src/nn/batch-norm-layer';
import { dropoutLayer, DropoutLayer } from '../src/nn/dropout-layer';
import { layerNorm } from '../src/nn/layer-norm';
import { layerNormLayer, LayerNormLayer } from '../src/nn/layer-norm-layer';
import { l2Penalty } from '../src/nn/l2-penalty';
import { train } from '../src/train/train';
import { checkEveryTestForLeaks } from './helpers/leak-check';

checkEveryTestForLeaks();

/** 4 → 8 → norm → relu → 3 with seeded weights. */
function model(norm: tf.layers.Layer): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [4], units: 8, kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      norm,
      tf.layers.reLU(),
      tf.layers.dense({ units: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
}

function data(rows = 32): { x: tf.Tensor2D; y: tf.Tensor2D } {
  return tf.tidy(() => {
    const x = tf.randomNormal([rows, 4], 2, 3, 'float32', 4) as tf.Tensor2D;
    const labels = tf.argMax(tf.slice(x, [0, 0], [rows, 3]), 1); // learnable: the largest of the first 3 features
    return { x, y: tf.oneHot(labels, 3).toFloat() as tf.Tensor2D };
  });
}

const values = (t: tf.Tensor | tf.LayerVariable) => Array.from((t instanceof tf.Tensor ? t : t.read()).dataSync());

describe('batchNormLayer', () => {
  it('has trainable gamma, beta and non-trainable running statistics, named as torch', () => {
    const m = model(batchNormLayer());
    const layer = m.layers[1];
    expect(layer.trainableWeights.map((w) => w.name)).toEqual([expect.stringMatching(/gamma$/), expect.stringMatching(/beta$/)]);
    expect(layer.nonTrainableWeights.map((w) => w.name)).toEqual([expect.stringMatching(/running_mean$/), expect.stringMatching(/running_var$/)]);
    expect(values(layer.nonTrainableWeights[0])).toEqual(new Array(8).fill(0));
    expect(values(layer.nonTrainableWeights[1])).toEqual(new Array(8).fill(1));
    m.dispose();
  });

  it('in training moves the running statistics exactly as batchNorm does; predict uses them and changes nothing', () => {
    const m = model(batchNormLayer({ momentum: 0.25 }));
    const layer = m.layers[1];
    tf.tidy(() => {
      const { x } = data();
      const h = m.layers[0].apply(x) as tf.Tensor; // the layer's input
      const expected = batchNorm(h, { runningMean: tf.zeros([8]) as tf.Tensor1D, runningVar: tf.ones([8]) as tf.Tensor1D, training: true, momentum: 0.25 });
      m.apply(x, { training: true });
      const [runningMean, runningVar] = layer.nonTrainableWeights.map(values);
      expect(runningMean).toEqual(values(expected.runningMean));
      expect(runningVar).toEqual(values(expected.runningVar));

      const before = values(m.predict(x) as tf.Tensor);
      const after = values(m.predict(x) as tf.Tensor);
      expect(layer.nonTrainableWeights.map(values)).toEqual([runningMean, runningVar]);
      expect(after).toEqual(before);
      // Inference normalizes with the running statistics, not the batch's: unlike training mode.
      const evalOut = values(batchNorm(h, { runningMean: expected.runningMean, runningVar: expected.runningVar, training: false }).output);
      const layerEval = values(layer.apply(h) as tf.Tensor);
      layerEval.forEach((v, i) => expect(v).toBeCloseTo(evalOut[i], 5));
      expect(layerEval).not.toEqual(values(expected.output));
    });
    m.dispose();
  });

  it('trains with model.fit (loss falls, running statistics move) and predicts in eval mode', async () => {
    const m = model(batchNormLayer());
    const optimizer = tf.train.adam(0.05);
    m.compile({ optimizer, loss: (y: tf.Tensor, p: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, p) });
    const { x, y } = data(64);
    const history = await m.fit(x, y, { epochs: 20, batchSize: 16, verbose: 0 });
    const losses = history.history.loss as number[];
    expect(losses[19]).toBeLessThan(0.7 * losses[0]);
    expect(values(m.layers[1].nonTrainableWeights[0]).some((v) => Math.abs(v) > 0.1)).toBe(true);
    tf.tidy(() => {
      const one = values(m.predict(x.slice(0, 1)) as tf.Tensor); // a batch of one works in eval mode
      const all = values(m.predict(x) as tf.Tensor).slice(0, 3);
      one.forEach((v, i) => expect(v).toBeCloseTo(all[i], 5)); // eval: a row's output ignores the rest of the batch
    });
    tf.dispose([x, y]);
    optimizer.dispose();
    m.dispose();
  });

  it('round-trips through model.save / tf.loadLayersModel with its running statistics', async () => {
    const m = model(batchNormLayer({ momentum: 0.3, epsilon: 1e-3 }));
    const { x, y } = data();
    y.dispose();
    tf.dispose(m.apply(x, { training: true }) as tf.Tensor);
    let artifacts: tf.io.ModelArtifacts | null = null;
    await m.save(tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts!));
    const layer = loaded.layers[1] as BatchNormLayer;
    expect(layer).toBeInstanceOf(BatchNormLayer);
    expect([layer.momentum, layer.epsilon]).toEqual([0.3, 1e-3]);
    expect(layer.nonTrainableWeights.map(values)).toEqual(m.layers[1].nonTrainableWeights.map(values));
    const [p, q] = [m.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    expect(values(q)).toEqual(values(p));
    tf.dispose([x, p, q]);
    m.dispose();
    loaded.dispose();
  });
});

describe('layerNormLayer', () => {
  it('computes layerNorm with its gamma and beta, the same in training and inference, any batch size', () => {
    const layer = layerNormLayer({ inputShape: [5] });
    const x = tf.randomNormal([6, 5], 1, 2, 'float32', 3);
    tf.tidy(() => {
      const out = values(layer.apply(x, { training: true }) as tf.Tensor);
      const expected = values(layerNorm(x));
      expect(out).toEqual(expected);
      expect(values(layer.apply(x) as tf.Tensor)).toEqual(expected);
      expect(values(layer.apply(x.slice(2, 1)) as tf.Tensor)).toEqual(expected.slice(10, 15));
    });
    expect(layer.trainableWeights.map((w) => w.name)).toEqual([expect.stringMatching(/gamma$/), expect.stringMatching(/beta$/)]);
    x.dispose();
    layer.dispose();
  });

  it('round-trips through serialization and trains with model.fit', async () => {
    const m = model(layerNormLayer({ epsilon: 1e-4 }));
    const optimizer = tf.train.adam(0.05);
    m.compile({ optimizer, loss: (y: tf.Tensor, p: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, p) });
    const { x, y } = data(64);
    const history = await m.fit(x, y, { epochs: 15, batchSize: 16, verbose: 0 });
    const losses = history.history.loss as number[];
    expect(losses[14]).toBeLessThan(0.7 * losses[0]);
    const copy = tf.models.modelFromJSON(m.toJSON(null, false) as unknown as tf.io.ModelJSON);
    const restored = await copy;
    expect(restored.layers[1]).toBeInstanceOf(LayerNormLayer);
    expect((restored.layers[1] as LayerNormLayer).epsilon).toBe(1e-4);
    tf.dispose([x, y]);
    optimizer.dispose();
    m.dispose();
    restored.dispose();
  });
});

describe('dropoutLayer', () => {
  it('drops in training only: model.apply(training) vs predict', () => {
    const layer = dropoutLayer({ rate: 0.5, seed: 1, inputShape: [1000] });
    const m = tf.sequential({ layers: [layer] });
    const x = tf.ones([1, 1000]);
    const trained = m.apply(x, { training: true }) as tf.Tensor;
    const predicted = m.predict(x) as tf.Tensor;
    const zeros = values(trained).filter((v) => v === 0).length;
    expect(zeros).toBeGreaterThan(400);
    expect(zeros).toBeLessThan(600);
    expect(values(predicted)).toEqual(new Array(1000).fill(1));
    tf.dispose([x, trained, predicted]);
    m.dispose();
  });

  it('with a seed, the k-th training call uses seed + k: a rebuilt layer repeats the sequence', () => {
    const x = tf.ones([1, 200]);
    const run = () => {
      const layer = dropoutLayer({ rate: 0.5, seed: 10 });
      return [0, 1].map(() => tf.tidy(() => values(layer.apply(x, { training: true }) as tf.Tensor)));
    };
    const [a, b] = [run(), run()];
    expect(a).toEqual(b);
    expect(a[0]).not.toEqual(a[1]);
    x.dispose();
  });

  it('is serializable with its rate and seed', async () => {
    const m = tf.sequential({ layers: [dropoutLayer({ rate: 0.25, seed: 3, inputShape: [4] })] });
    const restored = await tf.models.modelFromJSON(m.toJSON(null, false) as unknown as tf.io.ModelJSON);
    const layer = restored.layers[0] as DropoutLayer;
    expect(layer).toBeInstanceOf(DropoutLayer);
    expect([layer.rate, layer.seed]).toEqual([0.25, 3]);
    m.dispose();
    restored.dispose();
  });
});

describe('the three layers in train()', () => {
  it('dropout and batch norm in training mode during steps, inference during validation; 1,000 steps leave the tensor count flat', async () => {
    const m = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [4], units: 16, kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
        batchNormLayer(),
        tf.layers.reLU(),
        dropoutLayer({ rate: 0.2, seed: 0 }),
        tf.layers.dense({ units: 16, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
        layerNormLayer(),
        tf.layers.reLU(),
        tf.layers.dense({ units: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
      ],
    });
    const { x, y } = data(64);
    const optimizer = tf.train.adam(0.01);
    const counts: number[] = [];
    // 2 batches of 32 per epoch; 500 epochs = 1,000 steps; validation each epoch in eval mode.
    const history = await train(m, { x, y }, {
      optimizer, loss: 'softmaxCrossEntropy', epochs: 500, batchSize: 32, progress: 'none',
      validationData: { x, y },
      callbacks: [{ onBatchEnd: () => void counts.push(tf.memory().numTensors) }],
    });
    expect(history.steps).toBe(1000);
    expect(counts[999]).toBe(counts[10]); // optimizer state exists after the first step; flat since
    expect(history.trainLoss[499]).toBeLessThan(history.trainLoss[0]);
    // Validation on the training rows in eval mode: deterministic, so equal to a predict-based loss now.
    const valLoss = tf.tidy(() => tf.losses.softmaxCrossEntropy(y, m.predict(x) as tf.Tensor).dataSync()[0]);
    expect(history.valLoss![499]).toBeCloseTo(valLoss, 5);
    tf.dispose([x, y]);
    optimizer.dispose();
    m.dispose();
  });
});

describe('l2Penalty with a model', () => {
  it("accepts a model's LayerVariables (e.g. its kernels) and differentiates into them", () => {
    const m = model(layerNormLayer());
    const kernels = m.trainableWeights.filter((w) => w.name.endsWith('kernel'));
    expect(kernels).toHaveLength(2);
    tf.tidy(() => {
      const expected = kernels.reduce((sum, w) => sum + values(w).reduce((s, v) => s + v * v, 0), 0) * 0.01 / 2;
      expect(l2Penalty(kernels, 0.01).dataSync()[0]).toBeCloseTo(expected, 6);
      const { grads } = tf.variableGrads(() => l2Penalty(kernels, 0.01), kernels.map((w) => w.read() as tf.Variable));
      const name = (kernels[0].read() as tf.Variable).name;
      values(grads[name]).forEach((g, i) => expect(g).toBeCloseTo(0.01 * values(kernels[0])[i], 7));
    });
    m.dispose();
  });
});
