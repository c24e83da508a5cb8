/** The model most benchmarks time: a digits-sized MLP (64→128→128→10) and a batch of 64. */
import * as tf from '@tensorflow/tfjs';

export function digitsMlp(): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [64], units: 128, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 128, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 10 }));
  return model;
}

/** A fixed random batch shaped like digits (the values do not matter for step time). */
export function digitsBatch(batchSize = 64): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const x = tf.randomNormal([batchSize, 64], 0, 1, 'float32', 1) as tf.Tensor2D;
  const labels = tf.tensor1d(Array.from({ length: batchSize }, (_, i) => i % 10), 'int32');
  const y = tf.oneHot(labels, 10).toFloat() as tf.Tensor2D;
  labels.dispose();
  return { x, y };
}

/** One training step with `optimizer.minimize` (softmax cross-entropy), read back to sync. */
export function trainStep(model: tf.LayersModel, optimizer: tf.Optimizer, x: tf.Tensor, y: tf.Tensor): number {
  const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.predict(x) as tf.Tensor) as tf.Scalar, true);
  const value = loss!.dataSync()[0];
  loss!.dispose();
  return value;
}
