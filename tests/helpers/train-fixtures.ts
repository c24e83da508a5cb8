/**
 * Small models and data for the training-loop tests. Every model is initialized from a seed, so
 * two calls with the same seed give identical weights (and identical training runs).
 */
import * as tf from '@tensorflow/tfjs';

/** An MLP `inputs → hidden (relu) → outputs` (linear output: logits or regression values). */
export function mlp(inputs: number, hidden: number, outputs: number, seed = 0): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [inputs], units: hidden, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
      tf.layers.dense({ units: outputs, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
}

/** ŷ = w·x with one weight, no bias, w starting at `w0`: updates can be worked by hand. */
export function scalarModel(w0: number): tf.Sequential {
  return tf.sequential({
    layers: [tf.layers.dense({ inputShape: [1], units: 1, useBias: false, kernelInitializer: tf.initializers.constant({ value: w0 }) })],
  });
}

/** The model's single weight as a number. */
export function weightOf(model: tf.LayersModel): number {
  return model.getWeights()[0].dataSync()[0];
}

/** Captures what is written to stdout and stderr while `fn` runs. */
export async function captureOutput<T>(fn: () => Promise<T>): Promise<{ result: T; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const writeOut = process.stdout.write;
  const writeErr = process.stderr.write;
  process.stdout.write = ((chunk: unknown) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: unknown) => (err.push(String(chunk)), true)) as typeof process.stderr.write;
  try {
    const result = await fn();
    return { result, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
  }
}
