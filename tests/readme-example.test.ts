/**
 * The README's "library in one cell" example runs as written on the real kernel: the first thing a
 * user copies must work.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { loadingLine } from '../tools/kernel/loading-line.cjs';
import { joinText } from '../tools/notebooks/nbformat';
import { executeNotebook } from '../tools/notebooks/notebook-runner';

it("README's example trains on digits and shows its chart", async () => {
  const readme = readFileSync(path.resolve(import.meta.dirname, '..', 'README.md'), 'utf8');
  const example = /## The library in one cell\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(example, 'README has a "The library in one cell" ts block').toBeDefined();
  const source = `${example}console.log(history.epochs > 0, history.valMetrics.accuracy.at(-1)! > 0.9);\n`;
  const executed = await executeNotebook(
    {
      cells: [{ cell_type: 'code', execution_count: null, id: 'readme', metadata: {}, outputs: [], source }],
      metadata: { kernelspec: { name: 'trainlab' } },
      nbformat: 4,
      nbformat_minor: 5,
    },
    { cellTimeoutMs: 240_000 },
  );
  const outputs = executed.cells[0].cell_type === 'code' ? executed.cells[0].outputs : [];
  const stdout = outputs.map((o) => (o.output_type === 'stream' ? joinText(o.text) : '')).join('');
  // The kernel's first cell says what it loads (tools/kernel/loading-line.cjs), then the example's output.
  expect(stdout).toBe(`${loadingLine(source)}\ntrue true\n`);
  expect(outputs.filter((o) => o.output_type === 'display_data').length).toBeGreaterThanOrEqual(1);
}, 300_000);
