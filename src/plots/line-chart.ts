/**
 * `lineChart`: one or more named series as lines on shared axes — the builder under every trainlab
 * curve (loss, accuracy, learning rate, gradient norm).
 */
import type { TopLevelSpec } from 'vega-lite';
import { checkFinite, rangeError, typeError } from '../core/errors';
import { checkChartOptions, LOG_AXIS, SERIES_LEGEND, VEGA_LITE_SCHEMA, type ChartOptions } from './common';

/** A series given as y values at x = start, start + 1, … (e.g. one loss per epoch). */
export interface ValuesSeries {
  name: string;
  values: readonly number[];
  /** x of `values[0]` (default 0). Use 1 for "after epoch 1". */
  start?: number;
}

/** A series given as explicit points (e.g. validation loss measured every 100 steps). */
export interface PointsSeries {
  name: string;
  points: readonly { x: number; y: number }[];
}

export type LineSeries = ValuesSeries | PointsSeries;

export interface LineChartOptions extends ChartOptions {
  /**
   * The series to draw, in legend order; names must be unique. May hold empty series: a series
   * enters the legend with its first drawable point, its colour fixed from the start.
   */
  series: readonly LineSeries[];
  /** Log-scale x axis (default false), e.g. for batch sizes 1, 4, 16, 64. Points with x ≤ 0 are dropped. */
  logX?: boolean;
}

/** One row of the chart's inline data, in long format. */
export interface LineRow {
  series: string;
  x: number;
  y: number;
}

/**
 * A Vega-Lite v5 line chart of one or more series, coloured by series name with a legend.
 *
 * The data goes inline (`data.values`) in long format, one `{ series, x, y }` row per point, so the
 * spec is self-contained: it renders offline, in JupyterLab or through `toSVG`.
 *
 * Points that cannot be drawn are **dropped, not clamped**: a non-finite x or y (a loss that became
 * NaN or Infinity when training diverged), and with `logY` a y ≤ 0. The spec's `description` says
 * how many were dropped, and `show` puts that sentence in the notebook's text output.
 *
 * Defaults: no title, axis titles "x" and "y", 480 × 280 px, linear y that need not include 0
 * (`zero: false`: losses rarely start near 0), tooltips on. The spec is a fresh object owned by the
 * caller; it does not reference the input arrays.
 *
 * Throws a TypeError/RangeError naming the bad option, e.g. `lineChart: width must be > 0, got -1`.
 *
 * @example
 * const spec = lineChart({
 *   series: [{ name: 'train', values: trainLoss, start: 1 }, { name: 'validation', values: valLoss, start: 1 }],
 *   title: 'Loss', xTitle: 'epoch', yTitle: 'loss', logY: true,
 * });
 * await show(spec);
 */
export function lineChart(options: LineChartOptions): TopLevelSpec {
  return buildLineChart('lineChart', options);
}

/** `lineChart` with `fn` as the function named in error messages (for the builders on top of it). */
export function buildLineChart(fn: string, options: LineChartOptions): TopLevelSpec {
  const o = checkChartOptions(fn, options, ['series', 'logX']);
  const series = checkSeries(fn, options.series);
  const logX = options.logX ?? false;
  if (typeof logX !== 'boolean') throw typeError(fn, 'logX', 'a boolean', logX);
  const names = series.map((s) => s.name);

  const rows: LineRow[] = [];
  let dropped = 0;
  const counts: number[] = [];
  for (const s of series) {
    const before = rows.length;
    const points = 'values' in s ? s.values.map((y, i) => ({ x: (s.start ?? 0) + i, y })) : s.points;
    for (const { x, y } of points) {
      const drawable = Number.isFinite(x) && Number.isFinite(y) && !(o.logY && y <= 0) && !(logX && x <= 0);
      if (drawable) rows.push({ series: s.name, x, y });
      else dropped++;
    }
    counts.push(rows.length - before);
  }

  const listed = names.map((name, i) => `${name} (${plural(counts[i], 'point')})`).join(', ');
  const droppedWhat = o.logY || logX ? 'non-finite or ≤ 0 (log scale)' : 'non-finite';
  const description =
    `Line chart of ${listed}` + (dropped > 0 ? `; dropped ${plural(dropped, 'point')}: ${droppedWhat}` : '');

  return {
    $schema: VEGA_LITE_SCHEMA,
    ...(o.title !== undefined ? { title: o.title } : {}),
    description,
    width: o.width,
    height: o.height,
    data: { values: rows },
    mark: { type: 'line', point: o.points, tooltip: true },
    encoding: {
      x: {
        field: 'x',
        type: 'quantitative',
        title: o.xTitle ?? 'x',
        ...(logX ? { scale: { type: 'log' }, axis: LOG_AXIS } : {}),
        ...(o.integerX && !logX ? { axis: { tickCount: integerTicks(rows) } } : {}),
      },
      y: {
        field: 'y',
        type: 'quantitative',
        title: o.yTitle ?? 'y',
        // Losses rarely start near 0: let the axis zoom on the data.
        ...(o.logY ? { scale: { type: 'log' }, axis: LOG_AXIS } : { scale: { zero: false } }),
      },
      // A fixed domain keeps each name's colour stable while a live chart fills in; the legend
      // lists only the series that have a point (a live chart's "validation" appears with its first).
      color: { field: 'series', type: 'nominal', title: null, scale: { domain: names }, legend: seriesLegend(names, counts) },
    },
  };
}

