/**
 * The site's offline search: when the site is built, every lesson page and reference page is cut
 * into sections at its headings — the heading, the page's title and the section's prose (no code,
 * no cell outputs, no TeX source) — and indexed with MiniSearch. The serialised index is written
 * to `search-index.json` (ASSET_PATHS.searchIndex); the page script `assets/search.js` loads it and
 * the MiniSearch browser build (`assets/vendor/minisearch.js`, served by the site) when a reader
 * first uses the search box, and each result links to its section's heading anchor.
 *
 * The sections come from the lesson sources, parsed with the page renderer's own markdown rules in
 * page order, so their anchors are the ids the rendered headings get; building the index needs no
 * executed notebook. A reference page's table rows (the glossary's terms) are entries of their own.
 */
import MiniSearch, { type Options, type SearchOptions } from 'minisearch';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot, type Lesson } from '../notebooks/lesson';
import { docPageEnv, type DocPage } from './doc-pages';
import { lessonNumber, pageFile } from './lesson-page';
import { newPageEnv, parseMarkdown, type Token } from './markdown';
import MarkdownIt from 'markdown-it';

/** Bump when the file's layout changes (assets/search.js checks it). */
export const SEARCH_FORMAT = 1;

/** One searchable piece of a page: a section under a heading, or a glossary entry. */
export interface SearchSection {
  /** The page, and the heading's anchor when there is one: `07-batch-normalization.html#the-math`. */
  url: string;
  /** The page's title as the results show it: "07 · Batch normalization", "Glossary". */
  page: string;
  /** The section's heading (the page's title for the text above its first heading). */
  heading: string;
  /** The section's prose, as plain text. */
  text: string;
}

type IndexedSection = SearchSection & { id: number; excerpt: string };

/** What MiniSearch indexes and stores; the browser loads the index with these same options. */
const INDEX_OPTIONS = {
  fields: ['heading', 'page', 'text'],
  storeFields: ['url', 'page', 'heading', 'excerpt'],
} satisfies Options<IndexedSection>;

/** How the search box queries: every word must match, as a prefix ("norm" finds "normalization"), with a typo allowed in long words. */
export const QUERY_OPTIONS = {
  prefix: true,
  fuzzy: 0.2,
  combineWith: 'AND',
  boost: { heading: 3, page: 2 },
} satisfies SearchOptions;

/** The characters of a result's excerpt, at most. */
const EXCERPT_LENGTH = 160;

const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** The TeX commands inline math uses for the course's symbols, as the characters they print. */
const TEX_SYMBOLS: Record<string, string> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', eta: 'η', theta: 'θ', lambda: 'λ', mu: 'μ',
  kappa: 'κ', pi: 'π', rho: 'ρ', sigma: 'σ', tau: 'τ', omega: 'ω', Delta: 'Δ', partial: '∂', ell: 'ℓ', in: '∈', pm: '±', sim: '∼', max: 'max', min: 'min', tanh: 'tanh', cos: 'cos', nabla: '∇', leftarrow: '←', to: '→', rightarrow: '→', cdot: '·',
  times: '×', approx: '≈', le: '≤', leq: '≤', ge: '≥', geq: '≥', ne: '≠', infty: '∞', sqrt: '√', sum: 'Σ', ln: 'ln', log: 'log',
};

/** Inline math as plain text: the symbols of TEX_SYMBOLS, other commands and braces dropped (`\eta\lambda` → "ηλ"). */
function mathText(tex: string): string {
  return tex.replace(/\\([a-zA-Z]+)/g, (_, name: string) => TEX_SYMBOLS[name] ?? ' ').replace(/\\.|[{}^_]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** The words of an inline token: text, inline code (API names are worth finding), link text and inline math as symbols; no image alt. */
function inlineText(token: Token | undefined): string {
  const words = (token?.children ?? []).map((child) => {
    if (child.type === 'text' || child.type === 'code_inline') return child.content;
    if (child.type === 'math_inline') return mathText(child.content);
    return child.type === 'softbreak' || child.type === 'hardbreak' ? ' ' : '';
  });
  return squash(words.join(''));
}

interface Draft { anchor: string; heading: string; text: string[] }

/** A page's drafts so far, and the section that prose goes to (it carries over from cell to cell). */
interface Collector { drafts: Draft[]; current: Draft }

function newCollector(top: Draft): Collector {
  return { drafts: [top], current: top };
}

/**
 * Adds the sections of one markdown cell's tokens. With `rows`, each table body row becomes an
 * entry of its own, headed by its first cell and linking to the row (its id), else to the section
 * the table is in.
 */
function collectSections(tokens: Token[], into: Collector, rows: boolean): void {
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.type === 'heading_open') {
      into.current = { anchor: String(token.attrGet('id') ?? ''), heading: inlineText(tokens[i + 1]), text: [] };
      into.drafts.push(into.current);
      i += 2; // the heading's inline token and heading_close
    } else if (rows && token.type === 'tbody_open') {
      let cells: string[] = [];
      let anchor = into.current.anchor;
      for (i++; i < tokens.length && tokens[i].type !== 'tbody_close'; i++) {
        if (tokens[i].type === 'tr_open') anchor = String(tokens[i].attrGet('id') ?? into.current.anchor);
        if (tokens[i].type === 'inline') cells.push(inlineText(tokens[i]));
        if (tokens[i].type === 'tr_close') {
          if (cells[0]) into.drafts.push({ anchor, heading: cells[0], text: [cells.slice(1).filter(Boolean).join(' — ')] });
          cells = [];
        }
      }
    } else if (token.type === 'inline') {
      into.current.text.push(inlineText(token));
    }
  }
}

