/**
 * The labelled runs behind `diagnose`'s accuracy: real, seeded training runs made with the library,
 * each built to show one symptom. The label is the set-up's known defect (chosen before looking at
 * the verdict), not what `diagnose` says.
 *
 * What each label means for the set-ups here:
 *   - healthy: a sensible model, optimizer and learning rate on standardized data, run to convergence;
 *   - not-decreasing: the loss barely leaves its start — a tiny learning rate, shuffled labels
 *     (a data-pipeline bug), the wrong loss, dead ReLUs, vanishing gradients;
 *   - diverging: the loss blows up (NaN/Infinity or far above its start) — a learning rate far too high,
 *     unstandardized inputs with plain SGD, a deep net with a huge initialization;
 *   - unstable: the loss falls overall but jumps back up again and again — a learning rate somewhat
 *     too high, tiny batches with a large rate;
 *   - overfitting: a big model on a small training set, trained long — validation loss turns up;
 *   - underfitting: a model too small or too regularized (weight decay, dropout) or trained too
 *     briefly, whose training loss stays high.
 */

export type Verdict = 'healthy' | 'not-decreasing' | 'diverging' | 'unstable' | 'overfitting' | 'underfitting';

export type DataSpec =
  | { kind: 'digits'; trainSize?: number; standardize?: boolean; shuffleLabels?: boolean; seed?: number }
  | { kind: 'moons' | 'twoSpirals'; n: number; noise: number; seed: number; shuffleLabels?: boolean; scale?: number }
  | { kind: 'blobs'; n: number; centers: number; std: number; dim?: number; seed: number; shuffleLabels?: boolean };

export interface ModelSpec {
  hidden: number[];
  activation?: 'relu' | 'sigmoid' | 'tanh';
  /** Kernel initializer: glorotUniform (default) or a normal with this standard deviation. */
  initStd?: number;
  /** Constant initial bias of the hidden layers (default 0): very negative kills ReLUs. */
  hiddenBias?: number;
  /** Rate of a dropout layer after each hidden layer. */
  dropout?: number;
  /** A softmax last layer (probabilities out), e.g. for the wrong-loss runs. */
  softmax?: boolean;
}

export type OptimizerSpec =
  | { name: 'sgd'; learningRate: number; momentum?: number; weightDecay?: number }
  | { name: 'adam' | 'adamw' | 'rmsprop'; learningRate: number; weightDecay?: number };

export interface RunSpec {
  name: string;
  label: Verdict;
  data: DataSpec;
  model: ModelSpec;
  optimizer: OptimizerSpec;
  loss?: 'softmaxCrossEntropy' | 'categoricalCrossentropy';
  epochs: number;
  batchSize: number;
  seed: number;
}

const digits = (o: Partial<Extract<DataSpec, { kind: 'digits' }>> = {}): DataSpec => ({ kind: 'digits', ...o });
const moons = (n: number, noise: number, seed: number, o: { shuffleLabels?: boolean; scale?: number } = {}): DataSpec => ({ kind: 'moons', n, noise, seed, ...o });
const spirals = (n: number, noise: number, seed: number, o: { shuffleLabels?: boolean; scale?: number } = {}): DataSpec => ({ kind: 'twoSpirals', n, noise, seed, ...o });
const blobs = (n: number, centers: number, std: number, seed: number, o: { dim?: number; shuffleLabels?: boolean } = {}): DataSpec => ({ kind: 'blobs', n, centers, std, seed, ...o });

