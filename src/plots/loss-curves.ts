/**
 * `lossCurves`: training and validation loss on one chart — the first plot to look at when a run
 * misbehaves (the gap between the curves shows overfitting; a flat train curve, a learning rate
 * that is too small or too large).
 */
import type { TopLevelSpec } from 'vega-lite';
import { checkFinite, checkOneOf, typeError } from '../core/errors';
import { checkBuilderOptions, type ChartOptions } from './common';
import { buildLineChart, type LineSeries } from './line-chart';

/** Anything with a per-epoch (or per-step) training loss, and optionally a validation loss. */
export interface LossHistory {
  trainLoss: readonly number[];
  valLoss?: readonly number[];
}

export interface LossCurvesOptions extends ChartOptions {
  /** What one entry of the history is: an epoch or an optimizer step (default 'epoch'). */
  x?: 'epoch' | 'step';
  /**
   * x of the first entry (default 1 for epochs — the loss after epoch 1 —, 0 for steps — the loss
   * of the update with step index 0, as schedules count).
   */
  start?: number;
}

/**
 * A line chart of `history.trainLoss` ("train") and, when present, `history.valLoss`
 * ("validation") against the epoch or step.
 *
 * Defaults: title "Loss", x title "epoch" (or "step"), y title "loss", `integerX` true (ticks on
 * whole epochs or steps). Every other option is `lineChart`'s, and so is the rule for dropped
 * points: non-finite losses (and, with `logY`, losses ≤ 0) are left out and counted in the spec's
 * `description`. An empty `valLoss` has no legend entry until its first point, and the colours do
 * not change when validation starts (both names are in the colour scale from the start).
 *
 * @example
 * await show(lossCurves({ trainLoss: [2.3, 1.1, 0.7], valLoss: [2.2, 1.3, 1.0] }, { logY: true }));
 */
export function lossCurves(history: LossHistory, options: LossCurvesOptions = {}): TopLevelSpec {
  const fn = 'lossCurves';
  checkBuilderOptions(fn, options, ['x', 'start']);
  if (typeof history !== 'object' || history === null) {
    throw typeError(fn, 'history', 'an object { trainLoss, valLoss? }', history);
  }
  if (!Array.isArray(history.trainLoss)) throw typeError(fn, 'history.trainLoss', 'an array of numbers', history.trainLoss);
  if (history.valLoss !== undefined && !Array.isArray(history.valLoss)) {
    throw typeError(fn, 'history.valLoss', 'an array of numbers', history.valLoss);
  }
  const unit = options.x === undefined ? 'epoch' : checkOneOf(fn, 'x', options.x, ['epoch', 'step'] as const);
  const start = options.start === undefined ? (unit === 'epoch' ? 1 : 0) : checkFinite(fn, 'start', options.start);

  const series: LineSeries[] = [{ name: 'train', values: history.trainLoss, start }];
  if (history.valLoss !== undefined) series.push({ name: 'validation', values: history.valLoss, start });
  const { x: _unit, start: _start, ...chart } = options;
  return buildLineChart(fn, {
    ...chart,
    title: options.title ?? 'Loss',
    xTitle: options.xTitle ?? unit,
    yTitle: options.yTitle ?? 'loss',
    integerX: options.integerX ?? true,
    series,
  });
}
