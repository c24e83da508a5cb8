/**
 * `gradNormPlot`: the global gradient norm of every step on a log axis, with a clipping threshold
 * drawn across — the chart to read before choosing `maxNorm`.
 */
import type { TopLevelSpec } from 'vega-lite';
import { checkPositive, typeError } from '../core/errors';
import { checkBuilderOptions, checkChartOptions, LOG_AXIS, VEGA_LITE_SCHEMA, type ChartOptions } from './common';

export interface GradNormPlotOptions extends Omit<ChartOptions, 'logY'> {
  /** A threshold to draw (e.g. `suggestClipThreshold(h).threshold`), > 0; its label says how many steps lie above it. */
  threshold?: number;
  /** Log-scale y (default true: spikes are orders of magnitude above the rest). */
  logY?: boolean;
}

/**
 * @param norms per-step norms (`history.gradNorm`), or a History holding them.
 * @param options `{ threshold?, logY = true, title, … }`.
 * @returns a Vega-Lite v5 spec (a fresh object): the norms as a line over the step, points above the
 *   threshold marked, a dashed rule at the threshold labelled with its value and the share of steps
 *   above it. Non-finite norms (and ≤ 0 on the log axis) are dropped and counted in the description.
 * @example await show(gradNormPlot(history, { threshold: suggestClipThreshold(history).threshold }));
 */
export function gradNormPlot(norms: readonly number[] | { gradNorm: readonly number[] }, options: GradNormPlotOptions = {}): TopLevelSpec {
  const fn = 'gradNormPlot';
  checkBuilderOptions(fn, options, ['threshold']);
  const values = Array.isArray(norms) ? norms : (norms as { gradNorm?: unknown } | null)?.gradNorm;
  if (!Array.isArray(values)) throw typeError(fn, 'norms', 'an array of per-step gradient norms or a History with gradNorm', norms);
  const { threshold, logY = true, ...rest } = options;
  const o = checkChartOptions(fn, { ...rest, logY });
  const t = threshold === undefined ? undefined : checkPositive(fn, 'threshold', threshold);
  const rows: { step: number; norm: number; above: boolean }[] = [];
  let dropped = 0;
  (values as number[]).forEach((norm, step) => {
    if (Number.isFinite(norm) && !(o.logY && norm <= 0)) rows.push({ step, norm, above: t !== undefined && norm > t });
    else dropped++;
  });
  const above = t === undefined ? 0 : (values as number[]).filter((v) => !(v <= t)).length; // NaN counts as above
  const share = values.length === 0 ? 0 : above / values.length;
  const label = t === undefined ? undefined : `threshold ${formatNumber(t)}: ${(100 * share).toFixed(1)} % of steps above`;
  const x = { field: 'step', type: 'quantitative', title: o.xTitle ?? 'step' };
  const y = { field: 'norm', type: 'quantitative', title: o.yTitle ?? `global gradient norm${o.logY ? ' (log scale)' : ''}`, ...(o.logY ? { scale: { type: 'log' }, axis: LOG_AXIS } : { scale: { zero: false } }) };
  const layers: object[] = [{ mark: { type: 'line', tooltip: true, strokeWidth: 1 }, encoding: { x, y } }];
  if (t !== undefined) {
    layers.push(
      { transform: [{ filter: 'datum.above' }], mark: { type: 'point', color: '#d62728', filled: true, size: 18 }, encoding: { x, y } },
      { data: { values: [{ norm: t, label }] }, mark: { type: 'rule', strokeDash: [5, 4], color: 'black' }, encoding: { y: { field: 'norm', type: 'quantitative' } } },
      { data: { values: [{ norm: t, label }] }, mark: { type: 'text', align: 'right', baseline: 'bottom', dy: -3, x: o.width }, encoding: { y: { field: 'norm', type: 'quantitative' }, text: { field: 'label' } } },
    );
  }
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: o.title ?? 'Gradient norm per step',
    description: `Gradient norm of ${values.length} steps` + (label !== undefined ? `; ${label}` : '') + (dropped > 0 ? `; dropped ${dropped} non-finite${o.logY ? ' or ≤ 0' : ''}` : ''),
    width: o.width,
    height: o.height,
    data: { values: rows },
    layer: layers,
  } as TopLevelSpec;
}

function formatNumber(v: number): string {
  return Number(v.toPrecision(3)).toString();
}
