/**
 * buildSite on the fixture course (tests/fixtures/site) with a stub executor: the pages and assets
 * it writes, that every local reference resolves and nothing points outside the site, the
 * cache (unchanged lessons are not executed again; a changed one is; a corrupt entry is discarded
 * and rebuilt), and the clean-up of what killed builds left.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { appendFile, cp, mkdir, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, type BuildOptions } from '../tools/site/build';
import { SHARED_INPUTS } from '../tools/site/cache';
import type { Executor } from '../tools/site/execute';
import { escapeHtml } from '../tools/site/html';
import { FIXTURE_LESSONS, INJECTED_TEXT, stubExecutor } from './helpers/site-fixture';

let work: string;
let lessonsDir: string;
const quiet = { log: () => {} };

/**
 * A build of the working copy of the fixture into `name`, sharing one cache. The inputs shared by
 * all lessons are a stand-in file (the real ones, src/ etc., may change while the tests run).
 */
function build(name: string, calls: string[] = [], options: BuildOptions = {}) {
  return buildSite({
    lessonsDir, outDir: path.join(work, name), cacheDir: path.join(work, 'cache'), execute: stubExecutor(calls),
    sharedInputs: [path.join(work, 'library.ts')], concurrency: 1, ...quiet, ...options, // 1: calls in course order
  });
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'trainlab-site-build-'));
  lessonsDir = path.join(work, 'lessons');
  await cp(FIXTURE_LESSONS, lessonsDir, { recursive: true }); // a copy: the cache tests edit it
  await writeFile(path.join(work, 'library.ts'), 'export const version = 1;\n');
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const read = (site: string, file: string) => readFileSync(path.join(work, site, file), 'utf8');

