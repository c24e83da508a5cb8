/**
 * `npx tsx bench/notebook-import.ts [--runs N] [--kernel DIR]`: what a learner waits for in a
 * notebook, in absolute times — issue 18's targets are absolute (first library import ≤ 0.5 s,
 * later ones ≤ 0.1 s), while `npm run bench` reports them as ratios against tslab compiling src/.
 *
 * Each run starts a fresh kernel and times: kernel start (until it answers kernel_info), a cell
 * importing tfjs, the first cell importing from `./src/index`, and three later such cells (their
 * median). Prints each run with the 1-minute load average when it began, then the medians.
 * `--kernel` takes another checkout's kernelspec folder (e.g. main's, for a before/after).
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { KernelClient } from '../tools/kernel/kernel-client';
import { parseCommandLine, usageError } from '../tools/cli';
import { ROOT } from '../tools/root.cjs';

const USAGE = `usage: npx tsx bench/notebook-import.ts [--runs N] [--kernel DIR]

Times kernel start, first and later library imports in N fresh kernels (default 5) and prints
the medians with the load average.

  --runs N        fresh kernels to time (default 5)
  --kernel DIR    the kernelspec folder (default: this checkout's jupyter/kernels/trainlab)
  -h, --help      show this text`;
const { values } = parseCommandLine('notebook-import', USAGE, { runs: { type: 'string', default: '5' }, kernel: { type: 'string' } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) usageError('notebook-import', `--runs must be a whole number ≥ 1, got ${values.runs}`, USAGE);
const spec = values.kernel ?? join(ROOT, 'jupyter', 'kernels', 'trainlab');

/** Runs one cell and returns its time in ms; throws with the kernel's output unless it succeeds. */
async function timeCell(kernel: KernelClient, code: string): Promise<number> {
  let output = '';
  const started = performance.now();
  const reply = await kernel.execute(code, (message) => (output += (message.content as { text?: string }).text ?? ''));
  const ms = performance.now() - started;
  if (reply.status !== 'ok') throw new Error(`cell failed (${reply.status}):\n${code}\n${output}`);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];
const load = () => loadavg()[0].toFixed(2);
let imports = 0;
const importCell = () => `import { sgd as sgd${++imports} } from './src/index';\nsgd${imports};`;
const columns = { start: [] as number[], tfjs: [] as number[], first: [] as number[], later: [] as number[] };
console.log(`kernel: ${spec}`);
for (let run = 1; run <= runs; run++) {
  const loadBefore = load();
  const started = performance.now();
  const kernel = await KernelClient.start(spec, 120_000);
  try {
    const start = performance.now() - started;
    const tfjs = await timeCell(kernel, "import * as tf from '@tensorflow/tfjs';\ntf.version_core;");
    const first = await timeCell(kernel, importCell());
    const later = median([await timeCell(kernel, importCell()), await timeCell(kernel, importCell()), await timeCell(kernel, importCell())]);
    for (const [key, ms] of Object.entries({ start, tfjs, first, later })) columns[key as keyof typeof columns].push(ms);
    console.log(`run ${run}: load ${loadBefore}  start ${start.toFixed(0)} ms  tfjs ${tfjs.toFixed(0)} ms  first import ${first.toFixed(0)} ms  later import ${later.toFixed(0)} ms`);
  } finally {
    await kernel.shutdown();
  }
}
const ms = (xs: number[]) => `${(median(xs) / 1000).toFixed(3)} s`;
console.log(`median of ${runs}: kernel start ${ms(columns.start)}, tfjs cell ${ms(columns.tfjs)}, first library import ${ms(columns.first)}, later library import ${ms(columns.later)} (load average now ${loadavg().map((x) => x.toFixed(2)).join(' ')})`);
