/**
 * What every trainlab chart shares: the Vega-Lite v5 schema URL, default sizes, and the checks on
 * the options every chart builder accepts.
 *
 * Vega-Lite v5 on purpose: JupyterLab 4 and Notebook 7 render `application/vnd.vegalite.v5+json`
 * (v3–v5), not v6. The schema is a URL string only; nothing here fetches it.
 */
import { checkOptions, checkPositive, typeError } from '../core/errors';

/** The `$schema` of every spec trainlab builds (a label for renderers; never fetched). */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/**
 * The legend of every chart with named series: room for names up to ~40 characters ("train (mean of
 * 12 steps)", "momentum μ = 0.9, η = 0.01") where vega's default cuts a label at 160 px with "…".
 * A legend is only as wide as its longest name, so short names keep it narrow.
 */
export const SERIES_LEGEND = { labelLimit: 280 } as const;

/**
 * The labels of every log axis: plain numbers from 0.001 to 10000 ("0.3", "100"), powers of ten
 * beyond ("1e+5", "1e+35", "1e-4"). Vega's own labels switch from "10000000000" to "1e+12" at a
 * point of their own, so one axis showed both. An expression, not a function: it runs under the
 * site's CSP (vega's interpreter) and in the kernel's SVG rendering alike.
 */
export const LOG_AXIS = {
  // vega leaves some ticks between decades unlabelled (an empty datum.label): they stay so.
  labelExpr: "datum.label === '' ? '' : datum.value >= 1e5 || datum.value < 1e-3 ? format(datum.value, '~e') : format(datum.value, '~g')",
} as const;

/** Default plot-area width in pixels (axes and legend add to it). */
export const DEFAULT_WIDTH = 480;

/** Default plot-area height in pixels. */
export const DEFAULT_HEIGHT = 280;

/** Options every chart builder accepts. */
export interface ChartOptions {
  /** Chart title (default: none for `lineChart`; each convenience builder documents its own). */
  title?: string;
  /** x-axis title. */
  xTitle?: string;
  /** y-axis title. */
  yTitle?: string;
  /** Log-scale y axis (default false). Points with y ≤ 0 cannot be drawn on it and are dropped. */
  logY?: boolean;
  /** Plot-area width in pixels, > 0 (default 480). */
  width?: number;
  /** Plot-area height in pixels, > 0 (default 280). */
  height?: number;
  /** Draw a dot on every point as well as the line (default false): useful for a few epochs. */
  points?: boolean;
  /** x counts whole things (epochs, steps): no ticks between integers (default false). */
  integerX?: boolean;
}

/** The keys of `ChartOptions`. */
export const CHART_OPTION_NAMES = ['title', 'xTitle', 'yTitle', 'logY', 'width', 'height', 'points', 'integerX'] as const;

/**
 * Checks a chart builder's own options object: an object whose keys are the chart options (minus
 * `omit`) plus the builder's `extra` keys, and no null (see `checkOptions`).
 */
export function checkBuilderOptions(fn: string, options: unknown, extra: readonly string[] = [], omit: readonly string[] = []): void {
  checkOptions(fn, options, [...CHART_OPTION_NAMES.filter((k) => !omit.includes(k)), ...extra]);
}

/** A JS value of `ChartOptions` after its checks, with defaults filled in. */
export interface CheckedChartOptions {
  title: string | undefined;
  xTitle: string | undefined;
  yTitle: string | undefined;
  logY: boolean;
  width: number;
  height: number;
  points: boolean;
  integerX: boolean;
}

function optionalString(fn: string, param: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw typeError(fn, param, 'a string', value);
  return value;
}

function optionalBoolean(fn: string, param: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw typeError(fn, param, 'a boolean', value);
  return value;
}

/** Checks the shared options, naming `fn` (the public builder the user called) in every message. */
export function checkChartOptions(fn: string, options: ChartOptions, extra: readonly string[] = [], omit: readonly string[] = []): CheckedChartOptions {
  checkBuilderOptions(fn, options, extra, omit);
  return {
    title: optionalString(fn, 'title', options.title),
    xTitle: optionalString(fn, 'xTitle', options.xTitle),
    yTitle: optionalString(fn, 'yTitle', options.yTitle),
    logY: optionalBoolean(fn, 'logY', options.logY, false),
    width: options.width === undefined ? DEFAULT_WIDTH : checkPositive(fn, 'width', options.width),
    height: options.height === undefined ? DEFAULT_HEIGHT : checkPositive(fn, 'height', options.height),
    points: optionalBoolean(fn, 'points', options.points, false),
    integerX: optionalBoolean(fn, 'integerX', options.integerX, false),
  };
}
