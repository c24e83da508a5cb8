/**
 * A `tf.Optimizer` that wraps another one and changes the gradients on their way in — the shape of
 * `withClipping` (and of gradient accumulation, loss-scale unscaling): anything that sits between
 * `computeGradients` and the real update, for ANY optimizer, ours or tfjs's, so `model.compile/fit`,
 * `minimize` and `applyGradients` all get it.
 *
 *   minimize(f) ──► computeGradients ──► wrapper.applyGradients(g) ──► transform g ──► inner.applyGradients(g′)
 *
 * Wrappers compose: `withAccumulation(withClipping(adamw()))` clips the accumulated gradient once per
 * update. What the wrapper forwards to the inner optimizer: the update count (`iterations`), the
 * learning rate (read and, when the inner optimizer allows it, set — so schedules and callbacks work
 * through a wrapper), its state (`getWeights`/`setWeights`) and `dispose()`.
 */
import * as tf from '@tensorflow/tfjs';
import { checkOptimizer } from '../core/check-optimizer';
import type { NamedTensorMap } from '../core/types';
import type { NamedTensor } from './gradient-map';

/** The inner optimizer's rate, as trainlab's optimizers and tfjs's SGD expose it. */
interface RateHolder {
  learningRate?: unknown;
  learningRateAt?: (step?: number) => number;
  setLearningRate?: (lr: number) => void;
}

function hasRateAccessor(o: object): boolean {
  for (let p: object | null = o; p !== null; p = Object.getPrototypeOf(p)) {
    const d = Object.getOwnPropertyDescriptor(p, 'learningRate');
    if (d !== undefined) return typeof d.set === 'function';
  }
  return false;
}

/**
 * Base class of the optimizer wrappers. Subclasses implement `applyGradients`, transform the
 * gradients and pass them on with `this.inner.applyGradients(…)`.
 *
 * The learning rate is forwarded per instance, matching the inner optimizer: `learningRate` is
 * read-write when the inner one has a settable `learningRate` (trainlab's optimizers), read-only
 * otherwise; `setLearningRate(lr)` exists when the inner one has it (`tf.train.sgd`/`momentum`);
 * `learningRateAt(step)` when the inner one has it. So `setLearningRate(wrapper, lr)` and
 * `canSetLearningRate(wrapper)` answer as they would for the inner optimizer.
 */
export abstract class OptimizerWrapper extends tf.Optimizer {
  /** The wrapped optimizer: it owns the parameters' update and its state. */
  readonly inner: tf.Optimizer;
  private wrapperDisposed = false;

  /** @param fn the factory's name for messages, e.g. `withClipping`. */
  constructor(fn: string, inner: tf.Optimizer) {
    super();
    checkOptimizer(fn, inner);
    this.inner = inner;
    const o = inner as unknown as RateHolder;
    Object.defineProperty(this, 'learningRate', {
      configurable: true,
      enumerable: true,
      get: () => o.learningRate,
      ...(hasRateAccessor(inner) ? { set: (value: unknown) => void (o.learningRate = value) } : {}),
    });
    if (typeof o.setLearningRate === 'function') {
      Object.defineProperty(this, 'setLearningRate', { configurable: true, value: (lr: number) => o.setLearningRate!(lr) });
    }
    if (typeof o.learningRateAt === 'function') {
      Object.defineProperty(this, 'learningRateAt', { configurable: true, value: (step?: number) => o.learningRateAt!(step) });
    }
  }

  /** Updates applied by the inner optimizer (a wrapper that skips or delays updates counts none). */
  get iterations(): number {
    return this.inner.iterations;
  }

  abstract applyGradients(variableGradients: NamedTensorMap | NamedTensor[]): void;

  /** The inner optimizer's state (new tensors owned by the caller). */
  getWeights(): Promise<NamedTensor[]> {
    return this.inner.getWeights();
  }

  /** Loads the inner optimizer's state. */
  setWeights(weightValues: NamedTensor[]): Promise<void> {
    return this.inner.setWeights(weightValues);
  }

  /** Disposes the inner optimizer too (the wrapper owns it). Idempotent. */
  dispose(): void {
    if (this.wrapperDisposed) return;
    this.wrapperDisposed = true;
    this.inner.dispose();
    super.dispose();
  }

  getConfig(): tf.serialization.ConfigDict {
    return this.inner.getConfig();
  }
}
