/**
 * `trainingReport`: one chart that tells a run's story — loss curves, the learning rate, the gradient
 * norm (when recorded) and `diagnose`'s verdict with its first piece of evidence and first remedy.
 * A Vega-Lite v5 `vconcat` spec: `show` it in a notebook, `toSVG` it for a page, or let `train()`
 * draw it live with `progress: 'report'`.
 */
import type { TopLevelSpec } from 'vega-lite';
import { checkInteger, checkOptions, checkPositive, typeError } from '../core/errors';
import { VEGA_LITE_SCHEMA } from '../plots/common';
import { integerTickCount, lineChart, type LineSeries } from '../plots/line-chart';
import { diagnose } from './diagnose';
import type { LossCurvesInput } from './diagnose-input';

/** What the report reads: a History from `train()` has every field; only `trainLoss` is required. */
export interface ReportHistory extends LossCurvesInput {
  /** The learning rate of every step (NaN where unknown). */
  learningRate?: readonly number[];
  /** The global gradient norm of every step (History's `gradNorm`, recorded with `recordGradNorm` or `clipGradNorm`). */
  gradNorm?: readonly number[];
  /** Steps per full epoch: places the per-epoch points on the step axis (default: steps / epochs). */
  stepsPerEpoch?: number;
}

export interface TrainingReportOptions {
  /** Number of classes C ≥ 2 for the diagnosis (ln C becomes its reference); overrides `history.numClasses`. */
  numClasses?: number;
  /** Add `diagnose`'s verdict, evidence and first remedy to the title (default true). */
  diagnosis?: boolean;
  /** The run is still going: the verdict is labelled "so far" (default false). */
  live?: boolean;
  /** Title (default "Training report"). */
  title?: string;
  /** Width of each panel's plot area in pixels, > 0 (default 400: with its legend, a panel fits a page's text column). */
  width?: number;
  /** Per-step curves are averaged into at most this many points, integer ≥ 10 (default 400). */
  maxPoints?: number;
}

/** Panels are short: three of them stack into one screen. */
const PANEL_HEIGHT = { loss: 200, small: 110 } as const;
/** Subtitle lines are wrapped at this many characters (Vega does not wrap titles). */
const LINE_CHARS = 95;

/** Means of consecutive buckets, keyed by the bucket's middle step. */
function bucket(values: readonly number[], maxPoints: number): { x: number; y: number }[] {
  const size = Math.max(1, Math.ceil(values.length / maxPoints));
  const out: { x: number; y: number }[] = [];
  for (let start = 0; start < values.length; start += size) {
    const end = Math.min(values.length, start + size);
    let sum = 0;
    for (let i = start; i < end; i++) sum += values[i];
    out.push({ x: (start + end - 1) / 2, y: sum / (end - start) });
  }
  return out;
}

/** A log axis pays off when every value is positive and they span more than a factor of 10. */
function wantsLog(series: readonly { points: readonly { y: number }[] }[]): boolean {
  const ys = series.flatMap((s) => s.points.map((p) => p.y)).filter(Number.isFinite);
  return ys.length > 0 && Math.min(...ys) > 0 && Math.max(...ys) / Math.min(...ys) > 10;
}

function wrap(text: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > LINE_CHARS) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * A panel: a lineChart spec without the top-level fields a concat's child may not carry, its x
 * ticks counted for its fixed width (a concat's child has no `width` signal for lineChart's
 * expression).
 */
function panel(spec: TopLevelSpec): Record<string, unknown> {
  const { $schema: _schema, description: _description, ...rest } = spec as unknown as Record<string, unknown>;
  const x = (rest.encoding as { x: { axis?: { tickCount?: unknown } } }).x;
  if (x.axis?.tickCount !== undefined) {
    x.axis = { ...x.axis, tickCount: integerTickCount((rest.data as { values: { x: number }[] }).values, rest.width as number) };
  }
  return rest;
}

function optionalSteps(fn: string, param: string, value: unknown): readonly number[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw typeError(fn, param, 'an array of numbers', value);
  value.forEach((v: unknown, i) => {
    if (typeof v !== 'number') throw typeError(fn, `${param}[${i}]`, 'a number', v);
  });
  return value;
}

/**
 * A report of one run as a Vega-Lite v5 `vconcat` of up to three panels, sharing the step axis:
 *   1. loss: the per-step training loss (averaged into ≤ `maxPoints` points), the per-epoch training
 *      mean and the validation loss (plotted at each epoch's last step); a log axis once the loss
 *      spans more than a factor of 10;
 *   2. learning rate per step, when any is known;
 *   3. gradient norm per step, when the history has it (log axis when it spans > 10×).
 * The title carries `diagnose`'s verdict ("so far" while `live`), its key evidence and first remedy.
 * Without step losses the panels use epochs for x.
 *
 * @param history a History from `train()` (or `{ trainLoss, valLoss?, stepLoss?, learningRate?, gradNorm?, stepsPerEpoch? }`).
 * @returns a fresh spec (inline data; renders offline). Throws like `diagnose` on malformed losses.
 * @example
 * const history = await train(model, data, { optimizer, loss: 'softmaxCrossEntropy', epochs: 20, validationData, recordGradNorm: true });
 * await show(trainingReport(history, { numClasses: 10 }));
 */
