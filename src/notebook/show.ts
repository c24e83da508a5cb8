/**
 * `show`: display a chart in the notebook, as one output holding Vega-Lite, SVG and text.
 */
import type { TopLevelSpec } from 'vega-lite';
import { checkFunction, checkOptions } from '../core/errors';
import { compileSpec } from '../plots/svg';
import { bundleFor } from './bundle';
import { kernelWriter, type DisplayWriter } from './writer';

export interface ShowOptions {
  /** Where the message goes (default: the tslab kernel's writer for the running cell). Tests inject one. */
  writer?: DisplayWriter;
}

/**
 * Displays `spec` in the running notebook cell: ONE `display_data` message whose bundle holds the
 * spec (`application/vnd.vegalite.v5+json`, as an object), its SVG (`image/svg+xml`) and a one-line
 * `text/plain` description (see `displayBundle`).
 *
 * Await it: the message must leave before the cell ends, or tslab files it under the next cell.
 * The writer is taken when `show` is called, so the output belongs to the calling cell.
 *
 * Outside a notebook (no tslab kernel and no `writer`), `show` does nothing: no output, no
 * rendering, no error — so library code and lesson solutions can call it unconditionally from
 * tests and scripts. Use `inNotebook()` to choose another output there, or `toSVG` to write a file.
 *
 * @example
 * await show(lossCurves(history, { logY: true }));
 */
export async function show(spec: TopLevelSpec, options: ShowOptions = {}): Promise<void> {
  const { writer: given } = checkOptions<ShowOptions>('show', options, ['writer']);
  if (given !== undefined) checkFunction('show', 'writer', given, 'a DisplayWriter function');
  await compileSpec('show', spec); // a bad spec is an error in a script too, not only in a notebook
  const writer = given ?? kernelWriter();
  if (writer === undefined) return;
  const bundle = await bundleFor('show', spec);
  writer({ ...bundle, transient: {} }, false);
}
