/**
 * Soak: long train() runs with every optimizer, a schedule and the built-in callbacks, watching
 * `tf.memory().numTensors` and the JS heap. Both must stay flat: a leak of one tensor or a few
 * hundred bytes per step shows up over 10,000 steps.
 *
 *   npm run bench:soak [-- steps]      (default 10000 steps per optimizer)
 *
 * Each run: an MLP 8→32→32→3 on 256 blob points, batch 32 (8 steps an epoch), validation and
 * accuracy every epoch, a warmup-cosine schedule (`learningRate`), `earlyStopping` with
 * `restoreBestWeights` (a weight copy every improving epoch), `reduceLrOnPlateau`, global-norm
 * clipping with the norm recorded, and a checkpoint every 100 epochs (written and replaced).
 * Samples every 64 epochs (512 steps), at an epoch's end; the heap is measured after a forced GC (run with --expose-gc).
 * Reported: tensors at the first sample and at the end, the heap's spread after warm-up, and the
 * heap's least-squares slope in bytes per 1,000 steps.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { adam, adamw, blobs, earlyStopping, ready, reduceLrOnPlateau, rmsprop, sgd, train, warmupCosine, type Callback } from '../src/index';
import { parseCommandLine, usageError } from '../tools/cli';

const USAGE = `usage: npm run bench:soak [-- steps]

Long train() runs with every optimizer (default 10000 steps each), watching the tensor count and the
JS heap; both must stay flat.

  -h, --help  show this text`;
const { positionals } = parseCommandLine('bench:soak', USAGE, {}, { positionals: true });
if (positionals.length > 1 || (positionals[0] !== undefined && !/^\d+$/.test(positionals[0]))) usageError('bench:soak', `steps must be one whole number, got ${positionals.join(' ')}`, USAGE);
const steps = Number(positionals[0] ?? 10_000);
const SAMPLE_EVERY = 64; // epochs (512 steps): sampled at epoch ends, where the epoch's per-step metric tensors are freed
const gc = (globalThis as { gc?: () => void }).gc;

const backend = await ready();
console.log(`backend: ${backend.name}; node ${process.version}; ${steps} steps per optimizer; GC ${gc ? 'forced before each heap sample' : 'not exposed (run with --expose-gc)'}`);

const OPTIMIZERS: [string, () => tf.Optimizer][] = [
  ['sgd (momentum 0.9, Nesterov, weight decay)', () => sgd({ learningRate: 0.05, momentum: 0.9, nesterov: true, weightDecay: 1e-4 })],
  ['adam (amsgrad)', () => adam({ learningRate: 1e-3, amsgrad: true })],
  ['adamw', () => adamw({ learningRate: 1e-3 })],
  ['rmsprop (centered, momentum)', () => rmsprop({ learningRate: 1e-3, centered: true, momentum: 0.5 })],
  ['sgd (unfused)', () => sgd({ learningRate: 0.05, momentum: 0.9, fused: false })],
];

const baseline = tf.memory().numTensors;
const trainSet = blobs({ n: 256, centers: 3, dim: 8, std: 3, seed: 1 });
const valSet = blobs({ n: 128, centers: trainSet.centers, std: 3, seed: 2 });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trainlab-soak-'));
const rows: string[][] = [['optimizer', 'steps', 'tensors first → last', 'heap after warm-up (MB)', 'heap slope (KB / 1,000 steps)', 's']];

for (const [name, make] of OPTIMIZERS) {
  const model = tf.sequential({ layers: [
    tf.layers.dense({ inputShape: [8], units: 32, activation: 'relu' }),
    tf.layers.dense({ units: 32, activation: 'relu' }),
    tf.layers.dense({ units: 3 }),
  ] });
  const optimizer = make();
  const samples: { step: number; tensors: number; heap: number }[] = [];
  const sampler: Callback = {
    onEpochEnd(epoch, _logs, ctx) {
      if ((epoch + 1) % SAMPLE_EVERY !== 0 && epoch + 1 !== ctx.params.epochs) return;
      gc?.();
      samples.push({ step: ctx.step, tensors: tf.memory().numTensors, heap: process.memoryUsage().heapUsed });
    },
  };
  const stopper = earlyStopping({ patience: 1_000_000, restoreBestWeights: true });
  const started = Date.now();
  const stepsPerEpoch = 8;
  await train(model, { x: trainSet.x, y: trainSet.y }, {
    optimizer, loss: 'softmaxCrossEntropy', epochs: Math.ceil(steps / stepsPerEpoch), batchSize: 32, progress: 'none',
    validationData: { x: valSet.x, y: valSet.y }, metrics: ['accuracy'],
    learningRate: warmupCosine({ peakLr: 0.01, warmupSteps: 200, decaySteps: steps }),
    callbacks: [stopper, reduceLrOnPlateau({ patience: 20 }), sampler],
    clipGradNorm: 5, recordGradNorm: true,
    checkpoint: { dir: path.join(dir, name.replace(/\W+/g, '-')), everyEpochs: 100 },
  });
  const seconds = (Date.now() - started) / 1000;
  const warm = samples.slice(1); // after warm-up (the first sample is after 512 steps already; this drops it too)
  const heaps = warm.map((s) => s.heap);
  const n = warm.length;
  const mx = warm.reduce((a, s) => a + s.step, 0) / n;
  const my = heaps.reduce((a, h) => a + h, 0) / n;
  const slope = warm.reduce((a, s) => a + (s.step - mx) * (s.heap - my), 0) / warm.reduce((a, s) => a + (s.step - mx) ** 2, 0);
  const last = samples[samples.length - 1];
  rows.push([
    name,
    String(last.step),
    `${samples[0].tensors} → ${last.tensors}`,
    `${(Math.min(...heaps) / 2 ** 20).toFixed(1)}–${(Math.max(...heaps) / 2 ** 20).toFixed(1)}`,
    ((slope * 1000) / 1024).toFixed(2),
    seconds.toFixed(0),
  ]);
  const flat = warm.every((s) => s.tensors === samples[0].tensors);
  if (!flat) console.log(`  ${name}: tensor count moved: ${samples.map((s) => s.tensors).join(', ')}`);
  model.dispose();
  optimizer.dispose();
  stopper.dispose();
}
trainSet.dispose();
valSet.dispose();
fs.rmSync(dir, { recursive: true, force: true });

const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => r[j].length)));
for (const r of rows) console.log(r.map((c, j) => c.padEnd(widths[j])).join('  '));
console.log(`tensors after every run and the data are freed: ${tf.memory().numTensors} (before the first run: ${baseline})`);
console.log('The heap slope includes the History itself: stepLoss, learningRate and gradNorm grow by 3 numbers a step (≈ 24 KB per 1,000 steps) by design.');
