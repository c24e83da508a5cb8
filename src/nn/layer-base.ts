/**
 * What the three trainlab layers share: tfjs's layer arguments, reading the one input tensor and
 * the training flag, and the channel count of a built input. Internal.
 */
import * as tf from '@tensorflow/tfjs';

/** tfjs's base layer arguments (`name`, `inputShape`, `batchInputShape`, `trainable`, `dtype`, …). */
export type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/**
 * The arguments every tfjs layer accepts (LayerArgs), plus `customObjects`, which tfjs's
 * deserializer passes to `fromConfig`. A layer's own arguments come first in its list.
 */
export const LAYER_ARG_NAMES = ['name', 'inputShape', 'batchInputShape', 'batchSize', 'trainable', 'dtype', 'inputDType', 'weights', 'customObjects'] as const;

/** tfjs passes one tensor or a list of one; these layers take exactly one input. */
export function oneInput(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  return Array.isArray(inputs) ? inputs[0] : inputs;
}

/**
 * The training flag tfjs hands to `call`: `model.fit`/`trainOnBatch` and `train()` pass `true`;
 * `predict`, `evaluate` and a bare `apply` pass nothing, which means inference (as tfjs's own layers).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tfjs's Kwargs is `{ [key: string]: any }`
export function isTraining(kwargs: { [key: string]: any } | undefined): boolean {
  return kwargs?.training === true;
}

/** The size of the last axis of a (possibly list-wrapped) input shape; throws when unknown. */
export function channelsOf(className: string, inputShape: tf.Shape | tf.Shape[]): number {
  const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
  const channels = shape[shape.length - 1];
  if (shape.length < 1 || channels === null || channels === undefined) {
    throw new RangeError(`${className}: the last axis of the input shape must be known, got [${shape.map((d) => d ?? 'null').join(', ')}]`);
  }
  return channels;
}
