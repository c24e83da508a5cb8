/**
 * Charts of gradient flow (src/debug/gradient-flow.ts):
 *   - `gradientFlowPlot`: gradient norm per layer on a log axis — over training time (the records of
 *     gradientFlowCallback), or by depth for one or more snapshots (e.g. one per initialization);
 *   - `activationHistogramPlot`: one small histogram per layer's output (rows: snapshots).
 */
import type { TopLevelSpec } from 'vega-lite';
import { checkOptions, checkPositive, typeError } from '../core/errors';
import type { GradientFlowRecord, GradientFlowStats, VariableFlow } from '../debug/gradient-flow';
import { checkBuilderOptions, VEGA_LITE_SCHEMA, type ChartOptions } from './common';
import { buildLineChart, type LineSeries } from './line-chart';

/** What gradientFlowPlot can draw per variable. */
export type FlowQuantity = 'gradNorm' | 'weightNorm' | 'gradToWeight' | 'updateRatio';

const TITLES: Record<FlowQuantity, string> = {
  gradNorm: 'gradient norm ‖∂L/∂w‖ (log scale)',
  weightNorm: 'weight norm ‖w‖ (log scale)',
  gradToWeight: '‖∂L/∂w‖ / ‖w‖ (log scale)',
  updateRatio: 'update ratio ‖Δw‖ / ‖w‖ (log scale)',
};

export interface GradientFlowPlotOptions extends Omit<ChartOptions, 'logY'> {
  /** The number drawn (default 'gradNorm'). */
  quantity?: FlowQuantity;
  /** Draw kernels only (default true): biases and normalization parameters are left out. */
  kernelsOnly?: boolean;
}

function pick(fn: string, variables: VariableFlow[], kernelsOnly: boolean): VariableFlow[] {
  const chosen = kernelsOnly ? variables.filter((v) => v.name.endsWith('/kernel') || v.name.endsWith('/depthwise_kernel')) : variables;
  if (chosen.length === 0) throw new RangeError(`${fn}: no ${kernelsOnly ? 'kernel ' : ''}variables to draw${kernelsOnly ? ' (set kernelsOnly: false)' : ''}`);
  return chosen;
}

/**
 * The gradient norm (or another per-variable quantity) of every layer on a log axis.
 *
 * - Given gradientFlowCallback's records (an array): x = training step, one line per layer — a
 *   layer whose line sinks orders of magnitude below the others has vanishing gradients.
 * - Given snapshots by name (`{ 'N(0, 0.01)': stats, 'He': stats }`): x = layer depth (1 = first),
 *   one line per snapshot — the slope shows gradients shrinking or growing through the network.
 *
 * @param input records (`GradientFlowRecord[]`) or `{ [label]: GradientFlowStats }`.
 * @param options `{ quantity = 'gradNorm', kernelsOnly = true, title, width, height, … }`.
 * @returns a Vega-Lite v5 spec (a fresh object). Non-finite or ≤ 0 values are dropped (log scale) and counted in its description.
 * @example await show(gradientFlowPlot({ small: flowSmall, he: flowHe }, { title: 'Gradient norm by depth' }));
 */
export function gradientFlowPlot(input: GradientFlowRecord[] | Record<string, GradientFlowStats>, options: GradientFlowPlotOptions = {}): TopLevelSpec {
  const fn = 'gradientFlowPlot';
  checkBuilderOptions(fn, options, ['quantity', 'kernelsOnly'], ['logY']); // always log: the norms span decades
  const { quantity = 'gradNorm', kernelsOnly = true, ...chart } = options;
  if (!(quantity in TITLES)) throw new RangeError(`${fn}: quantity must be one of ${Object.keys(TITLES).map((q) => JSON.stringify(q)).join(', ')}, got ${JSON.stringify(quantity)}`);
  if (typeof kernelsOnly !== 'boolean') throw typeError(fn, 'kernelsOnly', 'a boolean', kernelsOnly);
  const value = (v: VariableFlow) => v[quantity] ?? NaN;
  if (Array.isArray(input)) {
    if (input.length === 0) throw new RangeError(`${fn}: records must hold at least one snapshot, got none`);
    const names = pick(fn, input[0].variables, kernelsOnly).map((v) => v.name);
    const series: LineSeries[] = names.map((name, i) => ({
      name: `${i + 1}: ${input[0].variables.find((v) => v.name === name)!.layer || name}`,
      points: input.map((r) => ({ x: r.step, y: value(r.variables.find((v) => v.name === name) ?? ({} as VariableFlow)) })),
    }));
    return buildLineChart(fn, { title: 'Gradient flow over training', xTitle: 'step', yTitle: TITLES[quantity], integerX: true, ...chart, logY: true, series });
  }
  if (typeof input !== 'object' || input === null) throw typeError(fn, 'input', 'gradientFlowCallback records or { [label]: gradientFlow stats }', input);
  const series: LineSeries[] = Object.entries(input).map(([label, stats]) => {
    if (typeof stats !== 'object' || stats === null || !Array.isArray(stats.variables)) throw typeError(fn, `input[${JSON.stringify(label)}]`, 'gradientFlow stats', stats);
    return { name: label, values: pick(fn, stats.variables, kernelsOnly).map(value), start: 1 };
  });
  return buildLineChart(fn, { title: 'Gradient flow by depth', xTitle: 'layer (1 = nearest the input)', yTitle: TITLES[quantity], integerX: true, points: true, ...chart, logY: true, series });
}

