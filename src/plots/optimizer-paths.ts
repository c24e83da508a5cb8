/**
 * `optimizerPathsPlot`: the contour lines of a two-parameter loss surface with the paths optimizers
 * take across it — to see a zig-zag across a narrow valley, an overshoot, or a crawl along its floor.
 */
import type { TopLevelSpec } from 'vega-lite';
import { checkFinite, checkInteger, pairError, rangeError, typeError } from '../core/errors';
import { checkChartOptions, SERIES_LEGEND, VEGA_LITE_SCHEMA, type ChartOptions } from './common';
import { contourLines, type Grid } from './contours';

/** One optimizer's path: the parameters (x, y) before the first step and after each step. */
export interface OptimizerPath {
  name: string;
  points: readonly { x: number; y: number }[];
}

export interface OptimizerPathsPlotOptions extends Omit<ChartOptions, 'logY' | 'integerX'> {
  /** The loss L(x, y), evaluated on a grid over the ranges (plain numbers; NaN/±Infinity leave a gap). */
  loss: (x: number, y: number) => number;
  /** The x range drawn, [min, max] with min < max. Path points outside it are clipped, not dropped. */
  xRange: readonly [number, number];
  /** The y range drawn, [min, max] with min < max. */
  yRange: readonly [number, number];
  /** The paths, in legend order; names must be unique. May be empty (the surface alone). */
  paths: readonly OptimizerPath[];
  /** The loss values to draw iso-lines at (finite numbers). Default: `levelCount` levels chosen from the grid. */
  levels?: readonly number[];
  /** How many levels to choose when `levels` is not given, integer ≥ 1 (default 10). */
  levelCount?: number;
  /**
   * Space the chosen levels evenly in log(loss) (default true: losses span orders of magnitude) or
   * evenly in loss (false). Log spacing runs from the smallest positive loss on the grid, but at
   * least `MIN_LEVEL_RATIO` × the largest, to the largest. Ignored when `levels` is given.
   */
  logLevels?: boolean;
  /** Grid cells per axis, integer in [2, 400] (default 100): more is smoother and larger. */
  resolution?: number;
  /** A point to mark with a black cross, e.g. the minimum (default: none). */
  minimum?: { x: number; y: number };
  /** A dot on every step of every path (default true; turn off for paths of many hundred steps). */
  points?: boolean;
}

/** With `logLevels`, the lowest chosen level is at least this fraction of the highest. */
export const MIN_LEVEL_RATIO = 1e-6;

const MIN_HEIGHT = 120;
const MAX_HEIGHT = 560;

/**
 * A Vega-Lite v5 chart: iso-lines of `loss` (marching squares on a `resolution`² grid, drawn as
 * thin grey lines, darker where the loss is lower) under one coloured line per path, with a dot per
 * step, a larger dot where each path ends, and a legend below the chart. Axes span exactly
 * `xRange` and `yRange`; a path that leaves them is clipped at the edge. Path points with a
 * non-finite coordinate (a run that diverged) are dropped and counted in the spec's
 * `description`, which also lists the levels drawn.
 *
 * Defaults: title "Optimizer paths", axis titles "x" and "y", width 480 px, and the height that
 * draws one unit of y as long as one unit of x (a round bowl looks round, a narrow valley narrow),
 * kept within [120, 560] px. The spec is a fresh object owned by the caller (no references to the
 * inputs); it renders offline in JupyterLab, vega-embed and `toSVG`.
 *
 * Throws a TypeError/RangeError naming the bad option, e.g.
 * `optimizerPathsPlot: xRange[0] (2) must be < xRange[1] (1)`.
 *
 * @example
 * await show(optimizerPathsPlot({
 *   loss: (x, y) => 0.5 * (x * x + 10 * y * y),
 *   xRange: [-5, 1], yRange: [-1.5, 1.5],
 *   paths: [{ name: 'SGD', points: sgdPoints }, { name: 'momentum 0.9', points: momentumPoints }],
 *   minimum: { x: 0, y: 0 },
 * }));
 */
