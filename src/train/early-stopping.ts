/**
 * `earlyStopping`: stop training when a monitored value (by default the validation loss) has
 * stopped improving, and optionally put back the weights of the best epoch — the simplest
 * regularizer. One implementation for `train()` and, through `fitCallback`, for tfjs's `model.fit`
 * (whose own `tf.callbacks.earlyStopping` has no working `restoreBestWeights`).
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, checkNonNegative, checkOneOf } from '../core/errors';
import { checkOptions } from '../schedules/validate';
import type { Callback, Logs, TrainContext } from './callbacks';
import { loadTensors, saveTensors, type CheckpointableCallback, type SavedTensor } from './checkpoint';
import { checkFlag, checkMonitor, optionalFinite, readMonitor, requireContext } from './monitor';

const FN = 'earlyStopping';

const OPTIONS = ['monitor', 'mode', 'patience', 'minDelta', 'baseline', 'restoreBestWeights'] as const;
const MODES = ['auto', 'min', 'max'] as const;

export interface EarlyStoppingOptions {
  /** The epoch-log key to watch: `val_loss` (default), `loss`, `val_acc`, … (tfjs's keys: accuracy is `acc`). */
  monitor?: string;
  /**
   * `'min'`: lower is better (a loss); `'max'`: higher is better (an accuracy); `'auto'` (default):
   * `'max'` when the key ends in `acc`, `accuracy` or `auc` (after any `val_`), else `'min'`.
   */
  mode?: 'auto' | 'min' | 'max';
  /** P, epochs without improvement to wait before stopping; integer ≥ 0. Default 0. */
  patience?: number;
  /** δ, how much better a value must be than the best to count as an improvement; ≥ 0. Default 0. */
  minDelta?: number;
  /** b, a value the run must beat (by δ) within P epochs, else it stops; finite. Default: none. */
  baseline?: number;
  /** Put back the best epoch's weights when training ends (however it ends). Default false. */
  restoreBestWeights?: boolean;
}

/** An early-stopping callback, with what it saw in its current (or last) run. */
export interface EarlyStoppingCallback extends Callback, CheckpointableCallback {
  readonly monitor: string;
  /** The mode in use (`'auto'` resolved). */
  readonly mode: 'min' | 'max';
  /** The best value seen, and the epoch (0-based) it was seen at; null before the first epoch. */
  readonly best: number | null;
  readonly bestEpoch: number | null;
  /** Epochs since the last one that counted as progress (see `earlyStopping`). */
  readonly wait: number;
  /** The epoch after which it stopped the run; null when it did not stop it. */
  readonly stoppedEpoch: number | null;
  /** Whether some epoch beat the baseline (true when there is no baseline and an epoch ran). */
  readonly beatBaseline: boolean;
  /** The epoch whose weights were put back when training ended; null when none were. */
  readonly restoredEpoch: number | null;
  /**
   * Frees the copy of the best weights it holds while `restoreBestWeights` training runs. Only
   * needed when a run failed (threw) before its end, which is when the copy is normally freed;
   * the next run frees it too. Idempotent.
   */
  dispose(): void;
}

/** `'auto'` → `'max'` for accuracies and AUCs, `'min'` for everything else (losses, errors). */
export function resolveMode(mode: 'auto' | 'min' | 'max', monitor: string): 'min' | 'max' {
  if (mode !== 'auto') return mode;
  return /(acc|accuracy|auc)$/i.test(monitor.replace(/^val_/, '')) ? 'max' : 'min';
}

/**
 * Stops training once the monitored value has not improved for `patience` epochs (Keras's
 * EarlyStopping semantics), and with `restoreBestWeights` really restores the best epoch's weights.
 *
 * After each epoch, with x = logs[monitor], δ = minDelta and "better" meaning lower in `'min'` mode
 * and higher in `'max'` mode:
 *
 *   1. improved  = x is better than best by more than δ   (the first epoch always improves)
 *   2. if improved: best ← x, bestEpoch ← epoch, and (restoreBestWeights) copy the weights
 *   3. progress  = improved and (no baseline, or x is better than the baseline by more than δ)
 *   4. wait ← 0 if progress, else wait + 1
 *   5. stop (after this epoch) when not progress and wait ≥ P
 *
 * So P = 0 and P = 1 both stop at the first epoch without progress, as in Keras; P = 3 lets three
 * such epochs pass in a row and stops after the third.
 *
 * The baseline: an epoch that improves on the best but does not beat the baseline is recorded as
 * the best so far (2) but is not progress (3), so a run that never beats the baseline stops after P
 * epochs (P = 0: after the first). With `restoreBestWeights` it still gets the best epoch's weights
 * back — the weights are the best the run produced even if they missed the target; `beatBaseline`
 * says whether they made it.
 *
 * restoreBestWeights: the weights (all of them, non-trainable ones such as batch-norm statistics
 * too) are copied at the end of every epoch that improves, and put back when training ends —
 * whether this callback stopped it, another callback did, or the last epoch simply ran (the Keras 3
 * behaviour; Keras 2 and tfjs restore only after an early stop). The weights put back are
 * bit-for-bit those the best epoch ended with. While training runs it holds one copy of the weights
 * (freed when training ends; see `dispose` for a run that throws).
 *
 * Per run: every `train`/`fit` call starts afresh (best, wait, stoppedEpoch reset). A monitored key
 * missing from the logs is an Error listing the keys there are (usually: no validation data);
 * a NaN or infinite value is a RangeError naming the epoch. Bad options throw at once, e.g.
 * `earlyStopping: patience must be an integer ≥ 0, got -1`.
 *
 * @param options `monitor = 'val_loss'`, `mode = 'auto'`, `patience = 0`, `minDelta = 0`,
 *   `baseline` (none), `restoreBestWeights = false`.
 * @example
 * const stopper = earlyStopping({ patience: 5, restoreBestWeights: true });
 * const history = await train(model, data, { optimizer, loss: 'softmaxCrossEntropy', epochs: 200,
 *   validationData: { x: xVal, y: yVal }, callbacks: [stopper] });
 * stopper.bestEpoch; // the epoch whose weights the model now holds
 * await model.fit(x, y, { epochs: 200, validationSplit: 0.2, callbacks: [fitCallback(stopper)] });
 */
