/**
 * `npm run bench:profile [-- epochs]`: where the time of one `train()` step goes — the digits MLP
 * (64→128→128→10, batch 64, adamw, 1,438 rows → 23 steps an epoch) on the selected backend.
 * Prints, per kernel type, how many kernels one step runs and their time (tf.profile of one epoch,
 * divided by its steps), then the wall time per step measured without the profiler, and the part of
 * it spent outside kernels (tfjs's engine and tape, JS in train()). Includes what train() does
 * around the optimizer step (batch gather, loss read, history). Absolute times move with the load
 * of the machine; the kernel counts do not.
 */
import * as tf from '@tensorflow/tfjs';
import { ready } from '../src/backend';
import { loadDigits } from '../src/data/digits';
import { adamw } from '../src/optim/adamw';
import { train } from '../src/train/train';
import { parseCommandLine, usageError } from '../tools/cli';
import { digitsMlp } from './mlp';

const BATCH_SIZE = 64;
const USAGE = `usage: npm run bench:profile [-- epochs]

Profiles train() + adamw on the digits MLP for \`epochs\` epochs (default 10): kernels per step by
type and their time.

  -h, --help  show this text`;
const { positionals } = parseCommandLine('bench:profile', USAGE, {}, { positionals: true });
if (positionals.length > 1 || (positionals[0] !== undefined && !/^\d+$/.test(positionals[0]))) usageError('bench:profile', `epochs must be one whole number, got ${positionals.join(' ')}`, USAGE);
const epochs = Number(positionals[0] ?? 10);

const backend = await ready();
const data = loadDigits({ seed: 0 });
const model = digitsMlp();
const optimizer = adamw({ learningRate: 1e-3 });
const steps = Math.ceil(data.xTrain.shape[0] / BATCH_SIZE);
let seed = 0;
const oneEpoch = () =>
  train(model, { x: data.xTrain, y: data.yTrain }, { optimizer, loss: 'softmaxCrossEntropy', batchSize: BATCH_SIZE, seed: seed++, progress: 'none' });

for (let i = 0; i < 3; i++) await oneEpoch(); // warm: kernels set up, optimizer state made

const profile = await tf.profile(async () => void (await oneEpoch()));
const byName = new Map<string, { count: number; ms: number }>();
for (const k of profile.kernels) {
  const entry = byName.get(k.name) ?? { count: 0, ms: 0 };
  entry.count++;
  entry.ms += Number(k.kernelTimeMs);
  byName.set(k.name, entry);
}

// Wall time per step without the profiler: the median over `epochs` epochs.
const perStep: number[] = [];
for (let e = 0; e < epochs; e++) {
  const start = performance.now();
  await oneEpoch();
  perStep.push((performance.now() - start) / steps);
}
const wallMs = perStep.sort((a, b) => a - b)[perStep.length >> 1];

for (const e of byName.values()) {
  e.count /= steps;
  e.ms /= steps;
}
// `name__op` entries are custom-gradient ops (e.g. tf.losses.softmaxCrossEntropy): their time
// includes the kernels they ran, which are listed on their own, so they stay out of the totals.
const isOp = (name: string) => name.endsWith('__op');
const leaves = [...byName.entries()].filter(([name]) => !isOp(name));
const kernelMs = leaves.reduce((sum, [, e]) => sum + e.ms, 0);
const kernelCount = leaves.reduce((sum, [, e]) => sum + e.count, 0);
const rows = [...byName.entries()].sort((a, b) => Number(isOp(a[0])) - Number(isOp(b[0])) || b[1].ms - a[1].ms);
const pad = (s: string | number, n: number) => String(s).padStart(n);
console.log(`backend: ${backend.name} (fast matmul ${backend.fastMatMul ? 'on' : 'off'}); one train() step of the digits MLP, batch ${BATCH_SIZE}, adamw\n`);
console.log(`per step (one profiled epoch of ${steps} steps):\n`);
console.log(`${'kernel'.padEnd(24)} ${pad('count', 6)} ${pad('ms', 8)} ${pad('µs/call', 8)} ${pad('share', 6)}`);
for (const [name, e] of rows) {
  const share = isOp(name) ? '(op)' : `${((100 * e.ms) / kernelMs).toFixed(0)} %`;
  console.log(`${name.padEnd(24)} ${pad(e.count.toFixed(1), 6)} ${pad(e.ms.toFixed(3), 8)} ${pad(((e.ms / e.count) * 1000).toFixed(0), 8)} ${pad(share, 6)}`);
}
console.log(`${'total (kernels)'.padEnd(24)} ${pad(kernelCount.toFixed(1), 6)} ${pad(kernelMs.toFixed(3), 8)}`);
console.log(`\nwall time per step (no profiler, median of ${epochs} epochs): ${wallMs.toFixed(3)} ms → ${(1000 / wallMs).toFixed(0)} steps/s`);
console.log(`inside kernels: ${kernelMs.toFixed(3)} ms; outside kernels ≈ ${Math.max(0, wallMs - kernelMs).toFixed(3)} ms`);
console.log(`new tensors after the profiled epoch: ${profile.newTensors}`);

data.dispose();
model.dispose();
optimizer.dispose();
