/**
 * The headline numbers of issue 18: one epoch of the digits MLP (64→128→128→10, batch 64,
 * 1,438 training rows → 23 steps), steps/s of
 *
 *   - `train()` + `adamw` now against the same call as it ran before issue 18's work (stock wasm
 *     matmul, autodiff, `tf.losses.softmaxCrossEntropy`; the faster batching is in both);
 *   - `train()` + our `adamw` against tfjs's own way, `model.fit` + `tf.train.adam` (same data,
 *     softmax cross-entropy on the logits, shuffled);
 *   - `train()` on its dense fast path (src/fast/dense-step.ts) against the same call on autodiff;
 *   - a read of the loss per step against one read of all the epoch's losses at its end;
 *   - on autodiff, the fused softmax cross-entropy (src/fast/softmax-cross-entropy.ts) against
 *     `tf.losses.softmaxCrossEntropy` (what models off the dense path gain);
 *   - `train()` + `adamw` against PyTorch (Debian's python3-torch, 1 thread, AdamW, the same model and
 *     batch size; bench/torch_mlp.py in a child process timed from here). Target ≥ 1.5×.
 *
 * The PyTorch comparison is skipped, with a message, where `/usr/bin/python3` cannot import torch.
 */
import * as tf from '@tensorflow/tfjs';
import { loadDigits, type DigitsData } from '../src/data/digits';
import { denseStepMinimize, planDenseStep } from '../src/fast/dense-step';
import { softmaxCrossEntropy } from '../src/fast/softmax-cross-entropy';
import { installFastMatMul, uninstallFastMatMul } from '../src/fast/matmul';
import { adamw } from '../src/optim/adamw';
import { train } from '../src/train/train';
import type { BenchCase, Comparison } from './harness';
import { digitsBatch, digitsMlp } from './mlp';
import { startTorchMlp, torchUnavailable } from './torch';

const BATCH_SIZE = 64;
const TRAIN_ROWS = 1438; // loadDigits({ seed: 0 }).xTrain
const STEPS = Math.ceil(TRAIN_ROWS / BATCH_SIZE);

function withDigits(
  label: string,
  build: (data: DigitsData, model: tf.Sequential) => { run: () => Promise<unknown>; optimizer: tf.Optimizer },
  enter?: () => void,
): BenchCase {
  return {
    label,
    setup: () => {
      enter?.();
      const data = loadDigits({ seed: 0 });
      if (data.xTrain.shape[0] !== TRAIN_ROWS) throw new Error(`digits bench: expected ${TRAIN_ROWS} training rows, got ${data.xTrain.shape[0]}`);
      const model = digitsMlp();
      const { run, optimizer } = build(data, model);
      return {
        run,
        enter,
        teardown: () => {
          installFastMatMul('wasm'); // as ready() left it
          data.dispose();
          model.dispose();
          optimizer.dispose();
        },
      };
    },
  };
}

/**
 * `train()` + adamw, one epoch per run (a new shuffle each time), with the loss given
 *   - `'name'`: as 'softmaxCrossEntropy' — the dense fast path;
 *   - `'tfjs'`: as a function calling `tf.losses.softmaxCrossEntropy` — autodiff, tfjs's loss;
 *   - `'fused'`: as a function calling our fused softmaxCrossEntropy — autodiff, the fused loss.
 */
