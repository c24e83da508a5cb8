/**
 * The headline numbers of issue 18: one epoch of the digits MLP (64→128→128→10, batch 64,
 * 1,438 training rows → 23 steps), steps/s of
 *
 *   - `train()` + our `adamw` against tfjs's own way, `model.fit` + `tf.train.adam` (same data,
 *     softmax cross-entropy on the logits, shuffled);
 *   - `train()` on its dense fast path (src/fast/dense-step.ts) against the same call on autodiff;
 *   - `train()` + `adamw` against PyTorch (Debian's python3-torch, 1 thread, AdamW, the same model and
 *     batch size; bench/torch_mlp.py in a child process timed from here). Target ≥ 1.5×.
 *
 * The PyTorch comparison is skipped, with a message, where `/usr/bin/python3` cannot import torch.
 */
import * as tf from '@tensorflow/tfjs';
import { loadDigits, type DigitsData } from '../src/data/digits';
import { adamw } from '../src/optim/adamw';
import { train } from '../src/train/train';
import type { BenchCase, Comparison } from './harness';
import { digitsMlp } from './mlp';
import { startTorchMlp, torchUnavailable } from './torch';

const BATCH_SIZE = 64;
const TRAIN_ROWS = 1438; // loadDigits({ seed: 0 }).xTrain
const STEPS = Math.ceil(TRAIN_ROWS / BATCH_SIZE);

function withDigits(label: string, build: (data: DigitsData, model: tf.Sequential) => { run: () => Promise<unknown>; optimizer: tf.Optimizer }): BenchCase {
  return {
    label,
    setup: () => {
      const data = loadDigits({ seed: 0 });
      if (data.xTrain.shape[0] !== TRAIN_ROWS) throw new Error(`digits bench: expected ${TRAIN_ROWS} training rows, got ${data.xTrain.shape[0]}`);
      const model = digitsMlp();
      const { run, optimizer } = build(data, model);
      return {
        run,
        teardown: () => {
          data.dispose();
          model.dispose();
          optimizer.dispose();
        },
      };
    },
  };
}

/**
 * `train()` + adamw, one epoch per run (a new shuffle each time). `autodiff` passes a custom loss
 * equal to the built-in softmax cross-entropy, which keeps train() off the dense fast path.
 */
function trainAdamw(autodiff = false): BenchCase {
  return withDigits(autodiff ? 'train() + adamw, autodiff' : 'train() + adamw', (data, model) => {
    const optimizer = adamw({ learningRate: 1e-3 });
    let seed = 0;
    const loss = autodiff ? (y: tf.Tensor, logits: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar : 'softmaxCrossEntropy';
    const options = { optimizer, loss, epochs: 1, batchSize: BATCH_SIZE, progress: 'none' } as const;
    return { optimizer, run: () => train(model, { x: data.xTrain, y: data.yTrain }, { ...options, seed: seed++ }) };
  });
}

const fitAdam: BenchCase = withDigits('model.fit + tf.train.adam', (data, model) => {
  const optimizer = tf.train.adam(1e-3);
  model.compile({ optimizer, loss: (y: tf.Tensor, logits: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, logits) });
  return { optimizer, run: () => model.fit(data.xTrain, data.yTrain, { batchSize: BATCH_SIZE, epochs: 1, shuffle: true, verbose: 0 }) };
});

const pytorch: BenchCase = {
  label: 'PyTorch AdamW, 1 thread',
  setup: async () => {
    const torch = await startTorchMlp(TRAIN_ROWS, BATCH_SIZE);
    console.log(`  PyTorch side: ${torch.version}`);
    return { run: () => torch.epoch(), teardown: () => torch.close() };
  },
};

const comparisons: Comparison[] = [
  { name: 'digits MLP epoch: train() + adamw vs model.fit + tf.train.adam', baseline: fitAdam, candidate: trainAdamw(), stepsPerRun: STEPS, iterations: 1, rounds: 21, warmup: 2 },
  { name: 'digits MLP epoch: train() dense fast path vs autodiff', baseline: trainAdamw(true), candidate: trainAdamw(), stepsPerRun: STEPS, iterations: 1, rounds: 21, warmup: 2 },
];
const noTorch = torchUnavailable();
if (noTorch === null) {
  comparisons.push({ name: 'digits MLP epoch: train() + adamw vs PyTorch', baseline: pytorch, candidate: trainAdamw(), stepsPerRun: STEPS, iterations: 1, rounds: 21, warmup: 2, target: 1.5 });
} else {
  console.warn(`skipping "digits MLP epoch: train() + adamw vs PyTorch": ${noTorch}`);
}
export default comparisons;
