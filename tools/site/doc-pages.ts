/**
 * The course's reference pages, written in docs/ and rendered like lesson prose: the cheat sheet
 * (the ten takeaways, each linked to the lessons that show it), the glossary (every term a lesson
 * defines, linked to where it is defined) and the notation table. Links to lessons
 * (`../lessons/NN-slug/lesson.md#section`) become links to their pages; links between these pages
 * (`notation.md`) become links to theirs; a link to a lesson the course lacks becomes plain text.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot, type Lesson } from '../notebooks/lesson';
import { renderPage } from './layout';
import { newPageEnv, renderMarkdown, type PageEnv } from './markdown';

export interface DocPage {
  /** The markdown file, relative to the project root. */
  source: string;
  /** The page inside the site. */
  page: string;
  /** The page's title and its header link. */
  title: string;
}

export const DOC_PAGES: readonly DocPage[] = [
  { source: 'docs/cheatsheet.md', page: 'cheatsheet.html', title: 'Cheat sheet' },
  { source: 'docs/glossary.md', page: 'glossary.html', title: 'Glossary' },
  { source: 'docs/notation.md', page: 'notation.html', title: 'Notation' },
];

/** `href="notation.md#x"` → `href="notation.html#x"` for every page of DOC_PAGES. */
function linkDocPages(html: string): string {
  return html.replace(/href="([a-z-]+)\.md(#[^"]*)?"/g, (whole, name: string, hash: string | undefined) => {
    const doc = DOC_PAGES.find((d) => path.basename(d.source, '.md') === name);
    return doc ? `href="${doc.page}${hash ?? ''}"` : whole;
  });
}

/** A link to a lesson this course does not have (markdown left it pointing at lesson.md) becomes its text: no dead links. */
function unlinkMissingLessons(html: string): string {
  return html.replace(/<a href="(?:\.\.\/)*lessons\/[^"]*">([\s\S]*?)<\/a>/g, '$1');
}

/** The markdown state of a docs/ page: its table rows get ids, so a glossary term can be linked. */
export function docPageEnv(doc: DocPage, course: readonly Lesson[]): PageEnv {
  return { ...newPageEnv(doc.source, new Set(course.map((lesson) => lesson.slug))), rowIds: true };
}

/** The HTML page of one docs/ file. */
export function renderDocPage(doc: DocPage, course: readonly Lesson[], root = projectRoot): string {
  const text = readFileSync(path.join(root, doc.source), 'utf8');
  const env = docPageEnv(doc, course);
  const body = `<article class="doc-page">${unlinkMissingLessons(linkDocPages(renderMarkdown(text, env)))}</article>`;
  return renderPage({ title: doc.title, body, charts: false, current: doc.page });
}
