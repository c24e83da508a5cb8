/**
 * `lrFinderPlot`: the learning-rate range test's curve — loss against learning rate on a log axis,
 * the suggested rate marked — the chart to read before choosing a learning rate.
 */
import type { TopLevelSpec } from 'vega-lite';
import { typeError } from '../core/errors';
import { checkChartOptions, LOG_AXIS, SERIES_LEGEND, VEGA_LITE_SCHEMA, type ChartOptions } from './common';

/** What the chart reads from `lrFinder`'s result. */
export interface LrFinderCurve {
  learningRates: readonly number[];
  losses: readonly number[];
  smoothedLosses: readonly number[];
  /** The suggested rate and the rule that chose it; drawn as a dashed vertical line with a label. */
  suggestion?: { learningRate: number; rule: string };
  /** When true, the last point is the one that diverged: it is drawn, but the y axis ignores it. */
  diverged?: boolean;
}

export interface LrFinderPlotOptions extends Omit<ChartOptions, 'integerX'> {
  /** Also draw the raw per-batch loss, faint, behind the smoothed one (default true). */
  raw?: boolean;
}

interface Row {
  series: string;
  lr: number;
  loss: number;
}

const SMOOTHED = 'smoothed loss';
const RAW = 'loss';

/**
 * A Vega-Lite v5 chart of the range test: x = learning rate (log scale), y = the smoothed loss
 * (and, faint, the raw batch losses), a dashed vertical line at the suggested rate labelled with
 * its value and rule.
 *
 * The y axis spans the smoothed curve before the divergence: the exploding last point (and raw
 * losses beyond the smoothed range) are clipped at the chart's edge, not allowed to flatten the
 * part worth reading. Points with a non-finite loss, or a loss ≤ 0 with `logY`, are dropped and
 * counted in the spec's `description`.
 *
 * Defaults: title "Learning-rate range test", x title "learning rate (log scale)", y title
 * "loss", 480 × 280 px. The spec is a fresh object owned by the caller.
 *
 * @example
 * const result = await lrFinder(model, data, { optimizer, loss: 'softmaxCrossEntropy' });
 * await show(lrFinderPlot(result));
 */
export function lrFinderPlot(result: LrFinderCurve, options: LrFinderPlotOptions = {}): TopLevelSpec {
  const fn = 'lrFinderPlot';
  const o = checkChartOptions(fn, options, ['raw'], ['integerX']);
  const raw = options.raw === undefined ? true : options.raw;
  if (typeof raw !== 'boolean') throw typeError(fn, 'raw', 'a boolean', raw);
  const curve = checkCurve(fn, result);

  const rows: Row[] = [];
  let dropped = 0;
  const add = (series: string, lr: number, loss: number) => {
    if (Number.isFinite(loss) && !(o.logY && loss <= 0)) rows.push({ series, lr, loss });
    else dropped++;
  };
  curve.learningRates.forEach((lr, i) => add(SMOOTHED, lr, curve.smoothedLosses[i]));
  if (raw) curve.learningRates.forEach((lr, i) => add(RAW, lr, curve.losses[i]));

  // The y range: up to the highest smoothed loss before the point that diverged, down to the lowest
  // loss drawn before it (raw losses dip below the smoothed curve, which lags them).
  const readable = (values: readonly number[]) =>
    values.slice(0, curve.diverged ? -1 : undefined).filter((v) => Number.isFinite(v) && !(o.logY && v <= 0));
  const smoothedRange = readable(curve.smoothedLosses);
  const lows = raw ? [...smoothedRange, ...readable(curve.losses)] : smoothedRange;
  const domain = smoothedRange.length > 0 ? [Math.min(...lows), Math.max(...smoothedRange)] : undefined;

  const names = raw ? [SMOOTHED, RAW] : [SMOOTHED];
  const suggestion = curve.suggestion;
  const label = suggestion === undefined ? undefined : `suggested ${formatRate(suggestion.learningRate)} (${suggestion.rule})`;
  const description =
    `Loss against learning rate over ${curve.learningRates.length} steps from ${formatRate(curve.learningRates[0])} to ${formatRate(curve.learningRates[curve.learningRates.length - 1])}` +
    (curve.diverged ? ', diverged at the last step' : '') +
    (label !== undefined ? `; ${label}` : '') +
    (dropped > 0 ? `; dropped ${dropped} point${dropped === 1 ? '' : 's'}: ${o.logY ? 'non-finite or ≤ 0 (log scale)' : 'non-finite'}` : '');

  // Ticks and grid lines at whole powers of ten only (vega's log axis adds 2×, 3×, … 9× lines).
  const first = Math.floor(Math.log10(Math.min(...curve.learningRates)) + 1e-9);
  const last = Math.ceil(Math.log10(Math.max(...curve.learningRates)) - 1e-9);
  const decades = Array.from({ length: last - first + 1 }, (_, i) => Number(`1e${first + i}`));
  const x = { field: 'lr', type: 'quantitative' as const, title: o.xTitle ?? 'learning rate (log scale)', scale: { type: 'log' as const }, axis: { format: '~e', values: decades } };
  const encoding = {
    x,
    y: {
      field: 'loss',
      type: 'quantitative',
      title: o.yTitle ?? 'loss',
      scale: { ...(o.logY ? { type: 'log' } : { zero: false }), ...(domain !== undefined ? { domain } : {}) },
      ...(o.logY ? { axis: LOG_AXIS } : {}),
    },
    color: { field: 'series', type: 'nominal', title: null, scale: { domain: names }, legend: { ...SERIES_LEGEND } },
  };
  // One layer per series: the raw losses faint and behind, the smoothed curve on top.
  const line = (series: string, opacity: number) => ({
    transform: [{ filter: { field: 'series', equal: series } }],
    mark: { type: 'line', clip: true, tooltip: true, opacity },
    encoding,
  });
  const layers: object[] = raw ? [line(RAW, 0.35), line(SMOOTHED, 1)] : [line(SMOOTHED, 1)];
  if (suggestion !== undefined) {
    const mark = { values: [{ lr: suggestion.learningRate, label }] };
    layers.push(
      { data: mark, mark: { type: 'rule', strokeDash: [4, 4], color: 'black' }, encoding: { x: { field: 'lr', type: 'quantitative' } } },
      { data: mark, mark: { type: 'text', align: 'left', baseline: 'top', dx: 4, dy: 4 }, encoding: { x: { field: 'lr', type: 'quantitative' }, y: { value: 0 }, text: { field: 'label' } } },
    );
  }

  return {
    $schema: VEGA_LITE_SCHEMA,
    title: o.title ?? 'Learning-rate range test',
    description,
    width: o.width,
    height: o.height,
    data: { values: rows },
    layer: layers,
  } as TopLevelSpec;
}

