/**
 * Rendering the pieces of a page: prose (KaTeX math, highlighted code, anchors, lesson links,
 * images), cell outputs (escaping, stderr and errors apart, charts with an SVG fallback) and the
 * prev/next links of a lesson page.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { displayBundle, lineChart } from '../src/index';
import { loadingLine } from '../tools/kernel/loading-line.cjs';
import { loadLessons, parseLessonSource } from '../tools/notebooks/lesson';
import type { Notebook, Output } from '../tools/notebooks/nbformat';
import { packageInfo } from '../tools/site/assets';
import { highlightCode } from '../tools/site/highlight';
import { escapeHtml, jsonForScript } from '../tools/site/html';
import { CONTENT_SECURITY_POLICY } from '../tools/site/layout';
import { renderLessonPage } from '../tools/site/lesson-page';
import { MarkdownError, newPageEnv, renderMarkdown } from '../tools/site/markdown';
import { renderOutput, renderOutputs } from '../tools/site/outputs';
import { FIXTURE_LESSONS, INJECTED_TEXT, stubExecutor } from './helpers/site-fixture';

const env = () => newPageEnv('lessons/99-test/lesson.md', new Set(['02-beta']), { slug: '99-test', dir: '/nowhere/99-test' });
const render = (markdown: string) => renderMarkdown(markdown, env());
const output = (o: Output) => renderOutput(o, { charts: 0 });

describe('markdown: math', () => {
  it('renders inline and display math to KaTeX HTML at build time', () => {
    const html = render('Step size $\\eta$:\n\n$$w \\leftarrow w - \\eta\\,\\nabla L(w)$$');
    expect(html).toContain('<span class="katex">');
    expect(html).toContain('class="katex-display"');
    expect(html).toContain('<annotation encoding="application/x-tex">\\eta</annotation>'); // MathML for screen readers
    expect(html).not.toContain('$$');
  });

  it('fails the build on math KaTeX cannot parse, naming the lesson', () => {
    expect(() => render('Broken: $\\frac{1$')).toThrow(MarkdownError);
    expect(() => render('Broken: $\\frac{1$')).toThrow(/lessons\/99-test\/lesson\.md: math does not render: .*KaTeX parse error/);
  });

  it('renders with the same katex version whose CSS and fonts the site serves', () => {
    const served = packageInfo('katex');
    expect(katex.version).toBe(served.version);
    // We pass our katex to the markdown-it plugin; were it to require its own, it must be this one too.
    const plugin = packageInfo('@vscode/markdown-it-katex');
    const pluginsKatex = createRequire(path.join(plugin.dir, 'package.json')).resolve('katex');
    expect(pluginsKatex.startsWith(served.dir + path.sep)).toBe(true);
  });
});

describe('markdown: code, anchors, links, images', () => {
  it('highlights TypeScript fences with highlight.js spans', () => {
    const html = render('```ts\nconst answer: number = 42;\n```');
    expect(html).toContain('<pre class="code"><code class="hljs language-typescript">');
    expect(html).toContain('<span class="hljs-keyword">const</span>');
    expect(html).toContain('<span class="hljs-number">42</span>');
  });

  it('shows unknown fence languages as escaped text', () => {
    expect(highlightCode('a < b && c', 'text')).toBe('<pre class="code"><code class="hljs">a &lt; b &amp;&amp; c</code></pre>');
  });

  it('escapes raw HTML in prose instead of passing it through', () => {
    const html = render('Hello <script>alert(1)</script> <img src=x onerror=alert(2)>');
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain('&lt;script&gt;');
  });

  it('gives headings ids, exercises "exercise-N", each unique', () => {
    const html = render('## Exercise 2: `miniBatches`\n\n## The loop\n\n## The loop');
    expect(html).toContain('<h2 id="exercise-2">');
    expect(html).toContain('<h2 id="the-loop">');
    expect(html).toContain('<h2 id="the-loop-2">');
  });

  it('rewrites links to known lessons to their pages and leaves others alone', () => {
    const html = render('[a](02-beta.ipynb#part) [b](../02-beta/lesson.md) [c](03-gamma.ipynb) [d](https://pytorch.org)');
    expect(html).toContain('href="02-beta.html#part"');
    expect(html).toContain('href="02-beta.html"');
    expect(html).toContain('href="03-gamma.ipynb"');
    expect(html).toContain('href="https://pytorch.org"');
  });

  it('refuses images from outside the site and records local ones for copying', () => {
    expect(() => render('![x](https://example.com/x.png)')).toThrow(/outside the site/);
    expect(() => render('![x](//cdn.example.com/x.png)')).toThrow(/outside the site/);
    expect(() => render('![x](../../secret.png)')).toThrow(/inside the lesson folder/);
    const page = env();
    expect(renderMarkdown('![a diagram](figures/loop.svg)', page)).toContain('src="media/99-test/figures/loop.svg"');
    expect([...page.images]).toEqual([['/nowhere/99-test/figures/loop.svg', 'media/99-test/figures/loop.svg']]);
  });
});

describe('outputs', () => {
  it('escapes stream text: a cell printing <script> shows it as text', () => {
    const html = output({ output_type: 'stream', name: 'stdout', text: [INJECTED_TEXT, '\n'] });
    expect(html).toContain(escapeHtml(INJECTED_TEXT));
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
  });

  it("leaves out the kernel's loading line (a reader waits for no kernel) and keeps the cell's own output", () => {
    const line = loadingLine("import * as tf from '@tensorflow/tfjs';\nimport { ready } from './src/index';", 'wasm')!;
    expect(line).toBe('trainlab: loading TensorFlow.js (wasm) and the library…');
    expect(output({ output_type: 'stream', name: 'stdout', text: [`${line}\n`, 'TensorFlow.js backend: wasm\n'] })).toBe(
      output({ output_type: 'stream', name: 'stdout', text: 'TensorFlow.js backend: wasm\n' }),
    );
    expect(output({ output_type: 'stream', name: 'stdout', text: `${line}\n` })).toBe('');
    expect(output({ output_type: 'stream', name: 'stdout', text: 'my trainlab: loading note\n' })).toContain('my trainlab: loading note');
  });

  it('shows stderr and errors apart from ordinary output, without terminal colour codes', () => {
    const stderr = output({ output_type: 'stream', name: 'stderr', text: 'warning: slow\n' });
    expect(stderr).toContain('class="output stderr"');
    const error = output({ output_type: 'error', ename: 'RangeError', evalue: 'bad', traceback: ['\x1b[31mRangeError: bad\x1b[0m', '  at <cell>'] });
    expect(error).toContain('class="output error"');
    expect(error).toContain('RangeError: bad\n  at &lt;cell&gt;');
    expect(error).not.toContain('\x1b');
    expect(output({ output_type: 'error', ename: 'E', evalue: 'no traceback', traceback: [] })).toContain('E: no traceback');
  });

  it('escapes text/plain results', () => {
    const html = output({ output_type: 'execute_result', data: { 'text/plain': '<Tensor> [1, 2]' }, metadata: {}, execution_count: 1 });
    expect(html).toContain('&lt;Tensor&gt; [1, 2]');
  });

  it('never renders text/html: shows it as source when nothing else is there', () => {
    const html = output({ output_type: 'display_data', data: { 'text/html': '<img src=x onerror=alert(1)>' }, metadata: {} });
    expect(html).toContain('class="output html-source"');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    const withText = output({ output_type: 'display_data', data: { 'text/html': '<b>x</b>', 'text/plain': 'x' }, metadata: {} });
    expect(withText).not.toContain('<b>');
  });

  it('inlines SVG only after sanitising it', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script><rect width="5" height="5"/></svg>';
    const html = output({ output_type: 'display_data', data: { 'image/svg+xml': svg }, metadata: {} });
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"><rect width="5" height="5"/></svg>');
    expect(html).not.toMatch(/onload|<script|alert/);
  });

  it('shows PNG outputs as data: images and refuses a payload that is not base64', () => {
    const png = output({ output_type: 'display_data', data: { 'image/png': 'iVBORw0KGgo=\n', 'text/plain': 'a "plot"' }, metadata: {} });
    expect(png).toContain('<img src="data:image/png;base64,iVBORw0KGgo=" alt="a &quot;plot&quot;">');
    const bad = output({ output_type: 'display_data', data: { 'image/png': '"><script>x</script>', 'text/plain': 'fallback' }, metadata: {} });
    expect(bad).not.toContain('<script>');
    expect(bad).toContain('fallback');
  });

  it('turns a Vega-Lite bundle into an embed container holding the SVG as fallback, and the spec as JSON data', async () => {
    const { data } = await displayBundle(lineChart({ series: [{ name: '</script><script>alert(1)</script>', values: [3, 2, 1] }], title: 'Loss' }));
    const context = { charts: 0 };
    const html = renderOutputs([{ output_type: 'display_data', data: { ...data }, metadata: {} }], context);
    expect(context.charts).toBe(1);
    expect(html).toMatch(/<div class="vega-chart" data-spec="chart-1"><div class="chart-fallback" role="img" aria-label="Loss: [^"]*"><svg [^>]*class="marks"/);
    const json = /<script type="application\/json" id="chart-1">(.*?)<\/script>/s.exec(html)?.[1];
    expect(json).toBeDefined();
    expect(json).not.toContain('<'); // a series name cannot close the data block
    expect(JSON.parse(json ?? '')).toEqual(data['application/vnd.vegalite.v5+json']);
    expect(html.match(/<script/g)).toHaveLength(1); // only the data block
  });

  it('writes JSON that parses back to the same value', () => {
    const value = { text: '</script><!-- ]]> & \u2028' };
    expect(JSON.parse(jsonForScript(value))).toEqual(value);
    expect(jsonForScript(value)).not.toMatch(/[<>&\u2028]/);
  });
});

describe('lesson page', () => {
  const course = loadLessons(FIXTURE_LESSONS);
  const page = async (slug: string) => {
    const lesson = course.find((l) => l.slug === slug)!;
    const { renderNotebook } = await import('../tools/notebooks/build-notebooks');
    const notebook = JSON.parse(renderNotebook(lesson)) as Notebook;
    const executed = await stubExecutor()(notebook, lesson);
    return renderLessonPage({ lesson, executed, course }).html;
  };

  it('links to the previous and next lessons (none before the first, none after the last)', async () => {
    const first = await page('01-alpha');
    expect(first).toContain('<a rel="next" href="02-beta.html">02 · Beta, the second lesson →</a>');
    expect(first).not.toContain('rel="prev"');
    const last = await page('02-beta');
    expect(last).toContain('<a rel="prev" href="01-alpha.html">← 01 · Alpha, the first lesson</a>');
    expect(last).not.toContain('rel="next"');
  });

  it('frames each exercise and says how to grade it', async () => {
    const html = await page('02-beta');
    expect(html.match(/<section class="exercise"/g)).toHaveLength(2);
    expect(html).toContain('<h2 id="exercise-1">');
    expect(html).toContain('lessons/02-beta/exercise.ts');
    expect(html).toContain('npm run grade -- 02');
    expect(html).toContain('<a href="01-alpha.html">01 · Alpha, the first lesson</a>'); // the prerequisite
  });

  it('leaves ```ts check cells (the prose guards) out of the page; the notebook keeps them, collapsed', async () => {
    const text = '---\ntitle: Gamma\nsummary: s\nobjectives: [o]\nprerequisites: []\nestimatedTime: 5 min\n---\n\n' +
      '```ts\nconst shownCell = 1;\n```\n\nIt is 1.\n\n```ts check\nclaim(\'one\', shownCell, { equals: 1 });\n```\n';
    const lesson = { slug: '03-gamma', number: 3, file: path.join(FIXTURE_LESSONS, '03-gamma', 'lesson.md'), ...parseLessonSource(text) };
    const { renderNotebook } = await import('../tools/notebooks/build-notebooks');
    const notebook = JSON.parse(renderNotebook(lesson)) as Notebook;
    expect(notebook.cells[3].metadata).toEqual({ jupyter: { source_hidden: true }, tags: ['trainlab-check'], trainlab: { check: true } });
    const executed = await stubExecutor()(notebook, lesson);
    const { html } = renderLessonPage({ lesson, executed, course: [lesson] });
    expect(html).toContain('shownCell');
    expect(html).toContain('It is 1.');
    expect(html).not.toContain('claim');
  });

  it('loads the chart scripts only on pages with a chart, and sets a CSP without eval or inline scripts', async () => {
    expect(await page('01-alpha')).toContain('<script src="assets/vendor/vega-embed.min.js" defer></script>');
    expect(await page('02-beta')).not.toContain('vega-embed');
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
  });
});
