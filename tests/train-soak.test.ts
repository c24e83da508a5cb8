/**
 * A short soak (bench/soak.ts runs 10,000 steps): 1,000 train() steps per optimizer with a
 * schedule, early stopping (restoreBestWeights), reduce-on-plateau, clipping and checkpoints —
 * the tensor count at every epoch's end stays where it was after the first, and everything is
 * freed afterwards.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { adam, adamw, blobs, earlyStopping, reduceLrOnPlateau, rmsprop, sgd, train, warmupCosine } from '../src/index';
import { checkEveryTestForLeaks } from './helpers/leak-check';

checkEveryTestForLeaks();
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'trainlab-soak-test-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const STEPS = 1000;

describe('1,000 steps leave the tensor count flat', () => {
  it.each([
    ['sgd', () => sgd({ learningRate: 0.05, momentum: 0.9, nesterov: true })],
    ['adam', () => adam({ learningRate: 1e-3, amsgrad: true })],
    ['adamw', () => adamw({ learningRate: 1e-3 })],
    ['rmsprop', () => rmsprop({ learningRate: 1e-3, centered: true, momentum: 0.5 })],
  ] as const)('%s', async (name, make) => {
    const data = blobs({ n: 64, centers: 3, std: 3, seed: 1 });
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 16, activation: 'relu' }), tf.layers.dense({ units: 3 })] });
    const optimizer = make();
    const stopper = earlyStopping({ monitor: 'loss', patience: 10_000, restoreBestWeights: true });
    const counts: number[] = [];
    await train(model, { x: data.x, y: data.y }, {
      optimizer, loss: 'softmaxCrossEntropy', epochs: STEPS / 4, batchSize: 16, progress: 'none', metrics: ['accuracy'],
      learningRate: warmupCosine({ peakLr: 0.01, warmupSteps: 50, decaySteps: STEPS }),
      callbacks: [stopper, reduceLrOnPlateau({ monitor: 'loss', patience: 5 }), { onEpochEnd: () => void counts.push(tf.memory().numTensors) }],
      clipGradNorm: 5, recordGradNorm: true, checkpoint: { dir: path.join(root, name), everyEpochs: 50 },
    });
    expect(counts.length).toBe(STEPS / 4);
    expect(new Set(counts.slice(1)), `tensors at each epoch's end: ${[...new Set(counts)].join(', ')}`).toEqual(new Set([counts[1]]));
    model.dispose();
    optimizer.dispose();
    data.dispose();
  }, 120_000);
});
