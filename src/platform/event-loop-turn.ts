/**
 * Long loops and the event loop — the Node adapter: nothing to do. In Node a training loop runs
 * to its end and the kernel interrupts it by signal, so `train()` never yields for this. The
 * browser build swaps in `event-loop-turn.browser.ts`.
 */

/** Always undefined in Node: no turn of the event loop is needed. */
export function turnIfDue(): Promise<void> | undefined {
  return undefined;
}
