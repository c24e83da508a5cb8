import { describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { MIN_LEVEL_RATIO, optimizerPathsPlot, toSVG, VEGA_LITE_SCHEMA, type OptimizerPathsPlotOptions } from '../src/index';
import { contourLines } from '../src/plots/contours';

type Layer = { data: { values: Record<string, unknown>[] }; mark: { type: string }; encoding: Record<string, unknown> };
const layers = (spec: TopLevelSpec): Layer[] => (spec as unknown as { layer: Layer[] }).layer;
const height = (spec: TopLevelSpec): number => (spec as unknown as { height: number }).height;

/** A bowl 2× steeper in y, sampled coarsely: small enough to snapshot. */
const bowl = (x: number, y: number) => x * x + 4 * y * y;
const base: OptimizerPathsPlotOptions = {
  loss: bowl,
  xRange: [-2, 2],
  yRange: [-1, 1],
  paths: [
    { name: 'SGD', points: [{ x: -1.5, y: 0.8 }, { x: -1.2, y: -0.5 }, { x: -0.9, y: 0.3 }] },
    { name: 'momentum', points: [{ x: -1.5, y: 0.8 }, { x: -0.8, y: 0.1 }] },
  ],
};

describe('optimizerPathsPlot', () => {
  it('layers contour lines, paths, their end points and the minimum in one v5 spec', () => {
    const spec = optimizerPathsPlot({ ...base, resolution: 4, levels: [1, 2], minimum: { x: 0, y: 0 }, title: 'Bowl' });
    expect(spec.$schema).toBe(VEGA_LITE_SCHEMA);
    expect(layers(spec).map((l) => l.mark.type)).toEqual(['line', 'line', 'point', 'point']);
    expect(spec).toMatchSnapshot();
  });

  it('draws closed iso-lines at the requested levels', () => {
    const spec = optimizerPathsPlot({ ...base, resolution: 60, levels: [1] });
    const rows = layers(spec)[0].data.values as { level: number; line: number; x: number; y: number }[];
    expect(new Set(rows.map((r) => r.line)).size).toBe(1); // one ellipse
    for (const { x, y } of rows) expect(bowl(x, y)).toBeCloseTo(1, 1);
    expect(rows[0]).toMatchObject({ x: rows[rows.length - 1].x, y: rows[rows.length - 1].y }); // closed
  });

  it('chooses log-spaced levels from the grid by default, linear ones on request', () => {
    const levelsOf = (spec: TopLevelSpec) => [...new Set((layers(spec)[0].data.values as { level: number }[]).map((r) => r.level))];
    const log = levelsOf(optimizerPathsPlot({ ...base, levelCount: 4 }));
    expect(log).toHaveLength(4);
    const ratios = log.slice(1).map((v, i) => v / log[i]);
    for (const r of ratios) expect(r).toBeCloseTo(ratios[0], 6);
    const linear = levelsOf(optimizerPathsPlot({ ...base, levelCount: 4, logLevels: false }));
    const steps = linear.slice(1).map((v, i) => v - linear[i]);
    for (const d of steps) expect(d).toBeCloseTo(steps[0], 6);
    // The lowest log level is never below MIN_LEVEL_RATIO × the highest grid value (8 here).
    const tiny = levelsOf(optimizerPathsPlot({ ...base, levelCount: 30 }));
    expect(Math.min(...tiny)).toBeGreaterThanOrEqual(8 * MIN_LEVEL_RATIO);
  });

  it('sizes the plot for equal units on both axes by default', () => {
    expect(height(optimizerPathsPlot(base))).toBe(240); // 480 × (2 / 4)
    expect(height(optimizerPathsPlot({ ...base, yRange: [-100, 100] }))).toBe(560); // kept ≤ 560
    expect(height(optimizerPathsPlot({ ...base, height: 300 }))).toBe(300);
  });

  it('drops non-finite path points, says so, and keeps the rest of the path', () => {
    const spec = optimizerPathsPlot({ ...base, paths: [{ name: 'diverged', points: [{ x: 0, y: 0 }, { x: Infinity, y: 1 }, { x: NaN, y: NaN }] }] });
    expect(layers(spec)[1].data.values).toEqual([{ path: 'diverged', step: 0, x: 0, y: 0 }]);
    expect(spec.description).toMatch(/^Optimizer paths on a loss surface: diverged \(1 point\); 10 contour levels from .* to .*; dropped 2 points: non-finite$/);
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
  });

  it('leaves gaps where the loss is not finite', () => {
    const withHole = (x: number, y: number) => (x > 0 ? NaN : bowl(x, y));
    const rows = layers(optimizerPathsPlot({ ...base, loss: withHole, levels: [1] }))[0].data.values as { x: number }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(Math.max(...rows.map((r) => r.x))).toBeLessThanOrEqual(0);
  });

  it('draws the surface alone when there are no paths', () => {
    const spec = optimizerPathsPlot({ ...base, paths: [] });
    expect(layers(spec)).toHaveLength(1);
    expect(spec.description).toContain('no paths');
  });

  it('renders to SVG with one contour line and one line per path', async () => {
    const svg = await toSVG(optimizerPathsPlot({ ...base, levels: [1], minimum: { x: 0, y: 0 }, xTitle: 'w₁', yTitle: 'w₂' }));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('w₁');
    expect(svg).toContain('momentum');
    expect(svg.match(/mark-line role-mark layer_0_marks/g)).toHaveLength(1); // the one iso-line
    expect(svg.match(/mark-line role-mark layer_1_layer_0_marks/g)).toHaveLength(2); // one line per path
  });
});

describe('contourLines', () => {
  const grid = (f: (x: number, y: number) => number, n: number, lo = -2, hi = 2) => {
    const xs = Array.from({ length: n + 1 }, (_, i) => lo + ((hi - lo) * i) / n);
    return { xs, ys: xs, values: xs.map((y) => xs.map((x) => f(x, y))) };
  };

  it('chains the segments of a circle into one closed polyline on the circle', () => {
    const lines = contourLines(grid((x, y) => x * x + y * y, 40), 1);
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line[0]).toEqual(line[line.length - 1]);
    for (const { x, y } of line) expect(Math.hypot(x, y)).toBeCloseTo(1, 1);
  });

  it('returns nothing for a level the grid does not cross', () => {
    expect(contourLines(grid((x, y) => x * x + y * y, 10), 100)).toEqual([]);
  });

  it('returns two lines for two separate bowls', () => {
    const twoBowls = (x: number, y: number) => Math.min((x - 1) ** 2 + y * y, (x + 1) ** 2 + y * y);
    expect(contourLines(grid(twoBowls, 40), 0.25)).toHaveLength(2);
  });
});

