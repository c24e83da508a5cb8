/**
 * `batchNormLayer`: batch normalization as a tfjs layer, for `tf.sequential`, `model.fit`,
 * `model.predict` and `train()`. Its `call` is `batchNorm` (src/nn/batch-norm.ts): the same code.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInRange, checkOptions, checkPositive } from '../core/errors';
import { batchNorm } from './batch-norm';
import { channelsOf, isTraining, LAYER_ARG_NAMES, oneInput, type LayerArgs } from './layer-base';

const FN = 'batchNormLayer';

export interface BatchNormLayerArgs extends LayerArgs {
  /**
   * m in [0, 1], PyTorch's convention: the weight of the new batch in the running statistics.
   * Default 0.1. NOT Keras/tfjs's `momentum`, which is the weight of the OLD value: tfjs's
   * `batchNormalization({ momentum: 0.99 })` is `batchNormLayer({ momentum: 0.01 })`, and
   * PyTorch's default 0.1 would be 0.9 there.
   */
  momentum?: number;
  /** ε > 0 inside the square root. Default 1e-5 (torch's; tfjs's layer uses 1e-3). */
  epsilon?: number;
}

const ARG_NAMES = ['momentum', 'epsilon', ...LAYER_ARG_NAMES];

/**
 * Batch normalization over the last axis (channels last), with PyTorch's semantics and defaults;
 * see `batchNorm` for the math. Weights, in order: `gamma` (ones) and `beta` (zeros), trainable;
 * `running_mean` (zeros) and `running_var` (ones), non-trainable, saved with the model.
 *
 * In training (`model.fit`, `train()`, `apply(x, { training: true })`) it normalizes with the
 * batch's statistics and moves the running ones; in inference (`predict`, `evaluate`, validation)
 * it uses the running statistics and changes nothing. Registered for serialization as
 * `TrainlabBatchNorm` (`model.save` / `tf.loadLayersModel` work once trainlab is imported).
 *
 * @example
 * const model = tf.sequential({ layers: [
 *   tf.layers.dense({ inputShape: [64], units: 128 }),
 *   batchNormLayer(),                                   // momentum 0.1 as PyTorch = tfjs's 0.9
 *   tf.layers.reLU(),
 *   tf.layers.dense({ units: 10 }),
 * ] });
 */
export class BatchNormLayer extends tf.layers.Layer {
  static className = 'TrainlabBatchNorm';
  readonly momentum: number;
  readonly epsilon: number;
  private gamma: tf.LayerVariable | null = null;
  private beta: tf.LayerVariable | null = null;
  private runningMean: tf.LayerVariable | null = null;
  private runningVar: tf.LayerVariable | null = null;

  constructor(args: BatchNormLayerArgs = {}) {
    checkOptions(FN, args, ARG_NAMES, 'args', 'argument');
    const momentum = checkInRange(FN, 'momentum', args.momentum ?? 0.1, 0, 1, true);
    const epsilon = checkPositive(FN, 'epsilon', args.epsilon ?? 1e-5);
    super(args);
    this.momentum = momentum;
    this.epsilon = epsilon;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const channels = channelsOf(FN, inputShape);
    this.gamma = this.addWeight('gamma', [channels], 'float32', tf.initializers.ones());
    this.beta = this.addWeight('beta', [channels], 'float32', tf.initializers.zeros());
    this.runningMean = this.addWeight('running_mean', [channels], 'float32', tf.initializers.zeros(), undefined, false);
    this.runningVar = this.addWeight('running_var', [channels], 'float32', tf.initializers.ones(), undefined, false);
    this.built = true;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tfjs's Kwargs
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { [key: string]: any }): tf.Tensor {
    return tf.tidy(() => {
      const training = isTraining(kwargs);
      const result = batchNorm(oneInput(inputs), {
        gamma: this.gamma!.read() as tf.Tensor1D,
        beta: this.beta!.read() as tf.Tensor1D,
        runningMean: this.runningMean!.read() as tf.Tensor1D,
        runningVar: this.runningVar!.read() as tf.Tensor1D,
        training,
        momentum: this.momentum,
        epsilon: this.epsilon,
      });
      if (training) {
        this.runningMean!.write(result.runningMean); // the variable now shares the new tensor's data
        this.runningVar!.write(result.runningVar);
      }
      return result.output;
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), momentum: this.momentum, epsilon: this.epsilon };
  }
}
tf.serialization.registerClass(BatchNormLayer);

/** A new BatchNormLayer (see the class). Throws at once for a bad argument: `batchNormLayer: momentum must be in [0, 1], got 1.5`. */
export function batchNormLayer(args: BatchNormLayerArgs = {}): BatchNormLayer {
  return new BatchNormLayer(args);
}
