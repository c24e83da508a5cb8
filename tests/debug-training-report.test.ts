import * as tf from '@tensorflow/tfjs';
import type { TopLevelSpec } from 'vega-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { blobs, ready, toSVG, train, trainingReport } from '../src/index';
import type { DisplayContent } from '../src/index';
import { progressDisplay } from '../src/train/progress';
import { mlp } from './helpers/train-fixtures';

beforeAll(async () => {
  await ready();
});

type Panel = { title: string; data: { values: { series: string; x: number; y: number }[] }; encoding: { y: { scale: { type?: string } } } };
type Report = TopLevelSpec & { title: { text: string; subtitle: string[] }; vconcat: Panel[]; description: string };

/** A small overfitting run, written out: 4 steps per epoch, 5 epochs. */
function overfitHistory() {
  const stepLoss = [2.3, 2.0, 1.6, 1.2, 0.9, 0.7, 0.5, 0.4, 0.3, 0.2, 0.15, 0.1, 0.08, 0.05, 0.03, 0.02, 0.012, 0.008, 0.005, 0.003];
  return {
    stepLoss,
    learningRate: stepLoss.map((_, i) => 0.01 * (1 - i / 20)),
    gradNorm: stepLoss.map((l) => 2 * l),
    trainLoss: [1.8, 0.63, 0.21, 0.065, 0.007],
    valLoss: [1.5, 0.7, 0.75, 0.95, 1.2],
    stepsPerEpoch: 4,
    numClasses: 10,
  };
}

describe('trainingReport', () => {
  it('builds one vconcat spec: loss, learning rate and gradient norm, with the verdict in the title', () => {
    const spec = trainingReport(overfitHistory()) as Report;
    expect(spec).toMatchSnapshot();
    expect(spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v5.json');
    expect(spec.title.text).toBe('Training report — overfitting');
    expect(spec.title.subtitle.join(' ')).toMatch(/^Verdict: overfitting — validation loss rose 71 % from its minimum 0\.7 at epoch 2 to 1\.2 .* First remedy: Get more training data/);
    expect(spec.vconcat.map((p) => p.title)).toEqual(['Loss', 'Learning rate', 'Gradient norm (global, before clipping)']);
    // Epoch points sit at each epoch's last step.
    expect(spec.vconcat[0].data.values.filter((r) => r.series === 'validation').map((r) => r.x)).toEqual([3, 7, 11, 15, 19]);
    expect(spec.vconcat[0].encoding.y.scale.type).toBe('log');
  });

  it('leaves out the panels a history cannot fill, and the verdict when asked', () => {
    const { gradNorm: _g, learningRate: _lr, ...losses } = overfitHistory();
    const spec = trainingReport({ ...losses, gradNorm: [] }, { diagnosis: false, title: 'Run 3' }) as Report;
    expect(spec.vconcat.map((p) => p.title)).toEqual(['Loss']);
    expect(spec.title).toEqual({ text: 'Run 3', subtitle: [], anchor: 'start' });
    const unknownLr = trainingReport({ ...losses, learningRate: losses.stepLoss.map(() => NaN) }) as Report;
    expect(unknownLr.vconcat).toHaveLength(1);
  });

  it('says "so far" while the run is live, and plots epochs without step losses', () => {
    const spec = trainingReport({ trainLoss: [2.3, 1.2, 0.8], valLoss: [2.2, 1.3, 0.9], numClasses: 10 }, { live: true }) as Report;
    expect(spec.title.text).toMatch(/ \(so far\)$/);
    expect(spec.title.subtitle[0]).toMatch(/^Verdict so far: /);
    expect(spec.vconcat[0].data.values.map((r) => r.x)).toEqual([1, 2, 3, 1, 2, 3]);
  });

  it('gives each panel a fixed tick count (a concat child has no width signal for an expression)', () => {
    const spec = trainingReport(overfitHistory()) as unknown as { vconcat: { encoding: { x: { axis?: { tickCount?: unknown } } } }[] };
    for (const child of spec.vconcat) expect(typeof child.encoding.x.axis?.tickCount).toBe('number');
  });

  it('renders to SVG (the page and notebook fallback)', async () => {
    const svg = await toSVG(trainingReport(overfitHistory()));
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('Training report — overfitting');
  });

  it('rejects bad options', () => {
    expect(() => trainingReport(overfitHistory(), { width: 0 })).toThrow('trainingReport: width must be > 0, got 0');
    expect(() => trainingReport(overfitHistory(), { verdict: true } as never)).toThrow('trainingReport: unknown option "verdict"');
    expect(() => trainingReport({ trainLoss: [1], gradNorm: ['x'] } as never)).toThrow('trainingReport: history.gradNorm[0] must be a number, got "x"');
  });
});

describe("train({ progress: 'report' })", () => {
  it('draws the report live in one display and ends with the final verdict', async () => {
    const messages: { content: DisplayContent; update: boolean }[] = [];
    const display = progressDisplay('report', {
      intervalMs: 0,
      writer: (content, update) => void messages.push({ content, update }),
      bundle: async (spec) => ({ data: { 'application/vnd.vegalite.v5+json': spec, 'image/svg+xml': '<svg/>', 'text/plain': 'chart' }, metadata: {} }),
    })!;
    const set = blobs({ n: 120, centers: 3, std: 0.5, seed: 3 });
    const model = mlp(2, 16, 3);
    const optimizer = tf.train.adam(0.05);
    const before = tf.memory().numTensors;
    await train(model, { x: set.x, y: set.y }, {
      optimizer, loss: 'softmaxCrossEntropy', epochs: 6, batchSize: 30, validationData: { x: set.x, y: set.y }, progress: 'none', recordGradNorm: true,
      callbacks: [display],
    });
    await display.close();
    expect(messages[0].update).toBe(false);
    expect(messages.slice(1).every((m) => m.update)).toBe(true);
    const last = messages[messages.length - 1].content.data['application/vnd.vegalite.v5+json'] as Report;
    expect(last.title.text).toMatch(/^Training report \(6\/6 epochs\) — (healthy|underfitting|unstable)$/);
    expect(last.vconcat.map((p) => p.title)).toEqual(['Loss', 'Learning rate', 'Gradient norm (global, before clipping)']);
    // Adam's own learning rate is readable: the panel has 24 steps.
    expect(last.vconcat[1].data.values).toHaveLength(24);
    expect(tf.memory().numTensors - before).toBeLessThanOrEqual(model.trainableWeights.length * 2); // Adam's moments only
    set.dispose();
    model.dispose();
    optimizer.dispose();
  });
});