export function optimizerPathsPlot(options: OptimizerPathsPlotOptions): TopLevelSpec {
  const fn = 'optimizerPathsPlot';
  const o = checkChartOptions(fn, options, ['loss', 'xRange', 'yRange', 'paths', 'levels', 'levelCount', 'logLevels', 'resolution', 'minimum'], ['logY', 'integerX']);
  const loss = options.loss;
  if (typeof loss !== 'function') throw typeError(fn, 'loss', 'a function (x, y) => number', loss);
  const [x0, x1] = checkRange(fn, 'xRange', options.xRange);
  const [y0, y1] = checkRange(fn, 'yRange', options.yRange);
  const paths = checkPaths(fn, options.paths);
  const resolution = options.resolution === undefined ? 100 : checkInteger(fn, 'resolution', options.resolution, 2);
  if (resolution > 400) throw rangeError(fn, 'resolution', 'an integer in [2, 400]', resolution);
  const levelCount = options.levelCount === undefined ? 10 : checkInteger(fn, 'levelCount', options.levelCount, 1);
  const logLevels = options.logLevels ?? true;
  if (typeof logLevels !== 'boolean') throw typeError(fn, 'logLevels', 'a boolean', logLevels);
  const showPoints = options.points ?? true;
  const minimum = options.minimum === undefined ? undefined : checkPoint(fn, 'minimum', options.minimum);
  const given = options.levels === undefined ? undefined : checkLevels(fn, options.levels);

  const grid = sampleGrid(fn, loss, [x0, x1], [y0, y1], resolution);
  const levels = given ?? chooseLevels(fn, grid, levelCount, logLevels);
  const round = rounder(Math.max(x1 - x0, y1 - y0));

  const contourRows: { level: number; line: number; k: number; x: number; y: number }[] = [];
  let line = 0;
  for (const level of levels) {
    for (const polyline of contourLines(grid, level)) {
      polyline.forEach(({ x, y }, k) => contourRows.push({ level, line, k, x: round(x), y: round(y) }));
      line++;
    }
  }

  const pathRows: { path: string; step: number; x: number; y: number }[] = [];
  let dropped = 0;
  const counts = paths.map(({ name, points }) => {
    const before = pathRows.length;
    points.forEach(({ x, y }, step) => {
      if (Number.isFinite(x) && Number.isFinite(y)) pathRows.push({ path: name, step, x: round(x), y: round(y) });
      else dropped++;
    });
    return pathRows.length - before;
  });

  const names = paths.map((p) => p.name);
  const listed = paths.length === 0 ? 'no paths' : names.map((name, i) => `${name} (${counts[i]} point${counts[i] === 1 ? '' : 's'})`).join(', ');
  const description =
    `Optimizer paths on a loss surface: ${listed}; ${levels.length} contour level${levels.length === 1 ? '' : 's'} ` +
    `from ${formatLevel(levels[0])} to ${formatLevel(levels[levels.length - 1])}` +
    (dropped > 0 ? `; dropped ${dropped} point${dropped === 1 ? '' : 's'}: non-finite` : '');

  const height = options.height === undefined ? equalUnitHeight(o.width, x1 - x0, y1 - y0) : o.height;
  // No grid lines: the contours are the background.
  const axis = { grid: false };
  const x = { field: 'x', type: 'quantitative' as const, title: o.xTitle ?? 'x', scale: { domain: [x0, x1], nice: false, zero: false }, axis };
  const y = { field: 'y', type: 'quantitative' as const, title: o.yTitle ?? 'y', scale: { domain: [y0, y1], nice: false, zero: false }, axis };
  const layers: object[] = [
    {
      data: { values: contourRows },
      mark: { type: 'line', clip: true, strokeWidth: 1 },
      encoding: {
        x,
        y,
        detail: { field: 'line', type: 'nominal' },
        order: { field: 'k', type: 'quantitative' },
        // Its own channel (not colour), so the paths keep the colour legend: lower loss, darker line.
        stroke: {
          field: 'level',
          type: 'quantitative',
          scale: { type: logLevels && levels[0] > 0 ? 'log' : 'linear', range: ['#5f6b7a', '#d3d9e0'] },
          legend: null,
        },
        tooltip: [{ field: 'level', type: 'quantitative', title: 'loss', format: '.3~g' }],
      },
    },
  ];
  if (paths.length > 0) {
    // The legend goes below the chart: paths plots are often wide (equal units on both axes).
    const color = {
      field: 'path', type: 'nominal', title: null, scale: { domain: names }, legend: { ...SERIES_LEGEND, orient: 'bottom', direction: 'horizontal' },
    };
    layers.push({
      data: { values: pathRows },
      mark: { type: 'line', clip: true, strokeWidth: 2, point: showPoints ? { size: 18, filled: true } : false },
      encoding: {
        x,
        y,
        order: { field: 'step', type: 'quantitative' },
        color,
        tooltip: [
          { field: 'path', type: 'nominal' },
          { field: 'step', type: 'quantitative' },
          { field: 'x', type: 'quantitative', format: '.4~g' },
          { field: 'y', type: 'quantitative', format: '.4~g' },
        ],
      },
    });
    // Where each path ended: a large dot, so a path hidden under another still shows its end.
    const last = new Map(pathRows.map((row) => [row.path, row])); // the last row of each path wins
    const ends = names.flatMap((name) => (last.has(name) ? [last.get(name)!] : []));
    layers.push({
      data: { values: ends },
      mark: { type: 'point', filled: true, size: 90, opacity: 1, stroke: 'white', strokeWidth: 1, clip: true },
      encoding: { x, y, color },
    });
  }
  if (minimum !== undefined) {
    layers.push({
      data: { values: [{ ...minimum, label: 'minimum' }] },
      mark: { type: 'point', shape: 'cross', filled: true, color: 'black', size: 120, clip: true },
      encoding: { x, y, tooltip: { field: 'label', type: 'nominal' } },
    });
  }

  return {
    $schema: VEGA_LITE_SCHEMA,
    title: o.title ?? 'Optimizer paths',
    description,
    width: o.width,
    height,
    layer: layers,
  } as TopLevelSpec;
}

