/**
 * Executes a notebook headlessly on the repository's tslab kernel, the way `jupyter nbconvert
 * --execute` (nbclient) would, without Python: cells run in order, outputs are collected from
 * iopub, and the first failing cell stops the run with an error naming it.
 *
 * @example
 * const executed = await executeNotebook('notebooks/01-sgd.ipynb', { cellTimeoutMs: 60_000 });
 * await writeFile('.cache/executed/01-sgd.ipynb', serializeNotebook(executed));
 */
import { access } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ROOT } from '../root.cjs';
import type { JupyterMessage } from '../kernel/jupyter-messages';
import { KernelClient, KernelDiedError, type ExecuteReply } from '../kernel/kernel-client';
import { CellExecutionError, CellTimeoutError, NotebookRunError, RerunError, type CellLocation } from './notebook-errors';
import { joinText, outputFromMessage, readNotebook, type CodeCell, type Notebook, type Output } from './nbformat';

const REPO_ROOT = ROOT;
const ABORT_AFTER_ERROR_MS = 400; // tslab aborts execute requests for ~200 ms after an error
/** The first line of the kernel's report of a failed timer or promise (tools/kernel/async-errors.cjs). */
const { ASYNC_ERROR } = createRequire(import.meta.url)('../kernel/async-errors.cjs') as { ASYNC_ERROR: RegExp };

export interface ExecuteOptions {
  /** Longest a single cell may run, in ms (default 300_000). On expiry: CellTimeoutError. */
  cellTimeoutMs?: number;
  /** Longest the kernel may take to start and answer kernel_info_request, in ms (default 60_000). */
  kernelStartTimeoutMs?: number;
  /** Stops the run: the kernel is shut down and the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called once the kernel is ready, e.g. to log its pid (tests use it to check that it is gone). */
  onKernelStart?: (kernel: { pid: number; connectionFile: string }) => void;
  /**
   * After the run, execute every code cell once more in the same kernel, last to first: a learner
   * re-runs cells in any order, so a later cell must never break an earlier one. Every re-run is
   * tried; if any fails, throws RerunError listing each. The returned notebook holds the outputs
   * of the first, in-order run.
   */
  rerunInReverse?: boolean;
}

interface RunnableCell { cell: CodeCell; at: CellLocation }

/**
 * The kernel's reports of asynchronous work that failed — a timer callback that threw, a promise
 * rejected with no handler — which name the cell that started the work by its execution count
 * (tools/kernel/async-errors.cjs). A report arrives whenever the work fails: during its cell, after
 * it (as output of no request), or during a later cell. Either way it is taken out of where it
 * arrived, added to the outputs of the cell that started the work, and that cell fails.
 */
class AsyncErrors {
  private readonly reports: { count?: number; text: string }[] = [];
  private readonly byCount = new Map<number, RunnableCell>();

  /** Keeps `text` (a stderr stream's text) if it is a report; true when it was one. */
  take(text: string): boolean {
    const match = ASYNC_ERROR.exec(text);
    if (!match) return false;
    this.reports.push({ count: match[1] === undefined ? undefined : Number(match[1]), text });
    return true;
  }

  /** `take` for an iopub message outside a cell's collected outputs (a stderr stream, else nothing). */
  takeFrom(message: JupyterMessage): void {
    const content = message.content as { name?: string; text?: string };
    if (message.header.msg_type === 'stream' && content.name === 'stderr') this.take(content.text ?? '');
  }

  /** Records the execution count a cell ran under, so that reports naming it find it. */
  ran(cell: RunnableCell): void {
    if (typeof cell.cell.execution_count === 'number') this.byCount.set(cell.cell.execution_count, cell);
  }

  get pending(): boolean {
    return this.reports.length > 0;
  }

  /**
   * Throws CellExecutionError for the first report, if any: for the cell that started the work,
   * which gets the report as a stderr output; for `current` when no cell did.
   */
  raise(current: RunnableCell): void {
    const first = this.reports[0];
    if (!first) return;
    this.reports.length = 0;
    const origin = (first.count !== undefined && this.byCount.get(first.count)) || current;
    origin.cell.outputs.push({ output_type: 'stream', name: 'stderr', text: first.text });
    throw new CellExecutionError(origin.at, tidyStack(first.text));
  }
}

/** Outputs that carry a display id, by id: `update_display_data` rewrites them wherever they are. */
type Displays = Map<string, Extract<Output, { data: unknown }>[]>;

function checkPositive(name: string, value: number): number {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new RangeError(`executeNotebook: ${name} must be a positive number of milliseconds, got ${value}`);
  }
  return value;
}

/** The repo's kernelspec folder for the notebook's kernel (default "trainlab"). */
async function kernelSpecDir(notebook: Notebook, file: string | undefined): Promise<string> {
  const name = notebook.metadata.kernelspec?.name ?? 'trainlab';
  const dir = path.join(REPO_ROOT, 'jupyter', 'kernels', name);
  try {
    await access(path.join(dir, 'kernel.json'));
  } catch {
    throw new Error(`${file ?? 'notebook'}: kernel "${name}" is not in jupyter/kernels/ (the runner starts only this repository's kernels)`);
  }
  return dir;
}

