/**
 * Long loops and the event loop — the browser adapter. A loop that only awaits promises never lets
 * the page runner's worker handle messages or send its "alive" beat (timers do not run between
 * microtasks), so the page would take a long training run for an infinite loop. `train()` calls
 * this once per step: every 100 ms it returns a zero-delay timer to await (≈ 1 % of the time).
 */

/** How often a loop hands the event loop a turn, in milliseconds. */
export const TURN_EVERY_MS = 100;

let lastTurn = Date.now();

/** A promise to await when the last turn is ≥ 100 ms old (then resolved by a timer), else undefined. */
export function turnIfDue(): Promise<void> | undefined {
  const now = Date.now();
  if (now - lastTurn < TURN_EVERY_MS) return undefined;
  lastTurn = now;
  return new Promise<void>((resolve) => setTimeout(resolve, 0));
}
