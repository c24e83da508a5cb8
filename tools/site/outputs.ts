/**
 * A code cell's outputs → HTML. Everything a cell printed is untrusted text for the page:
 *
 * - stream text and `text/plain` are escaped into <pre> (a cell printing `<script>` shows it);
 *   stderr and errors get their own class, so the page shows them apart from ordinary output.
 * - A Vega-Lite bundle becomes a chart container: the spec in a JSON data block that the page's
 *   embed script hands to the locally served vega-embed, and the bundle's SVG, sanitised, inside the
 *   container as the picture a reader without JavaScript sees (the script replaces it).
 * - `image/svg+xml` is inlined after `sanitizeSvg`; PNG/JPEG become data: URLs.
 * - `text/html` is NOT rendered: the site would be running a cell's markup with the page's rights.
 *   When a bundle has nothing better, its HTML is shown as escaped source with a note.
 *   (trainlab's own displays never send HTML; they send Vega-Lite + SVG + text.)
 */
import { withoutLoadingLines } from '../kernel/loading-line.cjs';
import { joinText, type MimeBundle, type Output } from '../notebooks/nbformat';
import { escapeHtml, jsonForScript, stripAnsi } from './html';
import { sanitizeSvg } from './sanitize-svg';

/** Vega-Lite MIME types vega-embed can draw (v5 is what trainlab sends; v4 renders too). */
const VEGA_LITE = ['application/vnd.vegalite.v5+json', 'application/vnd.vegalite.v4+json'];
const RASTER = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

/** Counts charts across a page, so each gets a unique element id. */
export interface OutputContext {
  charts: number;
}

function text(value: unknown): string {
  return typeof value === 'string' || Array.isArray(value) ? joinText(value as string | string[]) : '';
}

function pre(className: string, body: string, label?: string): string {
  const heading = label ? `<span class="output-label">${escapeHtml(label)}</span>` : '';
  return `<div class="output ${className}">${heading}<pre>${escapeHtml(stripAnsi(body))}</pre></div>`;
}

/** The chart container: interactive when the page's script runs, the SVG when it does not. */
function chart(spec: unknown, bundle: MimeBundle, context: OutputContext): string {
  context.charts += 1;
  const id = `chart-${context.charts}`;
  const label = text(bundle['text/plain']).trim() || 'Chart';
  const svg = sanitizeSvg(text(bundle['image/svg+xml']));
  const fallback = svg || `<p class="chart-text">${escapeHtml(label)}</p>`;
  return [
    `<figure class="output chart">`,
    // The label sits on the fallback only: vega-embed's chart (and its export menu) has its own ARIA.
    `<div class="vega-chart" data-spec="${id}"><div class="chart-fallback" role="img" aria-label="${escapeHtml(label)}">${fallback}</div></div>`,
    `<script type="application/json" id="${id}">${jsonForScript(spec)}</script>`,
    `</figure>`,
  ].join('');
}

function image(bundle: MimeBundle): string | undefined {
  const alt = escapeHtml(text(bundle['text/plain']).trim() || 'Cell output');
  const raster = RASTER.find((mime) => typeof bundle[mime] === 'string' || Array.isArray(bundle[mime]));
  if (raster) {
    const base64 = text(bundle[raster]).replace(/\s+/g, '');
    if (/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return `<figure class="output image"><img src="data:${raster};base64,${base64}" alt="${alt}"></figure>`;
  }
  const svg = sanitizeSvg(text(bundle['image/svg+xml']));
  if (svg) return `<figure class="output image" role="img" aria-label="${alt}">${svg}</figure>`;
  return undefined;
}

/** One display_data / execute_result bundle, using its richest representation we can show safely. */
function renderBundle(bundle: MimeBundle, context: OutputContext): string {
  const vegaLite = VEGA_LITE.find((mime) => typeof bundle[mime] === 'object' && bundle[mime] !== null);
  if (vegaLite) return chart(bundle[vegaLite], bundle, context);
  const picture = image(bundle);
  if (picture) return picture;
  if ('text/plain' in bundle) return pre('result', text(bundle['text/plain']));
  if ('text/html' in bundle) return pre('html-source', text(bundle['text/html']), 'HTML output, shown as source (the site does not run cell HTML)');
  const types = Object.keys(bundle).join(', ') || 'none';
  return `<div class="output unsupported"><p>Output not shown on the site (MIME types: ${escapeHtml(types)}).</p></div>`;
}

/** The HTML of one output. */
export function renderOutput(output: Output, context: OutputContext): string {
  switch (output.output_type) {
    case 'stream': {
      if (output.name === 'stderr') return pre('stderr', joinText(output.text), 'stderr');
      // The kernel's "trainlab: loading …" line tells a learner why the first cell takes seconds;
      // a reader of the page waits for no kernel.
      const shown = withoutLoadingLines(joinText(output.text));
      return shown === '' ? '' : pre('stdout', shown);
    }
    case 'error':
      // A kernel's traceback already names the error (IPython's ends with "ename: evalue").
      return pre('error', output.traceback.length > 0 ? output.traceback.join('\n') : `${output.ename}: ${output.evalue}`, 'Error');
    case 'display_data':
    case 'execute_result':
      return renderBundle(output.data, context);
  }
}

/** The HTML of a cell's outputs ('' when it has none). */
export function renderOutputs(outputs: readonly Output[], context: OutputContext): string {
  if (outputs.length === 0) return '';
  return `<div class="outputs">${outputs.map((output) => renderOutput(output, context)).join('')}</div>`;
}