export function earlyStopping(options: EarlyStoppingOptions = {}): EarlyStoppingCallback {
  checkOptions(FN, options, OPTIONS);
  const monitor = checkMonitor(FN, options.monitor ?? 'val_loss');
  const mode = resolveMode(checkOneOf(FN, 'mode', options.mode ?? 'auto', MODES), monitor);
  const patience = checkInteger(FN, 'patience', options.patience ?? 0, 0);
  const minDelta = checkNonNegative(FN, 'minDelta', options.minDelta ?? 0);
  const baseline = optionalFinite(FN, 'baseline', options.baseline);
  const restoreBestWeights = checkFlag(FN, 'restoreBestWeights', options.restoreBestWeights ?? false);

  /** Whether x is better than ref by more than δ. */
  const beats = (x: number, ref: number) => (mode === 'min' ? x < ref - minDelta : x > ref + minDelta);

  let best: number | null = null;
  let bestEpoch: number | null = null;
  let wait = 0;
  let stoppedEpoch: number | null = null;
  let beatBaseline = false;
  let restoredEpoch: number | null = null;
  let bestWeights: tf.Tensor[] | null = null; // copies owned by this callback

  const freeBestWeights = () => {
    if (bestWeights !== null) tf.dispose(bestWeights);
    bestWeights = null;
  };

  return {
    monitor,
    mode,
    get best() { return best; },
    get bestEpoch() { return bestEpoch; },
    get wait() { return wait; },
    get stoppedEpoch() { return stoppedEpoch; },
    get beatBaseline() { return beatBaseline; },
    get restoredEpoch() { return restoredEpoch; },
    dispose: freeBestWeights,

    checkpointKind: FN,
    checkpointState() {
      const weights = bestWeights === null ? null : saveTensors(bestWeights.map((tensor, i) => ({ name: String(i), tensor })));
      return { best, bestEpoch, wait, stoppedEpoch, beatBaseline, bestWeights: weights };
    },
    restoreCheckpointState(state: unknown) {
      const s = state as { best: number | null; bestEpoch: number | null; wait: number; stoppedEpoch: number | null; beatBaseline: boolean; bestWeights: SavedTensor[] | null };
      const ok = typeof s === 'object' && s !== null && (s.best === null || typeof s.best === 'number') && (s.bestEpoch === null || Number.isInteger(s.bestEpoch))
        && Number.isInteger(s.wait) && (s.stoppedEpoch === null || Number.isInteger(s.stoppedEpoch)) && typeof s.beatBaseline === 'boolean'
        && (s.bestWeights === null || (Array.isArray(s.bestWeights) && restoreBestWeights));
      if (!ok) throw new TypeError(`${FN}: a checkpoint's early-stopping state must be { best, bestEpoch, wait, stoppedEpoch, beatBaseline, bestWeights }, got ${JSON.stringify(state)?.slice(0, 200)}`);
      freeBestWeights();
      [best, bestEpoch, wait, stoppedEpoch, beatBaseline] = [s.best, s.bestEpoch, s.wait, s.stoppedEpoch, s.beatBaseline];
      bestWeights = s.bestWeights === null ? null : loadTensors(s.bestWeights).map((w) => w.tensor);
    },

    onTrainBegin(_logs: Logs, context?: TrainContext) {
      requireContext(FN, context);
      freeBestWeights();
      [best, bestEpoch, wait, stoppedEpoch, beatBaseline, restoredEpoch] = [null, null, 0, null, false, null];
    },

    onEpochEnd(epoch: number, logs: Logs, context?: TrainContext) {
      const ctx = requireContext(FN, context);
      const x = readMonitor(FN, monitor, logs, epoch);
      const improved = best === null || beats(x, best); //                                     (1)
      if (improved) { //                                                                       (2)
        best = x;
        bestEpoch = epoch;
        if (restoreBestWeights) {
          // getWeights() returns the variables themselves: keep copies (they share the data, which
          // later updates replace rather than overwrite, so the copies keep this epoch's values).
          const copies = ctx.model.getWeights().map((w) => w.clone());
          freeBestWeights();
          bestWeights = copies;
        }
      }
      const beatsBaseline = baseline === undefined || beats(x, baseline);
      if (beatsBaseline) beatBaseline = true;
      const progress = improved && beatsBaseline; //                                           (3)
      wait = progress ? 0 : wait + 1; //                                                       (4)
      if (!progress && wait >= patience) { //                                                  (5)
        stoppedEpoch = epoch;
        const target = beatsBaseline ? 'improved' : `beaten the baseline ${baseline}`;
        ctx.stop(`${FN}: ${monitor} has not ${target} for ${wait} epoch${wait === 1 ? '' : 's'} (best ${best} at epoch ${bestEpoch})`);
      }
    },

    onTrainEnd(_logs: Logs, context?: TrainContext) {
      const ctx = requireContext(FN, context);
      if (bestWeights === null) return;
      ctx.model.setWeights(bestWeights); // the variables now share the copies' data
      restoredEpoch = bestEpoch;
      freeBestWeights();
    },
  };
}
