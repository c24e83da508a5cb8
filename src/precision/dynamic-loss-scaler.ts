/**
 * Dynamic loss scaling, as PyTorch's `torch.amp.GradScaler`: float16 gradients underflow to zero
 * below 2⁻²⁴, so the loss is multiplied by a large scale S before the backward pass (every gradient
 * is then S times larger, by the chain rule), and the gradients are divided by S again, in float32,
 * before the optimizer sees them. S is tuned on the fly:
 *
 *   (1) a step whose unscaled gradients hold a NaN or ±Infinity is skipped (no update) and
 *       S ← S · backoffFactor; the count of good steps restarts at 0;
 *   (2) after `growthInterval` good steps in a row, S ← S · growthFactor (kept only if finite).
 *
 * So S hovers just under the largest value that does not overflow. Arithmetic as torch's kernels:
 * S is a float32 and every product is rounded to float32; unscaling multiplies by float32(1 / S).
 */
import * as tf from '@tensorflow/tfjs';
import { checkBoolean, checkInteger, checkOptions, checkPositive, rangeError, typeError } from '../core/errors';
import type { NamedTensorMap } from '../core/types';

const FN = 'DynamicLossScaler';

export interface DynamicLossScalerOptions {
  /** The first scale S, > 0. Default 65536 (2¹⁶), torch's `init_scale`. */
  initScale?: number;
  /** S is multiplied by this after `growthInterval` good steps in a row; > 1. Default 2. */
  growthFactor?: number;
  /** S is multiplied by this after a step with non-finite gradients; in (0, 1). Default 0.5. */
  backoffFactor?: number;
  /** Good steps in a row before S grows; integer ≥ 1. Default 2000. */
  growthInterval?: number;
}

/** Everything a scaler needs to continue where it stood: torch's `state_dict()`, in camelCase. */
export interface DynamicLossScalerState {
  scale: number;
  growthFactor: number;
  backoffFactor: number;
  growthInterval: number;
  /** Good steps in a row since the scale last changed (torch's `_growth_tracker`). */
  growthTracker: number;
}

const OPTIONS = ['initScale', 'growthFactor', 'backoffFactor', 'growthInterval'] as const;
const STATE = ['scale', 'growthFactor', 'backoffFactor', 'growthInterval', 'growthTracker'] as const;

function checkFactors(fn: string, growthFactor: unknown, backoffFactor: unknown, growthInterval: unknown) {
  const growth = checkPositive(fn, 'growthFactor', growthFactor);
  if (growth <= 1) throw rangeError(fn, 'growthFactor', '> 1', growth);
  const backoff = checkPositive(fn, 'backoffFactor', backoffFactor);
  if (backoff >= 1) throw rangeError(fn, 'backoffFactor', 'in (0, 1)', backoff);
  return { growth, backoff, interval: checkInteger(fn, 'growthInterval', growthInterval, 1) };
}

/**
 * A dynamic loss scaler equal to `torch.amp.GradScaler` (same defaults, same rule, same float32
 * arithmetic; tested against GradScaler traces with overflows in tests/precision-loss-scaler.test.ts).
 * Holds no tensors: nothing to dispose.
 *
 * One step with a scaler (what `train({ precision: 'float16' })` does for you):
 *
 *   const { value, grads } = tf.variableGrads(() => scaler.scaleLoss(lossOf(model, x, y)));
 *   const { grads: g, finite } = scaler.unscale(grads);      // g = grads / S, in float32
 *   if (finite) optimizer.applyGradients(g);                   // else: skipped, no update
 *   scaler.update(finite);
 *
 * A skipped step never reaches the optimizer, so the optimizer's update count — and so its
 * learning-rate schedule — does not advance.
 *
 * @param options `initScale = 65536`, `growthFactor = 2`, `backoffFactor = 0.5`,
 *   `growthInterval = 2000`; a RangeError/TypeError for a value out of range, at once.
 * @see https://pytorch.org/docs/stable/amp.html#gradient-scaling ; Micikevicius et al. 2018,
 *   "Mixed Precision Training", section 3.2.
 * @example
 * const scaler = new DynamicLossScaler({ growthInterval: 3 });
 * scaler.update(false); scaler.scale; // 32768
 */
export class DynamicLossScaler {
  private s: number;
  private growth: number;
  private backoff: number;
  private interval: number;
  private tracker = 0;

