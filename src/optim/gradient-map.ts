/** Gradients as tfjs optimizers receive them, normalized to one form and checked. */
import * as tf from '@tensorflow/tfjs';
import { formatValue, typeError } from '../core/errors';
import type { NamedTensorMap } from '../core/types';

/** A tensor with a name, as tfjs optimizers take gradients and return weights (tfjs does not export the type). */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

const GRADIENTS = 'a map { variableName: gradient } or an array of { name, tensor }';

/**
 * `{ name, tensor }[]` or a map → a map, without the null gradients tfjs may pass. Throws a
 * TypeError naming `fn` (e.g. `adam.applyGradients`) for anything else, or a gradient that is not a tensor.
 */
export function gradientMap(variableGradients: NamedTensorMap | NamedTensor[], fn = 'applyGradients'): NamedTensorMap {
  const given: unknown = variableGradients;
  if (typeof given !== 'object' || given === null) throw typeError(fn, 'variableGradients', GRADIENTS, given);
  const pairs = Array.isArray(given)
    ? given.map((v: unknown, i) => {
        if (typeof v !== 'object' || v === null || typeof (v as NamedTensor).name !== 'string') {
          throw typeError(fn, `variableGradients[${i}]`, '{ name: string, tensor: tf.Tensor }', v);
        }
        return [(v as NamedTensor).name, (v as NamedTensor).tensor as unknown] as const;
      })
    : Object.entries(given);
  const grads: NamedTensorMap = {};
  for (const [name, tensor] of pairs) {
    if (tensor == null) continue;
    if (!(tensor instanceof tf.Tensor)) throw typeError(fn, `the gradient of ${formatValue(name)}`, 'a tf.Tensor', tensor);
    grads[name] = tensor;
  }
  return grads;
}

/** The variables the gradients are for, by name; a RangeError naming `fn` for an unknown name or another shape. */
export function lookUpVariables(fn: string, grads: NamedTensorMap): Record<string, tf.Variable> {
  const registered = tf.engine().registeredVariables;
  const variables: Record<string, tf.Variable> = {};
  for (const [name, g] of Object.entries(grads)) {
    const v = registered[name];
    if (v === undefined) {
      throw new RangeError(`${fn}: variableGradients must be keyed by variable name, but no variable is named ${formatValue(name)}`);
    }
    if (!tf.util.arraysEqual(g.shape, v.shape)) {
      throw new RangeError(`${fn}: the gradient of ${formatValue(name)} must have its variable's shape [${v.shape}], got shape [${g.shape}]`);
    }
    variables[name] = v;
  }
  return variables;
}
