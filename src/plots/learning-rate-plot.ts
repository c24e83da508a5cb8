/**
 * `learningRatePlot`: the learning rate every update of a run actually used — to check that a
 * schedule, a warmup or a plateau callback did what was meant (`schedulePlot` shows a schedule
 * before training; this shows the run).
 */
import type { TopLevelSpec } from 'vega-lite';
import { checkInteger, typeError } from '../core/errors';
import { checkBuilderOptions, type ChartOptions } from './common';
import { buildLineChart, type LineSeries } from './line-chart';
import { sampleSteps } from './schedule-plot';

/** Anything with the per-step learning rate, as `train()`'s History (index = step in the run). */
export interface LearningRateHistory {
  learningRate: readonly number[];
}

/** One run, or several runs by name (compared on one chart, in the map's order). */
export type LearningRateRuns = LearningRateHistory | Record<string, LearningRateHistory>;

export interface LearningRatePlotOptions extends ChartOptions {
  /**
   * At most this many points per run (an integer ≥ 2, default 1000). Longer runs are sampled at a
   * regular stride that keeps the first and last step; a jump (step decay, a plateau's cut) then
   * shows as a slope one stride wide.
   */
  maxPoints?: number;
}

/**
 * A line chart of `history.learningRate[step]` against the step (0 = the run's first update), one
 * line per run.
 *
 * Defaults: title "Learning rate during training", x title "step", y title "learning rate",
 * `integerX` true; every other option is `lineChart`'s. Steps whose rate is unknown (NaN: the
 * optimizer did not expose it) are dropped and counted in the spec's `description`, as are rates
 * ≤ 0 with `logY`. The spec is a fresh object owned by the caller.
 *
 * @example
 * const history = await train(model, data, { optimizer, loss: 'softmaxCrossEntropy', epochs: 20,
 *   validationData, callbacks: [reduceLrOnPlateau({ patience: 2 })] });
 * await show(learningRatePlot(history, { logY: true }));
 * await show(learningRatePlot({ cosine: historyA, 'one-cycle': historyB }));
 */
export function learningRatePlot(history: LearningRateRuns, options: LearningRatePlotOptions = {}): TopLevelSpec {
  const fn = 'learningRatePlot';
  checkBuilderOptions(fn, options, ['maxPoints']);
  const maxPoints = options.maxPoints === undefined ? 1000 : checkInteger(fn, 'maxPoints', options.maxPoints, 2);
  const runs = namedRuns(fn, history);
  const series: LineSeries[] = runs.map(({ name, rates }) => ({
    name,
    points: rates.length === 0 ? [] : sampleSteps(rates.length, maxPoints).map((step) => ({ x: step, y: rates[step] })),
  }));
  const { maxPoints: _maxPoints, ...chart } = options;
  return buildLineChart(fn, {
    ...chart,
    title: options.title ?? 'Learning rate during training',
    xTitle: options.xTitle ?? 'step',
    yTitle: options.yTitle ?? 'learning rate',
    integerX: options.integerX ?? true,
    series,
  });
}

const WHAT = 'a History ({ learningRate: number[] }) or a { name: history } map';

function ratesOf(fn: string, param: string, run: unknown): readonly number[] {
  const rates = (run as Partial<LearningRateHistory> | null)?.learningRate;
  if (!Array.isArray(rates)) throw typeError(fn, `${param}.learningRate`, 'an array of numbers', rates);
  rates.forEach((r: unknown, i) => {
    if (typeof r !== 'number') throw typeError(fn, `${param}.learningRate[${i}]`, 'a number', r);
  });
  return rates;
}

function namedRuns(fn: string, history: unknown): { name: string; rates: readonly number[] }[] {
  if (typeof history !== 'object' || history === null || Array.isArray(history)) throw typeError(fn, 'history', WHAT, history);
  if ('learningRate' in history) return [{ name: 'learning rate', rates: ratesOf(fn, 'history', history) }];
  const entries = Object.entries(history);
  if (entries.length === 0) throw new RangeError(`${fn}: history must be ${WHAT} with at least one run, got an empty object`);
  return entries.map(([name, run]) => ({ name, rates: ratesOf(fn, `history[${JSON.stringify(name)}]`, run) }));
}
