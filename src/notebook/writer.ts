/**
 * Where notebook displays go: the message types, and the writer of the notebook the code runs in —
 * the tslab kernel in Node, a lesson page's runner in the browser (src/platform/notebook-host.ts).
 */
import { hostPresent, hostWriter } from '../platform/notebook-host';

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

/** True inside a notebook: a tslab kernel (a cell, or code a cell imported), or a lesson page's runner. */
export function inNotebook(): boolean {
  return hostPresent();
}

/**
 * The writer for the cell running now, or `undefined` outside a notebook (a tslab kernel, or a
 * lesson page's runner in the browser).
 *
 * Read it when you are about to display, not once at start-up: the kernel replaces it for every
 * cell, and a message sent through a stale writer is attributed to the cell it belonged to.
 * Throws inside a kernel whose tslab has no such writer (a tslab other than 1.0.x).
 */
export function kernelWriter(): DisplayWriter | undefined {
  return hostWriter();
}
