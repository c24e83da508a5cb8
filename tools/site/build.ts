/**
 * `buildSite`: lessons → executed notebooks (cached) → the static site.
 *
 * site/
 *   index.html           the course map
 *   about.html           attributions
 *   progress.html        "Your progress": in-browser results (read from localStorage by its script), no learner data
 *   NN-slug.html         one page per lesson
 *   media/NN-slug/…      images a lesson's prose shows
 *   search-index.json    the search box's index of every lesson and reference page (search-index.ts)
 *   assets/…             KaTeX, highlight.js theme, vega and MiniSearch builds, site.css, embed.js, search.js,
 *                        and the page runner (assets/runner, assets/tfjs wasm, assets/data: tools/site/runner)
 *
 * The site is written to a fresh folder next to the target (`site.partial-<pid>`) and swapped in at
 * the end, so a server running on the old site never sees a half-written one. The partial folders
 * and cache temporaries of builds that were killed are removed by the next build.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { notebookStatus } from '../notebooks/build-notebooks';
import { loadLessons, projectRoot } from '../notebooks/lesson';
import { renderAboutPage } from './about-page';
import { DOC_PAGES, renderDocPage } from './doc-pages';
import { removeStale } from '../crash-safe';
import { ASSET_PATHS, copyAssets } from './assets';
import { buildRunner, filesLessonsRead } from './runner/build-runner';
import { removeStaleCacheFiles } from './cache';
import { runLessons, type LessonRun, type RunOptions } from './execute';
import { renderIndexPage } from './index-page';
import { pageFile, renderLessonPage } from './lesson-page';
import { PROGRESS_PAGE, renderProgressPage } from './progress-page';
import { docSections, lessonSections, searchIndexJson } from './search-index';
import { SITE_MARKER } from './start';

const MARKER = SITE_MARKER;

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

/** The staging folder of the build with this process id. */
const partialDir = (outDir: string, pid: number) => `${outDir}.partial-${pid}`;

/** Removes the staging folders (`site.partial-<pid>`, `site.old-<pid>`) and cache temporaries of killed builds (their process is gone). */
async function removeStalePartials(outDir: string, cacheDir: string, log: (line: string) => void): Promise<void> {
  const name = path.basename(outDir).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const removed = [
    ...await removeStale(path.dirname(outDir), new RegExp(`^${name}\\.(?:partial|old)-(\\d+)$`)),
    ...await removeStaleCacheFiles(cacheDir),
  ];
  if (removed.length > 0) log(`removed what killed builds left: ${removed.map((file) => path.relative(process.cwd(), file)).join(', ')}`);
}

export async function buildSite(options: BuildOptions = {}): Promise<BuildReport> {
  const started = performance.now();
  const lessonsDir = path.resolve(options.lessonsDir ?? path.join(projectRoot, 'lessons'));
  const outDir = path.resolve(options.outDir ?? path.join(projectRoot, 'site'));
  const cacheDir = path.resolve(options.cacheDir ?? path.join(projectRoot, '.cache', 'site'));
  const log = options.log ?? (() => {});
  await checkReplaceable(outDir);
  await removeStalePartials(outDir, cacheDir, log);

  const lessons = loadLessons(lessonsDir);
  for (const { lesson } of notebookStatus(path.join(lessonsDir, '..'), lessons).filter((status) => status.state === 'stale')) {
    log(`note: notebooks/${lesson.slug}.ipynb is out of date with its lesson.md; the site uses lesson.md (run npm run notebooks:build)`);
  }
  const runs = await runLessons(lessons, { ...options, cacheDir, log });

  const staging = partialDir(outDir, process.pid);
  await rm(staging, { recursive: true, force: true });
  try {
    await mkdir(staging, { recursive: true });
    await writeFile(path.join(staging, MARKER), 'Written by `npm run site`; the whole folder is replaced on each build.\n');
    await copyAssets(staging);
    const { files: runner } = await buildRunner(staging, filesLessonsRead(lessons.flatMap((lesson) => lesson.cells.filter((cell) => cell.type === 'code').map((cell) => cell.source))));
    const gzip = runner.reduce((sum, file) => sum + file.gzipBytes, 0);
    log(`page runner: ${runner.map((file) => `${path.basename(file.file)} ${Math.round(file.bytes / 1024)} KiB (${Math.round(file.gzipBytes / 1024)} KiB gzip)`).join(', ')}; ${Math.round(gzip / 1024)} KiB gzip in all`);
    const pages: [string, string][] = [['index.html', renderIndexPage(lessons)], ['about.html', renderAboutPage()], [PROGRESS_PAGE, renderProgressPage(lessons)]];
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
    const sections = [...lessons.flatMap((lesson) => lessonSections(lesson, lessons)), ...DOC_PAGES.flatMap((doc) => docSections(doc, lessons))];
    await writeFile(path.join(staging, ASSET_PATHS.searchIndex), searchIndexJson(sections));
    // Two renames, not a delete then a rename: a server on the old site misses pages for microseconds only.
    const old = `${outDir}.old-${process.pid}`;
    await rm(old, { recursive: true, force: true });
    if (existsSync(outDir)) await rename(outDir, old);
    await rename(staging, outDir);
    await rm(old, { recursive: true, force: true });
    const failed = runs.filter((run) => run.status === 'failed');
    return { outDir, runs, failed, pages: pages.map(([name]) => name), seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}