/** Every file under `dir`, relative to it. */
function filesOf(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

describe('buildSite on the fixture course', () => {
  let calls: string[];
  beforeAll(async () => {
    calls = [];
    await build('site', calls);
  });

  it('writes the index, the about page and one page per lesson', () => {
    const files = filesOf(path.join(work, 'site'));
    expect(files).toEqual(expect.arrayContaining(['index.html', 'about.html', '01-alpha.html', '02-beta.html', 'media/02-beta/diagram.svg']));
    expect(calls).toEqual(['01-alpha', '02-beta']);
  });

  it('maps the course on the index: number, title, summary, objectives and time of every lesson', () => {
    const index = read('site', 'index.html');
    expect(index).toContain('<a href="01-alpha.html"><span class="lesson-number">01</span> Alpha, the first lesson</a>');
    expect(index).toContain('<a href="02-beta.html"><span class="lesson-number">02</span> Beta, the second lesson</a>');
    expect(index).toContain('A fixture lesson with an error output, a hostile SVG and a picture from its folder.');
    expect(index).toContain('<li>See errors shown apart from ordinary output</li>');
    expect(index).toContain('1 h 5 min · 2 exercises');
    expect(index).toContain('class="katex"'); // math in a summary
  });

  it('credits the digits data on the about page', () => {
    const about = read('site', 'about.html');
    expect(about).toContain('E. Alpaydin and C. Kaynak');
    expect(about).toContain('UCI Machine Learning Repository');
    expect(about).toContain('CC BY 4.0');
    expect(about).toMatch(/katex 0\.16\.\d+/);
  });

  it('renders the executed outputs into the lesson pages, escaped', () => {
    const alpha = read('site', '01-alpha.html');
    expect(alpha).toContain(escapeHtml(INJECTED_TEXT));
    expect(alpha).not.toContain('<script>alert');
    expect(alpha).toContain('<div class="vega-chart" data-spec="chart-1"');
    const beta = read('site', '02-beta.html');
    expect(beta).toContain('class="output error"');
    expect(beta).not.toMatch(/onload|javascript:|example\.com/);
  });

  it('references only files of the site: every src, href and CSS url() resolves, none leaves it', () => {
    const site = path.join(work, 'site');
    const missing: string[] = [];
    for (const file of filesOf(site).filter((name) => /\.(html|css)$/.test(name))) {
      const text = read('site', file);
      const pattern = file.endsWith('.css') ? /url\(["']?([^"')]+)["']?\)/g : /<(?:link|script|img|iframe|source)\b[^>]*?\s(?:src|href)="([^"]*)"/g;
      for (const [, ref] of text.matchAll(pattern)) {
        if (ref.startsWith('data:')) continue;
        expect(ref, `${file} loads ${ref}`).not.toMatch(/^[a-z][a-z0-9+.-]*:|^\/\//i);
        const target = path.join(path.dirname(path.join(site, file)), decodeURI(ref.split(/[?#]/)[0]));
        if (!existsSync(target)) missing.push(`${file} → ${ref}`);
      }
      if (file.endsWith('.html')) {
        // Links between pages must resolve too (external <a> links are fine: they load nothing).
        for (const [, ref] of text.matchAll(/<a\b[^>]*\shref="([^"#]+)[^"]*"/g)) {
          if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) continue;
          if (!existsSync(path.join(site, ref))) missing.push(`${file} → ${ref}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('serves KaTeX fonts, the highlight theme and the vega builds from the site', () => {
    const site = path.join(work, 'site');
    for (const file of ['assets/katex/katex.min.css', 'assets/katex/fonts/KaTeX_Main-Regular.woff2', 'assets/highlight/github.min.css',
      'assets/vendor/vega.min.js', 'assets/vendor/vega-lite.min.js', 'assets/vendor/vega-embed.min.js', 'assets/vendor/LICENSES.txt', 'assets/embed.js']) {
      expect(existsSync(path.join(site, file)), file).toBe(true);
    }
  });
});

describe('the executed-notebook cache', () => {
  it('keys every lesson on everything that changes how cells run: library, data, kernel, its launcher and build, tslab patches, lock file', () => {
    const root = path.resolve(import.meta.dirname, '..');
    expect(SHARED_INPUTS.map((input) => path.relative(root, input))).toEqual(['src', 'data', 'jupyter', 'tools/kernel', 'patches', 'package-lock.json']);
    for (const input of SHARED_INPUTS) expect(existsSync(input), input).toBe(true);
  });

  it('does not execute unchanged lessons again, and renders the same pages', async () => {
    await build('first');
    const calls: string[] = [];
    const report = await build('second', calls);
    expect(calls).toEqual([]);
    expect(report.runs.map((run) => run.status)).toEqual(['cached', 'cached']);
    expect(read('second', '01-alpha.html')).toBe(read('first', '01-alpha.html'));
  });

  it('executes again only the lesson whose folder changed', async () => {
    await appendFile(path.join(lessonsDir, '01-alpha', 'exercise.ts'), '// a learner was here\n');
    const calls: string[] = [];
    const report = await build('third', calls);
    expect(calls).toEqual(['01-alpha']);
    expect(report.runs.map((run) => `${run.lesson.slug}:${run.status}`)).toEqual(['01-alpha:executed', '02-beta:cached']);
    expect(readdirSync(path.join(work, 'cache')).filter((name) => name.startsWith('01-alpha.'))).toHaveLength(1); // the old entry is gone
  });

  it('executes a lesson again when its lesson.md changes', async () => {
    const file = path.join(lessonsDir, '02-beta', 'lesson.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('A picture that lives', 'A picture that still lives'));
    const calls: string[] = [];
    await build('fourth', calls);
    expect(calls).toEqual(['02-beta']);
    expect(read('fourth', '02-beta.html')).toContain('A picture that still lives');
  });

  it('executes every lesson again when the library changes', async () => {
    await writeFile(path.join(work, 'library.ts'), 'export const version = 2;\n');
    const calls: string[] = [];
    await build('library-changed', calls);
    expect(calls).toEqual(['01-alpha', '02-beta']);
  });

  it('executes every lesson with force', async () => {
    const calls: string[] = [];
    await build('fifth', calls, { force: true });
    expect(calls).toEqual(['01-alpha', '02-beta']);
  });

  it('runs up to `concurrency` lessons at once and still reports them in course order', async () => {
    let inFlight = 0;
    let most = 0;
    const slow: Executor = async (notebook, lesson) => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, lesson.slug === '01-alpha' ? 60 : 10)); // 02 ends first
      inFlight--;
      return stubExecutor()(notebook, lesson);
    };
    const report = await build('parallel', [], { execute: slow, force: true, concurrency: 2 });
    expect(most).toBe(2);
    expect(report.runs.map((run) => [run.lesson.slug, run.status])).toEqual([['01-alpha', 'executed'], ['02-beta', 'executed']]);
    await expect(build('zero', [], { concurrency: 0 })).rejects.toThrow('runLessons: concurrency must be an integer ≥ 1, got 0');
  });

  it('keeps going when a lesson fails: its page says so, the failure is reported and not cached', async () => {
    await appendFile(path.join(lessonsDir, '02-beta', 'exercise.ts'), 'export const touched = true;\n');
    const failing: Executor = async (notebook, lesson) => {
      if (lesson.slug === '02-beta') throw new Error('cell 3 (code cell 1) failed: boom');
      return stubExecutor()(notebook, lesson);
    };
    const report = await build('failed', [], { execute: failing });
    expect(report.failed.map((run) => run.lesson.slug)).toEqual(['02-beta']);
    expect(report.failed[0].error).toContain('lessons/02-beta: cell 3 (code cell 1) failed: boom');
    expect(read('failed', '02-beta.html')).toContain('This lesson did not run to the end');
    const calls: string[] = [];
    await build('retry', calls);
    expect(calls).toEqual(['02-beta']);
  });
});

describe('the output folder', () => {
  it('refuses to replace a folder it did not write', async () => {
    const precious = path.join(work, 'precious');
    await mkdir(precious);
    await writeFile(path.join(precious, 'thesis.tex'), 'years of work');
    await expect(build('precious')).rejects.toThrow(/refusing to replace .*precious/);
    expect(existsSync(path.join(precious, 'thesis.tex'))).toBe(true);
  });

  it('replaces a site it wrote, dropping files that are gone', async () => {
    await writeFile(path.join(work, 'site', 'stale.html'), 'old');
    await build('site');
    expect(existsSync(path.join(work, 'site', 'stale.html'))).toBe(false);
    expect(existsSync(path.join(work, 'site', 'index.html'))).toBe(true);
  });
});

describe('crash safety', () => {
  const cacheEntry = (slug: string) => {
    const names = readdirSync(path.join(work, 'cache')).filter((name) => name.startsWith(`${slug}.`) && name.endsWith('.ipynb'));
    expect(names).toHaveLength(1);
    return path.join(work, 'cache', names[0]);
  };
  /** A process id that is surely not running: a process that has exited. */
  const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid;

  it.each([
    ['truncated mid-write', (text: string) => text.slice(0, Math.floor(text.length / 2)), /JSON does not parse/],
    ['emptied', () => '', /JSON does not parse/],
    ['replaced by a notebook that holds another key', (text: string) => text.replace(/"trainlab_site_cache_key": "[0-9a-f]+"/, '"trainlab_site_cache_key": "foreign"'), /holds another key/],
    ['replaced by JSON that is not a notebook', () => '{"cells": 3}', /not an nbformat 4 notebook/],
  ])('discards a cache entry %s with a one-line warning naming it, runs the lesson again and renders the right page', async (_, corrupt, why) => {
    await build('good', [], { force: true }); // executed, like the rebuilt lesson below (cached pages differ in JSON key order)
    const entry = cacheEntry('01-alpha');
    await writeFile(entry, corrupt(await readFile(entry, 'utf8')));
    const lines: string[] = [];
    const calls: string[] = [];
    const report = await build('after-corruption', calls, { log: (line) => lines.push(line) });
    const warnings = lines.filter((line) => line.startsWith('warning:'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(path.basename(entry));
    expect(warnings[0]).toMatch(why);
    expect(warnings[0]).not.toContain('\n');
    expect(calls).toEqual(['01-alpha']);
    expect(report.runs.map((run) => run.status)).toEqual(['executed', 'cached']);
    expect(read('after-corruption', '01-alpha.html') === read('good', '01-alpha.html'), 'the page is the one a good run gives').toBe(true);
    const again: string[] = [];
    await build('after-rebuild', again);
    expect(again).toEqual([]); // the rebuilt entry is good
  });

  it("builds from the course's files only: a learner's workspace beside them (a looping exercise, a huge file) changes no cache key and runs nothing", async () => {
    await build('before-workspace');
    const workspace = path.join(work, 'work');
    await mkdir(path.join(workspace, 'lessons', '01-alpha'), { recursive: true });
    await writeFile(path.join(workspace, '.trainlab-workspace'), '');
    await writeFile(path.join(workspace, 'lessons', '01-alpha', 'exercise.ts'), 'export function double(x: number): number {\n  while (true) {}\n}\n');
    const huge = path.join(workspace, 'huge.bin');
    await writeFile(huge, '');
    await truncate(huge, 2 ** 31); // 2 GB, sparse
    const calls: string[] = [];
    const report = await build('with-workspace', calls);
    expect(calls, 'a build that read the workspace would have new keys and run the lessons').toEqual([]);
    expect(report.runs.map((run) => run.status)).toEqual(['cached', 'cached']);
    await rm(workspace, { recursive: true });
  });

  it('writes cache entries through a temporary file and leaves none behind', async () => {
    await build('atomic', [], { force: true });
    expect(readdirSync(path.join(work, 'cache')).filter((name) => !name.endsWith('.ipynb'))).toEqual([]);
  });

  it('removes the partial site folders and cache temporaries of killed builds, and nothing of a running one', async () => {
    const dead = deadPid();
    const alive = process.ppid; // a running process that is not this one
    const leftovers = [path.join(work, `site.partial-${dead}`), path.join(work, `site.old-${dead}`), `${cacheEntry('01-alpha')}.tmp-${dead}-0badc0de`];
    const running = [path.join(work, `site.partial-${alive}`), `${cacheEntry('02-beta')}.tmp-${alive}-00c0ffee`];
    const unrelated = path.join(work, 'site.partial-notes');
    for (const folder of [leftovers[0], leftovers[1], running[0], unrelated]) {
      await mkdir(folder, { recursive: true });
      await writeFile(path.join(folder, 'index.html'), 'half');
    }
    await writeFile(leftovers[2], '{"nbformat": 4, "cel');
    await writeFile(running[1], '{"nbformat": 4, "cel');
    const lines: string[] = [];
    await build('site', [], { log: (line) => lines.push(line) });
    for (const file of leftovers) expect(existsSync(file), file).toBe(false);
    for (const file of [...running, unrelated]) expect(existsSync(file), file).toBe(true);
    expect(lines.join('\n')).toContain(`site.partial-${dead}`);
    await rm(running[0], { recursive: true });
    await rm(running[1]);
  });
});
