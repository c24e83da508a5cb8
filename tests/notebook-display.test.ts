import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { lossCurves } from '../src/index';
import {
  describeSpec,
  displayBundle,
  inNotebook,
  kernelWriter,
  liveChart,
  show,
  VEGA_LITE_MIME,
  type DisplayBundle,
  type DisplayContent,
} from '../src/index';

type Message = { content: DisplayContent; update: boolean };

function recorder() {
  const messages: Message[] = [];
  const writer = (content: DisplayContent, update: boolean) => {
    messages.push({ content, update });
  };
  return { messages, writer };
}

const chart = (title: string): TopLevelSpec => ({ ...lossCurves({ trainLoss: [1, 0.5] }), title });
const titleOf = (m: Message) => (m.content.data[VEGA_LITE_MIME] as TopLevelSpec).title;

// Builds a frame instantly, so the throttling tests control time completely.
const fakeBundle = async (spec: TopLevelSpec): Promise<DisplayBundle> => ({
  data: { [VEGA_LITE_MIME]: spec, 'image/svg+xml': '<svg/>', 'text/plain': describeSpec(spec) },
  metadata: {},
});

describe('displayBundle', () => {
  it('holds exactly Vega-Lite v5 JSON (an object), SVG and text', async () => {
    const spec = lossCurves({ trainLoss: [2, 1], valLoss: [2.1, 1.4] });
    const { data, metadata } = await displayBundle(spec);
    expect(Object.keys(data).sort()).toEqual(['application/vnd.vegalite.v5+json', 'image/svg+xml', 'text/plain']);
    expect(typeof data[VEGA_LITE_MIME]).toBe('object');
    expect(data[VEGA_LITE_MIME]).toEqual(spec);
    expect(data['image/svg+xml']).toMatch(/^<svg /);
    expect(data['text/plain']).toBe('Loss: Line chart of train (2 points), validation (2 points)');
    expect(metadata).toEqual({});
  });

  it('copies the spec, so later edits do not reach a sent bundle', async () => {
    const spec = chart('before');
    const { data } = await displayBundle(spec);
    (spec as { title: string }).title = 'after';
    expect(data[VEGA_LITE_MIME].title).toBe('before');
  });
});

describe('describeSpec', () => {
  it('joins title and description, or falls back', () => {
    const data = { values: [] };
    expect(describeSpec({ title: { text: 'T' }, description: 'D', data, mark: 'point' })).toBe('T: D');
    expect(describeSpec({ title: ['a', 'b'], data, mark: 'point' })).toBe('a b');
    expect(describeSpec({ data, mark: 'point' })).toBe('Vega-Lite chart');
  });
});

describe('show', () => {
  afterEach(() => {
    delete (globalThis as { __tslab__?: unknown }).__tslab__;
  });

  it('sends one display_data message with the three MIME types', async () => {
    const { messages, writer } = recorder();
    await show(chart('Loss'), { writer });
    expect(messages).toHaveLength(1);
    const [{ content, update }] = messages;
    expect(update).toBe(false);
    expect(Object.keys(content.data).sort()).toEqual(['application/vnd.vegalite.v5+json', 'image/svg+xml', 'text/plain']);
    expect(content.transient).toEqual({});
  });

  it('outside a notebook does nothing, prints nothing and does not throw', async () => {
    const log = vi.spyOn(console, 'log');
    const warn = vi.spyOn(console, 'warn');
    expect(inNotebook()).toBe(false);
    expect(kernelWriter()).toBeUndefined();
    await expect(show(chart('Loss'))).resolves.toBeUndefined();
    expect(log).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
    log.mockRestore();
    warn.mockRestore();
  });

  it("inside tslab uses the kernel's writer for the running cell", async () => {
    const { messages, writer } = recorder();
    const required: string[] = [];
    (globalThis as { __tslab__?: unknown }).__tslab__ = {
      require: (id: string) => {
        required.push(id);
        return { lastWriteDisplayData: writer };
      },
    };
    expect(inNotebook()).toBe(true);
    await show(chart('Loss'));
    expect(required).toEqual(['tslab/dist/jupyter']);
    expect(messages).toHaveLength(1);
  });

  it('says so when the kernel has no display writer', () => {
    (globalThis as { __tslab__?: unknown }).__tslab__ = { require: () => ({ lastWriteDisplayData: null }) };
    expect(() => kernelWriter()).toThrow('tslab/dist/jupyter has no lastWriteDisplayData');
  });
});

