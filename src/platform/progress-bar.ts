/**
 * The terminal side of training progress — the Node adapter: a cli-progress bar on stderr, whether
 * stderr is a terminal, and a turn of the event loop (`setImmediate`). The browser build swaps in
 * `progress-bar.browser.ts` (no terminal; a zero-delay timer).
 */
import { SingleBar } from 'cli-progress';

/** A one-line progress bar: `format` uses cli-progress's placeholders ({bar}, {value}, {total}, {eta_formatted}, payload keys). */
export interface ProgressBar {
  start(total: number, value: number, payload: Record<string, unknown>): void;
  update(value: number, payload: Record<string, unknown>): void;
  stop(): void;
}

/** A cli-progress bar on stderr, redrawn at most 10 times a second (also printed when stderr is not a terminal). */
export function progressBar(format: string): ProgressBar {
  return new SingleBar({
    format,
    barsize: 24,
    hideCursor: true,
    noTTYOutput: true, // asked for explicitly: also print (a line every 2 s) when stderr is not a terminal
    etaBuffer: 50,
  });
}

/** Whether `progress: 'auto'` should draw a bar: stderr is a terminal and this is not a vitest run. */
export function stderrIsTerminal(): boolean {
  return Boolean(process.stderr.isTTY) && !process.env.VITEST;
}

/** Resolves after the event loop has had one turn (pending I/O and timers run). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}
