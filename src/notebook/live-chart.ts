/**
 * `liveChart`: one notebook output that a running cell redraws in place — a loss curve that grows
 * while training runs.
 */
import type { TopLevelSpec } from 'vega-lite';
import { checkFunction, checkNonNegative, checkOptions } from '../core/errors';
import { displayBundle, type DisplayBundle } from './bundle';
import { kernelWriter, type DisplayWriter } from './writer';

/**
 * Drawing may take at most this share of the loop's time: after a frame that took d ms, the next
 * waits at least d·(1 − share)/share ms (9·d), however small `intervalMs` is. A chart of thousands
 * of points costs ~100 ms a frame; without this cap a short interval would slow training several-fold.
 */
const MAX_DRAW_SHARE = 0.1;

/** A spec, or a function that builds it — called only when a frame is actually drawn. */
export type SpecSource = TopLevelSpec | (() => TopLevelSpec);

export interface LiveChartOptions {
  /**
   * Minimum time between two frames, in milliseconds, ≥ 0 (default 500). A frame costs ~20–100 ms
   * of the training loop's thread (more points, more time); frames are also spaced so drawing takes
   * at most 10 % of the time (see `MAX_DRAW_SHARE`).
   */
  intervalMs?: number;
  /** Where messages go (default: the tslab kernel's writer for the cell calling `update`). */
  writer?: DisplayWriter;
  /** Builds a frame's bundle (default `displayBundle`). Tests inject a fast fake. */
  bundle?: (spec: TopLevelSpec) => Promise<DisplayBundle>;
}

export interface LiveChart {
  /** The `transient.display_id` shared by this chart's messages. */
  readonly displayId: string;
  /**
   * Sets the chart's newest state. Returns at once; the frame is drawn now if the last one is
   * older than `intervalMs`, else later (by a timer, by a later `update`, or by `flush`). Frames
   * are skipped, never queued: only the newest state is drawn. Pass a function to build the spec
   * only for frames that are drawn. Throws after `close()`.
   */
  update(spec: SpecSource): void;
  /** Draws the newest state if it has not been drawn, waits for it, and rethrows a frame's error. */
  flush(): Promise<void>;
  /** `flush()`, then refuses further updates. Idempotent. */
  close(): Promise<void>;
}

/** `bytes` random bytes as hex, from the Web Crypto API (global in Node ≥ 19 and in browsers). */
function randomHex(bytes: number): string {
  const { crypto } = globalThis as unknown as { crypto: { getRandomValues(array: Uint8Array): Uint8Array } };
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A live notebook display. The first frame is a `display_data` message with a fresh
 * `transient.display_id`; every later frame is an `update_display_data` with the same id, so the
 * output is replaced rather than appended, while the cell is still running.
 *
 * Throttling: at most one frame per `intervalMs` (default 500 ms), and never more often than keeps
 * drawing under 10 % of the time (after a 100 ms frame, the next waits ≥ 900 ms). The first update
 * draws at once; an update inside the interval is kept (only the newest) and drawn by a timer or
 * by the first update after the interval — so frames appear even in a loop that never yields to
 * timers. `flush()`/`close()` always send the last state: `await live.close()` when training ends,
 * before the cell ends.
 *
 * Outside a notebook (no kernel, no `writer`) every call is a no-op and nothing is rendered, so a
 * training loop can update a live chart unconditionally.
 *
 * @example
 * const live = liveChart();
 * for (let epoch = 0; epoch < 20; epoch++) {
 *   history.trainLoss.push(await trainOneEpoch());
 *   live.update(() => lossCurves(history));
 * }
 * await live.close();
 */
export function liveChart(options: LiveChartOptions = {}): LiveChart {
  const fn = 'liveChart';
  checkOptions(fn, options, ['intervalMs', 'writer', 'bundle']);
  if (options.writer !== undefined) checkFunction(fn, 'writer', options.writer, 'a DisplayWriter function');
  if (options.bundle !== undefined) checkFunction(fn, 'bundle', options.bundle, 'a function spec => Promise<DisplayBundle>');
  const intervalMs = options.intervalMs === undefined ? 500 : checkNonNegative(fn, 'intervalMs', options.intervalMs);
  const bundle = options.bundle ?? displayBundle;
  const displayId = randomHex(8);

  let pending: { spec: SpecSource; writer: DisplayWriter } | undefined;
  let drawn = false; // has display_data gone out (later frames are updates)?
  let lastFrameAt = -Infinity;
  let lastFrameMs = 0; // how long the last frame took, start to sent
  let inflight: Promise<void> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let error: unknown;
  let closed = false;
  let closing: Promise<void> | undefined;

  function clearTimer(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  }

  // Draws the pending state now (the caller checked that no frame is in flight).
  function draw(): void {
    clearTimer();
    if (pending === undefined) return;
    const { spec, writer } = pending;
    pending = undefined;
    const startedAt = Date.now();
    lastFrameAt = startedAt;
    inflight = (async () => {
      const frame = await bundle(typeof spec === 'function' ? spec() : spec);
      writer({ ...frame, transient: { display_id: displayId } }, drawn);
      drawn = true;
      lastFrameMs = Date.now() - startedAt;
    })()
      .catch((e: unknown) => {
        error ??= e; // surfaced by flush(); a timer has no caller to throw to
      })
      .finally(() => {
        inflight = undefined;
        schedule();
      });
  }

  // Draws now if the last frame is old enough, else makes sure a timer will.
  function schedule(): void {
    if (pending === undefined || inflight !== undefined) return;
    const gap = Math.max(intervalMs, (lastFrameMs * (1 - MAX_DRAW_SHARE)) / MAX_DRAW_SHARE);
    const wait = lastFrameAt + gap - Date.now();
    if (wait <= 0) draw();
    else timer ??= setTimeout(draw, wait);
  }

  async function flush(): Promise<void> {
    clearTimer();
    while (inflight !== undefined || pending !== undefined) {
      if (inflight === undefined) draw(); // the last state goes out now, throttle or not
      await inflight;
      clearTimer();
    }
    if (error !== undefined) {
      const e = error;
      error = undefined;
      throw e;
    }
  }

  return {
    displayId,
    update(spec: SpecSource): void {
      if (closed) throw new Error(`${fn}: update() after close()`);
      const writer = options.writer ?? kernelWriter();
      if (writer === undefined) return; // not in a notebook: nothing to draw
      pending = { spec, writer };
      schedule();
    },
    flush,
    close(): Promise<void> {
      closed = true;
      closing ??= flush();
      return closing;
    },
  };
}
