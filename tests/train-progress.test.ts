import * as tf from '@tensorflow/tfjs';
import type { TopLevelSpec } from 'vega-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../src/backend';
import { blobs } from '../src/index';
import type { BlobsSet, DisplayContent } from '../src/index';
import { emptyHistory } from '../src/train/history';
import { progressChartSpec, progressDisplay, resolveProgress } from '../src/train/progress';
import { train } from '../src/train/train';
import type { TrainOptions } from '../src/train/options';
import { captureOutput, mlp } from './helpers/train-fixtures';

let set: BlobsSet;

beforeAll(async () => {
  await ready();
  set = blobs({ n: 40, centers: 2, seed: 3 });
});
afterAll(() => set.dispose());

/** 40 rows in batches of 20, 2 epochs: 4 steps. */
async function run(options: Partial<TrainOptions>) {
  const model = mlp(2, 8, 2);
  const optimizer = tf.train.sgd(0.1);
  const h = await train(model, { x: set.x, y: set.y }, {
    optimizer, loss: 'softmaxCrossEntropy', epochs: 2, batchSize: 20, validationData: { x: set.x, y: set.y }, ...options,
  });
  model.dispose();
  optimizer.dispose();
  return h;
}

describe('train: progress', () => {
  it("'none' prints nothing", async () => {
    const { stdout, stderr } = await captureOutput(() => run({ progress: 'none' }));
    expect(stdout).toBe('');
    expect(stderr).toBe('');
  });

  it("'auto' shows nothing in a test run (no notebook, no terminal)", async () => {
    expect(resolveProgress('auto')).toBe('none');
    const { stdout, stderr } = await captureOutput(() => run({}));
    expect(stdout + stderr).toBe('');
  });

  it("'bar' draws a progress bar on stderr, ending at the last step", async () => {
    const { stdout, stderr } = await captureOutput(() => run({ progress: 'bar' }));
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    expect(lines[lines.length - 1]).toMatch(/^epoch 2\/2 \|=+\| 4\/4 steps \| loss \d\.\d{4} \| val_loss \d\.\d{4} \| [\d.]+ steps\/s/);
  });

  it("'chart' draws one live chart: display_data once, then updates of the same display", async () => {
    const messages: { content: DisplayContent; update: boolean }[] = [];
    const display = progressDisplay('chart', {
      intervalMs: 0,
      writer: (content, update) => void messages.push({ content, update }),
      bundle: async (spec) => ({ data: { 'application/vnd.vegalite.v5+json': spec, 'image/svg+xml': '<svg/>', 'text/plain': 'chart' }, metadata: {} }),
    })!;
    // As train() runs its own display: last among the callbacks, closed when the run ends.
    const model = mlp(2, 8, 2);
    const optimizer = tf.train.sgd(0.1);
    await train(model, { x: set.x, y: set.y }, {
      optimizer, loss: 'softmaxCrossEntropy', epochs: 2, batchSize: 20, validationData: { x: set.x, y: set.y }, progress: 'none',
      callbacks: [display],
    });
    await display.close();
    expect(messages.length).toBeGreaterThanOrEqual(2);
    expect(messages[0].update).toBe(false);
    expect(messages.slice(1).every((m) => m.update)).toBe(true);
    const id = messages[0].content.transient.display_id;
    expect(messages.every((m) => m.content.transient.display_id === id)).toBe(true);
    const last = messages[messages.length - 1].content.data['application/vnd.vegalite.v5+json'] as TopLevelSpec & { data: { values: { series: string }[] } };
    expect(last.title).toBe('Training loss — 2 epochs, 4 steps');
    expect(last.data.values.filter((r) => r.series === 'train')).toHaveLength(4);
    expect(last.data.values.filter((r) => r.series === 'validation')).toHaveLength(2);
    model.dispose();
    optimizer.dispose();
  });
});

describe('progressChartSpec', () => {
  it('averages a long per-step curve into at most 400 points, and puts validation at epoch ends', () => {
    const history = emptyHistory([], true, 250);
    history.stepLoss = Array.from({ length: 1000 }, (_, i) => 1 / (i + 1));
    history.valLoss = [0.5, 0.4, 0.3, 0.2];
    Object.assign(history, { steps: 1000, epochs: 4 });
    const spec = progressChartSpec(history, 10, false) as TopLevelSpec & { data: { values: { series: string; x: number; y: number }[] } };
    const train = spec.data.values.filter((r) => r.series === 'train (mean of 3 steps)');
    expect(train).toHaveLength(334);
    expect(train[0]).toEqual({ series: 'train (mean of 3 steps)', x: 1, y: (1 + 1 / 2 + 1 / 3) / 3 });
    expect(spec.data.values.filter((r) => r.series === 'validation').map((r) => r.x)).toEqual([249, 499, 749, 999]);
    expect(spec.title).toBe('Training loss — epoch 5/10, step 1000');
  });

  it('adds "validation" to the legend with its first point, and gives the long train name room', () => {
    const legendOf = (valLoss: number[]) => {
      const history = emptyHistory([], true, 100);
      history.stepLoss = Array.from({ length: 500 }, (_, i) => 1 / (i + 1));
      history.valLoss = valLoss;
      Object.assign(history, { steps: 500, epochs: valLoss.length });
      return (progressChartSpec(history, 5, false) as unknown as { encoding: { color: { scale: { domain: string[] }; legend: { values?: string[]; labelLimit: number } } } }).encoding.color;
    };
    const during = legendOf([]);
    expect(during.scale.domain).toEqual(['train (mean of 2 steps)', 'validation']);
    expect(during.legend.values).toEqual(['train (mean of 2 steps)']);
    expect(during.legend.labelLimit).toBeGreaterThanOrEqual(280);
    expect(legendOf([0.4]).legend.values).toBeUndefined();
  });

  it('uses a log y axis once the loss spans more than a factor of 10, and a linear one before', () => {
    const yScale = (stepLoss: number[]) => {
      const history = emptyHistory([], false, stepLoss.length);
      history.stepLoss = stepLoss;
      Object.assign(history, { steps: stepLoss.length, epochs: 1 });
      const spec = JSON.stringify(progressChartSpec(history, 1, true));
      return { log: spec.includes('"type":"log"'), title: spec.includes('loss (log scale)') };
    };
    expect(yScale([2.3, 1.1, 0.5, 0.2])).toEqual({ log: true, title: true });
    expect(yScale([2.3, 1.9, 1.5, 1.2])).toEqual({ log: false, title: false });
    expect(yScale([0.5, -0.2, 0.01])).toEqual({ log: false, title: false }); // a negative value: stay linear
  });
});
