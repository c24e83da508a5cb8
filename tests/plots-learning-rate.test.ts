import { describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { learningRatePlot, lrFinderPlot, schedulePlot, stepLr, cosineAnnealingLr, toSVG } from '../src/index';

type Row = Record<string, unknown>;
const rows = (spec: TopLevelSpec): Row[] => (spec as { data: { values: Row[] } }).data.values;

describe('learningRatePlot', () => {
  it('draws the rate of every step of one run', () => {
    const spec = learningRatePlot({ learningRate: [0.1, 0.1, 0.05, 0.05, 0.025] });
    expect(spec).toMatchSnapshot();
  });

  it('compares runs by name, dropping unknown (NaN) rates', () => {
    const spec = learningRatePlot(
      { plateau: { learningRate: [0.1, 0.1, 0.01] }, 'tf adam': { learningRate: [NaN, NaN] } },
      { logY: true, title: 'Two runs' },
    );
    expect(rows(spec)).toEqual([
      { series: 'plateau', x: 0, y: 0.1 },
      { series: 'plateau', x: 1, y: 0.1 },
      { series: 'plateau', x: 2, y: 0.01 },
    ]);
    expect(spec.description).toBe('Line chart of plateau (3 points), tf adam (0 points); dropped 2 points: non-finite or ≤ 0 (log scale)');
    expect(spec).toMatchSnapshot();
  });

  it('samples long runs to maxPoints, keeping the first and the last step', () => {
    const learningRate = Array.from({ length: 10_001 }, (_, k) => 0.1 * 0.5 ** Math.floor(k / 2500));
    const spec = learningRatePlot({ learningRate }, { maxPoints: 101 });
    const xs = rows(spec).map((r) => r.x);
    expect(xs).toHaveLength(101);
    expect([xs[0], xs[1], xs.at(-1)]).toEqual([0, 100, 10_000]);
  });

  it.each([
    ['a history without learningRate', {}, RangeError, 'learningRatePlot: history must be a History ({ learningRate: number[] }) or a { name: history } map with at least one run, got an empty object'],
    ['a non-object', 3, TypeError, 'learningRatePlot: history must be a History ({ learningRate: number[] }) or a { name: history } map, got 3'],
    ['a run without an array', { a: { learningRate: 1 } }, TypeError, 'learningRatePlot: history["a"].learningRate must be an array of numbers, got 1'],
    ['a non-number rate', { learningRate: [0.1, '0.2'] }, TypeError, 'learningRatePlot: history.learningRate[1] must be a number, got "0.2"'],
  ])('%s throws', (_what, history, type, message) => {
    const call = () => learningRatePlot(history as never);
    expect(call).toThrow(type);
    expect(call).toThrow(message);
  });

  it('checks maxPoints', () => {
    expect(() => learningRatePlot({ learningRate: [1] }, { maxPoints: 1 })).toThrow(new RangeError('learningRatePlot: maxPoints must be an integer ≥ 2, got 1'));
  });
});

describe('schedulePlot: several schedules on one chart', () => {
  it('draws one line per schedule (no extension needed for the range test lessons)', () => {
    const spec = schedulePlot({ step: stepLr({ initialLr: 0.1, stepSize: 3 }), cosine: cosineAnnealingLr({ initialLr: 0.1, tMax: 6 }) }, { steps: 6 });
    expect(new Set(rows(spec).map((r) => r.series))).toEqual(new Set(['step', 'cosine']));
  });
});

// A small range test: 8 rates 1e-4 … 1e-0.5, the last point diverged.
const result = {
  learningRates: [1e-4, 3.16e-4, 1e-3, 3.16e-3, 1e-2, 3.16e-2, 1e-1, 3.16e-1],
  losses: [2.3, 2.31, 2.2, 1.7, 1.1, 0.9, 1.6, 40],
  smoothedLosses: [2.3, 2.305, 2.27, 2.12, 1.85, 1.6, 1.6, 9.5],
  suggestion: { learningRate: 3.16e-3, rule: 'valley' },
  diverged: true,
};

describe('lrFinderPlot', () => {
  it('draws loss against a log rate axis and marks the suggestion', () => {
    const spec = lrFinderPlot(result);
    expect(spec).toMatchSnapshot();
  });

  it('fits the y axis to the curve before the divergence', () => {
    type Layered = { layer: { encoding: { y: { scale: { domain: number[] } } } }[] };
    // up to the highest smoothed loss, down to the lowest raw loss, both before the last (diverged) point
    expect((lrFinderPlot(result) as unknown as Layered).layer[0].encoding.y.scale.domain).toEqual([0.9, 2.305]);
    expect((lrFinderPlot(result, { raw: false }) as unknown as Layered).layer[0].encoding.y.scale.domain).toEqual([1.6, 2.305]);
  });

  it('puts x ticks on whole powers of ten', () => {
    type Layered = { layer: { encoding: { x: { axis: { values: number[] } } } }[] };
    expect((lrFinderPlot(result) as unknown as Layered).layer[0].encoding.x.axis.values).toEqual([1e-4, 1e-3, 1e-2, 1e-1, 1]);
  });

  it('can leave out the raw losses, and drops non-finite ones', () => {
    const spec = lrFinderPlot({ ...result, smoothedLosses: [...result.smoothedLosses.slice(0, 7), NaN], suggestion: undefined }, { raw: false, width: 300 });
    expect(rows(spec)).toHaveLength(7);
    expect(spec.description).toBe('Loss against learning rate over 8 steps from 1e-4 to 3.2e-1, diverged at the last step; dropped 1 point: non-finite');
    expect(spec).toMatchSnapshot();
  });

  it('renders to SVG with the suggestion label', async () => {
    const svg = await toSVG(lrFinderPlot(result));
    expect(svg).toContain('suggested 3.2e-3 (valley)');
  });

  it.each([
    ['a non-object', null, TypeError, "lrFinderPlot: result must be lrFinder's result { learningRates, losses, smoothedLosses, suggestion }, got null"],
    ['arrays of different lengths', { ...result, losses: [1] }, RangeError, 'lrFinderPlot: result.learningRates, losses and smoothedLosses must have the same length, got 8, 1, 8'],
    ['an empty curve', { learningRates: [], losses: [], smoothedLosses: [] }, RangeError, 'lrFinderPlot: result.learningRates must hold at least one rate, got none'],
    ['a rate ≤ 0', { ...result, learningRates: [0, ...result.learningRates.slice(1)] }, RangeError, 'lrFinderPlot: result.learningRates[0] must be a finite number > 0 (log axis), got 0'],
    ['a suggestion ≤ 0', { ...result, suggestion: { learningRate: 0, rule: 'valley' } }, RangeError, 'lrFinderPlot: result.suggestion.learningRate must be a finite number > 0 (log axis), got 0'],
    ['a non-boolean raw', [result, { raw: 1 }], TypeError, 'lrFinderPlot: raw must be a boolean, got 1'],
  ])('%s throws', (_what, args, type, message) => {
    const call = () => (Array.isArray(args) ? lrFinderPlot(args[0] as never, args[1] as never) : lrFinderPlot(args as never));
    expect(call).toThrow(type);
    expect(call).toThrow(message);
  });
});