describe('liveChart', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends display_data first, then update_display_data with the same display_id', async () => {
    const { messages, writer } = recorder();
    const live = liveChart({ writer, bundle: fakeBundle, intervalMs: 0 });
    for (const t of ['1', '2', '3']) {
      live.update(chart(t));
      await vi.advanceTimersByTimeAsync(0);
    }
    expect(messages.map((m) => m.update)).toEqual([false, true, true]);
    expect(messages.map((m) => m.content.transient.display_id)).toEqual([live.displayId, live.displayId, live.displayId]);
    expect(live.displayId).toMatch(/^[0-9a-f]{16}$/);
    expect(liveChart({ writer }).displayId).not.toBe(live.displayId);
  });

  it('draws at most one frame per intervalMs, always the newest state', async () => {
    const { messages, writer } = recorder();
    const live = liveChart({ writer, bundle: fakeBundle, intervalMs: 1000 });
    live.update(chart('1')); // first frame: at once
    await vi.advanceTimersByTimeAsync(0);
    expect(messages.map(titleOf)).toEqual(['1']);

    live.update(chart('2'));
    live.update(chart('3'));
    await vi.advanceTimersByTimeAsync(500);
    expect(messages.map(titleOf)).toEqual(['1']); // throttled

    await vi.advanceTimersByTimeAsync(500); // the timer draws the newest, skipping '2'
    expect(messages.map(titleOf)).toEqual(['1', '3']);
    expect(messages[1].update).toBe(true);
  });

  it('draws at once when an update comes after the interval, even if no timer could run', async () => {
    const { messages, writer } = recorder();
    const live = liveChart({ writer, bundle: fakeBundle, intervalMs: 1000 });
    live.update(chart('1'));
    await vi.advanceTimersByTimeAsync(0);
    vi.setSystemTime(Date.now() + 5000); // a busy loop: the clock moves, timers do not fire
    live.update(chart('2'));
    await Promise.resolve();
    await Promise.resolve();
    expect(messages.map(titleOf)).toEqual(['1', '2']);
  });

  it('spaces frames so drawing takes at most 10 % of the time', async () => {
    const { messages, writer } = recorder();
    const slowBundle = async (spec: TopLevelSpec) => {
      vi.setSystemTime(Date.now() + 200); // this frame "took" 200 ms
      return fakeBundle(spec);
    };
    const live = liveChart({ writer, bundle: slowBundle, intervalMs: 100 });
    live.update(chart('1'));
    await vi.advanceTimersByTimeAsync(0);
    live.update(chart('2'));
    await vi.advanceTimersByTimeAsync(1500); // 200 + 1500 ms after the first frame began: < 9 × 200
    expect(messages.map(titleOf)).toEqual(['1']);
    await vi.advanceTimersByTimeAsync(100); // 1800 ms = 9 × 200 after it began
    expect(messages.map(titleOf)).toEqual(['1', '2']);
  });

  it('flush() sends the last state at once; close() too, then refuses updates', async () => {
    const { messages, writer } = recorder();
    const live = liveChart({ writer, bundle: fakeBundle, intervalMs: 10_000 });
    live.update(chart('1'));
    live.update(chart('2'));
    await live.flush();
    expect(messages.map(titleOf)).toEqual(['1', '2']);
    await live.flush(); // nothing new: nothing sent
    expect(messages).toHaveLength(2);

    live.update(chart('3'));
    await live.close();
    await live.close(); // idempotent
    expect(messages.map(titleOf)).toEqual(['1', '2', '3']);
    expect(messages.map((m) => m.update)).toEqual([false, true, true]);
    expect(() => live.update(chart('4'))).toThrow('liveChart: update() after close()');
    await vi.advanceTimersByTimeAsync(20_000);
    expect(messages).toHaveLength(3); // no stray timer
  });

  it('builds a spec given as a function only for frames it draws', async () => {
    const { messages, writer } = recorder();
    const live = liveChart({ writer, bundle: fakeBundle, intervalMs: 1000 });
    let built = 0;
    const build = (t: string) => () => {
      built++;
      return chart(t);
    };
    for (let i = 0; i < 100; i++) live.update(build(String(i)));
    await live.flush();
    expect(built).toBe(2); // the first, and the last at flush
    expect(messages.map(titleOf)).toEqual(['0', '99']);
  });

  it('reports a failed frame at flush() instead of throwing from a timer', async () => {
    const { messages, writer } = recorder();
    const failing = async (): Promise<DisplayBundle> => {
      throw new Error('render failed');
    };
    const live = liveChart({ writer, bundle: failing, intervalMs: 0 });
    live.update(chart('1'));
    await expect(live.flush()).rejects.toThrow('render failed');
    await expect(live.flush()).resolves.toBeUndefined();
    expect(messages).toHaveLength(0);
  });

  it('outside a notebook renders nothing', async () => {
    const bundle = vi.fn(fakeBundle);
    const live = liveChart({ bundle });
    live.update(chart('1'));
    await live.close();
    expect(bundle).not.toHaveBeenCalled();
  });

  it('validates intervalMs', () => {
    expect(() => liveChart({ intervalMs: -5 })).toThrow('liveChart: intervalMs must be ≥ 0, got -5');
  });
});

describe('liveChart with the real renderer', () => {
  it('streams real bundles while "training" runs', async () => {
    const { messages, writer } = recorder();
    const live = liveChart({ writer, intervalMs: 0 });
    const history = { trainLoss: [] as number[], valLoss: [] as number[] };
    for (let epoch = 0; epoch < 3; epoch++) {
      history.trainLoss.push(1 / (epoch + 1));
      history.valLoss.push(1.2 / (epoch + 1));
      live.update(() => lossCurves(history));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await live.close();
    expect(messages.length).toBeGreaterThanOrEqual(2);
    expect(messages[0].update).toBe(false);
    const last = messages[messages.length - 1];
    expect(last.update).toBe(true);
    expect(last.content.data['text/plain']).toBe('Loss: Line chart of train (3 points), validation (3 points)');
    expect(last.content.data['image/svg+xml']).toMatch(/^<svg /);
  });

  it('shows "validation" in the legend from the frame that has its first point, not before', async () => {
    const { messages, writer } = recorder();
    const live = liveChart({ writer, intervalMs: 0 });
    const history = { trainLoss: [] as number[], valLoss: [] as number[] };
    for (let step = 0; step < 3; step++) {
      history.trainLoss.push(1 / (step + 1));
      if (step === 2) history.valLoss.push(0.4); // validation after the last step only
      live.update(() => lossCurves(history, { x: 'step' }));
      await live.flush();
    }
    await live.close();
    const legends = messages.map((m) => [...String(m.content.data['image/svg+xml']).matchAll(/role-legend-label[^>]*><text[^>]*>([^<]+)</g)].map((x) => x[1]));
    expect(legends).toEqual([['train'], ['train'], ['train', 'validation']]);
  });
});
