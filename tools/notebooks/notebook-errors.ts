/**
 * Why a notebook run stopped. Each error names the notebook, the cell and what went wrong, in
 * one message that the CLI prints as is and tests can match.
 *
 * Cell numbers are 1-based positions among ALL cells (markdown included), so `cellIndex` is the
 * cell a reader counts to in JupyterLab and `notebook.cells[cellIndex - 1]` in code; the message
 * adds the position among code cells too.
 */
import type { Notebook } from './nbformat';

const EXCERPT_LINES = 8;

/** Where a cell is, e.g. `notebooks/01-sgd.ipynb, cell 4 (code cell 2)`. */
export interface CellLocation {
  /** The notebook's path, or undefined for a notebook passed as an object. */
  file?: string;
  /** 1-based among all cells. */
  cellIndex: number;
  /** 1-based among code cells. */
  codeCellIndex: number;
  source: string;
}

function describe(at: CellLocation): string {
  return `${at.file ? `${at.file}, ` : ''}cell ${at.cellIndex} (code cell ${at.codeCellIndex})`;
}

/** The cell's first lines, indented, so the reader sees which code failed without opening the file. */
export function excerpt(source: string): string {
  const lines = source.trimEnd().split('\n');
  const shown = lines.slice(0, EXCERPT_LINES).map((line) => `  | ${line}`);
  if (lines.length > EXCERPT_LINES) shown.push(`  | … (${lines.length - EXCERPT_LINES} more lines)`);
  return shown.join('\n');
}

/** Base of the runner's errors: where the run stopped, and the notebook as executed up to there. */
export abstract class NotebookRunError extends Error implements CellLocation {
  readonly file?: string;
  readonly cellIndex: number;
  readonly codeCellIndex: number;
  readonly source: string;
  /** The notebook with the outputs of the cells run so far, the failing cell included. */
  notebook?: Notebook;

  constructor(at: CellLocation, message: string) {
    super(message);
    this.file = at.file;
    this.cellIndex = at.cellIndex;
    this.codeCellIndex = at.codeCellIndex;
    this.source = at.source;
  }
}

/** A cell raised (or failed to compile); later cells were not run. */
export class CellExecutionError extends NotebookRunError {
  override name = 'CellExecutionError';

  /** @param errorText what the kernel reported: tslab's stderr text, or an `error` message's traceback. */
  constructor(at: CellLocation, readonly errorText: string) {
    super(at, `${describe(at)} failed:\n${excerpt(at.source)}\n${errorText}`);
  }
}

/** A cell ran longer than the per-cell limit; the kernel was interrupted and stopped. */
export class CellTimeoutError extends NotebookRunError {
  override name = 'CellTimeoutError';

  constructor(at: CellLocation, readonly timeoutMs: number) {
    super(at, `${describe(at)} did not finish within ${timeoutMs / 1000} s (the per-cell timeout); the kernel was stopped:\n${excerpt(at.source)}`);
  }
}

/**
 * Cells that failed when run again, last to first, after the whole notebook had run (see
 * `rerunInReverse` in notebook-runner.ts): each one depends on state a later cell changed.
 */
export class RerunError extends NotebookRunError {
  override name = 'RerunError';

  constructor(readonly failures: CellExecutionError[]) {
    super(failures[0], `${failures.length} cell(s) failed when re-run last to first after the whole notebook ran (a later cell must not break an earlier one):\n\n${failures.map((f) => f.message.replace(' failed:', ' failed on re-run:')).join('\n\n')}`);
  }
}
