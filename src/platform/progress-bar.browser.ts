/**
 * The terminal side of training progress — the browser adapter: a page has no terminal, so a bar
 * draws nothing (a page shows progress as the live chart instead), and a turn of the event loop is
 * a zero-delay timer (it lets the runner's messages out while training runs).
 */

/** A one-line progress bar (the Node adapter's interface). */
export interface ProgressBar {
  start(total: number, value: number, payload: Record<string, unknown>): void;
  update(value: number, payload: Record<string, unknown>): void;
  stop(): void;
}

/** A bar that draws nothing: there is no terminal in a page. */
export function progressBar(_format: string): ProgressBar {
  return { start() {}, update() {}, stop() {} };
}

/** Always false: there is no terminal in a page. */
export function stderrIsTerminal(): boolean {
  return false;
}

/** Resolves after the event loop has had one turn (a zero-delay timer: messages and timers run). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise<void>((resolve) => setTimeout(resolve, 0));
}
