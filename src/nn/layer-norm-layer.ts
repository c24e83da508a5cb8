/**
 * `layerNormLayer`: layer normalization as a tfjs layer. Its `call` is `layerNorm`
 * (src/nn/layer-norm.ts): the same code.
 */
import * as tf from '@tensorflow/tfjs';
import { checkOptions, checkPositive } from '../core/errors';
import { channelsOf, LAYER_ARG_NAMES, oneInput, type LayerArgs } from './layer-base';
import { layerNorm } from './layer-norm';

const FN = 'layerNormLayer';

export interface LayerNormLayerArgs extends LayerArgs {
  /** ε > 0 inside the square root. Default 1e-5 (torch's; tfjs's layerNormalization uses 1e-3). */
  epsilon?: number;
}

const ARG_NAMES = ['epsilon', ...LAYER_ARG_NAMES];

/**
 * Layer normalization over the last axis, PyTorch's `nn.LayerNorm(C)`; see `layerNorm` for the
 * math. Weights: `gamma` (ones) and `beta` (zeros), trainable. Training and inference compute the
 * same thing. Registered for serialization as `TrainlabLayerNorm`.
 *
 * @example
 * const model = tf.sequential({ layers: [
 *   tf.layers.dense({ inputShape: [64], units: 128 }), layerNormLayer(), tf.layers.reLU(), tf.layers.dense({ units: 10 }),
 * ] });
 */
export class LayerNormLayer extends tf.layers.Layer {
  static className = 'TrainlabLayerNorm';
  readonly epsilon: number;
  private gamma: tf.LayerVariable | null = null;
  private beta: tf.LayerVariable | null = null;

  constructor(args: LayerNormLayerArgs = {}) {
    checkOptions(FN, args, ARG_NAMES, 'args', 'argument');
    const epsilon = checkPositive(FN, 'epsilon', args.epsilon ?? 1e-5);
    super(args);
    this.epsilon = epsilon;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const channels = channelsOf(FN, inputShape);
    this.gamma = this.addWeight('gamma', [channels], 'float32', tf.initializers.ones());
    this.beta = this.addWeight('beta', [channels], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return layerNorm(oneInput(inputs), {
      gamma: this.gamma!.read() as tf.Tensor1D,
      beta: this.beta!.read() as tf.Tensor1D,
      epsilon: this.epsilon,
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon };
  }
}
tf.serialization.registerClass(LayerNormLayer);

/** A new LayerNormLayer (see the class). Throws at once for a bad argument: `layerNormLayer: epsilon must be > 0, got 0`. */
export function layerNormLayer(args: LayerNormLayerArgs = {}): LayerNormLayer {
  return new LayerNormLayer(args);
}