function trainAdamw(loss: 'name' | 'tfjs' | 'fused' = 'name', stockMatMul = false): BenchCase {
  const labels = { name: 'train() + adamw', tfjs: 'train() + adamw, autodiff, tf.losses', fused: 'train() + adamw, autodiff, fused loss' };
  const fn = {
    name: 'softmaxCrossEntropy' as const,
    tfjs: (y: tf.Tensor, logits: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar,
    fused: (y: tf.Tensor, logits: tf.Tensor) => softmaxCrossEntropy(y, logits),
  }[loss];
  const label = stockMatMul ? `${labels[loss]}, stock matmul` : labels[loss];
  const matmul = () => void (stockMatMul ? uninstallFastMatMul('wasm') : installFastMatMul('wasm'));
  return withDigits(label, (data, model) => {
    const optimizer = adamw({ learningRate: 1e-3 });
    let seed = 0;
    const options = { optimizer, loss: fn, epochs: 1, batchSize: BATCH_SIZE, progress: 'none' } as const;
    return { optimizer, run: () => train(model, { x: data.xTrain, y: data.yTrain }, { ...options, seed: seed++ }) };
  }, matmul);
}

const fitAdam: BenchCase = withDigits('model.fit + tf.train.adam', (data, model) => {
  const optimizer = tf.train.adam(1e-3);
  model.compile({ optimizer, loss: (y: tf.Tensor, logits: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, logits) });
  return { optimizer, run: () => model.fit(data.xTrain, data.yTrain, { batchSize: BATCH_SIZE, epochs: 1, shuffle: true, verbose: 0 }) };
});

/**
 * 23 dense fast-path steps on one fixed batch, reading each step's loss at once (`eager`, as train()
 * does) or keeping the 23 loss tensors and reading them together at the end: what deferring the
 * read would save. On wasm and cpu a read is a memory copy with no pipeline to drain.
 */
function lossReads(deferred: boolean): BenchCase {
  return {
    label: deferred ? '23 steps, one read at the end' : '23 steps, a read per step',
    setup: () => {
      const model = digitsMlp();
      const optimizer = adamw({ learningRate: 1e-3 });
      const { x, y } = digitsBatch(BATCH_SIZE);
      const plan = planDenseStep(model, 'softmaxCrossEntropy', model.trainableWeights.map((w) => w.read() as tf.Variable))!;
      return {
        run: () => {
          const losses: tf.Scalar[] = [];
          for (let i = 0; i < STEPS; i++) {
            const loss = denseStepMinimize(plan, optimizer, x, y);
            if (deferred) losses.push(loss);
            else {
              loss.dataSync();
              loss.dispose();
            }
          }
          if (deferred) {
            const all = tf.stack(losses);
            all.dataSync();
            tf.dispose([all, ...losses]);
          }
        },
        teardown: () => {
          tf.dispose([x, y]);
          optimizer.dispose();
          model.dispose();
        },
      };
    },
  };
}

const pytorch: BenchCase = {
  label: 'PyTorch AdamW, 1 thread',
  setup: async () => {
    const torch = await startTorchMlp(TRAIN_ROWS, BATCH_SIZE);
    console.log(`  PyTorch side: ${torch.version}`);
    return { run: () => torch.epoch(), teardown: () => torch.close() };
  },
};

const comparisons: Comparison[] = [
  { name: 'digits MLP epoch: train() + adamw now vs before issue 18 (stock matmul, autodiff, tf.losses)', baseline: trainAdamw('tfjs', true), candidate: trainAdamw(), stepsPerRun: STEPS, iterations: 1, rounds: 21, warmup: 2 },
  { name: 'digits MLP epoch: train() + adamw vs model.fit + tf.train.adam', baseline: fitAdam, candidate: trainAdamw(), stepsPerRun: STEPS, iterations: 1, rounds: 21, warmup: 2 },
  { name: 'digits MLP epoch: train() dense fast path vs autodiff', baseline: trainAdamw('tfjs'), candidate: trainAdamw(), stepsPerRun: STEPS, iterations: 1, rounds: 21, warmup: 2 },
  { name: 'digits MLP steps: loss read per step vs deferred', baseline: lossReads(false), candidate: lossReads(true), stepsPerRun: STEPS, iterations: 1, rounds: 21, warmup: 2 },
  { name: 'digits MLP epoch: autodiff, fused softmax cross-entropy vs tf.losses', baseline: trainAdamw('tfjs'), candidate: trainAdamw('fused'), stepsPerRun: STEPS, iterations: 1, rounds: 21, warmup: 2 },
];
const noTorch = torchUnavailable();
if (noTorch === null) {
  comparisons.push({ name: 'digits MLP epoch: train() + adamw vs PyTorch', baseline: pytorch, candidate: trainAdamw(), stepsPerRun: STEPS, iterations: 1, rounds: 21, warmup: 2, target: 1.5 });
} else {
  console.warn(`skipping "digits MLP epoch: train() + adamw vs PyTorch": ${noTorch}`);
}
export default comparisons;
