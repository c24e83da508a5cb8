/**
 * `dropoutLayer`: inverted dropout as a tfjs layer. Its `call` is `dropout` (src/nn/dropout.ts):
 * the same code.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInRange, checkInteger, checkOptions } from '../core/errors';
import { dropout } from './dropout';
import { isTraining, LAYER_ARG_NAMES, oneInput, type LayerArgs } from './layer-base';

const FN = 'dropoutLayer';

export interface DropoutLayerArgs extends LayerArgs {
  /** p in [0, 1): the probability that a unit is zeroed in training. Required. */
  rate: number;
  /**
   * Integer ≥ 0. With a seed, the k-th training call (counting from 0) uses seed + k, so a model
   * built and trained again with the same seed drops the same units. Default: fresh random masks.
   */
  seed?: number;
}

const ARG_NAMES = ['rate', 'seed', ...LAYER_ARG_NAMES];

/**
 * Inverted dropout between layers; see `dropout` for the math. Drops units only in training
 * (`model.fit`, `train()`, `apply(x, { training: true })`); `predict`, `evaluate` and validation
 * pass inputs through unchanged. No weights. Registered for serialization as `TrainlabDropout`.
 *
 * @example
 * const model = tf.sequential({ layers: [
 *   tf.layers.dense({ inputShape: [64], units: 256, activation: 'relu' }),
 *   dropoutLayer({ rate: 0.3, seed: 0 }),
 *   tf.layers.dense({ units: 10 }),
 * ] });
 */
export class DropoutLayer extends tf.layers.Layer {
  static className = 'TrainlabDropout';
  readonly rate: number;
  readonly seed: number | undefined;
  /** Training calls so far: the next mask's seed is `seed + calls`. */
  private calls = 0;

  constructor(args: DropoutLayerArgs) {
    checkOptions(FN, args, ARG_NAMES, 'args', 'argument');
    const rate = checkInRange(FN, 'rate', args.rate, 0, 1);
    const seed = args.seed === undefined ? undefined : checkInteger(FN, 'seed', args.seed, 0);
    super(args);
    this.rate = rate;
    this.seed = seed;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tfjs's Kwargs
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { [key: string]: any }): tf.Tensor {
    const training = isTraining(kwargs);
    const seed = training && this.seed !== undefined ? this.seed + this.calls++ : undefined;
    return dropout(oneInput(inputs), { rate: this.rate, training, ...(seed === undefined ? {} : { seed }) });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, ...(this.seed === undefined ? {} : { seed: this.seed }) };
  }
}
tf.serialization.registerClass(DropoutLayer);

/** A new DropoutLayer (see the class). Throws at once for a bad argument: `dropoutLayer: rate must be in [0, 1), got 1`. */
export function dropoutLayer(args: DropoutLayerArgs): DropoutLayer {
  return new DropoutLayer(args);
}
