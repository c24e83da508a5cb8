/**
 * The computation batch norm and layer norm share: standardize over some axes, then scale and
 * shift along the last axis — with its gradient written out (one pass of ten ops instead of the
 * ~25 that autodiff records through mean, variance and the square root). Internal; `batchNorm`
 * and `layerNorm` are the public faces. Tests prove the gradient equal to autodiff and to PyTorch.
 *
 * Forward, statistics over `axes` (batch norm: every axis but the last; layer norm: the last):
 *   (1) μ  = mean(x)                        kept as size-1 dims so it broadcasts back
 *   (2) σ² = mean((x − μ)²)                 biased: divides by n, as both torch functions do
 *   (3) r  = 1 / √(σ² + ε)                  ε inside the square root
 *   (4) x̂  = (x − μ)·r
 *   (5) y  = γ·x̂ + β                        γ, β: [C], broadcast along the last axis
 * Backward, for the upstream gradient dy:
 *   (6) dβ = Σ dy                           over every axis but the last
 *   (7) dγ = Σ dy·x̂                         over every axis but the last
 *   (8) g  = dy·γ                           the gradient reaching x̂
 *   (9) dx = r·(g − mean(g) − x̂·mean(g·x̂))  means over `axes`: the two paths through μ and σ²
 */
import * as tf from '@tensorflow/tfjs';

/** `output` is owned by the caller; so are `mean` and `variance` (shaped like `x` with size-1 `axes`). */
export interface Normalized {
  output: tf.Tensor;
  mean: tf.Tensor;
  variance: tf.Tensor;
}

/**
 * Normalizes `x` over `axes` and applies γ and β along the last axis. Records one node on the
 * gradient tape (for x, γ and β). Arguments are trusted: the public functions check them.
 */
export function normalize(x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D, axes: number[], epsilon: number): Normalized {
  const paramAxes = Array.from({ length: x.rank - 1 }, (_, i) => i); // every axis but the last
  const stats: { mean?: tf.Tensor; variance?: tf.Tensor } = {};
  const run = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, g, b, save] = args as [tf.Tensor, tf.Tensor1D, tf.Tensor1D, tf.GradSaveFunc];
    const mu = tf.mean(input, axes, true); //                          (1)
    const centered = tf.sub(input, mu);
    const variance = tf.mean(tf.square(centered), axes, true); //      (2)
    const r = tf.rsqrt(tf.add(variance, epsilon)); //                  (3)
    const xHat = tf.mul(centered, r); //                               (4)
    const y = tf.add(tf.mul(xHat, g), b); //                           (5)
    save([xHat, r, g]);
    // This function runs inside the engine's own tidy: keep the statistics for the caller
    // (batch norm's running averages), who disposes them.
    stats.mean = tf.keep(mu);
    stats.variance = tf.keep(variance);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sHat, sR, sGamma] = saved;
        const dBeta = tf.sum(dy, paramAxes); //                        (6)
        const dGamma = tf.sum(tf.mul(dy, sHat), paramAxes); //         (7)
        const gHat = tf.mul(dy, sGamma); //                            (8)
        const meanG = tf.mean(gHat, axes, true);
        const meanGx = tf.mean(tf.mul(gHat, sHat), axes, true);
        const dx = tf.mul(sR, tf.sub(tf.sub(gHat, meanG), tf.mul(sHat, meanGx))); // (9)
        return [dx, dGamma, dBeta];
      },
    };
  });
  const output = run(x, gamma, beta);
  return { output, mean: stats.mean!, variance: stats.variance! };
}
