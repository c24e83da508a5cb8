/**
 * The real course, end to end: every lesson's notebook runs on the real kernel to the end, then
 * every code cell runs once more in the same kernel, last to first, and must succeed again (a
 * learner re-runs cells in any order: a later cell must never break an earlier one); and its page
 * renders with math and at least one chart. (The faster site tests use a fixture course; this one
 * proves the lessons themselves.) Lessons run one after another: a kernel uses a core fully.
 *
 * Then the same built site in headless Chromium, "Run in this page" (tools/site/runner): the
 * lessons in PAGE_LESSONS run every cell in the page and print the kernel-built page's numbers
 * (within tolerance; two keep CI short, chosen among those whose numbers are seeded: lessons that
 * print timings or train with model.fit's unseeded shuffle, e.g. 11, differ from run to run even on
 * the kernel; all fifteen ran every cell in the page when this was written); every lesson's exercise grades stub → fails, solution →
 * full marks, in the page; an infinite loop is stopped and the page stays responsive. One browser.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLessons } from '../tools/notebooks/lesson';
import { RerunError } from '../tools/notebooks/notebook-errors';
import { executeNotebook } from '../tools/notebooks/notebook-runner';
import { buildSite, type BuildReport } from '../tools/site/build';
import { serveSite } from '../tools/site/serve';
import { cellTexts, checkAnswer, CHROMIUM, CHROMIUM_ARGS, numberMismatches, openRunner, runAll, setEditor } from './helpers/page-runner';
import { requireProgram } from './helpers/system';

const lessons = loadLessons();
let scratch: string;
let report: BuildReport;
/** Per lesson: why re-running its cells last to first failed (absent when every re-run passed). */
const rerunFailures = new Map<string, string>();

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'trainlab-course-'));
  report = await buildSite({
    outDir: path.join(scratch, 'site'),
    cacheDir: path.join(scratch, 'cache'),
    // The same kernel run serves both checks: the in-order run renders the page, then the re-runs.
    execute: async (notebook, lesson) => {
      const started = performance.now();
      try {
        return await executeNotebook(notebook, { rerunInReverse: true });
      } catch (error) {
        if (!(error instanceof RerunError) || !error.notebook) throw error;
        rerunFailures.set(lesson.slug, error.message);
        return error.notebook;
      } finally {
        console.log(`${lesson.slug}: run + re-run ${((performance.now() - started) / 1000).toFixed(1)} s`);
      }
    },
  });
}, 60 * 60_000);

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('the course', () => {
  it('has lessons', () => {
    expect(lessons.length).toBeGreaterThan(0);
  });

  it.each(lessons.map((lesson) => lesson.slug))('%s executes on the kernel to the end', (slug) => {
    const run = report.runs.find((r) => r.lesson.slug === slug);
    expect(run?.error, `lesson ${slug} failed`).toBeUndefined();
    expect(run?.status).toBe('executed');
  });

  it.each(lessons.map((lesson) => lesson.slug))('%s re-runs every code cell, last to first, in the same kernel', (slug) => {
    expect(rerunFailures.get(slug)).toBeUndefined();
  });

  it.each(lessons.map((lesson) => lesson.slug))('%s renders with math and a chart', async (slug) => {
    const html = await readFile(path.join(report.outDir, `${slug}.html`), 'utf8');
    expect(html).toContain('class="katex"');
    expect(html).toContain('class="vega-chart"');
    expect(html).not.toContain('did not run to the end');
  });
});

/** Lessons whose cells and grader run in the page in this test (each adds its in-page run time). */
const PAGE_LESSONS = ['01-training-loop', '10-initialization-and-gradient-flow'].filter((slug) => lessons.some((lesson) => lesson.slug === slug));
const hasChromium = requireProgram(CHROMIUM, { hint: 'apt-get install -y --no-install-recommends chromium' });

describe.skipIf(!hasChromium)('the course in the page (Run in this page, headless Chromium)', () => {
  let server: Server;
  let url: string;
  let browser: Browser;
  let context: BrowserContext;
  let started = 0;

  beforeAll(async () => {
    started = performance.now();
    ({ server, url } = await serveSite(report.outDir, { port: 0 }));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
    console.log(`the course in the page: ${((performance.now() - started) / 1000).toFixed(1)} s in all`);
  });

  it.each(PAGE_LESSONS)('%s: every cell runs in the page and prints the kernel\'s numbers', async (slug) => {
    const { tab, problems, readyMs } = await openRunner(context, `${url}${slug}.html`);
    const kernel = await cellTexts(tab, 'static');
    const { states, ms } = await runAll(tab);
    const errors = await tab.$$eval('.cell .outputs.live .output.error', (boxes) => boxes.map((box) => (box as HTMLElement).innerText));
    expect(errors).toEqual([]);
    expect(states.every((state) => state === 'done'), `cell states: ${states.join(', ')}`).toBe(true);
    const page = await cellTexts(tab, 'live');
    const mismatches = kernel.flatMap((text, i) => numberMismatches(text, page[i]).map((m) => `cell ${i}: ${m}`));
    expect(mismatches).toEqual([]);
    expect(problems).toEqual([]);
    const kernelSeconds = report.runs.find((run) => run.lesson.slug === slug)?.seconds ?? NaN;
    console.log(`${slug} in the page: ready ${readyMs} ms, all cells ${(ms / 1000).toFixed(1)} s (kernel: run + re-run ${kernelSeconds.toFixed(1)} s)`);
    await tab.close();
  }, 600_000);

  it.each(lessons.map((lesson) => lesson.slug))('%s: the exercise grades in the page, stub → fails, solution → full marks', async (slug) => {
    const { tab, problems } = await openRunner(context, `${url}${slug}.html`);
    const stub = await checkAnswer(tab);
    expect(stub.total).toBeGreaterThan(0);
    expect(stub.points, stub.report).toBeLessThan(stub.total);
    await setEditor(tab, '.exercise-runner', readFileSync(path.join('lessons', slug, 'solution.ts'), 'utf8'));
    const solution = await checkAnswer(tab);
    expect(solution.points, solution.report).toBe(solution.total);
    expect(problems).toEqual([]);
    await tab.close();
  }, 120_000);

  it('stops an infinite loop, restarts the runner and stays responsive', async () => {
    const { tab, problems } = await openRunner(context, `${url}${PAGE_LESSONS[0]}.html`, 2);
    await setEditor(tab, '.cell[data-cell="0"]', 'let spins = 0;\nwhile (true) { spins++; }');
    const t0 = Date.now();
    await tab.click('.cell[data-cell="0"] .cell-run');
    await tab.waitForSelector('.cell[data-cell="0"][data-run-state="stopped"]', { timeout: 30_000 });
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(await tab.evaluate(() => 6 * 7)).toBe(42); // the page itself never froze
    expect(await tab.innerText('.cell[data-cell="0"] .outputs.live')).toMatch(/runner was restarted/);
    await tab.waitForSelector('.runner-bar[data-state="ready"]', { timeout: 60_000 });
    await setEditor(tab, '.cell[data-cell="0"]', 'console.log(`alive: ${6 * 7}`)');
    await tab.click('.cell[data-cell="0"] .cell-run');
    await tab.waitForSelector('.cell[data-cell="0"][data-run-state="done"]', { timeout: 30_000 });
    expect(await tab.innerText('.cell[data-cell="0"] .outputs.live')).toContain('alive: 42');
    expect(problems).toEqual([]);
    await tab.close();
  }, 120_000);
});
