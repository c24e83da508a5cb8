/**
 * The cost of gradient clipping (issue 10): one training step of the digits MLP (64→128→128→10,
 * batch 64, `optimizer.minimize` + one loss read) with AdamW alone (baseline) against
 *   - `chain(clipByGlobalNorm, scaleByAdam, addDecayedWeights, scaleByLearningRate)` — AdamW with
 *     global-norm clipping in the chain, on the fused path: target ≤ 15 % more time per step
 *     (speed-up ≥ 1/1.15 ≈ 0.87);
 *   - `withClipping(adamw())` — the wrapper any optimizer can use (no target; for comparison).
 * The norm is one reduction over the packed gradient, not one sync per variable.
 */
import * as tf from '@tensorflow/tfjs';
import { addDecayedWeights } from '../src/optim/add-decayed-weights';
import { adamw } from '../src/optim/adamw';
import { clipByGlobalNorm } from '../src/optim/clip-by-global-norm';
import { scaleByAdam } from '../src/optim/scale-by-adam';
import { scaleByLearningRate } from '../src/optim/scale-by-learning-rate';
import { chain } from '../src/optim/transform';
import { TransformOptimizer } from '../src/optim/transform-optimizer';
import { withClipping } from '../src/optim/with-clipping';
import type { BenchCase, Comparison } from './harness';
import { digitsBatch, digitsMlp, trainStep } from './mlp';

function stepWith(label: string, make: () => tf.Optimizer): BenchCase {
  return {
    label,
    setup: () => {
      const model = digitsMlp();
      const optimizer = make();
      const { x, y } = digitsBatch(64);
      return {
        run: () => trainStep(model, optimizer, x, y),
        teardown: () => {
          tf.dispose([x, y]);
          optimizer.dispose();
          model.dispose();
        },
      };
    },
  };
}

const clippedAdamW = () =>
  new TransformOptimizer({
    name: 'clippedAdamW',
    learningRate: 1e-3,
    build: (lr) => chain(clipByGlobalNorm({ maxNorm: 1 }), scaleByAdam(), addDecayedWeights({ weightDecay: 1e-2 }), scaleByLearningRate(lr)),
  });

const comparisons: Comparison[] = [
  {
    name: 'clip: clipByGlobalNorm + adamw vs adamw, digits MLP step',
    baseline: stepWith('adamw', () => adamw({ learningRate: 1e-3 })),
    candidate: stepWith('chain(clipByGlobalNorm, adamw)', clippedAdamW),
    iterations: 100,
    rounds: 11,
    target: 0.87, // ≤ 15 % more time per step: 1 / 1.15 ≈ 0.87
  },
  {
    name: 'clip: withClipping(adamw) vs adamw, digits MLP step',
    baseline: stepWith('adamw', () => adamw({ learningRate: 1e-3 })),
    candidate: stepWith('withClipping(adamw)', () => withClipping(adamw({ learningRate: 1e-3 }), { maxNorm: 1 })),
    iterations: 100,
    rounds: 11,
  },
];
export default comparisons;
