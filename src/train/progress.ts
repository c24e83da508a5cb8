/**
 * Progress of a training run, shown where the run happens:
 *   - `bar`: a terminal progress bar (cli-progress) on stderr (draws nothing in a browser) — epoch, steps, loss, validation
 *     loss, steps/s, time left;
 *   - `chart`: in a notebook, one live Vega-Lite chart of the loss (per step, and validation per
 *     epoch) redrawn in place while the cell runs (`liveChart`); its y axis turns logarithmic once
 *     the loss spans more than a factor of 10 (and every value is positive);
 *   - `report`: in a notebook, the live `trainingReport` — loss, learning rate, gradient norm (when
 *     recorded) and `diagnose`'s verdict so far, then the final verdict when the run ends. The
 *     diagnosis takes C = the model's output width as the number of classes when that is ≥ 2
 *     (a classifier's logits or probabilities); for a regression model with several outputs the
 *     verdict's chance reference is then meaningless — use `chart` and call `diagnose` yourself;
 *   - `none`: nothing;
 *   - `auto` (the default): `chart` inside a tslab notebook, else `bar` when stderr is a terminal,
 *     else `none` (tests, CI logs, pipes).
 *
 * A display is a Callback (it runs after the user's and reads `context.history`), plus `close()`,
 * which `train` awaits when the run ends, normally or not.
 */
import type { TopLevelSpec } from 'vega-lite';
import { liveChart, type LiveChart, type LiveChartOptions } from '../notebook/live-chart';
import { inNotebook } from '../notebook/writer';
import { progressBar, stderrIsTerminal, yieldToEventLoop } from '../platform/progress-bar';
import { lineChart } from '../plots/line-chart';
import { trainingReport } from '../debug/training-report';
import type { Callback, Logs, TrainContext } from './callbacks';
import type { History } from './history';

export const PROGRESS_MODES = ['auto', 'bar', 'chart', 'report', 'none'] as const;
export type ProgressMode = (typeof PROGRESS_MODES)[number];

/** A progress display: hooks plus a `close()` that leaves the final state on screen. */
export interface ProgressDisplay extends Callback {
  close(): Promise<void>;
}

/**
 * In chart mode the loop hands the event loop a turn this often (ms), so the chart's frames, which
 * render asynchronously, go out while training runs; ≈ 0.1 ms per turn, i.e. ≪ 1 % of the time.
 */
const YIELD_EVERY_MS = 100;
/** Minimum time between two chart updates handed to `liveChart` (it throttles drawing further). */
const CHART_UPDATE_MS = 250;
/** The per-step loss curve is averaged into at most this many points, so frames stay cheap. */
const CHART_MAX_POINTS = 400;

/** What `auto` means here and now. */
export function resolveProgress(mode: ProgressMode): Exclude<ProgressMode, 'auto'> {
  if (mode !== 'auto') return mode;
  if (inNotebook()) return 'chart';
  return stderrIsTerminal() ? 'bar' : 'none';
}

/**
 * The display for `mode` (after `resolveProgress`), reading the run's history from the context;
 * null for `none`. `chart` passes `liveChart` options through (tests inject a writer; default
 * interval 500 ms). A display serves one run.
 */
export function progressDisplay(mode: Exclude<ProgressMode, 'auto'>, chart: LiveChartOptions = {}): ProgressDisplay | null {
  if (mode === 'bar') return barDisplay();
  if (mode === 'chart') return chartDisplay({ intervalMs: 500, ...chart }, (ctx, done) => progressChartSpec(ctx.history, ctx.params.epochs, done));
  if (mode === 'report') return chartDisplay({ intervalMs: 500, ...chart }, reportSpec);
  return null;
}

function format(x: number | undefined): string {
  if (x === undefined) return '–';
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toFixed(4) : x.toExponential(3);
}

function barDisplay(): ProgressDisplay {
  const bar = progressBar('epoch {ep}/{epochs} |{bar}| {value}/{total} steps | loss {loss} | val_loss {val} | {speed} steps/s | ETA {eta_formatted}');
  let startedAt = 0;
  const payload = (ctx: TrainContext, epoch: number) => {
    const { history } = ctx;
    const seconds = (Date.now() - startedAt) / 1000;
    return {
      ep: epoch + 1, // people count epochs from 1 on a progress bar
      epochs: ctx.params.epochs,
      loss: format(history.stepLoss[history.stepLoss.length - 1]),
      val: format(history.valLoss?.[history.valLoss.length - 1]),
      speed: seconds > 0 ? (history.steps / seconds).toFixed(1) : '–',
    };
  };
  let started = false;
  return {
    onTrainBegin(_logs: Logs, ctx: TrainContext) {
      startedAt = Date.now();
      bar.start(ctx.params.epochs * ctx.params.stepsPerEpoch, 0, payload(ctx, 0));
      started = true;
    },
    onBatchEnd(_batch: number, _logs: Logs, ctx: TrainContext) {
      bar.update(ctx.history.steps, payload(ctx, ctx.epoch)); // redraws at most 10 times a second
    },
    onEpochEnd(epoch: number, _logs: Logs, ctx: TrainContext) {
      bar.update(ctx.history.steps, payload(ctx, epoch));
    },
    async close() {
      if (started) bar.stop();
      started = false;
    },
  };
}

