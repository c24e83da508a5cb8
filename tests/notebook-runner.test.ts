/**
 * The headless notebook runner against the real tslab kernel. Each run starts a kernel (~2–3 s),
 * so the passing fixture runs once and several tests read its result.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinText, serializeNotebook, type Cell, type CodeCell, type Notebook, type Output } from '../tools/notebooks/nbformat';
import { CellExecutionError, CellTimeoutError, RerunError } from '../tools/notebooks/notebook-errors';
import { KernelClient, KernelDiedError } from '../tools/kernel/kernel-client';
import { executeNotebook } from '../tools/notebooks/notebook-runner';
import { requireProgram } from './helpers/system';

const REPO = path.resolve(import.meta.dirname, '..');
const fixture = (name: string) => path.join(REPO, 'tests', 'fixtures', 'notebooks', `${name}.ipynb`);
const JUPYTER = '/usr/bin/jupyter';
const hasJupyter = requireProgram(JUPYTER, {
  hint: 'apt-get install -y --no-install-recommends jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel',
});

interface KernelSeen { pid: number; connectionFile: string }

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: only checks that the process exists
    return true;
  } catch {
    return false;
  }
}

function expectKernelGone(kernel: KernelSeen | undefined): void {
  expect(kernel, 'the kernel should have started').toBeDefined();
  expect(isRunning(kernel!.pid), `kernel process ${kernel!.pid} is still running`).toBe(false);
  expect(existsSync(kernel!.connectionFile), 'the connection file should be removed').toBe(false);
}

const code = (cell: Cell | undefined) => cell as CodeCell;
const texts = (outputs: Output[]) =>
  outputs.map((o) => (o.output_type === 'stream' ? `${o.name}: ${joinText(o.text)}` : o.output_type === 'error' ? o.ename : o.data));

let scratch: string;
let passing: Notebook;
let passingKernel: KernelSeen | undefined;
let nbconvertRun: Promise<unknown> | undefined;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'trainlab-runner-test-'));
  if (hasJupyter) {
    // Started now, awaited by its own test: the two kernels start side by side, saving seconds.
    nbconvertRun = promisify(execFile)(
      JUPYTER,
      ['nbconvert', '--to', 'notebook', '--execute', fixture('passing'), '--output-dir', scratch, '--output', 'nbconvert'],
      { env: { ...process.env, JUPYTER_PATH: path.join(REPO, 'jupyter') } },
    );
    nbconvertRun.catch(() => {}); // reported by the test that awaits it
  }
  passing = await executeNotebook(fixture('passing'), { onKernelStart: (kernel) => (passingKernel = kernel) });
});

afterAll(async () => {
  await nbconvertRun?.catch(() => {}); // when its test was filtered out, it may still be running
  await rm(scratch, { recursive: true, force: true });
  // Whatever happened above, no kernel started by this test process may outlive it: the only
  // child left is `ps` itself.
  const children = spawnSync('ps', ['-o', 'args=', '--ppid', String(process.pid)], { encoding: 'utf8' }).stdout;
  expect(children.trim().split('\n').filter((line) => !line.startsWith('ps '))).toEqual([]);
});

describe('executeNotebook on a passing notebook', () => {
  it('collects stdout, stderr and the last expression, one output per stream run', () => {
    expect(texts(code(passing.cells[1]).outputs)).toEqual(['stdout: hello from cell 2\nsecond line\n']);
    expect(texts(code(passing.cells[3]).outputs)).toEqual(['stderr: a warning on stderr\n', 'stdout: 42\n']);
    // imported ./src/…: the kernel's first cell that loads the library says so first
    expect(texts(code(passing.cells[4]).outputs)).toEqual(['stdout: trainlab: loading the library…\nfunction\n']);
  });

  it('keeps display_data and applies a later update_display_data to it in place', () => {
    expect(code(passing.cells[2]).outputs).toEqual([
      { output_type: 'display_data', data: { 'text/html': '<b>bold</b>' }, metadata: {} },
      // shown as "step 0" by this cell, updated to "step 1" by the next one
      { output_type: 'display_data', data: { 'text/plain': 'step 1' }, metadata: {} },
    ]);
  });

  it('numbers executed cells, leaves markdown and empty cells alone, keeps ids and metadata', () => {
    expect(passing.cells.map((cell) => (cell.cell_type === 'code' ? cell.execution_count : 'md'))).toEqual(['md', 1, 2, 3, 4, null]);
    expect(passing.cells.map((cell) => cell.id)).toEqual(['passing-1', 'passing-2', 'passing-3', 'passing-4', 'passing-5', 'passing-6']);
    expect(passing.metadata.kernelspec).toEqual({ name: 'trainlab', display_name: 'TypeScript (trainlab)', language: 'typescript' });
    expect(passing.metadata.language_info).toMatchObject({ name: 'typescript', file_extension: '.ts' });
  });

  it('stops its kernel and removes the connection file', () => {
    expectKernelGone(passingKernel);
  });
});

describe('executeNotebook when a cell fails', () => {
  it('stops at the failing cell and names it and the error; later cells do not run', async () => {
    let kernel: KernelSeen | undefined;
    const error = await executeNotebook(fixture('error'), { onKernelStart: (k) => (kernel = k) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CellExecutionError);
    const failure = error as CellExecutionError;
    expect(failure.cellIndex).toBe(2);
    expect(failure.message).toContain('tests/fixtures/notebooks/error.ipynb, cell 2 (code cell 2) failed:');
    expect(failure.message).toContain("  | throw new Error('boom from cell 2');");
    expect(failure.errorText).toContain('Error: boom from cell 2');
    expect(failure.errorText, 'tslab-internal stack frames are noise').not.toContain('node_modules/tslab');
    const cells = failure.notebook!.cells;
    expect(texts(code(cells[0]).outputs)).toEqual(['stdout: cell 1 ran\n']);
    expect(code(cells[3])).toMatchObject({ execution_count: null, outputs: [] });
    expectKernelGone(kernel);
  });

  it('counts all cells in "cell N" and reports compile errors of a notebook given as an object', async () => {
    const notebook: Notebook = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {}, // no kernelspec: the trainlab kernel
      cells: [
        { cell_type: 'markdown', id: 'a', metadata: {}, source: '# Types are checked' },
        { cell_type: 'code', id: 'b', metadata: {}, source: "const n: number = 'text';", execution_count: null, outputs: [] },
      ],
    };
    const error = await executeNotebook(notebook).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CellExecutionError);
    expect((error as Error).message).toMatch(/^cell 2 \(code cell 1\) failed:\n/);
    expect((error as CellExecutionError).errorText).toBe("1:7 - Type 'string' is not assignable to type 'number'.");
    expect(code(notebook.cells[1]).outputs, 'the input notebook is not modified').toEqual([]);
  });
});

describe('executeNotebook with rerunInReverse', () => {
  const notebook = (...sources: string[]): Notebook => ({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: sources.map((source, i) => ({ cell_type: 'code', id: `c${i}`, metadata: {}, source, execution_count: null, outputs: [] })),
  });

  it('runs every cell again, last to first, and names each cell a later one broke', async () => {
    const error = await executeNotebook(notebook(
      'const data = { live: true };',
      "if (!data.live) throw new Error('data was freed');\nconsole.log('uses data');",
      'console.log(1);',
      'data.live = false; // an end-of-lesson clean-up',
    ), { rerunInReverse: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RerunError);
    const rerun = error as RerunError;
    expect(rerun.failures.map((f) => f.cellIndex)).toEqual([2]);
    expect(rerun.message).toMatch(/^1 cell\(s\) failed when re-run last to first/);
    expect(rerun.message).toContain('cell 2 (code cell 2) failed on re-run:');
    expect(rerun.message).toContain('data was freed');
    expect(texts(code(rerun.notebook!.cells[1]).outputs), 'the notebook keeps the in-order outputs').toEqual(['stdout: uses data\n']);
  });

  it('passes a notebook whose cells can run in any order, keeping the in-order outputs', async () => {
    const executed = await executeNotebook(notebook('let n = 1;', 'n += 1;\nconsole.log(n);'), { rerunInReverse: true });
    expect(texts(code(executed.cells[1]).outputs)).toEqual(['stdout: 2\n']);
  });
});

describe('executeNotebook when asynchronous work of a cell fails after the cell ended', () => {
  const notebook = (...sources: string[]): Notebook => ({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: sources.map((source, i) => ({ cell_type: 'code', id: `c${i}`, metadata: {}, source, execution_count: null, outputs: [] })),
  });

  it.each([
    ['a timer callback that throws', "setTimeout(() => { throw new Error('late timer'); }, 300);\nconsole.log('scheduled');", 'late timer', 'threw'],
    ['a promise rejected with no handler', "setTimeout(() => { Promise.reject(new Error('late rejection')); }, 300);\nconsole.log('scheduled');", 'late rejection', 'rejected with no handler'],
  ])('%s is reported as the failure of the cell that started it, not of the later cell it fired in', async (_, first, message, verb) => {
    const error = await executeNotebook(notebook(
      first,
      "console.log('cell 2 ran');",
      "await new Promise((resolve) => setTimeout(resolve, 1500));\nconsole.log('cell 3 ran');",
    )).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CellExecutionError);
    const failure = error as CellExecutionError;
    expect(failure.cellIndex, failure.message).toBe(1);
    expect(failure.message).toMatch(/^cell 1 \(code cell 1\) failed:\n/);
    expect(failure.errorText).toContain(`trainlab: asynchronous work started by cell [1] ${verb}`);
    expect(failure.errorText).toContain(`Error: ${message}`);
    const cells = failure.notebook!.cells.map(code);
    expect(texts(cells[0].outputs), 'the report goes to the cell that started the work').toEqual(['stdout: scheduled\n', expect.stringContaining(message)]);
    expect(texts(cells[1].outputs)).toEqual(['stdout: cell 2 ran\n']);
    expect(JSON.stringify(cells[2].outputs), 'the cell it fired in is not blamed').not.toContain(message);
  }, 60_000);

  it('is reported when it fails just after the last cell, before the kernel is shut down', async () => {
    const error = await executeNotebook(notebook(
      "console.log('cell 1 ran');",
      "setTimeout(() => { throw new Error('after the last cell'); }, 20);\nconsole.log('scheduled');",
    )).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CellExecutionError);
    const failure = error as CellExecutionError;
    expect(failure.message).toMatch(/^cell 2 \(code cell 2\) failed:\n/);
    expect(failure.errorText).toContain('Error: after the last cell');
    expect(texts(code(failure.notebook!.cells[1]).outputs)).toEqual(['stdout: scheduled\n', expect.stringContaining('after the last cell')]);
  }, 60_000);
});

describe('executeNotebook when a cell never finishes', () => {
  it('stops the kernel after the per-cell timeout and names the cell and the limit', async () => {
    let kernel: KernelSeen | undefined;
    const error = await executeNotebook(fixture('timeout'), { cellTimeoutMs: 2000, onKernelStart: (k) => (kernel = k) }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CellTimeoutError);
    expect((error as Error).message).toContain('cell 2 (code cell 2) did not finish within 2 s (the per-cell timeout)');
    expect((error as CellTimeoutError).timeoutMs).toBe(2000);
    expect(code((error as CellTimeoutError).notebook!.cells[2]).execution_count).toBeNull();
    expectKernelGone(kernel);
  });

  it('rejects a timeout that is not a positive number, before starting a kernel', async () => {
    await expect(executeNotebook(fixture('passing'), { cellTimeoutMs: 0 })).rejects.toThrow(
      'executeNotebook: cellTimeoutMs must be a positive number of milliseconds, got 0',
    );
  });
});

describe('KernelClient.start when the kernel cannot start', () => {
  /** A kernelspec folder whose kernel is `node -e <script>` (no tslab: these fail in milliseconds). */
  async function spec(name: string, argv: string[]): Promise<string> {
    const dir = path.join(scratch, name);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'kernel.json'), JSON.stringify({ argv: [...argv, '{connection_file}'] }));
    return dir;
  }

  it('reports a kernel that exits, with what it printed', async () => {
    const dir = await spec('exits', ['node', '-e', 'console.error("missing dependency"); process.exit(3)']);
    const error = await KernelClient.start(dir, 10_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KernelDiedError);
    expect((error as Error).message).toBe('the kernel exited (code 3); it printed:\nmissing dependency');
  });

  it('reports a kernel program that does not exist', async () => {
    const dir = await spec('missing', ['/no/such/node']);
    await expect(KernelClient.start(dir, 10_000)).rejects.toThrow('the kernel could not be started: spawn /no/such/node ENOENT');
  });

  it('stops waiting as soon as its signal aborts (Ctrl-C), and kills the kernel', async () => {
    const pidFile = path.join(scratch, 'silent-kernel.pid');
    const dir = await spec('silent-abortable', ['node', '-e', `require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setInterval(() => {}, 1000)`]);
    const controller = new AbortController();
    const starting = KernelClient.start(dir, 60_000, {}, controller.signal);
    while (!existsSync(pidFile)) await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort(new Error('interrupted'));
    await expect(starting).rejects.toThrow('interrupted');
    expect(isRunning(Number(readFileSync(pidFile, 'utf8'))), 'the kernel is killed').toBe(false);
  }, 20_000);

  it('gives up on a kernel that never answers, and kills it', async () => {
    const dir = await spec('silent', ['node', '-e', 'setInterval(() => {}, 1000)']);
    await expect(KernelClient.start(dir, 300)).rejects.toThrow('kernel did not answer kernel_info_request within 300 ms');
  });
});