/**
 * Runs every code cell of a notebook (a path, or an nbformat 4 object, which is not modified) on a
 * fresh kernel and returns a new notebook with outputs and execution counts. Empty cells and cells
 * tagged `skip-execution` are left as they are, as nbclient does. The kernel is always stopped
 * before this returns or throws.
 *
 * @throws CellExecutionError when a cell fails (later cells are not run), and for the cell that
 *   started it when a timer, callback or promise of a cell fails later, even during a later cell
 *   (the kernel's report moves to that cell's outputs; see tools/kernel/async-errors.cjs);
 *   CellTimeoutError when a cell exceeds `cellTimeoutMs`. Both carry the partly executed notebook
 *   as `.notebook`. Asynchronous work that fails after the last cell is seen when it fails within
 *   SETTLE_MS (100 ms) of it; later failures are not waited for.
 */
export async function executeNotebook(input: string | Notebook, options: ExecuteOptions = {}): Promise<Notebook> {
  const cellTimeoutMs = checkPositive('cellTimeoutMs', options.cellTimeoutMs ?? 300_000);
  const startTimeoutMs = checkPositive('kernelStartTimeoutMs', options.kernelStartTimeoutMs ?? 60_000);
  const file = typeof input === 'string' ? path.relative(process.cwd(), input) : undefined;
  const notebook = structuredClone(typeof input === 'string' ? await readNotebook(input) : input);
  const settings: Settings = { ...options, file, cellTimeoutMs, startTimeoutMs };
  options.signal?.throwIfAborted();
  try {
    return await run(notebook, settings);
  } catch (error) {
    // A Ctrl-C reaches the kernel too and may kill it first: report the stop, not the symptom.
    if (options.signal?.aborted) throw options.signal.reason;
    throw error;
  }
}

/** The options with defaults applied, plus the notebook's path for messages. */
interface Settings extends ExecuteOptions {
  file?: string;
  cellTimeoutMs: number;
  startTimeoutMs: number;
}

async function run(notebook: Notebook, settings: Settings): Promise<Notebook> {
  const { file, signal } = settings;
  const kernel = await KernelClient.start(await kernelSpecDir(notebook, file), settings.startTimeoutMs, {}, signal);
  try {
    settings.onKernelStart?.({ pid: kernel.pid, connectionFile: kernel.connectionFile });
    notebook.metadata.language_info = kernel.info.language_info; // as nbclient records it
    const displays: Displays = new Map();
    const asyncErrors = new AsyncErrors();
    kernel.onLateIopub = (message) => asyncErrors.takeFrom(message);
    const runnable = codeCells(notebook, file);
    for (const current of runnable) {
      signal?.throwIfAborted();
      try {
        await runCell(kernel, current, displays, asyncErrors, settings);
        asyncErrors.raise(current); // work an earlier cell (or this one) started failed meanwhile
      } catch (error) {
        throw asyncErrors.pending ? catchRaised(() => asyncErrors.raise(current)) : error; // the earlier failure first
      }
    }
    if (settings.rerunInReverse) await rerunInReverse(kernel, runnable, asyncErrors, settings);
    const last = runnable.at(-1);
    if (last) {
      await settle(kernel, asyncErrors);
      asyncErrors.raise(last);
    }
    return notebook;
  } catch (error) {
    if (error instanceof NotebookRunError) error.notebook = notebook; // the partly executed notebook
    throw error;
  } finally {
    await kernel.shutdown();
  }
}

/**
 * Run after the last cell: a pause in the kernel long enough for work the cells left due — a timer
 * of up to SETTLE_MS, a promise rejected with no handler — to fail while the runner still listens
 * (the kernel is shut down next). Work due later than that is not waited for.
 */
const SETTLE_MS = 100;
async function settle(kernel: KernelClient, asyncErrors: AsyncErrors): Promise<void> {
  await kernel.execute(`await new Promise((resolve) => setTimeout(resolve, ${SETTLE_MS}));`, (message) => asyncErrors.takeFrom(message));
}