export interface ActivationHistogramPlotOptions {
  title?: string;
  /** Width and height of each small histogram in pixels (default 110 × 70). */
  cellWidth?: number;
  cellHeight?: number;
  /** Draw every `layerStep`-th layer only (default 1: all), for deep networks. The last layer is always drawn. */
  layerStep?: number;
}

/**
 * One small histogram of every layer's output: rows are the snapshots (e.g. one per initialization),
 * columns the layers from the input side. Collapsing to a spike at 0 means vanishing activations;
 * piling up at ±1 (tanh) means saturation; a tall bar at 0 for ReLU means dead units.
 *
 * Each histogram has its own x range (its layer's smallest to largest output) and y (counts), so the
 * shape is readable whatever the scale; the range is in the cell's axis labels.
 *
 * @param input one `gradientFlow` snapshot, or `{ [label]: stats }` for several rows.
 * @param options `{ title, cellWidth = 110, cellHeight = 70, layerStep = 1 }`.
 * @returns a Vega-Lite v5 spec (a fresh object).
 * @example await show(activationHistogramPlot({ 'N(0, 0.01)': small, He: he }));
 */
export function activationHistogramPlot(input: GradientFlowStats | Record<string, GradientFlowStats>, options: ActivationHistogramPlotOptions = {}): TopLevelSpec {
  const fn = 'activationHistogramPlot';
  const { title = 'Activations by layer', cellWidth = 110, cellHeight = 70, layerStep = 1 } = checkOptions<ActivationHistogramPlotOptions>(fn, options, ['title', 'cellWidth', 'cellHeight', 'layerStep']);
  if (typeof title !== 'string') throw typeError(fn, 'title', 'a string', title);
  checkPositive(fn, 'cellWidth', cellWidth);
  checkPositive(fn, 'cellHeight', cellHeight);
  if (!Number.isInteger(layerStep) || layerStep < 1) throw new RangeError(`${fn}: layerStep must be an integer ≥ 1, got ${layerStep}`);
  const rows: Record<string, GradientFlowStats> =
    typeof input === 'object' && input !== null && Array.isArray((input as GradientFlowStats).layers) ? { '': input as GradientFlowStats } : (input as Record<string, GradientFlowStats>);
  if (typeof rows !== 'object' || rows === null || Object.keys(rows).length === 0) throw typeError(fn, 'input', 'gradientFlow stats or { [label]: stats }', input);
  const data: { run: string; layer: string; order: number; lo: number; hi: number; count: number }[] = [];
  const columns: string[] = [];
  for (const [run, stats] of Object.entries(rows)) {
    if (typeof stats !== 'object' || stats === null || !Array.isArray(stats.layers)) throw typeError(fn, `input[${JSON.stringify(run)}]`, 'gradientFlow stats', stats);
    const last = stats.layers.length - 1;
    for (const l of stats.layers) {
      if (l.depth % layerStep !== 0 && l.depth !== last) continue;
      const column = `${l.depth + 1}${l.activation ? ` ${l.activation}` : ''}`;
      if (!columns.includes(column)) columns.push(column);
      l.histogram.counts.forEach((count, i) => data.push({ run, layer: column, order: l.depth, lo: l.histogram.edges[i], hi: l.histogram.edges[i + 1], count }));
    }
  }
  const runs = Object.keys(rows);
  return {
    $schema: VEGA_LITE_SCHEMA,
    title,
    description: `Histograms of ${columns.length} layers' outputs${runs.length > 1 || runs[0] !== '' ? ` for ${runs.join(', ')}` : ''}`,
    data: { values: data },
    facet: {
      column: { field: 'layer', type: 'ordinal', sort: columns, title: 'layer (output of)', header: { labelFontSize: 10 } },
      ...(runs.length > 1 || runs[0] !== '' ? { row: { field: 'run', type: 'nominal', sort: runs, title: null } } : {}),
    },
    spec: {
      width: cellWidth,
      height: cellHeight,
      mark: { type: 'rect', tooltip: true },
      encoding: {
        x: { field: 'lo', type: 'quantitative', title: null, axis: { tickCount: 3, labelFontSize: 8, format: '.2~g' } },
        x2: { field: 'hi' },
        y: { field: 'count', type: 'quantitative', title: null, axis: { labels: false, ticks: false } },
        y2: { datum: 0 },
      },
    },
    resolve: { scale: { x: 'independent', y: 'independent' } },
  } as TopLevelSpec;
}
