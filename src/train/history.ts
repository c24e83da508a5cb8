/**
 * What `train()` returns: every number a loss curve, a learning-rate plot or a diagnosis needs,
 * as plain JS arrays (no tensors, nothing to dispose).
 *
 * Two time scales:
 *   - per step (one entry per optimizer update, index = step counted from 0 in this run):
 *     `stepLoss`, `learningRate`, `gradNorm`;
 *   - per epoch (one entry per epoch run, the last one partial when training stopped inside it):
 *     `trainLoss`, `valLoss`, `trainMetrics`, `valMetrics`.
 *
 * It satisfies `LossHistory`, so `lossCurves(history)` draws the per-epoch curves and
 * `lossCurves({ trainLoss: history.stepLoss }, { x: 'step' })` the per-step one.
 */

export interface History {
  /** Loss of every update's batch, computed before that update: `stepLoss[i]` is step i's. */
  stepLoss: number[];
  /** The learning rate every update used (NaN for an optimizer that does not expose its rate). */
  learningRate: number[];
  /**
   * The global 2-norm of every update's gradients, all trainable weights together, before any
   * clipping (`train({ clipGradNorm })` or a clipping optimizer) — what a clipping threshold is
   * chosen from (`suggestClipThreshold`). Recorded by `train()` with `recordGradNorm: true` or
   * `clipGradNorm`; empty otherwise (and for `fitCallback` histories). One entry per applied update:
   * with `accumulationSteps` k, one per k micro-batches (the norm of the accumulated gradient), so
   * it is shorter than `stepLoss`.
   */
  gradNorm: number[];
  /**
   * Mean training loss of each epoch: the mean of its batches' losses weighted by their rows (so an
   * epoch with a short last batch counts every row once). The weights moved during the epoch: this
   * is the running loss, not the loss at the epoch's end.
   */
  trainLoss: number[];
  /** Validation loss after each epoch (weights at the epoch's end); absent without validation data. */
  valLoss?: number[];
  /** Each metric on the training batches, per epoch, row-weighted like `trainLoss` (keyed by metric name). */
  trainMetrics: Record<string, number[]>;
  /** Each metric on the validation data after each epoch; empty without validation data. */
  valMetrics: Record<string, number[]>;
  /** Epochs run, counting a partial last epoch. */
  epochs: number;
  /** Optimizer updates applied. */
  steps: number;
  /** Batches per full epoch. */
  stepsPerEpoch: number;
  /** True when a callback, `model.stopTraining`, or a non-finite loss (with `nonFiniteLoss: 'stop'`) ended the run before its last epoch's last batch. */
  stoppedEarly: boolean;
  /** Why it stopped early (the reason given to `context.stop`, or the non-finite-loss message); null otherwise. */
  stopReason: string | null;
}

/** An empty history for a run with these metric names and (maybe) validation. */
export function emptyHistory(metricNames: readonly string[], validation: boolean, stepsPerEpoch: number): History {
  const perMetric = (): Record<string, number[]> => Object.fromEntries(metricNames.map((name) => [name, []]));
  return {
    stepLoss: [],
    learningRate: [],
    gradNorm: [],
    trainLoss: [],
    ...(validation ? { valLoss: [] } : {}),
    trainMetrics: perMetric(),
    valMetrics: validation ? perMetric() : {},
    epochs: 0,
    steps: 0,
    stepsPerEpoch,
    stoppedEarly: false,
    stopReason: null,
  };
}