describe('optimizerPathsPlot validation', () => {
  const cases: [string, () => unknown, string][] = [
    ['options', () => optimizerPathsPlot(null as never), 'optimizerPathsPlot: options must be an object, got null'],
    ['loss', () => optimizerPathsPlot({ ...base, loss: 3 as never }), 'optimizerPathsPlot: loss must be a function (x, y) => number, got 3'],
    ['xRange type', () => optimizerPathsPlot({ ...base, xRange: [1] as never }), 'optimizerPathsPlot: xRange must be an array [min, max] of two numbers, got [1]'],
    ['xRange order', () => optimizerPathsPlot({ ...base, xRange: [2, 1] }), 'optimizerPathsPlot: xRange[0] (2) must be < xRange[1] (1)'],
    ['yRange finite', () => optimizerPathsPlot({ ...base, yRange: [0, Infinity] }), 'optimizerPathsPlot: yRange[1] must be finite, got Infinity'],
    ['paths', () => optimizerPathsPlot({ ...base, paths: 'SGD' as never }), 'optimizerPathsPlot: paths must be an array of { name, points }, got "SGD"'],
    ['path name', () => optimizerPathsPlot({ ...base, paths: [{ name: '', points: [] }] }), 'optimizerPathsPlot: paths[0].name must be a non-empty string, got ""'],
    ['path points', () => optimizerPathsPlot({ ...base, paths: [{ name: 'a', points: [{ x: 1 }] as never }] }), 'optimizerPathsPlot: paths[0].points[0].y must be a number, got undefined'],
    ['path names unique', () => optimizerPathsPlot({ ...base, paths: [{ name: 'a', points: [] }, { name: 'a', points: [] }] }), 'optimizerPathsPlot: paths names must be unique, got ["a", "a"]'],
    ['levels empty', () => optimizerPathsPlot({ ...base, levels: [] }), 'optimizerPathsPlot: levels must be a non-empty array, got []'],
    ['levels NaN', () => optimizerPathsPlot({ ...base, levels: [1, NaN] }), 'optimizerPathsPlot: levels[1] must be a number, got NaN'],
    ['levelCount', () => optimizerPathsPlot({ ...base, levelCount: 0 }), 'optimizerPathsPlot: levelCount must be an integer ≥ 1, got 0'],
    ['resolution low', () => optimizerPathsPlot({ ...base, resolution: 1 }), 'optimizerPathsPlot: resolution must be an integer ≥ 2, got 1'],
    ['resolution high', () => optimizerPathsPlot({ ...base, resolution: 401 }), 'optimizerPathsPlot: resolution must be an integer in [2, 400], got 401'],
    ['logLevels', () => optimizerPathsPlot({ ...base, logLevels: 'yes' as never }), 'optimizerPathsPlot: logLevels must be a boolean, got "yes"'],
    ['minimum', () => optimizerPathsPlot({ ...base, minimum: { x: 0, y: NaN } }), 'optimizerPathsPlot: minimum.y must be a number, got NaN'],
    ['width', () => optimizerPathsPlot({ ...base, width: -1 }), 'optimizerPathsPlot: width must be > 0, got -1'],
    ['loss result', () => optimizerPathsPlot({ ...base, loss: () => 'high' as never, resolution: 2 }), 'optimizerPathsPlot: loss(-2, -1) must be a number, got "high"'],
    ['no finite loss', () => optimizerPathsPlot({ ...base, loss: () => NaN }), 'optimizerPathsPlot: loss must be finite somewhere on the grid, got no finite value'],
    [
      'log levels of a non-positive loss',
      () => optimizerPathsPlot({ ...base, loss: (x) => -1 - x * x }),
      'optimizerPathsPlot: logLevels needs a loss > 0 somewhere on the grid (pass levels, or logLevels: false)',
    ],
  ];
  for (const [name, call, message] of cases) {
    it(`rejects a bad ${name}`, () => {
      expect(call).toThrow(message);
    });
  }

  it('throws RangeError for out-of-range numbers and TypeError for wrong types', () => {
    expect(() => optimizerPathsPlot({ ...base, xRange: [2, 1] })).toThrow(RangeError);
    expect(() => optimizerPathsPlot({ ...base, loss: 3 as never })).toThrow(TypeError);
  });
});
