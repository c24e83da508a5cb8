/**
 * sanitizeSvg: a chart from our own kernel comes through unchanged in meaning; scripts, event
 * handlers, script links and external loads never do, however they are spelled.
 */
import { describe, expect, it } from 'vitest';
import { lineChart, toSVG } from '../src/index';
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

  it('stays fast on a large chart', async () => {
    const values = Array.from({ length: 5000 }, (_, i) => Math.exp(-i / 1000));
    const svg = await toSVG(lineChart({ series: [{ name: 'loss', values }] }));
    const started = performance.now();
    sanitizeSvg(svg);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
