/**
 * An SVG string made safe to inline in a page. Our kernel's SVG comes from vega and is harmless,
 * but a cell can display any SVG, and inline SVG runs scripts and event handlers like HTML does.
 *
 * The SVG is re-built, not filtered: a small tokenizer reads tags, attributes and text, and only
 * what passes the allowlists is written back, with every value decoded and escaped again. What the
 * tokenizer does not understand is dropped, so a trick it does not know cannot pass through.
 * - Elements: the drawing ones (no script, style, foreignObject, animate/set, iframe, …); a
 *   refused element is dropped with everything inside it.
 * - Attributes, judged by their lowercased name as browsers read them (`ONLOAD`, `xlink:HREF`): no
 *   `on*` handlers; links (`href`, `xlink:href`) only to `#fragments`, plus `data:image/…` on
 *   <image> and http(s) on <a>; in values, `url(…)` only as `url(#id)` (clip paths, gradients) and
 *   no other CSS function that fetches (`image-set()`, `image()`, `cross-fade()`, `element()`,
 *   `src()`, `@import`), so nothing is fetched from outside; no CSS escapes in `style`.
 * - Comments, CDATA, doctype and processing instructions are dropped.
 */
import { decodeEntities, escapeHtml } from './html';

const ELEMENTS = new Set([
  'svg', 'g', 'defs', 'symbol', 'use', 'title', 'desc', 'metadata',
  'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text', 'tspan', 'textPath',
  'clipPath', 'mask', 'pattern', 'marker', 'linearGradient', 'radialGradient', 'stop', 'image', 'a',
  'filter', 'feBlend', 'feColorMatrix', 'feComposite', 'feFlood', 'feGaussianBlur', 'feMerge',
  'feMergeNode', 'feOffset',
]);
const NAME = /^[A-Za-z_][-A-Za-z0-9_.]*(?::[A-Za-z_][-A-Za-z0-9_.]*)?$/;

// One token per match: comment | CDATA | <!…> or <?…?> | end tag | start tag | text | a lone "<".
const TOKEN = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<[!?][^>]*>?|<\/([A-Za-z][^\s/>]*)\s*>|<([A-Za-z][^\s/>]*)((?:\s+[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|(?:[^\s"'=<>`/]|\/(?!>))+))?)*)\s*(\/?)>|[^<]+|</g;
const ATTRIBUTE = /([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|((?:[^\s"'=<>`/]|\/(?!>))+)))?/g;

/** CSS functions that fetch (bare strings in image-set() are URLs too) — only url(#id) may stay. */
const CSS_FETCH = /(?:image-set|image|cross-fade|element|src)\(|url\((?!['"]?#)|@import/;

/** The attribute's value, decoded, if it may stay on this element; undefined to drop it. */
function allowedValue(element: string, name: string, raw: string): string | undefined {
  // Browsers lowercase attribute names in inline SVG (`Href`, `ONLOAD`, `xlink:HREF`): so do the checks.
  const lower = name.toLowerCase();
  if (!NAME.test(name) || lower.startsWith('on')) return undefined;
  // Control characters and spaces are ignored by URL parsers ("java\tscript:"), comments by CSS: judge without them.
  const value = decodeEntities(raw);
  const compact = value.replace(/[\s\u0000-\u001f]+/g, '').toLowerCase();
  if (lower.slice(lower.indexOf(':') + 1) === 'href') { // href, xlink:href, any prefix
    if (compact.startsWith('#')) return value;
    if (element === 'image' && compact.startsWith('data:image/')) return value;
    if (element === 'a' && /^https?:\/\//.test(compact)) return value;
    return undefined;
  }
  if (compact.includes('javascript:') || compact.includes('expression(')) return undefined;
  if (CSS_FETCH.test(compact.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, ''))) return undefined; // never a fetch from a style or presentation attribute
  // CSS escapes (`\75 rl(`) could spell any of the above: none in a style, none next to a function call.
  if (value.includes('\\') && (lower === 'style' || value.includes('('))) return undefined;
  return value;
}

function startTag(name: string, attributes: string, selfClosing: boolean): string {
  let out = `<${name}`;
  for (const match of attributes.matchAll(ATTRIBUTE)) {
    const [, attribute, double, single, bare] = match;
    const value = allowedValue(name, attribute, double ?? single ?? bare ?? '');
    if (value !== undefined) out += ` ${attribute}="${escapeHtml(value)}"`;
  }
  return out + (selfClosing ? '/>' : '>');
}

/**
 * The SVG rebuilt from allowed elements and attributes only (see the file comment). Returns ''
 * when the input holds no <svg> element. Unclosed elements are closed at the end.
 *
 * @example
 * sanitizeSvg('<svg onload="alert(1)"><script>alert(2)</script><rect/></svg>'); // '<svg><rect/></svg>'
 */
export function sanitizeSvg(svg: string): string {
  const out: string[] = [];
  const open: string[] = []; // elements written and not yet closed
  let skipping = 0; // depth inside a refused element (0: writing)
  let sawSvg = false;
  for (const match of svg.matchAll(TOKEN)) {
    const [token, endName, startName, attributes = '', selfClosing] = match;
    if (sawSvg && open.length === 0) break; // the root is closed: nothing after it belongs to the SVG
    if (startName !== undefined) {
      if (!sawSvg && startName !== 'svg') continue; // before the root (an XML prolog's neighbours): ignored
      if (skipping > 0 || !ELEMENTS.has(startName)) {
        if (!selfClosing) skipping += 1;
        continue;
      }
      sawSvg = true;
      out.push(startTag(startName, attributes, selfClosing === '/'));
      if (!selfClosing) open.push(startName);
    } else if (endName !== undefined) {
      if (skipping > 0) skipping -= 1;
      else if (open.at(-1) === endName) out.push(`</${open.pop()}>`);
      // A stray end tag (no matching open element) is dropped.
    } else if (token.startsWith('<')) {
      continue; // comment, CDATA, doctype, processing instruction, or a lone "<"
    } else if (skipping === 0 && open.length > 0) {
      out.push(escapeHtml(decodeEntities(token)));
    }
  }
  while (open.length > 0) out.push(`</${open.pop()}>`);
  return sawSvg ? out.join('') : '';
}
