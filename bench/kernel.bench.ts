/**
 * Kernel start + first cell: a one-cell notebook (import tfjs, select the backend, run one op)
 * executed from scratch — a fresh kernel each time — by Jupyter's own client
 * (`jupyter nbconvert --execute`, baseline) and by our runner (candidate). Absolute times are in
 * the table too: they are what a learner waits for before the first cell's output.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { executeNotebook } from '../tools/notebook-runner';
import type { Comparison } from './harness';

const REPO = resolve(import.meta.dirname, '..');
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

const comparisons: Comparison[] = [];
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
