/**
 * Reading a learning-rate range test: three named rules that turn the smoothed loss curve of
 * `lrFinder` into one suggested learning rate. All three are fastai's (`fastai.callback.schedule`:
 * `valley`, `steep`, `minimum`), applied to the same window of the curve as fastai does.
 */
import { checkOneOf, rangeError, typeError } from '../core/errors';

/**
 * - `'valley'` (default; fastai ≥ 2.5): the longest stretch over which the loss keeps falling (the
 *   longest decreasing subsequence of the curve); the rate half-way between its first and second
 *   third — well inside the descent, away from its noisy start and the minimum's cliff edge.
 * - `'steepest'`: the rate where the smoothed loss falls fastest per unit of log(lr) (the most
 *   negative forward difference Δloss / Δlog lr) — Smith's "where the loss decreases fastest".
 * - `'minimum/10'`: the rate at the lowest smoothed loss, divided by 10 — the rule of thumb "one
 *   order of magnitude below the minimum", where training is still stable.
 */
export const LR_FINDER_RULES = ['valley', 'steepest', 'minimum/10'] as const;
export type LrFinderRule = (typeof LR_FINDER_RULES)[number];

/** What a rule suggests. */
export interface LrSuggestion {
  /** The suggested learning rate. */
  learningRate: number;
  /** The rule that chose it. */
  rule: LrFinderRule;
  /**
   * Index into the curve of the point the rule picked: the suggestion itself for `valley` and
   * `steepest`, the minimum for `minimum/10` (whose rate is 10× the suggestion).
   */
  index: number;
}

/** fastai drops the first tenth of the sweep (the loss has not started to move) … */
const SKIP_START_FRACTION = 10;
/** … and its last 5 steps (the explosion), when that leaves at least 2 points. */
const SKIP_END = 5;

/**
 * The part of the curve the rules look at: indices [⌊n/10⌋, n − 5), cut before the first
 * non-finite loss; the whole finite prefix when that window holds fewer than 2 points.
 */
function window(smoothed: readonly number[]): [number, number] {
  const n = smoothed.length;
  let finite = smoothed.findIndex((s) => !Number.isFinite(s));
  if (finite === -1) finite = n;
  const start = Math.floor(n / SKIP_START_FRACTION);
  const end = Math.min(n - SKIP_END, finite);
  return end - start >= 2 ? [start, end] : [0, finite];
}

/** fastai's `valley`: the longest decreasing subsequence; the point ⌊len/3⌋ + ⌊len/6⌋ into it. */
function valley(losses: readonly number[]): number {
  const n = losses.length;
  const lds = new Array<number>(n).fill(1); // length of the longest decreasing run ending at i
  let [maxStart, maxEnd] = [0, 0];
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if (losses[i] < losses[j] && lds[i] < lds[j] + 1) lds[i] = lds[j] + 1;
      if (lds[maxEnd] < lds[i]) {
        maxEnd = i;
        maxStart = maxEnd - lds[maxEnd];
      }
    }
  }
  const sections = (maxEnd - maxStart) / 3;
  return maxStart + Math.trunc(sections) + Math.trunc(sections / 2);
}

/** fastai's `steep`: the start of the most negative Δloss / Δlog lr. */
function steepest(lrs: readonly number[], losses: readonly number[]): number {
  let best = 0;
  let bestSlope = Infinity;
  for (let i = 0; i + 1 < losses.length; i++) {
    const slope = (losses[i + 1] - losses[i]) / (Math.log(lrs[i + 1]) - Math.log(lrs[i]));
    if (slope < bestSlope) [best, bestSlope] = [i, slope];
  }
  return best;
}

/** The index of the smallest loss (the first, on ties). */
function argmin(losses: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < losses.length; i++) if (losses[i] < losses[best]) best = i;
  return best;
}

/**
 * Applies `rule` to a range test's curve (`learningRates[i]` and `smoothedLosses[i]` of step i, as
 * `lrFinder` returns them) and returns the suggested rate. Pure: call it again on one result to
 * compare the rules.
 *
 * The rules see the window fastai uses: the first tenth of the sweep and its last 5 steps are
 * left out (the loss has not started to move / has exploded), and the curve is cut before the
 * first non-finite loss; if that leaves fewer than 2 points, the whole finite part is used.
 * Throws a RangeError when the curve has fewer than 2 finite points at its start (nothing to read:
 * the loss was NaN or exploded at once — lower minLr, check the data).
 *
 * @example
 * const result = await lrFinder(model, data, { optimizer, loss: 'softmaxCrossEntropy' });
 * suggestLearningRate(result.learningRates, result.smoothedLosses, 'steepest').learningRate;
 */
export function suggestLearningRate(
  learningRates: readonly number[],
  smoothedLosses: readonly number[],
  rule: LrFinderRule = 'valley',
): LrSuggestion {
  return suggest('suggestLearningRate', learningRates, smoothedLosses, rule);
}

/** `suggestLearningRate` with `fn` as the function named in messages (lrFinder calls it as itself). */
export function suggest(fn: string, learningRates: readonly number[], smoothedLosses: readonly number[], rule: LrFinderRule): LrSuggestion {
  checkOneOf(fn, 'rule', rule, LR_FINDER_RULES);
  if (!Array.isArray(learningRates)) throw typeError(fn, 'learningRates', 'an array of numbers', learningRates);
  if (!Array.isArray(smoothedLosses)) throw typeError(fn, 'smoothedLosses', 'an array of numbers', smoothedLosses);
  if (learningRates.length !== smoothedLosses.length) {
    throw new RangeError(`${fn}: learningRates (${learningRates.length} values) and smoothedLosses (${smoothedLosses.length} values) must have the same length`);
  }
  learningRates.forEach((lr, i) => {
    if (typeof lr !== 'number' || !Number.isFinite(lr) || lr <= 0) throw rangeError(fn, `learningRates[${i}]`, 'a finite number > 0', lr);
  });
  const [start, end] = window(smoothedLosses);
  if (end - start < 2) {
    throw rangeError(fn, 'smoothedLosses', 'a curve with at least 2 finite values at its start (the loss diverged at once: lower minLr or check the data)', smoothedLosses.slice(0, 3));
  }
  const lrs = learningRates.slice(start, end);
  const losses = smoothedLosses.slice(start, end);
  if (rule === 'valley') {
    const i = valley(losses);
    return { learningRate: lrs[i], rule, index: start + i };
  }
  if (rule === 'steepest') {
    const i = steepest(lrs, losses);
    return { learningRate: lrs[i], rule, index: start + i };
  }
  const i = argmin(losses);
  return { learningRate: lrs[i] / 10, rule, index: start + i };
}
