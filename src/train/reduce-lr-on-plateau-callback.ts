/**
 * `reduceLrOnPlateau`: the ReduceLROnPlateau rule (src/schedules/) as a callback — once per
 * epoch it reads the monitored value from the epoch's logs, steps the rule, and sets the
 * optimizer's learning rate when the rule lowers it. One implementation for `train()` and, through
 * `fitCallback`, for tfjs's `model.fit`.
 */
import { checkFinite } from '../core/errors';
import { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from '../schedules/reduce-lr-on-plateau';
import { checkOptions } from '../schedules/validate';
import type { Callback, Logs, TrainContext } from './callbacks';
import type { CheckpointableCallback } from './checkpoint';
import { getLearningRate, setLearningRate } from './learning-rate';
import { checkMonitor, readMonitor, requireContext } from './monitor';
import { checkDrivable } from './schedule-callback';

const FN = 'reduceLrOnPlateau';

const OPTIONS = ['monitor', 'initialLr', 'mode', 'factor', 'patience', 'threshold', 'thresholdMode', 'cooldown', 'minLr', 'eps'] as const;

/** ReduceLROnPlateau's options, with `initialLr` optional and the log key to watch. */
export interface ReduceLrOnPlateauCallbackOptions extends Omit<ReduceLROnPlateauOptions, 'initialLr'> {
  /** The epoch-log key to watch: `val_loss` (default), `loss`, `val_acc`, … (tfjs's keys: accuracy is `acc`). */
  monitor?: string;
  /**
   * η₀: set on the optimizer when training begins. Default: the optimizer's own rate at that
   * moment (as Keras and PyTorch do).
   */
  initialLr?: number;
}

/** A plateau callback; `plateau` is the rule of the current (or last) run, null before the first. */
export interface ReduceLrOnPlateauCallback extends Callback, CheckpointableCallback {
  readonly monitor: string;
  readonly plateau: ReduceLROnPlateau | null;
}

/** Runs `build`, naming this callback instead of the class in its validation messages. */
function asCallback<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('ReduceLROnPlateau: ')) {
      error.message = `${FN}: ${error.message.slice('ReduceLROnPlateau: '.length)}`;
    }
    throw error;
  }
}

/**
 * Lowers the learning rate when the monitored value stops improving: η ← max(η·f, η_min) after
 * more than `patience` epochs without improvement — PyTorch's ReduceLROnPlateau, step for step
 * (see `ReduceLROnPlateau` for the rule, modes, threshold, cooldown and eps).
 *
 * Per run: when training begins, a fresh rule starts at `initialLr` (default: the optimizer's rate
 * then), so a second `train`/`fit` call starts over, as Keras's callback does. After each epoch it
 * steps the rule with `logs[monitor]` and, when the rate changes, sets it on the optimizer (from the
 * next update on). Between reductions it leaves the optimizer's rate alone.
 *
 * Needs an optimizer whose rate can be set (trainlab's, `tf.train.sgd`, `tf.train.momentum`) and
 * that has no Schedule of its own — else a TypeError when training begins. A monitored key missing
 * from the logs is an Error listing the keys there are (usually: no validation data); a NaN or
 * infinite value is a RangeError naming the epoch. Bad options throw at once, before training, in
 * ReduceLROnPlateau's words with this function's name: `reduceLrOnPlateau: factor must be in [0, 1), got 2`.
 * Creates no tensor.
 *
 * @param options `monitor = 'val_loss'`, `initialLr` (default: the optimizer's rate), and
 *   ReduceLROnPlateau's: `mode = 'min'`, `factor = 0.1`, `patience = 10`, `threshold = 1e-4`,
 *   `thresholdMode = 'rel'`, `cooldown = 0`, `minLr = 0`, `eps = 1e-8`.
 * @example
 * const plateau = reduceLrOnPlateau({ factor: 0.5, patience: 2 });
 * await train(model, data, { optimizer: sgd({ learningRate: 0.1 }), loss: 'softmaxCrossEntropy', epochs: 30,
 *   validationData, callbacks: [plateau] });
 * plateau.plateau?.lr; // the rate it ended at
 * await model.fit(x, y, { epochs: 30, validationSplit: 0.2, callbacks: [fitCallback(plateau)] });
 */
export function reduceLrOnPlateau(options: ReduceLrOnPlateauCallbackOptions = {}): ReduceLrOnPlateauCallback {
  checkOptions(FN, options, OPTIONS);
  const { monitor: monitorOption = 'val_loss', initialLr, ...rule } = options;
  const monitor = checkMonitor(FN, monitorOption);
  if (initialLr !== undefined) checkFinite(FN, 'initialLr', initialLr);
  // Check every rule option now, with a stand-in η₀ when it comes from the optimizer later.
  const minLr = rule.minLr;
  const probeLr = initialLr ?? (typeof minLr === 'number' && Number.isFinite(minLr) && minLr > 0 ? minLr : 0);
  asCallback(() => new ReduceLROnPlateau({ ...rule, initialLr: probeLr }));

  let plateau: ReduceLROnPlateau | null = null;
  return {
    monitor,
    get plateau() {
      return plateau;
    },
    checkpointKind: FN,
    checkpointState() {
      return plateau === null ? null : plateau.state();
    },
    restoreCheckpointState(state: unknown, context: TrainContext) {
      if (state === null) return;
      if (plateau === null) throw new Error(`${FN}: restoreCheckpointState ran before onTrainBegin`);
      plateau.loadState(state as ReturnType<ReduceLROnPlateau['state']>); // checks every field first
      setLearningRate(context.optimizer, plateau.lr, FN);
    },
    onTrainBegin(_logs: Logs, context?: TrainContext) {
      const { optimizer } = requireContext(FN, context);
      checkDrivable(FN, optimizer);
      const lr = initialLr ?? getLearningRate(optimizer);
      plateau = asCallback(() => new ReduceLROnPlateau({ ...rule, initialLr: lr }));
      if (initialLr !== undefined) setLearningRate(optimizer, initialLr, FN);
    },
    onEpochEnd(epoch: number, logs: Logs, context?: TrainContext) {
      const { optimizer } = requireContext(FN, context);
      if (plateau === null) throw new Error(`${FN}: onEpochEnd ran before onTrainBegin`);
      const value = readMonitor(FN, monitor, logs, epoch);
      const before = plateau.lr;
      const lr = plateau.step(value);
      if (lr !== before) setLearningRate(optimizer, lr, FN);
    },
  };
}
