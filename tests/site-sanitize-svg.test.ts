/**
 * sanitizeSvg: a chart from our own kernel comes through unchanged in meaning; scripts, event
 * handlers, script links and external loads never do, however they are spelled.
 */
import { describe, expect, it } from 'vitest';
import { lineChart, toSVG } from '../src/index';
import { renderOutput } from '../tools/site/outputs';
import { sanitizeSvg } from '../tools/site/sanitize-svg';
import { HOSTILE_SVG } from './helpers/site-fixture';

const SVG = '<svg xmlns="http://www.w3.org/2000/svg">';

describe('sanitizeSvg', () => {
  it('keeps a vega chart: the same elements and attributes', async () => {
    const svg = await toSVG(lineChart({ series: [{ name: 'train', values: [3, 2, 1] }, { name: 'validation', values: [3, 2.5, 2.4] }], title: "Loss 'per' epoch & more" }));
    const clean = sanitizeSvg(svg);
    const tags = (text: string) => text.match(/<[A-Za-z][^\s/>]*/g);
    const attributes = (text: string) => text.match(/\s[\w:-]+="/g)?.length;
    expect(tags(clean)).toEqual(tags(svg));
    expect(attributes(clean)).toBe(attributes(svg));
    expect(clean).toContain('viewBox="'); // case kept
    expect(clean).toContain('Loss &#39;per&#39; epoch &amp; more');
  });

  it('drops <script> elements with their content, and every on* handler', () => {
    const clean = sanitizeSvg(HOSTILE_SVG);
    expect(clean).not.toMatch(/script|alert|onload|onclick/i);
    expect(clean).toContain('<rect width="60" height="20" fill="teal"/>');
    expect(clean).toContain('<text x="2" y="14">safe text</text>');
    expect(sanitizeSvg(`${SVG}<g OnMouseOver='x()' onfocusin=y()><rect/></g></svg>`)).toBe(`${SVG}<g><rect/></g></svg>`);
  });

  it('drops javascript: links however they are written, and loads from outside the site', () => {
    for (const href of ['javascript:alert(1)', ' JaVaScRiPt:alert(1)', 'java&#x09;script:alert(1)', '&#106;avascript:alert(1)', 'data:text/html,<script>alert(1)</script>']) {
      expect(sanitizeSvg(`${SVG}<a href="${href}"><text>t</text></a></svg>`)).toBe(`${SVG}<a><text>t</text></a></svg>`);
    }
    expect(sanitizeSvg(`${SVG}<use xlink:href="https://example.com/sprite.svg#icon"/></svg>`)).toBe(`${SVG}<use/></svg>`);
    expect(sanitizeSvg(`${SVG}<image href="https://example.com/t.png"/></svg>`)).toBe(`${SVG}<image/></svg>`);
    expect(sanitizeSvg(`${SVG}<rect style="fill: url(https://example.com/x)" fill="url(&#104;ttp://x)"/></svg>`)).toBe(`${SVG}<rect/></svg>`);
  });

  it('keeps what charts need: #fragment links, url(#id) references, data: images, http links on <a>', () => {
    const kept = [
      '<use href="#marker"/>',
      '<rect clip-path="url(#clip1)" fill="url(&#39;#grad&#39;)"/>',
      '<image href="data:image/png;base64,iVBORw0KGgo="/>',
      '<a href="https://pytorch.org/docs"><text>docs</text></a>',
    ];
    for (const element of kept) {
      const clean = sanitizeSvg(`${SVG}${element}</svg>`);
      expect(clean.replace(/&#39;/g, "'")).toBe(`${SVG}${element.replace(/&#39;/g, "'")}</svg>`);
    }
  });

  it('drops elements that can run code or hold HTML, with their content', () => {
    for (const element of [
      '<foreignObject><div onclick="x">html</div></foreignObject>',
      '<style>@import url(https://example.com/x.css);</style>',
      '<set attributeName="href" to="javascript:alert(1)"/>',
      '<animate attributeName="href" values="javascript:alert(1)"/>',
      '<iframe src="https://example.com"></iframe>',
      '<!-- <script>alert(1)</script> -->',
      '<![CDATA[<script>alert(1)</script>]]>',
    ]) {
      expect(sanitizeSvg(`${SVG}${element}<rect/></svg>`)).toBe(`${SVG}<rect/></svg>`);
    }
  });

  it('ignores anything outside the <svg> root and closes what is left open', () => {
    expect(sanitizeSvg('<?xml version="1.0"?><!DOCTYPE svg><img src=x onerror=alert(1)><svg><g><rect/>')).toBe('<svg><g><rect/></g></svg>');
    expect(sanitizeSvg('<svg><text>a</svg></text><script>alert(1)</script>')).toBe('<svg><text>a</text></svg>');
    expect(sanitizeSvg('just text <b>bold</b>')).toBe('');
  });

  it('escapes text again: no markup can come out of a text node or an attribute', () => {
    const clean = sanitizeSvg(`${SVG}<text aria-label='a"><script>alert(1)</script>'>1 &lt; 2 &amp;&amp; 3 > 2</text></svg>`);
    expect(clean).toBe(`${SVG}<text aria-label="a&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">1 &lt; 2 &amp;&amp; 3 &gt; 2</text></svg>`);
  });

  /** [what the attack is, the hostile element, what must come out]: each inside <svg>…<rect/></svg>. */
  const HOSTILE: [string, string, string][] = [
    ['an upper-case handler', '<rect ONLOAD="alert(1)"/>', '<rect/>'],
    ['a mixed-case handler', '<g OnClIcK=alert(1)><rect/></g>', '<g><rect/></g>'],
    ['Href with a data: URL on <a>', '<a Href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"><text>t</text></a>', '<a><text>t</text></a>'],
    ['HREF with javascript: on <a>', '<a HREF="JavaScript:alert(1)"><text>t</text></a>', '<a><text>t</text></a>'],
    ['Href loading an image from outside', '<image Href="http://example.com/t.png"/>', '<image/>'],
    ['xlink:HREF loading from outside', '<use xlink:HREF="https://example.com/s.svg#i"/>', '<use/>'],
    ['XLINK:Href with javascript:', '<a XLINK:Href="javascript:alert(1)"><text>t</text></a>', '<a><text>t</text></a>'],
    ['another prefix on href', '<image foo:href="https://example.com/t.png"/>', '<image/>'],
    ['a data: image with a mixed-case scheme elsewhere than <image>', '<use HREF="DATA:image/svg+xml,&lt;svg/&gt;"/>', '<use/>'],
    ['image-set() in a style attribute', '<rect style="fill: red; background: image-set(\'https://example.com/x.png\' 1x)"/>', '<rect/>'],
    ['-webkit-image-set() in a STYLE attribute', '<rect STYLE="background:-webkit-image-set(url(//example.com/x.png) 1x)"/>', '<rect/>'],
    ['image-set() with bare strings', '<rect style="background-image: image-set(&quot;x.png&quot; 1x)"/>', '<rect/>'],
    ['url() in upper case', '<rect style="fill: URL(https://example.com/x)"/>', '<rect/>'],
    ['url() split by a CSS comment', '<rect style="fill: url(/**/https://example.com/x)"/>', '<rect/>'],
    ['url() in a presentation attribute', '<rect Fill="url(https://example.com/x#g)"/>', '<rect/>'],
    ['a CSS escape spelling url()', '<rect fill="\\75 rl(https://example.com/x)"/>', '<rect/>'],
    ['@import in a style attribute', '<rect style="@import \'https://example.com/x.css\'"/>', '<rect/>'],
    ['cross-fade() and image()', '<rect style="mask: cross-fade(&quot;a.png&quot;, &quot;b.png&quot;, 50%)" filter="image(&quot;x.png&quot;)"/>', '<rect/>'],
    ['a <style> element with url()', '<style>rect { fill: url(https://example.com/x) }</style>', ''],
    ['a <STYLE> element with image-set()', '<STYLE>rect { background: image-set("x.png" 1x) }</STYLE>', ''],
    ['an upper-case <SCRIPT>', '<SCRIPT>alert(1)</SCRIPT>', ''],
    ['a mixed-case <sCrIpT> with an href', '<sCrIpT href="https://example.com/x.js"></sCrIpT>', ''],
    ['a <foreignObject> in upper case', '<FOREIGNOBJECT><body onload="alert(1)"/></FOREIGNOBJECT>', ''],
  ];

  it.each(HOSTILE)('drops %s', (_, hostile, expected) => {
    expect(sanitizeSvg(`${SVG}${hostile}<rect/></svg>`)).toBe(`${SVG}${expected}<rect/></svg>`);
  });

  it('lets none of the hostile inputs through the output renderer, in an SVG bundle or a chart fallback', () => {
    const svg = `${SVG}${HOSTILE.map(([, hostile]) => hostile).join('')}<text>safe</text></svg>`;
    const image = renderOutput({ output_type: 'display_data', data: { 'image/svg+xml': svg, 'text/plain': 'svg' }, metadata: {} }, { charts: 0 });
    const chart = renderOutput({ output_type: 'display_data', data: { 'application/vnd.vegalite.v5+json': {}, 'image/svg+xml': svg }, metadata: {} }, { charts: 0 });
    for (const html of [image, chart]) {
      expect(html).toContain('<text>safe</text>');
      const svgPart = html.slice(html.indexOf('<svg'), html.indexOf('</svg>'));
      expect(svgPart).not.toMatch(/script|alert|\son\w+=|javascript:|data:|example\.com|image-set|url\(|@import|cross-fade|image\(|\\|\.png/i);
    }
  });

  it('stays fast on a large chart', async () => {
    const values = Array.from({ length: 5000 }, (_, i) => Math.exp(-i / 1000));
    const svg = await toSVG(lineChart({ series: [{ name: 'loss', values }] }));
    const started = performance.now();
    sanitizeSvg(svg);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