/** What `raise` throws. */
function catchRaised(raise: () => void): unknown {
  try {
    raise();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** The code cells to run, with where they are: empty cells and `skip-execution` ones are left out, as nbclient does. */
function codeCells(notebook: Notebook, file: string | undefined): RunnableCell[] {
  const cells: RunnableCell[] = [];
  let codeCellIndex = 0;
  for (const [index, cell] of notebook.cells.entries()) {
    if (cell.cell_type !== 'code') continue;
    codeCellIndex += 1;
    const source = joinText(cell.source);
    const tags = cell.metadata.tags;
    if (source.trim() === '' || (Array.isArray(tags) && tags.includes('skip-execution'))) continue;
    cells.push({ cell, at: { file, cellIndex: index + 1, codeCellIndex, source } });
  }
  return cells;
}

/** Runs every cell again, last to first, on copies (the notebook keeps the first run's outputs). */
async function rerunInReverse(kernel: KernelClient, runnable: RunnableCell[], asyncErrors: AsyncErrors, settings: Settings): Promise<void> {
  const failures: CellExecutionError[] = [];
  for (const { cell, at } of [...runnable].reverse()) {
    settings.signal?.throwIfAborted();
    const copy = { cell: structuredClone(cell), at };
    try {
      try {
        await runCell(kernel, copy, new Map(), asyncErrors, settings);
      } finally {
        asyncErrors.raise(copy); // reported in place of the cell's own error: the earlier failure first
      }
    } catch (error) {
      if (!(error instanceof CellExecutionError) || error.errorText.startsWith('the kernel exited')) throw error;
      failures.push(error);
      await sleep(ABORT_AFTER_ERROR_MS); // tslab rejects requests for a while after an error
    }
  }
  if (failures.length > 0) throw new RerunError(failures);
}

async function runCell(
  kernel: KernelClient,
  runnable: RunnableCell,
  displays: Displays,
  asyncErrors: AsyncErrors,
  { cellTimeoutMs, signal }: Settings,
): Promise<void> {
  const { cell, at } = runnable;
  cell.outputs = [];
  cell.execution_count = null;
  const collect = outputCollector(cell.outputs, displays, asyncErrors);
  const done = new AbortController(); // cancels the timer and the abort listener once the cell ends
  // A cancelled timer never settles: by then the race is over.
  const timedOut = sleep(cellTimeoutMs, 'timeout' as const, { signal: done.signal }).catch(() => new Promise<never>(() => {}));
  const aborted = new Promise<never>((_, reject) => {
    signal?.addEventListener('abort', () => reject(signal.reason), { once: true, signal: done.signal });
  });
  let outcome: ExecuteReply | 'timeout';
  try {
    outcome = await Promise.race([kernel.execute(at.source, collect.onIopub), timedOut, aborted]);
  } catch (error) {
    if (error instanceof KernelDiedError) throw new CellExecutionError(at, error.message); // "the kernel exited (…)"
    throw error;
  } finally {
    done.abort();
  }
  if (outcome === 'timeout') {
    kernel.interrupt(); // end the cell first, so the shutdown that follows is orderly
    throw new CellTimeoutError(at, cellTimeoutMs);
  }
  cell.execution_count = outcome.execution_count ?? null;
  asyncErrors.ran(runnable);
  if (outcome.status !== 'ok') throw new CellExecutionError(at, collect.errorText(outcome));
}

/**
 * Applies one cell's iopub messages to its outputs, as nbclient and JupyterLab do; reports of an
 * earlier cell's failed asynchronous work go to `asyncErrors` instead.
 */
function outputCollector(outputs: Output[], displays: Displays, asyncErrors: AsyncErrors) {
  let clearOnNextOutput = false;
  const stderr: string[] = [];
  const onIopub = (message: JupyterMessage): void => {
    const type = message.header.msg_type;
    const content = message.content as { transient?: { display_id?: string }; wait?: boolean; data?: never; metadata?: never };
    const displayId = content.transient?.display_id;
    if (type === 'update_display_data') {
      for (const shown of (displayId && displays.get(displayId)) || []) {
        shown.data = content.data ?? {};
        shown.metadata = content.metadata ?? {};
      }
      return;
    }
    if (type === 'clear_output') {
      if (content.wait) clearOnNextOutput = true;
      else outputs.length = 0;
      return;
    }
    const output = outputFromMessage(message);
    if (!output) return; // status, execute_input, comm messages: not outputs
    if (clearOnNextOutput) {
      outputs.length = 0;
      clearOnNextOutput = false;
    }
    const last = outputs.at(-1);
    if (output.output_type === 'stream') {
      if (output.name === 'stderr' && asyncErrors.take(joinText(output.text))) return;
      if (output.name === 'stderr') stderr.push(joinText(output.text));
      // tslab sends one message per write; frontends show consecutive writes as one output.
      if (last?.output_type === 'stream' && last.name === output.name) {
        last.text = joinText(last.text) + joinText(output.text);
        return;
      }
    }
    if (displayId && output.output_type !== 'stream' && output.output_type !== 'error') {
      displays.set(displayId, [...(displays.get(displayId) ?? []), output]);
    }
    outputs.push(output);
  };
  const errorText = (reply: ExecuteReply): string => {
    const errors = outputs.filter((output) => output.output_type === 'error');
    // tslab reports errors only on stderr; other kernels send `error` messages.
    const text = errors.length > 0
      ? errors.map((error) => [`${error.ename}: ${error.evalue}`, ...error.traceback].join('\n')).join('\n')
      : tidyStack(stderr.join(''));
    if (text) return text;
    if (reply.status === 'abort') return 'the kernel aborted the request (tslab does so for ~200 ms after an error)';
    return `the kernel replied status "${reply.status}" with no error text`;
  };
  return { onIopub, errorText };
}

/** Drops ANSI colors and the stack frames of tslab and Node internals: the reader's code is elsewhere. */
function tidyStack(text: string): string {
  return text
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .filter((line) => !/^\s+at .*(node:vm|node:internal|[\\/]node_modules[\\/]tslab[\\/])/.test(line))
    .join('\n')
    .trim();
}
