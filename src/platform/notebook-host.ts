/**
 * The notebook the library is running in, if any — the Node adapter: the tslab kernel, found at
 * run time. The browser build swaps in `notebook-host.browser.ts` (the lesson page's runner).
 *
 * tslab's public `display.*` functions send one MIME type per message. A chart needs one message
 * holding three (Vega-Lite JSON, SVG, text), so trainlab talks to the function those helpers call:
 * `lastWriteDisplayData` in `tslab/dist/jupyter`, which the kernel points at the running cell's
 * output before every execution. Inside the kernel, `globalThis.__tslab__.require` loads modules
 * the way cells do (from the project root), so it reaches the kernel's own copy of tslab.
 */
import type { DisplayWriter } from '../notebook/writer';

interface TslabGlobal {
  require(id: string): unknown;
}

function tslabGlobal(): TslabGlobal | undefined {
  return (globalThis as { __tslab__?: TslabGlobal }).__tslab__;
}

/** True inside a tslab kernel (a notebook cell, or code a cell imported). */
export function hostPresent(): boolean {
  return tslabGlobal() !== undefined;
}

/**
 * The kernel's writer for the running cell, or `undefined` outside a tslab kernel. Throws inside a
 * kernel whose tslab has no such writer (a tslab other than 1.0.x).
 */
export function hostWriter(): DisplayWriter | undefined {
  const tslab = tslabGlobal();
  if (tslab === undefined) return undefined;
  const jupyter = tslab.require('tslab/dist/jupyter') as { lastWriteDisplayData?: unknown };
  const writer = jupyter.lastWriteDisplayData;
  if (typeof writer !== 'function') {
    throw new Error('trainlab: running in tslab but tslab/dist/jupyter has no lastWriteDisplayData (tslab 1.0.22 expected)');
  }
  return writer as DisplayWriter;
}
