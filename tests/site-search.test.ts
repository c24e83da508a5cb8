/**
 * The site's search index (tools/site/search-index.ts): built from the course's own lessons and
 * reference pages, it finds what a learner would type ("warmup", "batch norm") in the right lesson,
 * every result links to a heading its page has, and code and cell output stay out of it. Built
 * into a site, it ships with the MiniSearch browser build and the search script, all served locally.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLessons } from '../tools/notebooks/lesson';
import { ASSET_PATHS } from '../tools/site/assets';
import { buildSite } from '../tools/site/build';
import { DOC_PAGES, renderDocPage } from '../tools/site/doc-pages';
import { newPageEnv, renderMarkdown } from '../tools/site/markdown';
import { pageFile } from '../tools/site/lesson-page';
import { docSections, lessonSections, loadSearchIndex, searchIndexJson, type SearchSection } from '../tools/site/search-index';
import { FIXTURE_LESSONS, INJECTED_TEXT, stubExecutor } from './helpers/site-fixture';

const lessons = loadLessons();
const slugs = new Set(lessons.map((lesson) => lesson.slug));

let renderedIds: Map<string, Set<string>> | undefined;
/** The heading ids (and reference pages' row ids) each page of the course has, rendered as the site renders it (once). */
function pageIds(): Map<string, Set<string>> {
  if (renderedIds) return renderedIds;
  const ids = new Map<string, Set<string>>();
  const idsOf = (html: string) => new Set([...html.matchAll(/<(?:h[1-6]|tr)[^>]* id="([^"]+)"/g)].map((m) => m[1]));
  for (const lesson of lessons) {
    const env = newPageEnv(`lessons/${lesson.slug}/lesson.md`, slugs, { slug: lesson.slug, dir: path.dirname(lesson.file) });
    ids.set(pageFile(lesson), idsOf(lesson.cells.filter((cell) => cell.type === 'markdown').map((cell) => renderMarkdown(cell.source, env)).join('\n')));
  }
  for (const doc of DOC_PAGES) ids.set(doc.page, idsOf(renderDocPage(doc, lessons)));
  renderedIds = ids;
  return ids;
}

describe('the search index of the course', () => {
  const sections: SearchSection[] = [...lessons.flatMap((lesson) => lessonSections(lesson, lessons)), ...DOC_PAGES.flatMap((doc) => docSections(doc, lessons))];
  const search = loadSearchIndex(searchIndexJson(sections));

  it('finds warmup in lesson 04 and batch norm in lesson 07, first', () => {
    const warmup = search('warmup');
    expect(warmup[0].url).toMatch(/^04-learning-rate-schedules\.html#/);
    expect(warmup.map((hit) => hit.url)).toContain('04-learning-rate-schedules.html#the-standard-choice-warmup-cosine');
    expect(search('batch norm')[0].url).toMatch(/^07-batch-normalization\.html/);
    // A prefix finds the word; a term of the glossary finds its entry.
    expect(search('normaliz').map((hit) => hit.page)).toContain('08 · Layer normalization');
    expect(search('dead relu').map((hit) => hit.url)).toContain('10-initialization-and-gradient-flow.html#dead-relus');
    // …and links to its own row, not the top of the glossary.
    expect(search('dead relu').find((hit) => hit.page === 'Glossary')).toMatchObject({ heading: 'dead ReLU', url: 'glossary.html#dead-relu' });
    expect(pageIds().get('glossary.html')).toContain('dead-relu');
  });

  it('has every lesson and reference page, and each of their headings', () => {
    const ids = pageIds();
    for (const [page, headings] of ids) {
      const anchors = new Set(sections.filter((section) => section.url.split('#')[0] === page).map((section) => section.url.split('#')[1]));
      expect([...headings].filter((id) => !anchors.has(id)), page).toEqual([]);
    }
  });

  it('links every result to a page of the site and a heading that page has', () => {
    const ids = pageIds();
    const broken = sections.filter(({ url }) => {
      const [page, anchor] = url.split('#');
      return !ids.has(page) || (anchor !== undefined && !ids.get(page)!.has(anchor));
    });
    expect(broken.map((section) => section.url)).toEqual([]);
  });

  it('holds prose, not TeX source or markdown syntax', () => {
    const text = sections.map((section) => `${section.heading} ${section.text}`).join('\n');
    expect(text).not.toMatch(/\\(?:frac|eta|lambda|leftarrow)\b|\$\$|\]\(|```/);
    expect(search('η').length).toBeGreaterThan(5); // inline math keeps its symbols
  });
});

describe('the search index in a built site', () => {
  let work: string;
  let site: string;
  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'trainlab-search-'));
    site = path.join(work, 'site');
    await buildSite({ lessonsDir: FIXTURE_LESSONS, outDir: site, cacheDir: path.join(work, 'cache'), execute: stubExecutor(), log: () => {} });
  }, 60_000);
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('ships the index, the MiniSearch browser build with its licence, and the search script', () => {
    for (const file of [ASSET_PATHS.searchIndex, ASSET_PATHS.searchLibrary, ASSET_PATHS.searchScript]) expect(existsSync(path.join(site, file)), file).toBe(true);
    expect(readFileSync(path.join(site, ASSET_PATHS.searchLibrary), 'utf8')).toContain('MiniSearch');
    expect(readFileSync(path.join(site, 'assets', 'vendor', 'LICENSES.txt'), 'utf8')).toMatch(/minisearch 7\.\d+\.\d+ — MIT\n\n\S/);
  });

  it('puts the search box on every page, loaded by a script file', () => {
    for (const page of ['index.html', 'about.html', '01-alpha.html', '02-beta.html', 'glossary.html']) {
      const html = readFileSync(path.join(site, page), 'utf8');
      expect(html, page).toContain('<div class="site-search" role="search" hidden>');
      expect(html, page).toContain(`<script src="${ASSET_PATHS.searchScript}" defer></script>`);
      expect(html.match(/<script(?![^>]*\bsrc=)(?![^>]*type="application\/json")[^>]*>/g) ?? [], page).toEqual([]); // no inline script
    }
  });

  it('indexes the fixture lessons\' prose and headings, not their code or output, each result a heading of a built page', () => {
    const search = loadSearchIndex(readFileSync(path.join(site, ASSET_PATHS.searchIndex), 'utf8'));
    expect(search('gradient descent repeats')[0].url).toBe('01-alpha.html');
    expect(search('double')[0].url).toBe('01-alpha.html#exercise-1');
    // Code cells and what they printed are not prose: console.log and the printed text are not found.
    expect(search('console')).toEqual([]);
    expect(search(INJECTED_TEXT.replace(/[^a-z ]/gi, ' ').split(/\s+/).filter((word) => word.length > 3).join(' '))).toEqual([]);
    expect(search('stub-output')).toEqual([]);
    for (const hit of [...search('alpha'), ...search('summary'), ...search('warmup')]) {
      const [page, anchor] = hit.url.split('#');
      const html = readFileSync(path.join(site, page), 'utf8');
      if (anchor) expect(html, hit.url).toContain(` id="${anchor}"`);
    }
  });
});
