/**
 * Lesson prose → HTML: markdown-it with KaTeX math rendered at build time, highlight.js for code
 * fences, heading anchors, links between lessons rewritten to their pages, and images checked so
 * that a page never loads anything from outside the site.
 *
 * KaTeX: we hand the plugin the `katex` module we import, so the HTML is made by exactly the katex
 * whose CSS and fonts `assets.ts` copies (the plugin would otherwise `require` its own copy).
 */
import path from 'node:path';
import katex from 'katex';
import MarkdownIt from 'markdown-it';
import markdownItKatex from '@vscode/markdown-it-katex';
import { highlightCode } from './highlight';
import { decodeEntities } from './html';

// The instance, rule-state and token types, taken from the constructor (the typings export the
// MarkdownIt interface only through it).
type Markdown = InstanceType<typeof MarkdownIt>;
type StateCore = Parameters<Parameters<Markdown['core']['ruler']['push']>[1]>[0];
export type Token = StateCore['tokens'][number];

/** Per-page state shared by every markdown cell of one page (markdown-it passes it to rules as `env`). */
export type PageEnv = {
  /** "lessons/01-training-loop/lesson.md", for error messages. */
  where: string;
  /** The lessons that have pages: links to them are rewritten to `NN-slug.html`. */
  lessonSlugs: ReadonlySet<string>;
  /** The lesson whose prose this is (relative images are resolved in its folder). */
  lesson?: { slug: string; dir: string };
  /** Heading ids already used on the page, so that each id is unique. */
  usedIds: Set<string>;
  /** Give each table body row an id from its first cell (reference pages: a glossary term is linkable). */
  rowIds?: boolean;
  /** Images the page shows, to be copied: absolute source file → path inside the site. */
  images: Map<string, string>;
};

export function newPageEnv(where: string, lessonSlugs: ReadonlySet<string>, lesson?: PageEnv['lesson']): PageEnv {
  return { where, lessonSlugs, lesson, usedIds: new Set(), images: new Map() };
}

/** A lesson's markdown the site cannot render faithfully (bad math, an external image, …). */
export class MarkdownError extends Error {
  override name = 'MarkdownError';
}

/** `NN-slug.ipynb`, `notebooks/NN-slug.ipynb`, `../NN-slug/lesson.md`, `NN-slug/` (+ optional #hash). */
const LESSON_LINK = /^(?:\.\.?\/)*(?:notebooks\/|lessons\/)?(\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*)(?:\.ipynb|\/lesson\.md|\/|\.html)?(#\S*)?$/;
const EXERCISE_HEADING = /^Exercise (\d+):/;

function slugify(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '') || 'section';
}

function uniqueId(wanted: string, used: Set<string>): string {
  let id = wanted;
  for (let n = 2; used.has(id); n++) id = `${wanted}-${n}`;
  used.add(id);
  return id;
}

const inlineSource = (token: Token): string => (token.children ?? []).map((child) => child.content).join('');

/**
 * Gives every heading an id (exercise headings get `exercise-N`) so pages can link to sections;
 * with `env.rowIds`, every table body row too, from its first cell (`accumulation-steps-k`).
 */
function anchorIds(state: StateCore): void {
  const env = state.env as PageEnv;
  let inBody = false;
  state.tokens.forEach((token, i) => {
    if (token.type === 'heading_open') {
      const text = inlineSource(state.tokens[i + 1]);
      const exercise = EXERCISE_HEADING.exec(text);
      token.attrSet('id', uniqueId(exercise ? `exercise-${exercise[1]}` : slugify(text), env.usedIds));
    } else if (token.type === 'tbody_open' || token.type === 'tbody_close') {
      inBody = token.type === 'tbody_open';
    } else if (env.rowIds && inBody && token.type === 'tr_open') {
      // tr_open, td_open, then the first cell's inline token
      const first = state.tokens[i + 2];
      const text = first?.type === 'inline' ? inlineSource(first) : '';
      if (text.trim()) token.attrSet('id', uniqueId(slugify(text), env.usedIds));
    }
  });
}

/** Rewrites links to other lessons; checks every image and records the local ones for copying. */
function linksAndImages(state: StateCore): void {
  const env = state.env as PageEnv;
  const visit = (token: Token): void => {
    if (token.type === 'link_open') {
      const match = LESSON_LINK.exec(String(token.attrGet('href') ?? ''));
      if (match && env.lessonSlugs.has(match[1])) token.attrSet('href', `${match[1]}.html${match[2] ?? ''}`);
    }
    if (token.type === 'image') token.attrSet('src', localImage(String(token.attrGet('src') ?? ''), env));
    token.children?.forEach(visit);
  };
  state.tokens.forEach(visit);
}

/** The site path of an image; throws for anything that would be fetched from outside the site. */
function localImage(src: string, env: PageEnv): string {
  if (/^data:image\//i.test(src)) return src;
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(src)) {
    throw new MarkdownError(`${env.where}: image ${JSON.stringify(src)} is outside the site; the pages load nothing external — put the file in the lesson folder`);
  }
  const relative = path.posix.normalize(decodeURI(src.split(/[?#]/)[0]));
  if (!env.lesson || relative.startsWith('../') || path.posix.isAbsolute(relative)) {
    throw new MarkdownError(`${env.where}: image ${JSON.stringify(src)} must be a file inside the lesson folder`);
  }
  const target = `media/${env.lesson.slug}/${relative}`;
  env.images.set(path.join(env.lesson.dir, relative), target);
  return encodeURI(target);
}

/** KaTeX marks a formula it cannot parse with class "katex-error": fail the build instead. */
function checkMath(html: string, env: PageEnv): void {
  const error = /class="katex-error"[^>]*title="([^"]*)"|title="([^"]*)"[^>]*class="katex-error"/.exec(html);
  if (error) throw new MarkdownError(`${env.where}: math does not render: ${decodeEntities(error[1] ?? error[2])}`);
}

// The plugin is CommonJS with `exports.default`: Node's ESM import sees { default: plugin }, a
// bundler (vitest) may already unwrap it.
const katexPlugin = (markdownItKatex as unknown as { default?: typeof markdownItKatex }).default ?? markdownItKatex;

/** The project's markdown renderer. One instance renders every page (it keeps no page state). */
export function createMarkdown(): Markdown {
  const md = new MarkdownIt({
    html: false, // lesson prose is markdown only: raw HTML is shown as text, never injected
    highlight: (code, language) => highlightCode(code, language),
  });
  md.use(katexPlugin, { katex, throwOnError: false });
  md.core.ruler.push('trainlab_anchor_ids', anchorIds);
  md.core.ruler.push('trainlab_links_images', linksAndImages);
  return md;
}

const shared = createMarkdown();

/** Renders one markdown cell of a page. Throws MarkdownError for math that does not parse. */
export function renderMarkdown(text: string, env: PageEnv, md: Markdown = shared): string {
  const html = md.render(text, env);
  checkMath(html, env);
  return html;
}

/** Renders one line of markdown without a paragraph (front matter: summary, objectives, …). */
export function renderInlineMarkdown(text: string, env: PageEnv, md: Markdown = shared): string {
  const html = md.renderInline(text, env);
  checkMath(html, env);
  return html;
}

/**
 * The tokens of one markdown cell, with the ids and links `renderMarkdown` would give it (the same
 * rules run; nothing is rendered). Parsing a page's cells in order with one env gives the page's ids.
 */
export function parseMarkdown(text: string, env: PageEnv, md: Markdown = shared): Token[] {
  return md.parse(text, env);
}
