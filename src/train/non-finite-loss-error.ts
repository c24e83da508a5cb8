/**
 * The error `train()` rejects with when a loss becomes NaN or ±Infinity (with the default
 * `nonFiniteLoss: 'throw'`). It carries where it happened and the run so far, so a notebook can
 * still plot the curve that led there.
 */
import type { History } from './history';
import { nonFiniteLossMessage, type StepPosition } from './messages';

export class NonFiniteLossError extends Error {
  /** The loss value: NaN, Infinity or -Infinity. */
  readonly loss: number;
  /** Step in this run (counting from 0): `history.stepLoss[step]` is the bad loss. */
  readonly step: number;
  readonly epoch: number;
  /** Batch within the epoch. */
  readonly batch: number;
  /** Everything recorded up to and including the bad step (the epoch in progress is not summarized). */
  readonly history: History;

  constructor(fn: string, loss: number, at: StepPosition, history: History) {
    super(nonFiniteLossMessage(fn, loss, at));
    this.name = 'NonFiniteLossError';
    this.loss = loss;
    this.step = at.step;
    this.epoch = at.epoch;
    this.batch = at.batch;
    this.history = history;
  }
}