/** The loss on a (resolution + 1)² grid of points spanning the ranges. */
function sampleGrid(fn: string, loss: (x: number, y: number) => number, [x0, x1]: number[], [y0, y1]: number[], n: number): Grid {
  const xs = Array.from({ length: n + 1 }, (_, i) => x0 + ((x1 - x0) * i) / n);
  const ys = Array.from({ length: n + 1 }, (_, j) => y0 + ((y1 - y0) * j) / n);
  const values = ys.map((y) =>
    xs.map((x) => {
      const v = loss(x, y);
      if (typeof v !== 'number') throw typeError(fn, `loss(${x}, ${y})`, 'a number', v);
      return v;
    }),
  );
  return { xs, ys, values };
}

/** `count` levels strictly inside the grid's finite range: evenly spaced in loss or in log(loss). */
function chooseLevels(fn: string, grid: Grid, count: number, log: boolean): number[] {
  const finite = grid.values.flat().filter(Number.isFinite);
  if (finite.length === 0) throw new RangeError(`${fn}: loss must be finite somewhere on the grid, got no finite value`);
  const hi = Math.max(...finite);
  if (log) {
    const positive = finite.filter((v) => v > 0);
    if (positive.length === 0) {
      throw new RangeError(`${fn}: logLevels needs a loss > 0 somewhere on the grid (pass levels, or logLevels: false)`);
    }
    const lo = Math.max(Math.min(...positive), hi * MIN_LEVEL_RATIO);
    const [a, b] = [Math.log(lo), Math.log(hi)];
    return Array.from({ length: count }, (_, i) => Math.exp(a + ((b - a) * (i + 0.5)) / count));
  }
  const lo = Math.min(...finite);
  return Array.from({ length: count }, (_, i) => lo + ((hi - lo) * (i + 0.5)) / count);
}

/** Rounds coordinates to about 1/10,000 of the span: the spec stays small and stable. */
function rounder(span: number): (v: number) => number {
  const digits = Math.max(0, Math.min(15, 4 - Math.floor(Math.log10(span))));
  return (v) => Number(v.toFixed(digits));
}

function equalUnitHeight(width: number, xSpan: number, ySpan: number): number {
  return Math.round(Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, (width * ySpan) / xSpan)));
}

function formatLevel(v: number): string {
  return String(Number(v.toPrecision(3)));
}

function checkRange(fn: string, param: string, range: unknown): [number, number] {
  if (!Array.isArray(range) || range.length !== 2) throw typeError(fn, param, 'an array [min, max] of two numbers', range);
  const lo = checkFinite(fn, `${param}[0]`, range[0]);
  const hi = checkFinite(fn, `${param}[1]`, range[1]);
  if (!(lo < hi)) throw pairError(fn, `${param}[0]`, lo, '<', `${param}[1]`, hi);
  return [lo, hi];
}

function checkPoint(fn: string, param: string, p: unknown): { x: number; y: number } {
  if (typeof p !== 'object' || p === null) throw typeError(fn, param, 'an object { x, y }', p);
  const { x, y } = p as { x?: unknown; y?: unknown };
  return { x: checkFinite(fn, `${param}.x`, x), y: checkFinite(fn, `${param}.y`, y) };
}

function checkLevels(fn: string, levels: unknown): number[] {
  if (!Array.isArray(levels)) throw typeError(fn, 'levels', 'an array of numbers', levels);
  if (levels.length === 0) throw rangeError(fn, 'levels', 'a non-empty array', levels);
  return levels.map((v: unknown, i) => checkFinite(fn, `levels[${i}]`, v)).sort((a, b) => a - b);
}

function checkPaths(fn: string, paths: unknown): OptimizerPath[] {
  if (!Array.isArray(paths)) throw typeError(fn, 'paths', 'an array of { name, points }', paths);
  paths.forEach((p: unknown, i) => {
    const param = `paths[${i}]`;
    if (typeof p !== 'object' || p === null) throw typeError(fn, param, 'an object { name, points }', p);
    const { name, points } = p as { name?: unknown; points?: unknown };
    if (typeof name !== 'string' || name === '') throw typeError(fn, `${param}.name`, 'a non-empty string', name);
    if (!Array.isArray(points)) throw typeError(fn, `${param}.points`, 'an array of { x, y }', points);
    points.forEach((q: unknown, j) => {
      const at = `${param}.points[${j}]`;
      if (typeof q !== 'object' || q === null) throw typeError(fn, at, 'an object { x, y }', q);
      const { x, y } = q as { x?: unknown; y?: unknown };
      if (typeof x !== 'number') throw typeError(fn, `${at}.x`, 'a number', x);
      if (typeof y !== 'number') throw typeError(fn, `${at}.y`, 'a number', y);
    });
  });
  const names = (paths as OptimizerPath[]).map((p) => p.name);
  if (new Set(names).size !== names.length) throw rangeError(fn, 'paths names', 'unique', names);
  return paths as OptimizerPath[];
}
