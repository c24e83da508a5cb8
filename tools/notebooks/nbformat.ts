/**
 * Jupyter notebook files (nbformat 4): the types this project reads and writes, reading with a
 * version check, writing in the same layout as Python's `nbformat.write`, and turning kernel iopub
 * messages into cell outputs as `nbformat.v4.output_from_msg` does.
 *
 * Schema: https://github.com/jupyter/nbformat/blob/main/nbformat/v4/nbformat.v4.schema.json
 */
import { readFile } from 'node:fs/promises';
import type { JupyterMessage } from '../kernel/jupyter-messages';

/** Text that nbformat stores either whole or as a list of lines (each keeping its newline). */
export type MultilineString = string | string[];
export type MimeBundle = Record<string, unknown>;

export interface StreamOutput { output_type: 'stream'; name: 'stdout' | 'stderr'; text: MultilineString }
export interface DisplayDataOutput { output_type: 'display_data'; data: MimeBundle; metadata: Record<string, unknown> }
export interface ExecuteResultOutput {
  output_type: 'execute_result';
  data: MimeBundle;
  metadata: Record<string, unknown>;
  execution_count: number | null;
}
export interface ErrorOutput { output_type: 'error'; ename: string; evalue: string; traceback: string[] }
export type Output = StreamOutput | DisplayDataOutput | ExecuteResultOutput | ErrorOutput;

export interface CodeCell {
  cell_type: 'code';
  id?: string; // required from nbformat 4.5 on; kept as found
  source: MultilineString;
  metadata: Record<string, unknown>;
  execution_count: number | null;
  outputs: Output[];
}
export interface TextCell {
  cell_type: 'markdown' | 'raw';
  id?: string;
  source: MultilineString;
  metadata: Record<string, unknown>;
  attachments?: Record<string, MimeBundle>;
}
export type Cell = CodeCell | TextCell;

export interface Notebook {
  nbformat: 4;
  nbformat_minor: number;
  metadata: Record<string, unknown> & { kernelspec?: { name?: string }; language_info?: unknown };
  cells: Cell[];
}

export function joinText(text: MultilineString): string {
  return Array.isArray(text) ? text.join('') : text;
}

/** Reads a notebook file; throws unless it is nbformat 4 with a cell list. */
export async function readNotebook(file: string): Promise<Notebook> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`${file}: no such file`);
    if (code === 'EISDIR') throw new Error(`${file}: is a folder, not a notebook file`);
    throw new Error(`${file}: cannot be read (${(error as Error).message})`);
  }
  let notebook: Partial<Notebook>;
  try {
    notebook = JSON.parse(text) as Partial<Notebook>;
  } catch (error) {
    throw new Error(`${file}: not a notebook: its JSON does not parse (${(error as Error).message})`);
  }
  if (typeof notebook !== 'object' || notebook === null || notebook.nbformat !== 4 || !Array.isArray(notebook.cells)) {
    throw new Error(`${file}: not an nbformat 4 notebook (nbformat: ${String((notebook as Partial<Notebook> | null)?.nbformat)})`);
  }
  return notebook as Notebook;
}

// Python's str.splitlines boundaries, so the line lists match what nbformat.write produces.
const LINE = /[^\r\n\v\f\x1c-\x1e\x85\u2028\u2029]*(?:\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]|$)/g;

function splitLines(text: MultilineString): string[] {
  if (Array.isArray(text)) return text;
  return (text.match(LINE) ?? []).filter((line) => line !== '');
}

function isJsonMime(mime: string): boolean {
  return mime === 'application/json' || (mime.startsWith('application/') && mime.endsWith('+json'));
}

function splitBundle(bundle: MimeBundle): MimeBundle {
  const entries = Object.entries(bundle).map(([mime, value]) => [
    mime,
    typeof value === 'string' && !isJsonMime(mime) ? splitLines(value) : value,
  ]);
  return Object.fromEntries(entries);
}

function splitOutput(output: Output): Output {
  if (output.output_type === 'stream') return { ...output, text: splitLines(output.text) };
  if (output.output_type === 'error') return output;
  return { ...output, data: splitBundle(output.data) };
}

/**
 * The file text, as `nbformat.write` lays it out (multiline strings as line lists, keys sorted,
 * one-space indent, final newline), so a notebook saved by Jupyter and by us diff cleanly.
 */
export function serializeNotebook(notebook: Notebook): string {
  const cells = notebook.cells.map((cell): Cell => {
    const source = splitLines(cell.source);
    if (cell.cell_type === 'code') return { ...cell, source, outputs: cell.outputs.map(splitOutput) };
    const attachments = cell.attachments && Object.fromEntries(
      Object.entries(cell.attachments).map(([name, bundle]) => [name, splitBundle(bundle)]),
    );
    return attachments ? { ...cell, source, attachments } : { ...cell, source };
  });
  const sortKeys = (_key: string, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value;
  return JSON.stringify({ ...notebook, cells }, sortKeys, 1) + '\n';
}

/** The cell output an iopub message stands for, or undefined for messages that are not outputs. */
export function outputFromMessage(message: JupyterMessage): Output | undefined {
  const content = message.content as Record<string, never>;
  switch (message.header.msg_type) {
    case 'stream':
      return { output_type: 'stream', name: content.name, text: content.text };
    case 'display_data':
      return { output_type: 'display_data', data: content.data, metadata: content.metadata ?? {} };
    case 'execute_result':
      return {
        output_type: 'execute_result',
        data: content.data,
        metadata: content.metadata ?? {},
        execution_count: content.execution_count ?? null,
      };
    case 'error':
      return { output_type: 'error', ename: content.ename, evalue: content.evalue, traceback: content.traceback ?? [] };
    default:
      return undefined;
  }
}
