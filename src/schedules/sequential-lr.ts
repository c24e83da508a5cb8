import { formatValue, pairError } from '../core/errors';
import type { Schedule } from '../core/types';
import { checkMilestones, checkStep, countReached } from './validate';

/**
 * Schedules one after another: `schedules[0]` until the first milestone, then `schedules[1]`
 * restarted at its own step 0, and so on.
 *
 *   η_t = S_k(t − m_k),   k = |{ i : m_i ≤ t }|,   m_0 = 0
 *
 * Equal to torch's `SequentialLR` stepped once per optimizer update: at a milestone torch calls the
 * next scheduler's `step(0)`, which restarts it from its closed form at step 0. Each schedule keeps
 * its own initial learning rate (in torch they all share the optimizer's).
 *
 * @param schedules - S_0 … S_n, at least one Schedule.
 * @param milestones - m_1 < … < m_n, the steps where the next schedule takes over; strictly increasing
 *   integers ≥ 1, exactly one fewer than `schedules`. Count updates, not epochs.
 * @returns a pure Schedule. Throws a RangeError for a negative or non-integer step; a schedule
 *   that ends (oneCycleLr) throws past its end as usual, with its local step.
 * @see torch.optim.lr_scheduler.SequentialLR — https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.SequentialLR.html
 * @example
 * ```ts
 * // 10 steps of linear warmup, then 90 of cosine decay
 * const lr = sequentialLr(
 *   [linearLr({ initialLr: 0.1, startFactor: 0.1, totalIters: 10 }), cosineAnnealingLr({ initialLr: 0.1, tMax: 90 })],
 *   [10],
 * );
 * [lr(0), lr(10), lr(100)]; // [0.01, 0.1, 0] (up to rounding)
 * ```
 */
export function sequentialLr(schedules: readonly Schedule[], milestones: readonly number[]): Schedule {
  const fn = 'sequentialLr';
  if (!Array.isArray(schedules) || schedules.length === 0 || !schedules.every((s) => typeof s === 'function')) {
    const got = Array.isArray(schedules) ? `[${schedules.map((s) => (typeof s === 'function' ? 'a function' : formatValue(s))).join(', ')}]` : formatValue(schedules);
    throw new TypeError(`${fn}: schedules must be a non-empty array of schedules (functions), got ${got}`);
  }
  const list = [...schedules];
  const starts = checkMilestones(fn, milestones, 1);
  if (starts.length !== list.length - 1) {
    throw pairError(fn, 'milestones.length', starts.length, '=', 'schedules.length − 1', list.length - 1);
  }
  return (step: number) => {
    checkStep(fn, step);
    const k = countReached(starts, step);
    return list[k](k === 0 ? step : step - starts[k - 1]);
  };
}