/** 0.0031622 → "3.2e-3": two significant digits, as the axis labels read. */
function formatRate(lr: number): string {
  return Number(lr.toPrecision(2)).toExponential().replace('e+', 'e');
}

function checkNumbers(fn: string, param: string, values: unknown): readonly number[] {
  if (!Array.isArray(values)) throw typeError(fn, param, 'an array of numbers', values);
  values.forEach((v: unknown, i) => {
    if (typeof v !== 'number') throw typeError(fn, `${param}[${i}]`, 'a number', v);
  });
  return values;
}

function checkCurve(fn: string, result: unknown): LrFinderCurve {
  if (typeof result !== 'object' || result === null) throw typeError(fn, 'result', "lrFinder's result { learningRates, losses, smoothedLosses, suggestion }", result);
  const r = result as Partial<LrFinderCurve>;
  const learningRates = checkNumbers(fn, 'result.learningRates', r.learningRates);
  const losses = checkNumbers(fn, 'result.losses', r.losses);
  const smoothedLosses = checkNumbers(fn, 'result.smoothedLosses', r.smoothedLosses);
  if (learningRates.length === 0) throw new RangeError(`${fn}: result.learningRates must hold at least one rate, got none`);
  if (losses.length !== learningRates.length || smoothedLosses.length !== learningRates.length) {
    throw new RangeError(
      `${fn}: result.learningRates, losses and smoothedLosses must have the same length, got ${learningRates.length}, ${losses.length}, ${smoothedLosses.length}`,
    );
  }
  learningRates.forEach((lr, i) => {
    if (!Number.isFinite(lr) || lr <= 0) throw new RangeError(`${fn}: result.learningRates[${i}] must be a finite number > 0 (log axis), got ${lr}`);
  });
  const s = r.suggestion;
  if (s !== undefined) {
    if (typeof s !== 'object' || s === null || typeof s.rule !== 'string') throw typeError(fn, 'result.suggestion', 'an object { learningRate, rule }', s);
    if (typeof s.learningRate !== 'number' || !Number.isFinite(s.learningRate) || s.learningRate <= 0) {
      throw new RangeError(`${fn}: result.suggestion.learningRate must be a finite number > 0 (log axis), got ${s.learningRate}`);
    }
  }
  return { learningRates, losses, smoothedLosses, suggestion: s, diverged: r.diverged === true };
}
