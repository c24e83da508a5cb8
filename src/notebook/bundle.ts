/**
 * The MIME bundle of one chart: what a notebook stores and each front end picks from.
 *
 * - `application/vnd.vegalite.v5+json` — the spec as a JSON object: JupyterLab 4 / Notebook 7 draw
 *   it interactively (tooltips).
 * - `image/svg+xml` — the same chart rendered in Node (`toSVG`): nbconvert's HTML export, GitHub's
 *   notebook viewer and the static site show this.
 * - `text/plain` — one line for terminals and for readers of the raw .ipynb.
 */
import type { TopLevelSpec } from 'vega-lite';
import { checkObject } from '../core/errors';
import { renderSVG } from '../plots/svg';

export const VEGA_LITE_MIME = 'application/vnd.vegalite.v5+json';

export interface DisplayBundle {
  data: {
    'application/vnd.vegalite.v5+json': TopLevelSpec;
    'image/svg+xml': string;
    'text/plain': string;
  };
  metadata: Record<string, unknown>;
}

/**
 * Builds the three-MIME bundle of `spec`. Pure apart from rendering: it neither displays nor keeps
 * anything. The spec in the bundle is a deep JSON copy (later edits of `spec` do not change it).
 *
 * @example
 * const { data } = await displayBundle(lossCurves(history));
 * data['image/svg+xml']; // '<svg …'
 */
export async function displayBundle(spec: TopLevelSpec): Promise<DisplayBundle> {
  return bundleFor('displayBundle', spec);
}

/** `displayBundle` naming `fn` in its errors. */
export async function bundleFor(fn: string, spec: unknown): Promise<DisplayBundle> {
  checkObject(fn, 'spec', spec, 'a Vega-Lite spec (an object)');
  const json = JSON.parse(JSON.stringify(spec)) as TopLevelSpec;
  const svg = await renderSVG(fn, json);
  return {
    data: {
      [VEGA_LITE_MIME]: json,
      'image/svg+xml': svg,
      'text/plain': describeSpec(json),
    },
    metadata: {},
  };
}

/**
 * One line saying what a chart shows: its title, then its `description` (trainlab's builders list
 * the series, their point counts and any dropped points there), e.g.
 * `Loss: Line chart of train (5 points), validation (5 points)`.
 */
export function describeSpec(spec: TopLevelSpec): string {
  checkObject('describeSpec', 'spec', spec, 'a Vega-Lite spec (an object)');
  const title = titleText(spec.title);
  const description = typeof spec.description === 'string' ? spec.description : undefined;
  if (title && description) return `${title}: ${description}`;
  return title || description || 'Vega-Lite chart';
}

function titleText(title: unknown): string | undefined {
  if (typeof title === 'string') return title;
  if (Array.isArray(title)) return title.join(' ');
  if (typeof title === 'object' && title !== null && 'text' in title) return titleText((title as { text: unknown }).text);
  return undefined;
}
