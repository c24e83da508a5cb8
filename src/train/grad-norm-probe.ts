/**
 * How `train()` sees the gradients without owning the optimizer: a wrapper around the caller's
 * optimizer that, at every update, computes the global 2-norm of the step's gradients (before any
 * clipping), clips them when `train({ clipGradNorm })` asks, and passes them on.
 *
 * The norm stays on the device (`takeNorm()` hands it over), so `train()` reads it together with the
 * loss — one read per step, the one a loop that checks its loss makes anyway.
 */
import * as tf from '@tensorflow/tfjs';
import type { NamedTensorMap } from '../core/types';
import { clipCoefficient } from '../optim/clip-grad-norm';
import { globalNorm } from '../optim/global-norm';
import { gradientMap, type NamedTensor } from '../optim/gradient-map';
import { OptimizerWrapper } from '../optim/optimizer-wrapper';

export class GradNormProbe extends OptimizerWrapper {
  private norm: tf.Scalar | null = null;

  /** @param maxNorm clip the step's gradients to this global 2-norm, or null to only measure. */
  constructor(optimizer: tf.Optimizer, private readonly maxNorm: number | null) {
    super('train', optimizer);
  }

  applyGradients(variableGradients: NamedTensorMap | NamedTensor[]): void {
    const grads = gradientMap(variableGradients);
    const names = Object.keys(grads);
    const { norm, clipped } = tf.tidy(() => {
      const n = globalNorm(names.map((k) => grads[k]), 2);
      if (this.maxNorm === null) return { norm: n, clipped: {} as NamedTensorMap };
      const c = clipCoefficient(n, this.maxNorm);
      return { norm: n, clipped: Object.fromEntries(names.map((k) => [k, tf.mul(grads[k], c)])) as NamedTensorMap };
    });
    this.norm?.dispose();
    this.norm = norm;
    try {
      this.inner.applyGradients(this.maxNorm === null ? grads : clipped);
    } finally {
      tf.dispose(Object.values(clipped));
    }
  }

  /** The last step's pre-clip norm (the caller owns and disposes it), or null when none was taken. */
  takeNorm(): tf.Scalar | null {
    const n = this.norm;
    this.norm = null;
    return n;
  }

  /** Frees a norm nobody took; never disposes the caller's optimizer (train() does not own it). */
  release(): void {
    this.norm?.dispose();
    this.norm = null;
  }
}
