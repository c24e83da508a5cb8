/**
 * Choosing a gradient-clipping threshold from the run itself, as the Deep Learning Tuning Playbook
 * suggests: record the gradient norm of every step (`train({ recordGradNorm: true })`), then clip
 * at a high percentile of it — only the rare outlier steps (the spikes that derail training) are
 * clipped; the ordinary ones pass unchanged.
 */
import { checkInRange, typeError } from '../core/errors';
import { checkOptions } from '../optim/validate';

export interface ClipThresholdSuggestion {
  /** The suggested `maxNorm`: the percentile of the finite norms. */
  threshold: number;
  /** The percentile used (0–100). */
  percentile: number;
  /** Fraction of all steps whose norm is above the threshold (or not finite): those it would clip. */
  clippedFraction: number;
  /** Steps considered, and how many of them had a NaN or infinite norm (counted as clipped). */
  steps: number;
  nonFinite: number;
  /** The median norm, for scale. */
  median: number;
}

/** The q-th percentile (0–100) of sorted values, interpolating linearly (numpy's default). */
export function percentileOf(sorted: readonly number[], q: number): number {
  const fn = 'percentileOf';
  if (!Array.isArray(sorted) || !sorted.every((x, i) => typeof x === 'number' && (i === 0 || x >= sorted[i - 1]))) {
    throw typeError(fn, 'sorted', 'an array of numbers in ascending order', sorted);
  }
  checkInRange(fn, 'q', q, 0, 100, true);
  if (sorted.length === 0) return NaN;
  const pos = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Suggests a clipping threshold: the `percentile`-th percentile of the recorded gradient norms,
 * with the fraction of steps it would have clipped.
 *
 * @param norms per-step global gradient norms (`history.gradNorm`), or a History holding them.
 * @param options `{ percentile = 90 }` in [0, 100].
 * @returns plain numbers; non-finite norms are left out of the percentile and counted as clipped.
 * @throws RangeError when there is no finite norm (was the run recorded with `recordGradNorm: true`?).
 * @see Godbole et al., "Deep Learning Tuning Playbook" (Google, 2023), "gradient clipping": pick the
 *   threshold from the distribution of unclipped norms, e.g. the 90th percentile.
 * @example
 * const h = await train(model, data, { optimizer, loss, recordGradNorm: true });
 * const { threshold, clippedFraction } = suggestClipThreshold(h);
 */
export function suggestClipThreshold(norms: readonly number[] | { gradNorm: readonly number[] }, options: { percentile?: number } = {}): ClipThresholdSuggestion {
  const fn = 'suggestClipThreshold';
  const values = Array.isArray(norms) ? norms : (norms as { gradNorm?: unknown } | null)?.gradNorm;
  if (!Array.isArray(values)) throw typeError(fn, 'norms', 'an array of per-step gradient norms or a History with gradNorm', norms);
  const { percentile = 90 } = checkOptions(fn, options, ['percentile']);
  const q = checkInRange(fn, 'percentile', percentile, 0, 100, true);
  const finite = (values as number[]).filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (finite.length === 0) {
    throw new RangeError(`${fn}: norms must hold at least one finite gradient norm, got ${values.length === 0 ? 'none' : 'only NaN or ±Infinity'} (record them with train({ recordGradNorm: true }))`);
  }
  const threshold = percentileOf(finite, q);
  const nonFinite = values.length - finite.length;
  const above = finite.filter((v) => v > threshold).length;
  return { threshold, percentile: q, clippedFraction: (above + nonFinite) / values.length, steps: values.length, nonFinite, median: percentileOf(finite, 50) };
}