export function trainingReport(history: ReportHistory, options: TrainingReportOptions = {}): TopLevelSpec {
  const fn = 'trainingReport';
  checkOptions(fn, options, ['numClasses', 'diagnosis', 'live', 'title', 'width', 'maxPoints']);
  if (typeof history !== 'object' || history === null) throw typeError(fn, 'history', 'a History ({ trainLoss, valLoss?, stepLoss?, learningRate?, gradNorm? })', history);
  const width = options.width === undefined ? 400 : checkPositive(fn, 'width', options.width);
  const maxPoints = options.maxPoints === undefined ? 400 : checkInteger(fn, 'maxPoints', options.maxPoints, 10);
  if (options.title !== undefined && typeof options.title !== 'string') throw typeError(fn, 'title', 'a string', options.title);
  for (const flag of ['diagnosis', 'live'] as const) {
    if (options[flag] !== undefined && typeof options[flag] !== 'boolean') throw typeError(fn, flag, 'a boolean', options[flag]);
  }
  const numClasses = options.numClasses !== undefined ? checkInteger(fn, 'numClasses', options.numClasses, 2) : history.numClasses;
  const diagnosis = options.diagnosis === false
    ? null
    : diagnose({ trainLoss: history.trainLoss, valLoss: history.valLoss, stepLoss: history.stepLoss, ...(numClasses !== undefined ? { numClasses } : {}) });
  const lr = optionalSteps(fn, 'history.learningRate', history.learningRate);
  const gradNorm = optionalSteps(fn, 'history.gradNorm', history.gradNorm);

  const steps = history.stepLoss ?? [];
  const byStep = steps.length > 0;
  const epochs = history.trainLoss.length;
  const perEpoch = history.stepsPerEpoch ?? (byStep ? Math.ceil(steps.length / epochs) : 1);
  // Epoch e's mean and validation belong at its last step (or at epoch e + 1 without steps).
  const epochX = (e: number) => (byStep ? Math.min(steps.length, (e + 1) * perEpoch) - 1 : e + 1);
  const xTitle = byStep ? 'step' : 'epoch';

  const lossSeries: { name: string; points: { x: number; y: number }[] }[] = [];
  if (byStep) {
    const points = bucket(steps, maxPoints);
    const size = Math.ceil(steps.length / points.length);
    lossSeries.push({ name: size > 1 ? `train (mean of ${size} steps)` : 'train (per step)', points });
  }
  lossSeries.push({ name: 'train (epoch mean)', points: history.trainLoss.map((y, e) => ({ x: epochX(e), y })) });
  if (history.valLoss !== undefined && history.valLoss.length > 0) {
    lossSeries.push({ name: 'validation', points: history.valLoss.map((y, e) => ({ x: epochX(e), y })) });
  }
  const logLoss = wantsLog(lossSeries);
  const panels = [panel(lineChart({
    series: lossSeries as LineSeries[], title: 'Loss', xTitle, yTitle: logLoss ? 'loss (log scale)' : 'loss',
    logY: logLoss, integerX: true, width, height: PANEL_HEIGHT.loss, points: !byStep,
  }))];
  if (lr.some(Number.isFinite)) {
    const series = [{ name: 'learning rate', points: bucket(lr, maxPoints) }];
    const lrPanel = panel(lineChart({ series, title: 'Learning rate', xTitle: 'step', yTitle: 'learning rate', integerX: true, width, height: PANEL_HEIGHT.small }));
    // A constant rate would give a zero-width domain (vega then labels it "0"): start the axis at 0.
    (lrPanel.encoding as { y: Record<string, unknown> }).y.scale = { zero: true };
    panels.push(lrPanel);
  }
  if (gradNorm.length > 0) {
    const series = [{ name: 'gradient norm', points: bucket(gradNorm, maxPoints) }];
    const logNorm = wantsLog(series);
    panels.push(panel(lineChart({ series, title: 'Gradient norm (global, before clipping)', xTitle: 'step', yTitle: logNorm ? 'norm (log scale)' : 'norm', logY: logNorm, integerX: true, width, height: PANEL_HEIGHT.small })));
  }

  const title = options.title ?? 'Training report';
  const subtitle: string[] = [];
  if (diagnosis !== null) {
    const key = diagnosis.evidence[1] ?? diagnosis.evidence[0];
    subtitle.push(...wrap(`${options.live ? 'Verdict so far' : 'Verdict'}: ${diagnosis.verdict} — ${key}`));
    if (diagnosis.actions.length > 0) subtitle.push(...wrap(`First remedy: ${diagnosis.remedies[0]}`));
  }
  return {
    $schema: VEGA_LITE_SCHEMA,
    description: `Training report: ${panels.length} panel${panels.length === 1 ? '' : 's'} (loss${lr.some(Number.isFinite) ? ', learning rate' : ''}${gradNorm.length > 0 ? ', gradient norm' : ''})` +
      (diagnosis !== null ? `; verdict ${diagnosis.verdict}` : ''),
    title: { text: diagnosis !== null ? `${title} — ${diagnosis.verdict}${options.live ? ' (so far)' : ''}` : title, subtitle, anchor: 'start' },
    vconcat: panels,
    resolve: { scale: { color: 'independent' } },
  } as unknown as TopLevelSpec;
}
