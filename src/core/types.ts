import type * as tf from '@tensorflow/tfjs';

/** Tensors keyed by variable name, as `tf.variableGrads` and `optimizer.applyGradients` use them. */
export type NamedTensorMap = { [name: string]: tf.Tensor };

/**
 * A learning-rate schedule: a pure function of the 0-based index of the update being applied.
 * It must not remember earlier calls: `schedule(10)` is the same whenever it is asked.
 */
export type Schedule = (step: number) => number;
