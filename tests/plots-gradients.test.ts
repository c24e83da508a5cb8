/**
 * The gradient charts: gradientFlowPlot (over time and by depth), activationHistogramPlot,
 * gradNormPlot — specs snapshotted, key fields asserted, and each compiles and renders to SVG.
 */
import { describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { activationHistogramPlot, gradientFlowPlot, gradNormPlot, toSVG, type GradientFlowRecord, type GradientFlowStats } from '../src/index';

function stats(scale: number, step = 0): GradientFlowRecord {
  const layer = (depth: number, activation: string) => ({
    name: `dense_${depth}`, className: 'Dense', activation, depth, mean: 0, std: scale / (depth + 1), deadFraction: activation === 'relu' ? 0.1 * depth : null, saturatedFraction: null,
    histogram: { edges: [-1, -0.5, 0, 0.5, 1].map((e) => e * scale), counts: [1, 3, 3, 1] },
  });
  const variable = (depth: number, kind: 'kernel' | 'bias') => ({
    name: `dense_${depth}/${kind}`, layer: `dense_${depth}`, shape: kind === 'kernel' ? [4, 4] : [4], gradNorm: scale * 10 ** (depth - 3), weightNorm: 1, gradToWeight: scale * 10 ** (depth - 3), updateRatio: null,
  });
  return {
    step, loss: 1, globalGradNorm: 1,
    variables: [0, 1, 2].flatMap((d) => [variable(d, 'kernel'), variable(d, 'bias')]),
    layers: [layer(0, 'relu'), layer(1, 'relu'), layer(2, 'linear')],
  };
}

const rows = (spec: TopLevelSpec) => (spec as { data: { values: Record<string, unknown>[] } }).data.values;

describe('gradientFlowPlot', () => {
  it('by depth: one line per snapshot, kernels only, log y', async () => {
    const spec = gradientFlowPlot({ small: stats(1e-6), he: stats(1) } as Record<string, GradientFlowStats>);
    expect(rows(spec)).toHaveLength(6);
    expect(rows(spec)[0]).toEqual({ series: 'small', x: 1, y: 1e-9 });
    expect(spec).toMatchSnapshot();
    expect(await toSVG(spec)).toContain('<svg');
  });

  it('over time: one line per layer from the callback records', async () => {
    const spec = gradientFlowPlot([stats(1, 0), stats(0.5, 10)], { quantity: 'gradToWeight' });
    expect(rows(spec).filter((r) => r.series === '1: dense_0')).toEqual([{ series: '1: dense_0', x: 0, y: 1e-3 }, { series: '1: dense_0', x: 10, y: 5e-4 }]);
    expect(spec).toMatchSnapshot();
    expect(await toSVG(spec)).toContain('<svg');
  });

  it('validates', () => {
    expect(() => gradientFlowPlot([])).toThrow('gradientFlowPlot: records must hold at least one snapshot, got none');
    expect(() => gradientFlowPlot([stats(1)], { quantity: 'norm' as never })).toThrow('gradientFlowPlot: quantity must be one of');
  });
});

describe('activationHistogramPlot', () => {
  it('a grid of small histograms: rows are snapshots, columns layers', async () => {
    const spec = activationHistogramPlot({ small: stats(1e-3), he: stats(1) } as Record<string, GradientFlowStats>);
    expect(rows(spec)).toHaveLength(2 * 3 * 4);
    expect(spec.description).toBe("Histograms of 3 layers' outputs for small, he");
    expect(spec).toMatchSnapshot();
    expect(await toSVG(spec)).toContain('<svg');
  });

  it('one snapshot, every second layer (the last always)', () => {
    const spec = activationHistogramPlot(stats(1), { layerStep: 2 });
    expect(new Set(rows(spec).map((r) => r.layer))).toEqual(new Set(['1 relu', '3 linear']));
  });
});

describe('gradNormPlot', () => {
  it('draws the norms, the threshold and the share of steps above it', async () => {
    const spec = gradNormPlot([1, 2, 50, 1.5, NaN, 2], { threshold: 3 });
    expect(spec.description).toBe('Gradient norm of 6 steps; threshold 3: 33.3 % of steps above; dropped 1 non-finite or ≤ 0');
    expect(spec).toMatchSnapshot();
    expect(await toSVG(spec)).toContain('<svg');
  });

  it('validates', () => {
    expect(() => gradNormPlot([1], { threshold: 0 })).toThrow('gradNormPlot: threshold must be > 0, got 0');
  });
});