/** Drafts → the sections of the page `file` titled `page`; an empty top of page is dropped. */
function toSections({ drafts }: Collector, file: string, page: string): SearchSection[] {
  return drafts
    .map((draft) => ({ url: draft.anchor ? `${file}#${draft.anchor}` : file, page, heading: draft.heading || page, text: squash(draft.text.join(' ')) }))
    .filter((section, i) => i > 0 || section.text !== '');
}

const plain = new MarkdownIt();
/** A front-matter line (inline markdown) as plain text. */
const plainInline = (text: string): string => inlineText(plain.parseInline(text, {})[0]);

/** The sections of a lesson's page: its summary and objectives at the top, then each heading's prose. */
export function lessonSections(lesson: Lesson, course: readonly Lesson[]): SearchSection[] {
  const env = newPageEnv(`lessons/${lesson.slug}/lesson.md`, new Set(course.map((other) => other.slug)), { slug: lesson.slug, dir: path.dirname(lesson.file) });
  const title = plainInline(lesson.meta.title);
  const collector = newCollector({ anchor: '', heading: title, text: [lesson.meta.summary, ...lesson.meta.objectives].map(plainInline) });
  for (const cell of lesson.cells) {
    if (cell.type === 'markdown') collectSections(parseMarkdown(cell.source, env), collector, false);
  }
  return toSections(collector, pageFile(lesson), `${lessonNumber(lesson)} · ${title}`);
}

/** The sections of a reference page (cheat sheet, glossary, notation); table rows are entries. */
export function docSections(doc: DocPage, course: readonly Lesson[], root = projectRoot): SearchSection[] {
  const env = docPageEnv(doc, course);
  const collector = newCollector({ anchor: '', heading: doc.title, text: [] });
  collectSections(parseMarkdown(readFileSync(path.join(root, doc.source), 'utf8'), env), collector, true);
  return toSections(collector, doc.page, doc.title);
}

function excerpt(text: string): string {
  if (text.length <= EXCERPT_LENGTH) return text;
  const cut = text.lastIndexOf(' ', EXCERPT_LENGTH);
  return `${text.slice(0, cut > EXCERPT_LENGTH / 2 ? cut : EXCERPT_LENGTH)} …`;
}

/** The search-index.json of these sections: the MiniSearch index with its options and the query options. */
export function searchIndexJson(sections: readonly SearchSection[]): string {
  const index = new MiniSearch<IndexedSection>(INDEX_OPTIONS);
  index.addAll(sections.map((section, id) => ({ ...section, id, excerpt: excerpt(section.text) })));
  return JSON.stringify({ format: SEARCH_FORMAT, options: INDEX_OPTIONS, query: QUERY_OPTIONS, index });
}

/** A search result as the search box shows it. */
export interface SearchHit { url: string; page: string; heading: string; excerpt: string; score: number }

/** Loads a search-index.json and searches it as the search box does (tests, and a check of the build). */
export function loadSearchIndex(json: string): (query: string) => SearchHit[] {
  const data = JSON.parse(json) as { format: number; options: Options<IndexedSection>; query: SearchOptions; index: unknown };
  if (data.format !== SEARCH_FORMAT) throw new Error(`search index: format ${data.format}, expected ${SEARCH_FORMAT}`);
  const index = MiniSearch.loadJS<IndexedSection>(data.index as Parameters<typeof MiniSearch.loadJS>[0], data.options);
  return (query) => index.search(query, data.query).map((hit) => ({
    url: hit.url as string, page: hit.page as string, heading: hit.heading as string, excerpt: hit.excerpt as string, score: hit.score,
  }));
}
