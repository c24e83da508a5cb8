/**
 * `schedulePlot`: learning rate against optimizer step for one or more schedules — to see a
 * schedule before training with it (is the warmup long enough? does the cosine reach etaMin?).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Schedule } from '../core/types';
import { checkInteger, rangeError, typeError } from '../core/errors';
import { checkBuilderOptions, type ChartOptions } from './common';
import { buildLineChart, type LineSeries } from './line-chart';

/** One schedule, a map name → schedule, or named schedules in legend order. */
export type SchedulesToPlot = Schedule | Record<string, Schedule> | readonly { name: string; schedule: Schedule }[];

export interface SchedulePlotOptions extends ChartOptions {
  /**
   * How many optimizer updates to plot: steps 0 … steps − 1 (an integer ≥ 1). Steps, not epochs:
   * with 100 batches per epoch, 10 epochs are 1000 steps.
   */
  steps: number;
  /**
   * At most this many points per schedule (an integer ≥ 2, default 1000). Longer runs are sampled at
   * a regular stride that always includes step 0 and the last step; a jump (step decay) then shows
   * as a slope one stride wide.
   */
  maxPoints?: number;
}

/**
 * A line chart of `schedule(step)` for step = 0 … steps − 1, one line per schedule.
 *
 * Defaults: title "Learning rate schedule", x title "step", y title "learning rate", `integerX`
 * true. A schedule that returns a non-number or a non-finite number is a bug, so it throws (naming
 * the schedule and the step) rather than leaving a gap; with `logY`, steps where the rate is 0 are
 * dropped (and counted in the spec's `description`).
 *
 * @example
 * await show(schedulePlot({ cosine: cosineAnnealingLr({ initialLr: 0.1, tMax: 1000 }) }, { steps: 1000 }));
 */
export function schedulePlot(schedules: SchedulesToPlot, options: SchedulePlotOptions): TopLevelSpec {
  const fn = 'schedulePlot';
  checkBuilderOptions(fn, options, ['steps', 'maxPoints']);
  const steps = checkInteger(fn, 'steps', options.steps, 1);
  const maxPoints = options.maxPoints === undefined ? 1000 : checkInteger(fn, 'maxPoints', options.maxPoints, 2);
  const named = namedSchedules(fn, schedules);
  if (named.length === 0) throw rangeError(fn, 'schedules', 'at least one schedule', []);

  const sampled = sampleSteps(steps, maxPoints);
  const series: LineSeries[] = named.map(({ name, schedule }) => ({
    name,
    points: sampled.map((step) => {
      const lr: unknown = schedule(step);
      if (typeof lr !== 'number' || !Number.isFinite(lr)) {
        throw rangeError(fn, `schedule ${JSON.stringify(name)} at step ${step}`, 'a finite number', lr);
      }
      return { x: step, y: lr };
    }),
  }));
  const { steps: _steps, maxPoints: _maxPoints, ...chart } = options;
  return buildLineChart(fn, {
    ...chart,
    title: options.title ?? 'Learning rate schedule',
    xTitle: options.xTitle ?? 'step',
    yTitle: options.yTitle ?? 'learning rate',
    integerX: options.integerX ?? true,
    series,
  });
}

function namedSchedules(fn: string, schedules: unknown): { name: string; schedule: Schedule }[] {
  if (typeof schedules === 'function') return [{ name: 'learning rate', schedule: schedules as Schedule }];
  const list = Array.isArray(schedules)
    ? (schedules as { name: string; schedule: Schedule }[])
    : typeof schedules === 'object' && schedules !== null
      ? Object.entries(schedules).map(([name, schedule]) => ({ name, schedule: schedule as Schedule }))
      : undefined;
  if (list === undefined) throw typeError(fn, 'schedules', 'a schedule, a { name: schedule } map or an array of { name, schedule }', schedules);
  list.forEach((s, i) => {
    if (typeof s?.schedule !== 'function') throw typeError(fn, `schedules[${i}].schedule`, 'a function (step) => number', s?.schedule);
  });
  return list;
}

/** 0 … steps − 1 if that is at most `maxPoints` values, else every `stride`-th step plus the last. */
export function sampleSteps(steps: number, maxPoints: number): number[] {
  // (steps − 1) / stride ≤ maxPoints − 1 intervals, so at most maxPoints points with the last one.
  const stride = Math.max(1, Math.ceil((steps - 1) / (maxPoints - 1)));
  const sampled: number[] = [];
  for (let step = 0; step < steps; step += stride) sampled.push(step);
  if (sampled[sampled.length - 1] !== steps - 1) sampled.push(steps - 1);
  return sampled;
}