/** What both clients must agree on. Left out, as legitimately different: execution timings in
 * cell metadata (nbclient records them), and execution counts (nbclient takes them only from
 * iopub execute_input, which tslab never sends; this runner takes them from execute_reply). */
function comparable(notebook: Notebook) {
  const outputs = (cell: CodeCell) =>
    cell.outputs.reduce<Output[]>((merged, output) => {
      const last = merged.at(-1);
      if (output.output_type === 'stream' && last?.output_type === 'stream' && last.name === output.name) {
        last.text = joinText(last.text) + joinText(output.text);
      } else if (output.output_type === 'stream') {
        merged.push({ ...output, text: joinText(output.text) });
      } else if (output.output_type === 'error') {
        merged.push(output);
      } else {
        const data = Object.fromEntries(Object.entries(output.data).map(([k, v]) => [k, typeof v === 'string' || Array.isArray(v) ? joinText(v) : v]));
        merged.push({ ...output, data });
      }
      return merged;
    }, []);
  return {
    metadata: notebook.metadata,
    cells: notebook.cells.map((cell) => ({
      id: cell.id,
      cell_type: cell.cell_type,
      source: joinText(cell.source),
      outputs: cell.cell_type === 'code' ? outputs(cell) : undefined,
    })),
  };
}

describe('agreement with Jupyter', () => {
  it.skipIf(!hasJupyter)('gives the same outputs as jupyter nbconvert --execute, in a file nbformat validates', async () => {
    await nbconvertRun;
    const theirs = JSON.parse(await readFile(path.join(scratch, 'nbconvert.ipynb'), 'utf8')) as Notebook;
    expect(comparable(passing)).toEqual(comparable(theirs));

    // Python's nbformat validates our file and writes it back byte for byte.
    const ours = path.join(scratch, 'ours.ipynb');
    await writeFile(ours, serializeNotebook(passing));
    const rewrite = 'import nbformat, sys; nb = nbformat.read(sys.argv[1], as_version=4); nbformat.validate(nb); sys.stdout.write(nbformat.writes(nb) + "\\n")';
    const { stdout } = await promisify(execFile)('/usr/bin/python3', ['-c', rewrite, ours]);
    expect(stdout).toBe(serializeNotebook(passing));
  });
});
