/** trainingMemory: the accounting of weights, gradients, optimizer state and activations. */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { trainingMemory, WELL_KNOWN_MODELS } from '../src/precision/training-memory';
import { checkEveryTestForLeaks } from './helpers/leak-check';

checkEveryTestForLeaks();

function mlp(): tf.Sequential {
  return tf.sequential({
    layers: [tf.layers.dense({ inputShape: [64], units: 128, activation: 'relu' }), tf.layers.dense({ units: 10 })],
  });
}

describe('trainingMemory', () => {
  it('an MLP in float32 with Adam: 4 bytes per weight, gradient and each of 2 moments; activations per row', () => {
    const model = mlp();
    const params = 64 * 128 + 128 + 128 * 10 + 10; // 9610
    const m = trainingMemory(model, { batchSize: 256, optimizer: 'adam' });
    expect(m.parameters).toBe(params);
    expect([m.weights, m.masterWeights, m.gradients, m.optimizerState]).toEqual([4 * params, 0, 4 * params, 8 * params]);
    expect(m.activations).toBe(256 * (64 + 128 + 10) * 4); // input + each layer's output
    expect(m.total).toBe(16 * params + m.activations);
    model.dispose();
  });

  it('mixed precision with Adam holds 16 bytes per parameter too; activations halve', () => {
    const model = mlp();
    const full = trainingMemory(model, { batchSize: 256 });
    const half = trainingMemory(model, { batchSize: 256, precision: 'float16' });
    expect(half.weights + half.masterWeights + half.gradients + half.optimizerState).toBe(16 * full.parameters);
    expect(half.activations).toBe(full.activations / 2);
    expect(trainingMemory(model, { batchSize: 1, optimizer: 'sgd' }).optimizerState).toBe(0);
    expect(trainingMemory(model, { batchSize: 1, optimizer: 'momentum' }).optimizerState).toBe(4 * full.parameters);
    model.dispose();
  });

  it('a transformer by its sizes: Korthikanti et al.\'s activations, s·b·h·(34 + 5as/h) bytes a layer', () => {
    const gpt3 = WELL_KNOWN_MODELS.find((m) => m.name === 'GPT-3 175B')!;
    const m = trainingMemory(gpt3, { batchSize: 1, precision: 'float16' });
    expect(m.activations).toBe(96 * 2048 * 12288 * (34 + (5 * 96 * 2048) / 12288));
    expect(m.weights + m.masterWeights + m.gradients + m.optimizerState).toBe(16 * 175e9); // 2.8 TB
  });

  it('refuses bad options', () => {
    const model = mlp();
    expect(() => trainingMemory(model, { batchSize: 0 })).toThrow('trainingMemory: batchSize must be an integer ≥ 1, got 0');
    expect(() => trainingMemory(model, { batchSize: 1, precision: 'float8' as 'float16' })).toThrow('trainingMemory: precision must be one of "float32", "float16", "bfloat16", got "float8"');
    expect(() => trainingMemory({} as never, { batchSize: 1 })).toThrow('trainingMemory: model must be a tf.LayersModel');
    model.dispose();
  });
});
