/** Gradients as tfjs optimizers receive them, normalized to one form. */
import type * as tf from '@tensorflow/tfjs';
import type { NamedTensorMap } from '../core/types';

/** A tensor with a name, as tfjs optimizers take gradients and return weights (tfjs does not export the type). */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

/** `{ name, tensor }[]` or a map → a map, without the null gradients tfjs may pass. */
export function gradientMap(variableGradients: NamedTensorMap | NamedTensor[]): NamedTensorMap {
  const pairs = Array.isArray(variableGradients)
    ? variableGradients.map((v) => [v.name, v.tensor] as const)
    : Object.entries(variableGradients);
  const grads: NamedTensorMap = {};
  for (const [name, tensor] of pairs) if (tensor != null) grads[name] = tensor;
  return grads;
}
