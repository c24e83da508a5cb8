/**
 * The reference pages (cheat sheet, glossary, notation): they render, every link to a lesson names
 * an existing lesson and a section its page has, and links between them point at their pages.
 */
import { describe, expect, it } from 'vitest';
import { loadLessons } from '../tools/notebooks/lesson';
import { DOC_PAGES, renderDocPage } from '../tools/site/doc-pages';
import { newPageEnv, renderMarkdown } from '../tools/site/markdown';

const lessons = loadLessons();
const slugs = new Set(lessons.map((lesson) => lesson.slug));

const idsBySlug = new Map<string, Set<string>>();
/** The heading ids of a lesson's page, rendered as the site renders its prose. */
function sectionIds(slug: string): Set<string> {
  const known = idsBySlug.get(slug);
  if (known) return known;
  const lesson = lessons.find((l) => l.slug === slug)!;
  const env = newPageEnv(`lessons/${slug}/lesson.md`, slugs, { slug, dir: '' });
  const html = lesson.cells.filter((cell) => cell.type === 'markdown').map((cell) => renderMarkdown(cell.source, env)).join('\n');
  const ids = new Set([...html.matchAll(/<h[1-6][^>]* id="([^"]+)"/g)].map((m) => m[1]));
  idsBySlug.set(slug, ids);
  return ids;
}

const hrefs = (html: string): string[] => [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);

describe('reference pages', () => {
  for (const doc of DOC_PAGES) {
    describe(doc.page, () => {
      const html = renderDocPage(doc, lessons);

      it('renders its markdown with math, in the site frame', () => {
        expect(html).toContain('<title>');
        expect(html).toContain('class="katex"');
        if (doc.page !== 'notation.html') expect(html).toContain(`href="${doc.page}" aria-current="page"`); // in the header
      });

      it('links to lessons and sections that exist', () => {
        const broken: string[] = [];
        for (const href of hrefs(html)) {
          const match = /^(\d{2}-[a-z0-9-]+)\.html(?:#(.*))?$/.exec(href);
          if (!match) continue;
          if (!slugs.has(match[1])) broken.push(`${href}: no lesson ${match[1]}`);
          else if (match[2] && !sectionIds(match[1]).has(decodeURIComponent(match[2]))) broken.push(`${href}: no section #${match[2]}`);
        }
        expect(broken).toEqual([]);
      });

      it('leaves no link to a markdown file', () => {
        expect(hrefs(html).filter((href) => /\.md(#|$)/.test(href))).toEqual([]);
      });
    });
  }

  it('the cheat sheet has ten takeaways, each linking to a lesson', () => {
    const html = renderDocPage(DOC_PAGES.find((d) => d.page === 'cheatsheet.html')!, lessons);
    const items = [...html.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1]);
    expect(items).toHaveLength(10);
    for (const item of items) expect(item).toMatch(/href="\d{2}-[a-z0-9-]+\.html/);
  });

  it('the glossary links to the notation table', () => {
    expect(renderDocPage(DOC_PAGES.find((d) => d.page === 'glossary.html')!, lessons)).toContain('href="notation.html"');
  });
});
