import { describe, expect, it, vi } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { lineChart, lossCurves, schedulePlot, toSVG, VEGA_LITE_SCHEMA } from '../src/index';
import { LOG_AXIS } from '../src/plots/common';

type Row = { series: string; x: number; y: number };
const rows = (spec: TopLevelSpec): Row[] => (spec as { data: { values: Row[] } }).data.values;
const description = (spec: TopLevelSpec): string | undefined => spec.description;

describe('lineChart', () => {
  it('builds a v5 spec with inline long-format data, one colour per series', () => {
    const spec = lineChart({
      series: [
        { name: 'train', values: [1, 0.5, 0.25] },
        { name: 'validation', points: [{ x: 0, y: 1.1 }, { x: 2, y: 0.6 }] },
      ],
      title: 'Loss',
      xTitle: 'epoch',
      yTitle: 'loss',
    });
    expect(spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v5.json');
    expect(spec).toMatchSnapshot();
  });

  it('uses a log y scale when asked', () => {
    const spec = lineChart({ series: [{ name: 'a', values: [1, 0.1, 0.01], start: 1 }], logY: true, width: 300, height: 200 });
    expect(spec).toMatchSnapshot();
  });

  it('drops non-finite points and says so in the description', () => {
    const spec = lineChart({
      series: [
        { name: 'train', values: [1, NaN, 0.5, Infinity] },
        { name: 'val', points: [{ x: NaN, y: 1 }, { x: 1, y: 2 }] },
      ],
    });
    expect(rows(spec)).toEqual([
      { series: 'train', x: 0, y: 1 },
      { series: 'train', x: 2, y: 0.5 },
      { series: 'val', x: 1, y: 2 },
    ]);
    expect(description(spec)).toBe('Line chart of train (2 points), val (1 point); dropped 3 points: non-finite');
  });

  it('drops y ≤ 0 on a log scale', () => {
    const spec = lineChart({ series: [{ name: 'lr', values: [0.1, 0, -1, 0.01] }], logY: true });
    expect(rows(spec).map((r) => r.y)).toEqual([0.1, 0.01]);
    expect(description(spec)).toBe('Line chart of lr (2 points); dropped 2 points: non-finite or ≤ 0 (log scale)');
  });

  it('keeps the data JSON-clean (no NaN that JSON would turn into null)', () => {
    const spec = lineChart({ series: [{ name: 's', values: [NaN, 1] }] });
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
  });

  it('keeps an empty series in the colour domain', () => {
    const spec = lineChart({ series: [{ name: 'train', values: [1] }, { name: 'validation', values: [] }] });
    expect(JSON.stringify(spec)).toContain('"domain":["train","validation"]');
  });
});

describe('lineChart validation', () => {
  const ok = [{ name: 's', values: [1, 2] }];
  const cases: [string, () => unknown, string][] = [
    ['width', () => lineChart({ series: ok, width: -1 }), 'lineChart: width must be > 0, got -1'],
    ['height', () => lineChart({ series: ok, height: 0 }), 'lineChart: height must be > 0, got 0'],
    ['width NaN', () => lineChart({ series: ok, width: NaN }), 'lineChart: width must be a number, got NaN'],
    ['title', () => lineChart({ series: ok, title: 3 as unknown as string }), 'lineChart: title must be a string, got 3'],
    ['logY', () => lineChart({ series: ok, logY: 'yes' as unknown as boolean }), 'lineChart: logY must be a boolean, got "yes"'],
    ['series empty', () => lineChart({ series: [] }), 'lineChart: series must be a non-empty array, got []'],
    [
      'series not array',
      () => lineChart({ series: 'train' as unknown as [] }),
      'lineChart: series must be an array of { name, values } or { name, points }, got "train"',
    ],
    ['name', () => lineChart({ series: [{ name: '', values: [] }] }), 'lineChart: series[0].name must be a non-empty string, got ""'],
    [
      'both values and points',
      () => lineChart({ series: [{ name: 'a', values: [], points: [] } as never] }),
      'lineChart: series[0] must be an object with either values or points (not both), got ["name", "values", "points"]',
    ],
    [
      'a value that is not a number',
      () => lineChart({ series: [{ name: 'a', values: [1, '2' as unknown as number] }] }),
      'lineChart: series[0].values[1] must be a number, got "2"',
    ],
    [
      'a point without y',
      () => lineChart({ series: [{ name: 'a', points: [{ x: 1 } as never] }] }),
      'lineChart: series[0].points[0].y must be a number, got undefined',
    ],
    [
      'start',
      () => lineChart({ series: [{ name: 'a', values: [1], start: Infinity }] }),
      'lineChart: series[0].start must be finite, got Infinity',
    ],
    [
      'duplicate names',
      () => lineChart({ series: [{ name: 'a', values: [] }, { name: 'a', values: [] }] }),
      'lineChart: series names must be unique, got ["a", "a"]',
    ],
  ];
  it.each(cases)('rejects a bad %s', (_what, call, message) => {
    expect(call).toThrow(message);
  });

  it('throws RangeError for out-of-range numbers and TypeError for wrong types', () => {
    expect(() => lineChart({ series: ok, width: -1 })).toThrow(RangeError);
    expect(() => lineChart({ series: ok, title: 3 as unknown as string })).toThrow(TypeError);
  });
});

describe('lossCurves', () => {
  it('plots train and validation loss per epoch, starting at epoch 1', () => {
    const spec = lossCurves({ trainLoss: [2.3, 1.2, 0.9], valLoss: [2.2, 1.4, 1.3] });
    expect(rows(spec).slice(0, 2)).toEqual([
      { series: 'train', x: 1, y: 2.3 },
      { series: 'train', x: 2, y: 1.2 },
    ]);
    expect(spec).toMatchSnapshot();
  });

  it('counts steps from 0 and leaves out validation when there is none', () => {
    const spec = lossCurves({ trainLoss: [3, 2] }, { x: 'step', logY: true, title: 'Run 7' });
    expect(rows(spec)).toEqual([
      { series: 'train', x: 0, y: 3 },
      { series: 'train', x: 1, y: 2 },
    ]);
    expect(spec.title).toBe('Run 7');
    expect(JSON.stringify(spec)).toContain('"title":"step"');
  });

  it('validates its own options under its own name', () => {
    expect(() => lossCurves({ trainLoss: [1] }, { x: 'batch' as 'step' })).toThrow(
      'lossCurves: x must be one of "epoch", "step", got "batch"',
    );
    expect(() => lossCurves({ trainLoss: [1] }, { width: -1 })).toThrow('lossCurves: width must be > 0, got -1');
    expect(() => lossCurves({} as never)).toThrow('lossCurves: history.trainLoss must be an array of numbers, got undefined');
    expect(() => lossCurves({ trainLoss: [1], valLoss: 2 as never })).toThrow(
      'lossCurves: history.valLoss must be an array of numbers, got 2',
    );
  });
});

describe('schedulePlot', () => {
  const halve = (step: number) => 0.1 * 0.5 ** Math.floor(step / 2);
  const constant = () => 0.05;

  it('plots each schedule at steps 0 … steps − 1', () => {
    const spec = schedulePlot({ halve, constant }, { steps: 5 });
    expect(rows(spec).filter((r) => r.series === 'halve')).toEqual([
      { series: 'halve', x: 0, y: 0.1 },
      { series: 'halve', x: 1, y: 0.1 },
      { series: 'halve', x: 2, y: 0.05 },
      { series: 'halve', x: 3, y: 0.05 },
      { series: 'halve', x: 4, y: 0.025 },
    ]);
    expect(spec).toMatchSnapshot();
  });

  it('accepts a map, an array or a single schedule', () => {
    const fromMap = schedulePlot({ halve, constant }, { steps: 3 });
    const fromArray = schedulePlot([{ name: 'halve', schedule: halve }, { name: 'constant', schedule: constant }], { steps: 3 });
    expect(fromArray).toEqual(fromMap);
    expect(rows(schedulePlot(halve, { steps: 2 }))[0].series).toBe('learning rate');
  });

  it('samples long runs down to maxPoints, keeping the first and last step', () => {
    const spec = schedulePlot(constant, { steps: 2000, maxPoints: 1000 });
    const xs = rows(spec).map((r) => r.x);
    expect(xs.length).toBeLessThanOrEqual(1000);
    expect(xs[0]).toBe(0);
    expect(xs[xs.length - 1]).toBe(1999);
    expect(schedulePlot(constant, { steps: 1 }).description).toBe('Line chart of learning rate (1 point)');
  });

  it('throws when a schedule returns a non-finite rate, naming the schedule and the step', () => {
    const broken = (step: number) => (step === 3 ? NaN : 0.1);
    expect(() => schedulePlot({ broken }, { steps: 5 })).toThrow(
      'schedulePlot: schedule "broken" at step 3 must be a finite number, got NaN',
    );
  });

  it('validates steps (not epochs) and maxPoints', () => {
    expect(() => schedulePlot(constant, { steps: 0 })).toThrow('schedulePlot: steps must be an integer ≥ 1, got 0');
    expect(() => schedulePlot(constant, { steps: 2.5 })).toThrow('schedulePlot: steps must be an integer, got 2.5');
    expect(() => schedulePlot(constant, { steps: 10, maxPoints: 1 })).toThrow(
      'schedulePlot: maxPoints must be an integer ≥ 2, got 1',
    );
    expect(() => schedulePlot({}, { steps: 10 })).toThrow('schedulePlot: schedules must be at least one schedule, got []');
    expect(() => schedulePlot({ a: 0.1 as never }, { steps: 10 })).toThrow(
      'schedulePlot: schedules[0].schedule must be a function (step) => number, got 0.1',
    );
  });
});

describe('toSVG', () => {
  it('renders an SVG with one line per series and the axis titles', async () => {
    const svg = await toSVG(lossCurves({ trainLoss: [2.3, 1.2, 0.9], valLoss: [2.2, 1.4, 1.3] }));
    expect(svg.startsWith('<svg')).toBe(true);
    // Vega draws each series of a multi-series line in its own mark group: one <path d="M…"> each.
    const lines = svg.match(/<g class="mark-line role-mark marks"[^>]*><path [^>]*d="M[^"]+"/g) ?? [];
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('series: train');
    expect(lines[1]).toContain('series: validation');
    for (const text of ['Loss', 'epoch', 'loss', 'train', 'validation']) expect(svg).toContain(`>${text}</text>`);
  });

  it('shows long series names in full in the legend (vega cuts labels at 160 px by default)', async () => {
    const names = ['train (mean of 12 steps)', 'SGD + momentum μ = 0.9, η = 0.01'];
    const svg = await toSVG(lineChart({ series: names.map((name, i) => ({ name, values: [2 - i, 1] })) }));
    for (const name of names) expect(svg).toContain(`>${name.replace('&', '&amp;')}</text>`);
    expect(svg).not.toContain('…');
  });

  it('lists a series in the legend only once it has a point, keeping every colour fixed', async () => {
    const colour = (spec: TopLevelSpec) => (spec as { encoding: { color: { scale: { domain: string[] }; legend: { values?: string[] } | null } } }).encoding.color;
    const before = lossCurves({ trainLoss: [2.3, 1.2], valLoss: [] });
    expect(colour(before).scale.domain).toEqual(['train', 'validation']);
    expect(colour(before).legend?.values).toEqual(['train']);
    const beforeSvg = await toSVG(before);
    expect(beforeSvg).toContain('>train</text>');
    expect(beforeSvg).not.toContain('>validation</text>');
    const after = lossCurves({ trainLoss: [2.3, 1.2], valLoss: [2.2] });
    expect(colour(after).scale.domain).toEqual(['train', 'validation']);
    expect(colour(after).legend?.values).toBeUndefined();
    expect(await toSVG(after)).toContain('>validation</text>');
    const trainColour = (svg: string) => svg.match(/series: train[^>]*stroke="(#[0-9a-f]+)"/)?.[1];
    expect(trainColour(await toSVG(after))).toBe(trainColour(beforeSvg));
    expect(colour(lineChart({ series: [{ name: 'empty', values: [] }] })).legend).toBeNull();
  });

  it('puts epoch ticks on whole epochs', async () => {
    const svg = await toSVG(lossCurves({ trainLoss: [6, 5, 4, 3, 2, 1] }));
    const xLabels = svg.match(/role-axis-label.*?<\/g>/)?.[0].match(/>[^<]+(?=<\/text>)/g);
    expect(xLabels).toEqual(['>1', '>2', '>3', '>4', '>5', '>6']);
  });

  it('leaves the spec untouched (vega would tag its data rows)', async () => {
    const spec = lossCurves({ trainLoss: [2, 1] });
    const before = structuredClone(spec);
    await toSVG(spec);
    expect(spec).toStrictEqual(before);
    expect(Object.getOwnPropertySymbols(rows(spec)[0])).toEqual([]);
  });

  it('labels a log axis over many decades one way: plain up to 10000, powers of ten beyond', async () => {
    const spec = lineChart({ series: [{ name: 'big', values: [1, 1e3, 1e6, 1e12, 1e35] }], logY: true });
    const labels = [...(await toSVG(spec)).matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    const yLabels = labels.filter((label) => /^1(?:0*|e[+-]\d+)$/.test(label) && label !== '1');
    expect(yLabels.length).toBeGreaterThan(3);
    expect(yLabels.filter((label) => /^10{5,}$/.test(label)), 'no 100000, 10000000000, …').toEqual([]);
    expect(yLabels).toContain('1e+35');
    const small = [...(await toSVG(lineChart({ series: [{ name: 'small', values: [1e-6, 1e-2, 1] }], logY: true }))).matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(small).toContain('0.01');
    expect(small).toContain('1e-6');
    expect(small).not.toContain('0.000001');
  });

  it('renders a log-scale schedule plot', async () => {
    const svg = await toSVG(schedulePlot({ exp: (s) => 0.1 * 0.9 ** s }, { steps: 50, logY: true }));
    expect(svg).toContain('>learning rate</text>');
  });

  it('never touches the network: a spec with a data URL fails instead of fetching', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const spec: TopLevelSpec = {
      $schema: VEGA_LITE_SCHEMA,
      data: { url: 'https://example.com/data.json' },
      mark: 'line',
      encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
    };
    await expect(toSVG(spec)).rejects.toThrow('toSVG: refusing to load "https://example.com/data.json"');
    expect(fetchSpy).not.toHaveBeenCalled();
    fetchSpy.mockRestore();
  });
});

describe('lineChart integerX', () => {
  const xLabels = async (spec: TopLevelSpec) =>
    [...(await toSVG(spec)).matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).filter((label) => /^\d+$/.test(label)).map(Number);

  it('puts ticks on whole numbers, one per 40 px of the width as drawn: fewer when the chart is narrowed', async () => {
    const spec = lineChart({ series: [{ name: 'loss', values: Array.from({ length: 700 }, (_, i) => 1 / (i + 1)) }], integerX: true, width: 480 });
    const wide = await xLabels(spec);
    // The site narrows a wide chart once drawn by setting its width signal; a new width in the spec does the same.
    const narrow = await xLabels({ ...spec, width: 160 } as TopLevelSpec);
    expect(wide.length).toBeGreaterThan(8);
    expect(narrow.length, `labels at 160 px: ${narrow.join(' ')}`).toBeLessThanOrEqual(5);
    const few = await xLabels(lineChart({ series: [{ name: 'loss', values: [3, 2, 1] }], integerX: true }));
    expect(few.every(Number.isInteger) && few.length).toBeGreaterThan(1);
    expect(few).toEqual([...new Set(few)]); // no two ticks at one whole number (1, 1.5 → "1", "2")
  });
});

describe('lineChart logX', () => {
  it('puts x on a log scale and drops x ≤ 0, saying so', () => {
    const spec = lineChart({ series: [{ name: 'miss', points: [{ x: 0, y: 3 }, { x: 1, y: 2 }, { x: 4, y: 1 }] }], logX: true, integerX: true });
    const x = (spec as { encoding: { x: Record<string, unknown> } }).encoding.x;
    expect(x.scale).toEqual({ type: 'log' });
    expect(x.axis, 'integer ticks do not apply on a log axis: its labels only').toEqual(LOG_AXIS);
    expect(rows(spec).map((r) => r.x)).toEqual([1, 4]);
    expect(description(spec)).toBe('Line chart of miss (2 points); dropped 1 point: non-finite or ≤ 0 (log scale)');
  });

  it('rejects a logX that is not a boolean', () => {
    expect(() => lineChart({ series: [{ name: 's', values: [1] }], logX: 1 as never })).toThrow('lineChart: logX must be a boolean, got 1');
  });
});
