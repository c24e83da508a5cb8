/**
 * `buildSite`: lessons → executed notebooks (cached) → the static site.
 *
 * site/
 *   index.html           the course map
 *   about.html           attributions
 *   NN-slug.html         one page per lesson
 *   media/NN-slug/…      images a lesson's prose shows
 *   assets/…             KaTeX, highlight.js theme, vega builds, site.css, embed.js
 *
 * The site is written to a fresh folder next to the target and swapped in at the end, so a server
 * running on the old site never sees a half-written one.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { notebookStatus } from '../notebooks/build-notebooks';
import { loadLessons, projectRoot } from '../notebooks/lesson';
import { renderAboutPage } from './about-page';
import { DOC_PAGES, renderDocPage } from './doc-pages';
import { copyAssets } from './assets';
import { runLessons, type LessonRun, type RunOptions } from './execute';
import { renderIndexPage } from './index-page';
import { pageFile, renderLessonPage } from './lesson-page';

/** A file that marks a folder as a site this builder wrote, and so may replace. */
const MARKER = '.trainlab-site';

export interface BuildOptions extends Omit<RunOptions, 'cacheDir'> {
  /** Default: lessons/ */
  lessonsDir?: string;
  /** Default: site/ */
  outDir?: string;
  /** Executed notebooks. Default: .cache/site/ */
  cacheDir?: string;
}

export interface BuildReport {
  outDir: string;
  runs: LessonRun[];
  /** The failed lessons (their pages are written too, marked as failed). */
  failed: LessonRun[];
  /** Written pages, relative to outDir. */
  pages: string[];
  seconds: number;
}

/** Refuses to replace a folder that is not empty and not a site we built (a mistyped --out-dir). */
async function checkReplaceable(outDir: string): Promise<void> {
  if (!existsSync(outDir)) return;
  const entries = await readdir(outDir);
  if (entries.length > 0 && !entries.includes(MARKER)) {
    throw new Error(`site: refusing to replace ${outDir}: it is not empty and was not written by npm run site (no ${MARKER} file)`);
  }
}

export async function buildSite(options: BuildOptions = {}): Promise<BuildReport> {
  const started = performance.now();
  const lessonsDir = path.resolve(options.lessonsDir ?? path.join(projectRoot, 'lessons'));
  const outDir = path.resolve(options.outDir ?? path.join(projectRoot, 'site'));
  const cacheDir = path.resolve(options.cacheDir ?? path.join(projectRoot, '.cache', 'site'));
  const log = options.log ?? (() => {});
  await checkReplaceable(outDir);

  const lessons = loadLessons(lessonsDir);
  for (const { lesson } of notebookStatus(path.join(lessonsDir, '..'), lessons).filter((status) => status.state === 'stale')) {
    log(`note: notebooks/${lesson.slug}.ipynb is out of date with its lesson.md; the site uses lesson.md (run npm run notebooks:build)`);
  }
  const runs = await runLessons(lessons, { ...options, cacheDir, log });

  const staging = `${outDir}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  try {
    await mkdir(staging, { recursive: true });
    await writeFile(path.join(staging, MARKER), 'Written by `npm run site`; the whole folder is replaced on each build.\n');
    await copyAssets(staging);
    const pages: [string, string][] = [['index.html', renderIndexPage(lessons)], ['about.html', renderAboutPage()]];
    for (const doc of DOC_PAGES) pages.push([doc.page, renderDocPage(doc, lessons)]);
    for (const run of runs) {
      const page = renderLessonPage({ lesson: run.lesson, executed: run.notebook, course: lessons, failure: run.error });
      pages.push([pageFile(run.lesson), page.html]);
      for (const [source, target] of page.images) {
        if (!existsSync(source)) throw new Error(`lessons/${run.lesson.slug}/lesson.md: image ${path.relative(path.dirname(run.lesson.file), source)} does not exist`);
        await mkdir(path.dirname(path.join(staging, target)), { recursive: true });
        await cp(source, path.join(staging, target));
      }
    }
    for (const [name, html] of pages) await writeFile(path.join(staging, name), html);
    await rm(outDir, { recursive: true, force: true });
    await rename(staging, outDir);
    const failed = runs.filter((run) => run.status === 'failed');
    return { outDir, runs, failed, pages: pages.map(([name]) => name), seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}