/** The live chart switches to a log y axis when the loss spans more than this factor. */
const LOG_AXIS_SPAN = 10;

/** The live chart's spec: per-step loss (averaged into buckets when long) and validation loss per epoch. */
export function progressChartSpec(history: Readonly<History>, epochs: number, done: boolean): TopLevelSpec {
  const n = history.stepLoss.length;
  const size = Math.max(1, Math.ceil(n / CHART_MAX_POINTS));
  const train: { x: number; y: number }[] = [];
  for (let start = 0; start < n; start += size) {
    const end = Math.min(n, start + size);
    let sum = 0;
    for (let i = start; i < end; i++) sum += history.stepLoss[i];
    train.push({ x: (start + end - 1) / 2, y: sum / (end - start) });
  }
  const series: { name: string; points: { x: number; y: number }[] }[] = [{ name: size > 1 ? `train (mean of ${size} steps)` : 'train', points: train }];
  if (history.valLoss !== undefined) {
    // Validation runs after an epoch's last update: plot it at that step.
    const val = history.valLoss.map((y, e) => ({ x: Math.min(n, (e + 1) * history.stepsPerEpoch) - 1, y }));
    series.push({ name: 'validation', points: val });
  }
  const status = done
    ? `${history.epochs} epoch${history.epochs === 1 ? '' : 's'}, ${history.steps} steps${history.stoppedEarly ? ' (stopped early)' : ''}`
    : `epoch ${Math.min(history.epochs + 1, epochs)}/${epochs}, step ${history.steps}`;
  // A loss that falls by more than a factor of 10 is flat on a linear axis after the first epoch:
  // switch to a log axis then (only when every value is positive, so nothing is dropped).
  const ys = series.flatMap((s) => s.points.map((p) => p.y)).filter(Number.isFinite);
  const logY = ys.length > 0 && Math.min(...ys) > 0 && Math.max(...ys) / Math.min(...ys) > LOG_AXIS_SPAN;
  return lineChart({
    series,
    title: `Training loss — ${status}`,
    xTitle: 'step',
    yTitle: logY ? 'loss (log scale)' : 'loss',
    integerX: true,
    logY,
  });
}

/** The live report: no frame before the first epoch ends (the diagnosis reads epochs). */
function reportSpec(ctx: TrainContext, done: boolean): TopLevelSpec {
  const units = ctx.model.outputs?.[0]?.shape?.[1];
  const numClasses = typeof units === 'number' && units >= 2 ? units : undefined;
  if (ctx.history.trainLoss.length === 0) return progressChartSpec(ctx.history, ctx.params.epochs, done);
  return trainingReport(ctx.history, { numClasses, live: !done, title: `Training report (${ctx.history.epochs}/${ctx.params.epochs} epochs)` });
}

function chartDisplay(chart: LiveChartOptions, build: (ctx: TrainContext, done: boolean) => TopLevelSpec): ProgressDisplay {
  let live: LiveChart | undefined;
  let context: TrainContext | undefined;
  let lastUpdate = 0;
  let lastYield = Date.now();
  const update = (done: boolean) => {
    lastUpdate = Date.now();
    const ctx = context!;
    live?.update(() => build(ctx, done));
  };
  return {
    onTrainBegin(_logs: Logs, ctx: TrainContext) {
      context = ctx;
      live = liveChart(chart);
    },
    onBatchEnd(): void | Promise<void> {
      const now = Date.now();
      if (now - lastUpdate >= CHART_UPDATE_MS) update(false);
      if (now - lastYield < YIELD_EVERY_MS) return;
      lastYield = now;
      return yieldToEventLoop();
    },
    onEpochEnd() {
      update(false);
    },
    async close() {
      if (live === undefined) return;
      update(true);
      const finished = live;
      live = undefined;
      await finished.close();
    },
  };
}
