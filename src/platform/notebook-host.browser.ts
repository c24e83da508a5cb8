/**
 * The notebook the library is running in — the browser adapter: a lesson page's runner (a Web
 * Worker) registers a writer with `setPageWriter`, and displays (`show`, `liveChart`, `train`'s
 * progress chart) go to the page's running cell through it, as they go to a kernel's in Node.
 */
import type { DisplayWriter } from '../notebook/writer';

let pageWriter: DisplayWriter | undefined;

/** Registers (or, with `undefined`, removes) the page runner's writer. Browser only. */
export function setPageWriter(writer: DisplayWriter | undefined): void {
  pageWriter = writer;
}

/** True while a page runner has registered a writer. */
export function hostPresent(): boolean {
  return pageWriter !== undefined;
}

/** The page runner's writer, or `undefined` outside one. */
export function hostWriter(): DisplayWriter | undefined {
  return pageWriter;
}