  constructor(options: DynamicLossScalerOptions = {}) {
    const o = checkOptions(FN, options, OPTIONS) as DynamicLossScalerOptions;
    const { growth, backoff, interval } = checkFactors(FN, o.growthFactor ?? 2, o.backoffFactor ?? 0.5, o.growthInterval ?? 2000);
    this.s = Math.fround(checkPositive(FN, 'initScale', o.initScale ?? 65536));
    this.growth = growth;
    this.backoff = backoff;
    this.interval = interval;
  }

  /** The current scale S (a float32 value, as a number). */
  get scale(): number {
    return this.s;
  }

  /** Good steps in a row since the scale last changed. */
  get growthTracker(): number {
    return this.tracker;
  }

  /** `loss · S` as a new tensor (the caller owns it; `loss` is left alone). Differentiable. */
  scaleLoss(loss: tf.Tensor): tf.Tensor {
    if (!(loss instanceof tf.Tensor)) throw typeError(`${FN}.scaleLoss`, 'loss', 'a tf.Tensor', loss);
    return tf.tidy(() => tf.mul(loss, tf.scalar(this.s)));
  }

  /**
   * The gradients divided by S — multiplied by float32(1 / S), as torch — as new tensors the caller
   * owns (the inputs are left alone), and whether every value is finite. One read from the backend.
   */
  unscale(grads: NamedTensorMap): { grads: NamedTensorMap; finite: boolean } {
    const fn = `${FN}.unscale`;
    if (typeof grads !== 'object' || grads === null) throw typeError(fn, 'grads', 'a map of tensors by variable name', grads);
    for (const [name, g] of Object.entries(grads)) {
      if (!(g instanceof tf.Tensor)) throw typeError(fn, `grads[${JSON.stringify(name)}]`, 'a tf.Tensor', g);
    }
    const inverse = Math.fround(1 / this.s);
    const names = Object.keys(grads);
    const unscaled = tf.tidy(() => {
      const factor = tf.scalar(inverse);
      return names.map((n) => tf.mul(grads[n], factor));
    });
    const allFinite = tf.tidy(() => (names.length === 0 ? tf.scalar(true, 'bool') : tf.all(tf.stack(unscaled.map((g) => tf.all(tf.isFinite(g)))))));
    const finite = allFinite.dataSync()[0] === 1;
    allFinite.dispose();
    return { grads: Object.fromEntries(names.map((n, i) => [n, unscaled[i]])), finite };
  }

  /** Moves S after a step: back off on non-finite gradients, grow after `growthInterval` good steps. */
  update(finite: boolean): void {
    checkBoolean(`${FN}.update`, 'finite', finite);
    if (!finite) {
      this.s = Math.fround(this.s * this.backoff); // (1)
      this.tracker = 0;
      return;
    }
    const good = this.tracker + 1;
    if (good === this.interval) {
      const grown = Math.fround(this.s * this.growth); // (2)
      if (Number.isFinite(grown)) this.s = grown;
      this.tracker = 0;
    } else {
      this.tracker = good;
    }
  }

  /**
   * Unscale, apply if finite, update — torch's `scaler.step(optimizer); scaler.update()`. Returns
   * whether the update was applied. `scaledGrads` stay the caller's; the unscaled copies are freed.
   */
  applyGradients(optimizer: tf.Optimizer, scaledGrads: NamedTensorMap): boolean {
    const { grads, finite } = this.unscale(scaledGrads);
    try {
      if (finite) optimizer.applyGradients(grads);
    } finally {
      tf.dispose(Object.values(grads));
    }
    this.update(finite);
    return finite;
  }

  /** The state to save (a plain object; torch's `state_dict()`). */
  state(): DynamicLossScalerState {
    return { scale: this.s, growthFactor: this.growth, backoffFactor: this.backoff, growthInterval: this.interval, growthTracker: this.tracker };
  }

  /** Continues from a saved state (checked as the constructor checks its options). */
  loadState(state: DynamicLossScalerState): void {
    const fn = `${FN}.loadState`;
    const s = checkOptions(fn, state, STATE, 'state', 'field') as Partial<DynamicLossScalerState>;
    const { growth, backoff, interval } = checkFactors(fn, s.growthFactor, s.backoffFactor, s.growthInterval);
    const scale = checkPositive(fn, 'scale', s.scale);
    const tracker = checkInteger(fn, 'growthTracker', s.growthTracker, 0);
    [this.s, this.growth, this.backoff, this.interval, this.tracker] = [Math.fround(scale), growth, backoff, interval, tracker];
  }
}