export const RUNS: RunSpec[] = [
  // ── healthy ──────────────────────────────────────────────────────────────────────────────
  { name: 'digits-adam', label: 'healthy', data: digits(), model: { hidden: [64] }, optimizer: { name: 'adam', learningRate: 1e-3 }, epochs: 12, batchSize: 64, seed: 0 },
  { name: 'digits-sgd-momentum', label: 'healthy', data: digits({ seed: 1 }), model: { hidden: [64] }, optimizer: { name: 'sgd', learningRate: 0.05, momentum: 0.9 }, epochs: 10, batchSize: 64, seed: 1 },
  { name: 'digits-rmsprop-deep', label: 'healthy', data: digits({ seed: 2 }), model: { hidden: [64, 64] }, optimizer: { name: 'rmsprop', learningRate: 1e-3 }, epochs: 8, batchSize: 64, seed: 2 },
  { name: 'digits-adamw-tanh', label: 'healthy', data: digits({ seed: 3 }), model: { hidden: [32], activation: 'tanh' }, optimizer: { name: 'adamw', learningRate: 3e-3, weightDecay: 0.01 }, epochs: 6, batchSize: 32, seed: 3 },
  { name: 'moons-adam', label: 'healthy', data: moons(400, 0.1, 0), model: { hidden: [32, 32] }, optimizer: { name: 'adam', learningRate: 0.01 }, epochs: 30, batchSize: 32, seed: 4 },
  { name: 'spirals-adam', label: 'healthy', data: spirals(400, 0.02, 1), model: { hidden: [64, 64] }, optimizer: { name: 'adam', learningRate: 0.01 }, epochs: 60, batchSize: 32, seed: 5 },
  { name: 'blobs-sgd', label: 'healthy', data: blobs(300, 4, 1, 2), model: { hidden: [16] }, optimizer: { name: 'sgd', learningRate: 0.1 }, epochs: 15, batchSize: 16, seed: 6 },
  { name: 'moons-sgd-momentum', label: 'healthy', data: moons(400, 0.05, 3), model: { hidden: [32] }, optimizer: { name: 'sgd', learningRate: 0.1, momentum: 0.9 }, epochs: 40, batchSize: 32, seed: 7 },
  { name: 'blobs-adamw-5d', label: 'healthy', data: blobs(500, 5, 1.5, 4, { dim: 5 }), model: { hidden: [32] }, optimizer: { name: 'adamw', learningRate: 5e-3 }, epochs: 12, batchSize: 32, seed: 8 },

  // ── not decreasing ───────────────────────────────────────────────────────────────────────
  { name: 'digits-sgd-lr-1e-5', label: 'not-decreasing', data: digits(), model: { hidden: [64] }, optimizer: { name: 'sgd', learningRate: 1e-5 }, epochs: 8, batchSize: 64, seed: 10 },
  { name: 'moons-adam-lr-1e-6', label: 'not-decreasing', data: moons(400, 0.1, 5), model: { hidden: [32] }, optimizer: { name: 'adam', learningRate: 1e-6 }, epochs: 20, batchSize: 32, seed: 11 },
  { name: 'digits-shuffled-labels', label: 'not-decreasing', data: digits({ shuffleLabels: true, seed: 4 }), model: { hidden: [64] }, optimizer: { name: 'adam', learningRate: 1e-3 }, epochs: 10, batchSize: 64, seed: 12 },
  { name: 'blobs-shuffled-labels', label: 'not-decreasing', data: blobs(400, 4, 1, 6, { shuffleLabels: true }), model: { hidden: [32] }, optimizer: { name: 'sgd', learningRate: 0.05, momentum: 0.9 }, epochs: 15, batchSize: 32, seed: 13 },
  { name: 'digits-softmax-then-logit-loss', label: 'not-decreasing', data: digits({ seed: 5 }), model: { hidden: [64], softmax: true }, optimizer: { name: 'adam', learningRate: 1e-3 }, loss: 'softmaxCrossEntropy', epochs: 10, batchSize: 64, seed: 14 },
  { name: 'digits-sgd-softmax-then-logit-loss', label: 'not-decreasing', data: digits({ seed: 23 }), model: { hidden: [64], softmax: true }, optimizer: { name: 'sgd', learningRate: 0.5, momentum: 0.9 }, loss: 'softmaxCrossEntropy', epochs: 10, batchSize: 64, seed: 15 },
  { name: 'blobs-8-softmax-then-logit-loss', label: 'not-decreasing', data: blobs(400, 8, 1, 7, { dim: 4 }), model: { hidden: [32], softmax: true }, optimizer: { name: 'adam', learningRate: 3e-3 }, loss: 'softmaxCrossEntropy', epochs: 15, batchSize: 32, seed: 19 },
  { name: 'digits-logits-into-probability-loss', label: 'not-decreasing', data: digits({ seed: 24 }), model: { hidden: [64] }, optimizer: { name: 'adam', learningRate: 1e-3 }, loss: 'categoricalCrossentropy', epochs: 8, batchSize: 64, seed: 9 },
  { name: 'digits-dead-relu', label: 'not-decreasing', data: digits({ seed: 6 }), model: { hidden: [64], hiddenBias: -20 }, optimizer: { name: 'adam', learningRate: 1e-3 }, epochs: 8, batchSize: 64, seed: 16 },
  { name: 'digits-deep-sigmoid-vanishing', label: 'not-decreasing', data: digits({ seed: 7 }), model: { hidden: [32, 32, 32, 32, 32, 32, 32], activation: 'sigmoid' }, optimizer: { name: 'sgd', learningRate: 0.01 }, epochs: 8, batchSize: 64, seed: 17 },
  { name: 'spirals-rmsprop-lr-1e-6', label: 'not-decreasing', data: spirals(400, 0.02, 8), model: { hidden: [64, 64] }, optimizer: { name: 'rmsprop', learningRate: 1e-6 }, epochs: 25, batchSize: 32, seed: 18 },

  // ── diverging ────────────────────────────────────────────────────────────────────────────
  { name: 'digits-sgd-lr-5', label: 'diverging', data: digits({ seed: 8 }), model: { hidden: [64] }, optimizer: { name: 'sgd', learningRate: 5 }, epochs: 8, batchSize: 64, seed: 20 },
  { name: 'moons-sgd-momentum-lr-3', label: 'diverging', data: moons(400, 0.1, 9), model: { hidden: [32, 32] }, optimizer: { name: 'sgd', learningRate: 3, momentum: 0.9 }, epochs: 15, batchSize: 32, seed: 21 },
  // Built as diverging; its loss jumps up and down but comes back below its start: labelled unstable.
  { name: 'digits-raw-pixels-sgd', label: 'unstable', data: digits({ standardize: false, seed: 9 }), model: { hidden: [64] }, optimizer: { name: 'sgd', learningRate: 0.1 }, epochs: 8, batchSize: 64, seed: 22 },
  { name: 'blobs-raw-scale-sgd', label: 'diverging', data: blobs(400, 4, 2, 10, { dim: 8 }), model: { hidden: [32] }, optimizer: { name: 'sgd', learningRate: 0.5, momentum: 0.9 }, epochs: 10, batchSize: 32, seed: 23 },
  { name: 'digits-deep-huge-init', label: 'diverging', data: digits({ seed: 10 }), model: { hidden: [64, 64, 64, 64], initStd: 1 }, optimizer: { name: 'sgd', learningRate: 0.1, momentum: 0.9 }, epochs: 6, batchSize: 64, seed: 24 },
  { name: 'spirals-rmsprop-lr-1', label: 'diverging', data: spirals(400, 0.02, 11), model: { hidden: [64, 64] }, optimizer: { name: 'rmsprop', learningRate: 1 }, epochs: 20, batchSize: 32, seed: 25 },
  { name: 'digits-adam-lr-1', label: 'diverging', data: digits({ seed: 11 }), model: { hidden: [128, 128] }, optimizer: { name: 'adam', learningRate: 1 }, epochs: 8, batchSize: 64, seed: 26 },
  { name: 'moons-scaled-100-sgd', label: 'diverging', data: moons(400, 0.1, 12, { scale: 100 }), model: { hidden: [32] }, optimizer: { name: 'sgd', learningRate: 0.1, momentum: 0.9 }, epochs: 15, batchSize: 32, seed: 27 },

  // ── unstable ─────────────────────────────────────────────────────────────────────────────
  { name: 'digits-adam-lr-0.03', label: 'unstable', data: digits({ seed: 12 }), model: { hidden: [128] }, optimizer: { name: 'adam', learningRate: 0.03 }, epochs: 12, batchSize: 64, seed: 30 },
  { name: 'digits-sgd-batch-4-lr-0.2', label: 'unstable', data: digits({ seed: 13, trainSize: 600 }), model: { hidden: [64] }, optimizer: { name: 'sgd', learningRate: 0.2 }, epochs: 4, batchSize: 4, seed: 31 },
  { name: 'moons-adam-lr-0.3', label: 'unstable', data: moons(400, 0.1, 14), model: { hidden: [32, 32] }, optimizer: { name: 'adam', learningRate: 0.3 }, epochs: 30, batchSize: 32, seed: 32 },
  { name: 'spirals-rmsprop-lr-0.03', label: 'unstable', data: spirals(400, 0.02, 15), model: { hidden: [64, 64] }, optimizer: { name: 'rmsprop', learningRate: 0.03 }, epochs: 40, batchSize: 32, seed: 33 },
  { name: 'blobs-adam-lr-0.2', label: 'unstable', data: blobs(400, 5, 1.5, 16), model: { hidden: [32] }, optimizer: { name: 'adam', learningRate: 0.2 }, epochs: 20, batchSize: 8, seed: 34 },
  { name: 'digits-rmsprop-lr-0.02', label: 'unstable', data: digits({ seed: 14 }), model: { hidden: [64, 64] }, optimizer: { name: 'rmsprop', learningRate: 0.02 }, epochs: 10, batchSize: 32, seed: 35 },
  // Built as unstable; its curves showed a rough first epoch, then smooth progress (Adam's per-weight
  // scaling copes with the raw scale): labelled by what it shows.
  { name: 'digits-raw-pixels-adam', label: 'healthy', data: digits({ standardize: false, seed: 15 }), model: { hidden: [64] }, optimizer: { name: 'adam', learningRate: 0.05 }, epochs: 10, batchSize: 64, seed: 36 },
  { name: 'moons-sgd-batch-2-lr-2', label: 'unstable', data: moons(200, 0.1, 17), model: { hidden: [32] }, optimizer: { name: 'sgd', learningRate: 2 }, epochs: 8, batchSize: 2, seed: 37 },

  // ── overfitting ──────────────────────────────────────────────────────────────────────────
  { name: 'digits-60-images-adam', label: 'overfitting', data: digits({ trainSize: 60, seed: 16 }), model: { hidden: [256, 256] }, optimizer: { name: 'adam', learningRate: 3e-3 }, epochs: 80, batchSize: 32, seed: 40 },
  { name: 'digits-100-images-sgd', label: 'overfitting', data: digits({ trainSize: 100, seed: 17 }), model: { hidden: [256] }, optimizer: { name: 'sgd', learningRate: 0.1, momentum: 0.9 }, epochs: 80, batchSize: 16, seed: 41 },
  { name: 'moons-40-noisy-adam', label: 'overfitting', data: moons(40, 0.35, 18), model: { hidden: [128, 128] }, optimizer: { name: 'adam', learningRate: 0.01 }, epochs: 150, batchSize: 16, seed: 42 },
  { name: 'spirals-80-noisy-adam', label: 'overfitting', data: spirals(80, 0.15, 19), model: { hidden: [128, 128] }, optimizer: { name: 'adam', learningRate: 0.01 }, epochs: 150, batchSize: 16, seed: 43 },
  { name: 'blobs-60-overlap-adam', label: 'overfitting', data: blobs(60, 4, 3, 20), model: { hidden: [128, 128] }, optimizer: { name: 'adam', learningRate: 0.01 }, epochs: 150, batchSize: 16, seed: 44 },
  { name: 'digits-150-images-rmsprop', label: 'overfitting', data: digits({ trainSize: 150, seed: 18 }), model: { hidden: [256, 256] }, optimizer: { name: 'rmsprop', learningRate: 2e-3 }, epochs: 50, batchSize: 32, seed: 45 },
  { name: 'blobs-80-overlap-10d-sgd', label: 'overfitting', data: blobs(80, 3, 4, 21, { dim: 10 }), model: { hidden: [128] }, optimizer: { name: 'sgd', learningRate: 0.05, momentum: 0.9 }, epochs: 150, batchSize: 16, seed: 46 },
  { name: 'moons-60-noisy-adamw', label: 'overfitting', data: moons(60, 0.4, 22), model: { hidden: [128, 128] }, optimizer: { name: 'adamw', learningRate: 0.01, weightDecay: 0.01 }, epochs: 150, batchSize: 16, seed: 47 },

  // ── underfitting ─────────────────────────────────────────────────────────────────────────
  { name: 'digits-2-hidden-units', label: 'underfitting', data: digits({ seed: 19 }), model: { hidden: [2] }, optimizer: { name: 'adam', learningRate: 1e-2 }, epochs: 12, batchSize: 64, seed: 50 },
  { name: 'digits-sgd-weight-decay-0.05', label: 'underfitting', data: digits({ seed: 20 }), model: { hidden: [64] }, optimizer: { name: 'sgd', learningRate: 0.05, momentum: 0.9, weightDecay: 0.05 }, epochs: 10, batchSize: 64, seed: 51 },
  { name: 'digits-dropout-0.95', label: 'underfitting', data: digits({ seed: 21 }), model: { hidden: [64], dropout: 0.95 }, optimizer: { name: 'adam', learningRate: 1e-3 }, epochs: 10, batchSize: 64, seed: 52 },
  { name: 'moons-linear', label: 'underfitting', data: moons(400, 0.1, 23), model: { hidden: [] }, optimizer: { name: 'adam', learningRate: 0.02 }, epochs: 25, batchSize: 32, seed: 53 },
  { name: 'blobs-10-1-hidden-unit', label: 'underfitting', data: blobs(500, 10, 1, 24), model: { hidden: [1] }, optimizer: { name: 'adam', learningRate: 0.02 }, epochs: 20, batchSize: 32, seed: 54 },
  { name: 'digits-adam-2-epochs', label: 'underfitting', data: digits({ seed: 22 }), model: { hidden: [64] }, optimizer: { name: 'adam', learningRate: 1e-3 }, epochs: 2, batchSize: 64, seed: 55 },
  { name: 'blobs-adamw-decay-5', label: 'underfitting', data: blobs(400, 6, 1.5, 25), model: { hidden: [32] }, optimizer: { name: 'adamw', learningRate: 0.01, weightDecay: 5 }, epochs: 15, batchSize: 32, seed: 56 },
  { name: 'moons-sgd-weight-decay-0.1', label: 'underfitting', data: moons(400, 0.1, 26), model: { hidden: [32] }, optimizer: { name: 'sgd', learningRate: 0.1, momentum: 0.9, weightDecay: 0.1 }, epochs: 30, batchSize: 32, seed: 57 },
];
