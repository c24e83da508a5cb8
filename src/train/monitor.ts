/**
 * What the validation-driven callbacks (`earlyStopping`, `reduceLrOnPlateau`) and the schedule
 * callback share: reading the monitored value out of an epoch's logs, and refusing to run without
 * the TrainContext (a trainlab callback handed to `model.fit` unwrapped).
 *
 * Messages are built here, once, so tests and lessons quote the same text.
 */
import { checkFinite, formatValue, typeError } from '../core/errors';
import type { Logs, TrainContext } from './callbacks';

/**
 * `earlyStopping: monitor "val_loss" is not in the epoch logs (available: loss, acc, lr); …`
 * The hint names the usual cause: no validation data.
 */
export function missingMonitorMessage(fn: string, monitor: string, logs: Logs): string {
  const keys = Object.keys(logs);
  const available = keys.length === 0 ? 'none' : keys.join(', ');
  const hint = monitor.startsWith('val_')
    ? '; validation values need validation data (train: validationData; model.fit: validationData or validationSplit)'
    : '';
  return `${fn}: monitor ${formatValue(monitor)} is not in the epoch logs (available: ${available})${hint}`;
}

/**
 * `earlyStopping: val_loss must be finite, got NaN (epoch 3); …` — a diverged run is reported,
 * not absorbed as "no improvement".
 */
export function nonFiniteMonitorMessage(fn: string, monitor: string, value: number, epoch: number): string {
  return `${fn}: ${monitor} must be finite, got ${value} (epoch ${epoch}); the run diverged — lower the learning rate or check the data`;
}

/** The monitored value of an epoch: a finite number, or an Error naming the keys there are. */
export function readMonitor(fn: string, monitor: string, logs: Logs, epoch: number): number {
  const value = logs[monitor];
  if (value === undefined) throw new Error(missingMonitorMessage(fn, monitor, logs));
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new RangeError(nonFiniteMonitorMessage(fn, monitor, value, epoch));
  return value;
}

/** `earlyStopping: no training context; …` — the callback was handed to `model.fit` as it is. */
export function noContextMessage(fn: string): string {
  return (
    `${fn}: no training context — this is a trainlab callback: pass it to train({ callbacks: [...] }), ` +
    `or wrap it for model.fit: callbacks: [fitCallback(${fn}(...))]`
  );
}

/** The context, or a TypeError saying how to pass the callback to `model.fit`. */
export function requireContext(fn: string, context: TrainContext | undefined): TrainContext {
  if (context === undefined || context === null || typeof context !== 'object') throw new TypeError(noContextMessage(fn));
  return context;
}

/** Throws unless `monitor` is a non-empty string (a log key such as `val_loss`, `val_acc`, `loss`). */
export function checkMonitor(fn: string, monitor: unknown): string {
  if (typeof monitor !== 'string' || monitor === '') throw typeError(fn, 'monitor', 'a log key such as "val_loss" (a non-empty string)', monitor);
  return monitor;
}

/** Throws unless `value` is a boolean. */
export function checkFlag(fn: string, param: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw typeError(fn, param, 'a boolean', value);
  return value;
}

/** `checkFinite` for an optional number. */
export function optionalFinite(fn: string, param: string, value: unknown): number | undefined {
  return value === undefined ? undefined : checkFinite(fn, param, value);
}
