import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { diagnose, GYM_RUNS, gymBase, gymChanges, gymConfig, ready, runGym } from '../src/index';

beforeAll(async () => {
  await ready();
});

describe('the broken-training gym', () => {
  it('has at least eight runs, each a few changes to a sound base', () => {
    expect(GYM_RUNS.length).toBeGreaterThanOrEqual(8);
    for (const name of GYM_RUNS) {
      expect(gymConfig(name)).toEqual({ ...gymBase(), ...gymChanges(name) });
      expect(Object.keys(gymChanges(name)).length).toBeGreaterThanOrEqual(1);
    }
  });

  it('applies a fix on top of a run, and checks it', () => {
    expect(gymConfig('A', { learningRate: 0.1 }).learningRate).toBe(0.1);
    expect(() => gymConfig('A', { lr: 0.1 } as never)).toThrow(/^gymConfig: unknown field "lr" \(valid: trainSize, /);
    expect(() => gymConfig('A', { seed: 3 } as never)).toThrow(/unknown field "seed"/);
    expect(() => gymConfig('A', { learningRate: -1 })).toThrow('gymConfig: learningRate must be > 0, got -1');
    expect(() => gymConfig('A', { epochs: 100, batchSize: 4 })).toThrow(/^gymConfig: epochs × steps per epoch must be ≤ 3000/);
    expect(() => gymConfig('Z' as never)).toThrow('gymConfig: name must be one of "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", got "Z"');
  });

  it('run I explodes without clipping, is deterministic, and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const [a, b] = [await runGym('I'), await runGym('I')];
    expect(tf.memory().numTensors).toBe(before);
    expect(a.history.stepLoss).toEqual(b.history.stepLoss);
    expect(a.history.stoppedEarly).toBe(true);
    expect(diagnose({ ...a.history, numClasses: a.numClasses }).verdict).toBe('diverging');
    expect(a.history.gradNorm.length).toBe(a.history.stepLoss.length);
  });
});
