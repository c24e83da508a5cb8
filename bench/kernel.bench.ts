/**
 * What a learner waits for in a notebook, in absolute times (the table has them) and as ratios:
 *
 * - kernel start, first library import, later library import: the kernel loading the library
 *   from its compiled build (candidate, the default; tools/kernel/library.cjs) against tslab
 *   compiling src/ from source (baseline, TRAINLAB_KERNEL_LIBRARY=source). "First" is the first
 *   cell importing `./src/index` after a cell that imported tfjs, in a fresh kernel; "later" is
 *   another cell importing from it in the same kernel.
 * - kernel start + first cell: a one-cell notebook (import tfjs, select the backend, run one op)
 *   executed from scratch by Jupyter's own client (`jupyter nbconvert --execute`, baseline) and by
 *   our runner (candidate).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KernelClient } from '../tools/kernel/kernel-client';
import { executeNotebook } from '../tools/notebooks/notebook-runner';
import { ROOT } from '../tools/root.cjs';
import type { BenchStep, Comparison } from './harness';

const REPO = ROOT;
const JUPYTER = '/usr/bin/jupyter';

function firstCellNotebook(): string {
  const dir = mkdtempSync(join(tmpdir(), 'trainlab-bench-'));
  const file = join(dir, 'first-cell.ipynb');
  const source = "import * as tf from '@tensorflow/tfjs';\nimport { ready } from './src/index';\nawait ready();\ntf.tensor([1, 2, 3]).sum().print();";
  writeFileSync(
    file,
    JSON.stringify({
      cells: [{ cell_type: 'code', execution_count: null, id: 'first', metadata: {}, outputs: [], source }],
      metadata: { kernelspec: { display_name: 'TypeScript (trainlab)', language: 'typescript', name: 'trainlab' } },
      nbformat: 4,
      nbformat_minor: 5,
    }),
  );
  return file;
}

const SPEC = join(REPO, 'jupyter', 'kernels', 'trainlab');
const SOURCE = { TRAINLAB_KERNEL_LIBRARY: 'source' };

/** Runs one cell; throws with the kernel's output unless it succeeds. */
async function cell(kernel: KernelClient, code: string): Promise<void> {
  let output = '';
  const reply = await kernel.execute(code, (message) => {
    output += (message.content as { text?: string }).text ?? '';
  });
  if (reply.status !== 'ok') throw new Error(`bench cell failed (${reply.status}):\n${code}\n${output}`);
}

const TFJS = "import * as tf from '@tensorflow/tfjs';\ntf.version_core;";
let cells = 0;
/** A cell importing from the library under a name no earlier cell used. */
const importCell = () => `import { sgd as sgd${++cells} } from './src/index';\nsgd${cells};`;

/**
 * A step that times `measure` on a kernel prepared by `prepare` — a fresh kernel for every round
 * (`iterations: 1`), so "first import" is always a first.
 */
function freshKernelStep(env: Record<string, string>, prepare: (kernel: KernelClient) => Promise<void>, measure: (kernel: () => KernelClient) => Promise<void>): BenchStep {
  let kernel: KernelClient | undefined;
  const stop = async () => {
    await kernel?.shutdown();
    kernel = undefined;
  };
  return {
    enter: async () => {
      await stop();
      kernel = await KernelClient.start(SPEC, 120_000, { env });
      await prepare(kernel);
    },
    run: () => measure(() => kernel!),
    teardown: stop,
  };
}

const fromSource = { label: 'tslab compiles src/', env: SOURCE };
const fromBuild = { label: 'compiled build', env: {} };
const sides = <T>(make: (env: Record<string, string>) => T) => [fromSource, fromBuild].map(({ label, env }) => ({ label, setup: () => make(env) }));

const [startSource, startBuild] = sides((env): BenchStep => {
  let kernel: KernelClient | undefined;
  const stop = async () => {
    await kernel?.shutdown();
    kernel = undefined;
  };
  return { run: async () => { await stop(); kernel = await KernelClient.start(SPEC, 120_000, { env }); }, teardown: stop };
});
const [firstSource, firstBuild] = sides((env) => freshKernelStep(env, (k) => cell(k, TFJS), async (k) => cell(k(), importCell())));
const [laterSource, laterBuild] = sides(async (env): Promise<BenchStep> => {
  const kernel = await KernelClient.start(SPEC, 120_000, { env });
  await cell(kernel, TFJS);
  await cell(kernel, importCell());
  return { run: () => cell(kernel, importCell()), teardown: () => kernel.shutdown() };
});

const comparisons: Comparison[] = [
  { name: 'notebook: kernel start', baseline: startSource, candidate: startBuild, iterations: 1, rounds: 3, warmup: 1 },
  { name: 'notebook: first library import', baseline: firstSource, candidate: firstBuild, iterations: 1, rounds: 3, warmup: 0 },
  { name: 'notebook: later library import', baseline: laterSource, candidate: laterBuild, iterations: 3, rounds: 3, warmup: 1 },
];
if (existsSync(JUPYTER)) {
  const notebook = firstCellNotebook();
  comparisons.push({
    name: 'kernel start + first cell',
    baseline: {
      label: 'jupyter nbconvert --execute',
      setup: () => ({
        run: () =>
          execFileSync(JUPYTER, ['nbconvert', '--to', 'notebook', '--execute', notebook, '--stdout'], {
            env: { ...process.env, JUPYTER_PATH: join(REPO, 'jupyter') },
            stdio: ['ignore', 'ignore', 'ignore'],
          }),
      }),
    },
    candidate: { label: 'trainlab runner', setup: () => ({ run: () => executeNotebook(notebook) }) },
    iterations: 1,
    rounds: 3,
    warmup: 1,
  });
} else {
  console.warn(`skipping "kernel start + first cell": ${JUPYTER} is not installed (apt-get install jupyter-nbconvert)`);
}
export default comparisons;
