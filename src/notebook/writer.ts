/**
 * The tslab kernel's own display writer, found at run time.
 *
 * tslab's public `display.*` functions send one MIME type per message. A chart needs one message
 * holding three (Vega-Lite JSON, SVG, text), so trainlab talks to the function those helpers call:
 * `lastWriteDisplayData` in `tslab/dist/jupyter`, which the kernel points at the running cell's
 * output before every execution. Inside the kernel, `globalThis.__tslab__.require` loads modules
 * the way cells do (from the project root), so it reaches the kernel's own copy of tslab.
 */

/** The content of a Jupyter `display_data` / `update_display_data` message. */
export interface DisplayContent {
  /** MIME type → value: a string, or a JSON object for `application/…+json` types. */
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  /** `display_id` ties later `update_display_data` messages to this output. */
  transient: { display_id?: string };
}

/**
 * Sends one message on the kernel's iopub channel: `display_data` when `update` is false,
 * `update_display_data` (replacing the output with the same `transient.display_id`) when true.
 */
export type DisplayWriter = (content: DisplayContent, update: boolean) => void;

interface TslabGlobal {
  require(id: string): unknown;
}

function tslabGlobal(): TslabGlobal | undefined {
  return (globalThis as { __tslab__?: TslabGlobal }).__tslab__;
}

/** True inside a tslab kernel (a notebook cell, or code a cell imported). */
export function inNotebook(): boolean {
  return tslabGlobal() !== undefined;
}

/**
 * The writer for the cell running now, or `undefined` outside a tslab kernel.
 *
 * Read it when you are about to display, not once at start-up: the kernel replaces it for every
 * cell, and a message sent through a stale writer is attributed to the cell it belonged to.
 * Throws inside a kernel whose tslab has no such writer (a tslab other than 1.0.x).
 */
export function kernelWriter(): DisplayWriter | undefined {
  const tslab = tslabGlobal();
  if (tslab === undefined) return undefined;
  const jupyter = tslab.require('tslab/dist/jupyter') as { lastWriteDisplayData?: unknown };
  const writer = jupyter.lastWriteDisplayData;
  if (typeof writer !== 'function') {
    throw new Error('trainlab: running in tslab but tslab/dist/jupyter has no lastWriteDisplayData (tslab 1.0.22 expected)');
  }
  return writer as DisplayWriter;
}
