/**
 * `scheduleCallback`: a per-step learning-rate schedule as a callback — for tfjs's `model.fit`,
 * which has no schedules, and for runs that combine a schedule with other callbacks.
 *
 * With `train()` the `learningRate: schedule` option does the same job and checks every value
 * before the first step; prefer it there. Give a schedule in one place only: this callback runs
 * after `train` has set the option's rate, so it would win.
 */
import type * as tf from '@tensorflow/tfjs';
import { rangeError, typeError } from '../core/errors';
import type { Schedule } from '../core/types';
import type { Callback, Logs, TrainContext } from './callbacks';
import { canSetLearningRate, hasOwnSchedule, optimizerName, setLearningRate } from './learning-rate';
import { lrNotSettableMessage } from './messages';
import { requireContext } from './monitor';

const FN = 'scheduleCallback';

/** A schedule callback; `schedule` is the function it was built with. */
export interface ScheduleCallback extends Callback {
  readonly schedule: Schedule;
}

/** `scheduleCallback: the optimizer already has a Schedule as its learning rate; …` */
export function optimizerHasScheduleMessage(fn: string): string {
  return `${fn}: the optimizer already has a Schedule as its learning rate; pass the schedule in one place only (the optimizer's learningRate or this callback)`;
}

/**
 * Throws a TypeError unless a callback named `fn` can drive the rate of `optimizer`: it must have a
 * setter (see `setLearningRate`) and no Schedule of its own (which would be silently replaced).
 */
export function checkDrivable(fn: string, optimizer: tf.Optimizer): void {
  if (!canSetLearningRate(optimizer)) throw new TypeError(lrNotSettableMessage(fn, optimizerName(optimizer)));
  if (hasOwnSchedule(optimizer)) throw new TypeError(optimizerHasScheduleMessage(fn));
}

/**
 * Sets the optimizer's learning rate before every update: η_t = schedule(t), where t is the
 * number of updates the optimizer has applied before this one (`optimizer.iterations`: 0 for its
 * first update ever, so a second run continues the schedule — the contract's step).
 *
 * Works with every optimizer whose rate can be set: trainlab's (`sgd`, `adam`, `adamw`, `rmsprop`)
 * and tfjs's `tf.train.sgd` / `tf.train.momentum`. Any other optimizer, or one that already runs a
 * Schedule of its own, is refused when training begins (a TypeError), before any update.
 * A schedule value that is not a finite number ≥ 0 throws a RangeError naming the step, e.g.
 * `scheduleCallback: schedule(12) must be a finite number ≥ 0, got NaN`. The optimizer keeps the
 * last rate after training. Creates no tensor (tfjs's SGD replaces its one cached scalar).
 *
 * @param schedule a Schedule, `step => learningRate` (see src/schedules/).
 * @example
 * const schedule = cosineAnnealingLr({ initialLr: 0.1, tMax: 10 * stepsPerEpoch });
 * model.compile({ optimizer: sgd({ learningRate: 0.1, momentum: 0.9 }), loss: 'categoricalCrossentropy' });
 * await model.fit(x, y, { epochs: 10, callbacks: [fitCallback(scheduleCallback(schedule))] });
 */
export function scheduleCallback(schedule: Schedule): ScheduleCallback {
  if (typeof schedule !== 'function') throw typeError(FN, 'schedule', 'a Schedule (step => number)', schedule);
  return {
    schedule,
    onTrainBegin(_logs: Logs, context?: TrainContext) {
      checkDrivable(FN, requireContext(FN, context).optimizer);
    },
    onBatchBegin(_batch: number, _logs: Logs, context?: TrainContext) {
      const { optimizer } = requireContext(FN, context);
      const step = optimizer.iterations;
      const lr: unknown = schedule(step);
      if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0) throw rangeError(FN, `schedule(${step})`, 'a finite number ≥ 0', lr);
      setLearningRate(optimizer, lr, FN);
    },
  };
}
