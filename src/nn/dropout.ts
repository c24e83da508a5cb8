/**
 * `dropout`: inverted dropout as a function of tensors, PyTorch's `F.dropout` semantics.
 * The layer `dropoutLayer` calls this very function.
 */
import * as tf from '@tensorflow/tfjs';
import { checkBoolean, checkInRange, checkInteger, checkOptions } from '../core/errors';
import { checkTensor } from '../core/check-tensor';

const FN = 'dropout';
const OPTION_NAMES = ['rate', 'training', 'seed'] as const;

export interface DropoutOptions {
  /** p in [0, 1): the probability that a unit is zeroed. Required. */
  rate: number;
  /** `true`: drop units; `false`: the identity (inference). Required, so leaving dropout on is a visible choice. */
  training: boolean;
  /** Integer ≥ 0: the same seed and shape give the same mask. Default: a fresh random mask each call. */
  seed?: number;
}

/**
 * Inverted dropout (Srivastava et al., 2014, with the rescaling moved to training time): in
 * training, every unit is kept with probability 1 − p, independently, and kept units are divided
 * by 1 − p, so each unit's expected value is unchanged and inference needs no correction.
 *
 *   (1) mᵢ ~ Bernoulli(1 − p)                  a fresh mask per call (seeded: reproducible)
 *   (2) yᵢ = xᵢ·mᵢ/(1 − p)                     training;  E[yᵢ] = xᵢ
 *   (3) y = x                                  inference (`training: false`), or p = 0
 *
 * The gradient is ∂y/∂x = m/(1 − p): only kept units pass gradient, scaled like their values.
 * Same scaling as `torch.nn.functional.dropout` (tests/nn-parity.test.ts); the masks come from
 * tfjs's seeded generator, so they differ from torch's.
 *
 * @param x any float32 tensor.
 * @param options `{ rate, training, seed? }`.
 * @returns a new tensor shaped like x, owned by the caller (also in inference mode: a clone).
 * @throws TypeError/RangeError before any tensor is created, e.g. `dropout: rate must be in [0, 1), got 1`.
 * @see https://jmlr.org/papers/v15/srivastava14a.html
 * @example
 * const h = dropout(tf.ones([2, 4]), { rate: 0.5, training: true, seed: 0 }); // zeros and 2s
 */
export function dropout(x: tf.Tensor, options: DropoutOptions): tf.Tensor {
  const o = checkOptions(FN, options, OPTION_NAMES);
  const input = checkTensor(FN, 'x', x);
  if (input.dtype !== 'float32') throw new TypeError(`${FN}: x.dtype must be "float32", got "${input.dtype}"`);
  const rate = checkInRange(FN, 'rate', o.rate, 0, 1);
  const training = checkBoolean(FN, 'training', o.training);
  const seed = o.seed === undefined ? undefined : checkInteger(FN, 'seed', o.seed, 0);
  if (!training || rate === 0) return tf.clone(input); //                       (3)
  return tf.tidy(() => {
    const keep = 1 - rate;
    const u = tf.randomUniform(input.shape, 0, 1, 'float32', seed);
    const mask = tf.cast(tf.greaterEqual(u, rate), 'float32'); //              (1) P(u ≥ p) = 1 − p
    return tf.mul(input, tf.mul(mask, 1 / keep)); //                           (2)
  });
}
