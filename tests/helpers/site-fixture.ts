/**
 * The site tests' fixture course (tests/fixtures/site) and a stand-in for the kernel: instead of
 * running a notebook, `stubExecutor` gives each code cell the outputs its `// stub-output: NAME`
 * comment names. Charts are real trainlab bundles (displayBundle), so the pages get the same
 * Vega-Lite + SVG + text the kernel would send.
 */
import path from 'node:path';
import { displayBundle, lineChart } from '../../src/index';
import { joinText, type Notebook, type Output } from '../../tools/notebooks/nbformat';
import type { Executor } from '../../tools/site/execute';

export const FIXTURE_ROOT = path.resolve(import.meta.dirname, '..', 'fixtures', 'site');
export const FIXTURE_LESSONS = path.join(FIXTURE_ROOT, 'lessons');

/** Text a fixture cell prints that must reach the page as text, never as markup. */
export const INJECTED_TEXT = '<script>alert("injected")</script> <b>not bold</b> & done';

/** An SVG a hostile cell could display: scripts, handlers, an external load, a javascript: link. */
export const HOSTILE_SVG = [
  '<svg xmlns="http://www.w3.org/2000/svg" width="60" height="20" onload="alert(1)">',
  '<script>alert(2)</script>',
  '<a href="javascript:alert(3)"><rect width="60" height="20" fill="teal" onclick="alert(4)"/></a>',
  '<image href="https://example.com/tracker.png" width="1" height="1"/>',
  '<text x="2" y="14">safe text</text>',
  '</svg>',
].join('');

async function outputsFor(source: string): Promise<Output[]> {
  const name = /\/\/ stub-output: (\S+)/.exec(source)?.[1] ?? 'none';
  switch (name) {
    case 'stdout-html':
      return [{ output_type: 'stream', name: 'stdout', text: `${INJECTED_TEXT}\n` }];
    case 'stdout-plain':
      return [{ output_type: 'stream', name: 'stdout', text: '1\n' }];
    case 'stderr':
      return [{ output_type: 'stream', name: 'stderr', text: 'double is not implemented yet\n' }];
    case 'error':
      return [{ output_type: 'error', ename: 'Error', evalue: 'boom', traceback: ['\x1b[31mError: boom\x1b[0m', '    at <cell>:1:7'] }];
    case 'chart': {
      const { data, metadata } = await displayBundle(lineChart({ series: [{ name: 'training loss (mean of 12 steps)', values: [1, 0.5, 0.3, 0.2] }], title: 'Loss' }));
      return [{ output_type: 'display_data', data: { ...data }, metadata }];
    }
    case 'svg-attack':
      return [{ output_type: 'display_data', data: { 'image/svg+xml': HOSTILE_SVG, 'text/plain': 'a hostile svg' }, metadata: {} }];
    case 'none':
      return [];
    default:
      throw new Error(`fixture: unknown stub-output "${name}"`);
  }
}

/** An executor that records which lessons it "ran" in `calls`. */
export function stubExecutor(calls: string[] = []): Executor {
  return async (notebook: Notebook, lesson) => {
    calls.push(lesson.slug);
    const executed = structuredClone(notebook);
    let count = 0;
    for (const cell of executed.cells) {
      if (cell.cell_type !== 'code') continue;
      cell.execution_count = ++count;
      cell.outputs = await outputsFor(joinText(cell.source));
    }
    return executed;
  };
}