/** The legend: the names of the series with at least one point drawn, or none when no series has one. */
function seriesLegend(names: readonly string[], counts: readonly number[]): { labelLimit: number; values?: string[] } | null {
  const drawn = names.filter((_, i) => counts[i] > 0);
  if (drawn.length === 0) return null;
  return drawn.length === names.length ? { ...SERIES_LEGEND } : { ...SERIES_LEGEND, values: drawn };
}

/** The whole units the x values span (at least 1): no more ticks than that keeps them on whole numbers. */
function wholeSpan(rows: readonly { x: number }[]): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (const { x } of rows) {
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
  }
  return Math.max(1, rows.length === 0 ? 1 : Math.floor(hi - lo));
}

/**
 * A tick count that keeps ticks on whole numbers: vega's ticks step by 1, 2 or 5 × 10^k, so asking
 * for no more ticks than the x span has units gives a step ≥ 1. (vega-lite 5.23 drops the axis's
 * own `tickMinStep`.) Otherwise vega-lite's default, one tick per 40 px — of the plot's width as
 * drawn: an expression, so a chart the site narrows to fit the column gets fewer ticks, not crowded
 * ones. A concat's panel has no `width` signal of its own: `integerTickCount` gives it a number.
 */
function integerTicks(rows: readonly LineRow[]): { expr: string } {
  return { expr: `max(1, min(ceil(width / 40), ${wholeSpan(rows)}))` };
}

/** `integerTicks` as a number, for a plot `width` px wide that keeps its width (a concat's panel). */
export function integerTickCount(rows: readonly { x: number }[], width: number): number {
  return Math.max(1, Math.min(Math.ceil(width / 40), wholeSpan(rows)));
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function checkSeries(fn: string, series: unknown): LineSeries[] {
  const what = 'an array of { name, values } or { name, points }';
  if (!Array.isArray(series)) throw typeError(fn, 'series', what, series);
  if (series.length === 0) throw rangeError(fn, 'series', 'a non-empty array', series);
  series.forEach((s: unknown, i) => checkOneSeries(fn, `series[${i}]`, s));
  const names = (series as LineSeries[]).map((s) => s.name);
  if (new Set(names).size !== names.length) throw rangeError(fn, 'series names', 'unique', names);
  return series as LineSeries[];
}

function checkOneSeries(fn: string, param: string, s: unknown): void {
  if (typeof s !== 'object' || s === null) throw typeError(fn, param, 'an object { name, values } or { name, points }', s);
  const { name, values, points, start } = s as { name?: unknown; values?: unknown; points?: unknown; start?: unknown };
  if (typeof name !== 'string' || name === '') throw typeError(fn, `${param}.name`, 'a non-empty string', name);
  if ((values === undefined) === (points === undefined)) {
    throw typeError(fn, param, 'an object with either values or points (not both)', Object.keys(s));
  }
  if (values !== undefined) {
    if (!Array.isArray(values)) throw typeError(fn, `${param}.values`, 'an array of numbers', values);
    values.forEach((y: unknown, j) => {
      if (typeof y !== 'number') throw typeError(fn, `${param}.values[${j}]`, 'a number', y);
    });
    if (start !== undefined) checkFinite(fn, `${param}.start`, start);
  } else {
    if (!Array.isArray(points)) throw typeError(fn, `${param}.points`, 'an array of { x, y }', points);
    points.forEach((p: unknown, j) => {
      const at = `${param}.points[${j}]`;
      if (typeof p !== 'object' || p === null) throw typeError(fn, at, 'an object { x, y }', p);
      const { x, y } = p as { x?: unknown; y?: unknown };
      if (typeof x !== 'number') throw typeError(fn, `${at}.x`, 'a number', x);
      if (typeof y !== 'number') throw typeError(fn, `${at}.y`, 'a number', y);
    });
  }
}
