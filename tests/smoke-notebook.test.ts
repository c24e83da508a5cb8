/**
 * The smoke notebook, executed through the real kernel by the runner: it must run to the end and
 * its charts must arrive as one bundle each (Vega-Lite v5 JSON object + SVG + text).
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PREFIX } from '../tools/kernel/loading-line.cjs';
import { joinText, type CodeCell, type Notebook } from '../tools/notebooks/nbformat';
import { executeNotebook } from '../tools/notebooks/notebook-runner';

const SMOKE = path.resolve(import.meta.dirname, '..', 'notebooks', '00-smoke.ipynb');

let executed: Notebook;
beforeAll(async () => {
  executed = await executeNotebook(SMOKE, { cellTimeoutMs: 240_000 });
}, 300_000);

const outputsOf = (id: string) => (executed.cells.find((c) => c.id === id) as CodeCell).outputs;

describe('notebooks/00-smoke.ipynb', () => {
  it('reports the backend ready() chose', () => {
    const text = outputsOf('smoke-backend').map((o) => (o.output_type === 'stream' ? joinText(o.text) : '')).join('');
    // The first cell that loads tfjs says so first (tools/kernel/loading-line.cjs), once.
    const [loading, ...rest] = text.split('\n');
    expect(loading.startsWith(PREFIX), loading).toBe(true);
    expect(rest.join('\n')).toMatch(/^backend: (tensorflow|wasm|cpu) — /);
    const later = executed.cells.filter((c) => c.id !== 'smoke-backend' && c.cell_type === 'code').flatMap((c) => (c as CodeCell).outputs);
    expect(later.some((o) => o.output_type === 'stream' && joinText(o.text).includes(PREFIX))).toBe(false);
  });

  it('shows the live chart and the static chart as full bundles', () => {
    for (const id of ['smoke-train', 'smoke-static']) {
      const displays = outputsOf(id).filter((o) => o.output_type === 'display_data');
      expect(displays, `cell ${id} should hold one chart`).toHaveLength(1);
      const data = (displays[0] as { data: Record<string, unknown> }).data;
      expect(Object.keys(data).sort()).toEqual(['application/vnd.vegalite.v5+json', 'image/svg+xml', 'text/plain']);
      const spec = data['application/vnd.vegalite.v5+json'] as { $schema: string };
      expect(spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v5.json');
      expect(joinText(data['image/svg+xml'] as string | string[])).toContain('<svg');
    }
  });

  it('trains: the loss falls and no tensor is left behind', () => {
    const text = [...outputsOf('smoke-train'), ...outputsOf('smoke-static')]
      .map((o) => (o.output_type === 'stream' ? joinText(o.text) : ''))
      .join('');
    const [, train] = /final train loss ([\d.]+)/.exec(text) ?? [];
    expect(Number(train)).toBeLessThan(0.5); // ln 10 ≈ 2.3 before training
    expect(text).toContain('tensors still allocated: 0');
  });
});
