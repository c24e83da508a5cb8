/**
 * The search box and the "Your progress" page in headless Chromium (playwright-core driving
 * /usr/bin/chromium, as tests/site-browser.test.ts does): the course's own fifteen lessons are built
 * with the stub executor (no kernel: the index comes from the lesson sources, outputs do not
 * matter here), served by `npm start`'s server with a grade report, and searched by typing. Under
 * the page's Content-Security-Policy, with nothing loaded from outside the server.
 */
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderProgressReport } from '../tools/grading/progress-report';
import { buildSite } from '../tools/site/build';
import { serveSite } from '../tools/site/serve';
import { checkAnswer, CHROMIUM, CHROMIUM_ARGS, openRunner, setEditor } from './helpers/page-runner';
import { stubExecutor } from './helpers/site-fixture';
import { requireProgram } from './helpers/system';

const ARTIFACTS = path.resolve(import.meta.dirname, '..', 'test-artifacts');
const hasChromium = requireProgram(CHROMIUM, { hint: 'apt-get install -y --no-install-recommends chromium' });

describe.skipIf(!hasChromium)('search and progress in headless Chromium', () => {
  let work: string;
  let server: Server;
  let url: string;
  let browser: Browser;
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'trainlab-search-browser-'));
    const site = path.join(work, 'site');
    await buildSite({ outDir: site, cacheDir: path.join(work, 'cache'), execute: stubExecutor(), log: () => {} });
    const report = path.join(work, 'workspace', 'progress.html');
    await mkdir(path.dirname(report), { recursive: true });
    await writeFile(report, renderProgressReport({
      mode: 'exercise', points: 2, maxPoints: 3, fullMarks: false, seconds: 1,
      lessons: [{ slug: '01-training-loop', title: 'Your first training loop', points: 2, maxPoints: 3, seconds: 1, exercises: [{ number: 1, title: 'gradientDescentStep', points: 2, maxPoints: 3, checks: [
        { name: 'moves w against the gradient', points: 2, maxPoints: 2, status: 'pass' },
        { name: 'leaks no tensors', points: 0, maxPoints: 1, status: 'fail', kind: 'leak', message: 'gradientDescentStep leaked 2 tensors' },
      ] }] }],
    }));
    ({ server, url } = await serveSite(site, { port: 0, progressReport: report }));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    await mkdir(ARTIFACTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  async function open(page: string): Promise<Page> {
    const tab = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    tab.on('request', (request) => requests.push(request.url()));
    tab.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()} on ${page}: ${message.text()}`);
    });
    tab.on('pageerror', (error) => problems.push(`page error on ${page}: ${error.message}`));
    tab.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
    });
    await tab.goto(url + page, { waitUntil: 'networkidle' });
    return tab;
  }

  /** Types `query` into the header's search box; the result links, in order. */
  async function search(tab: Page, query: string): Promise<string[]> {
    await tab.locator('#site-search-input').fill(query);
    await tab.locator('.search-results a').first().waitFor({ state: 'visible', timeout: 20_000 });
    return tab.locator('.search-results a').evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
  }

  it('finds "warmup" in lesson 04 and goes to the section', async () => {
    const tab = await open('index.html');
    expect(await tab.locator('.site-search').isVisible()).toBe(true);
    const links = await search(tab, 'warmup');
    expect(links[0]).toMatch(/^04-learning-rate-schedules\.html#/);
    expect(links).toContain('04-learning-rate-schedules.html#the-standard-choice-warmup-cosine');
    expect(await tab.locator('.search-status').innerText()).toMatch(/\d+ sections match/);
    expect(await tab.locator('.search-results mark').first().innerText()).toMatch(/^warmup$/i);
    await tab.screenshot({ path: path.join(ARTIFACTS, 'site-search-warmup.png') });
    // Enter follows the first result, to its heading.
    await tab.locator('#site-search-input').press('Enter');
    await tab.waitForURL(`${url}${links[0]}`);
    const anchor = decodeURIComponent(links[0].split('#')[1]);
    expect(await tab.locator(`[id="${anchor}"]`).count()).toBe(1);
    await tab.close();
  });

  it('finds "batch norm" in lesson 07, from a lesson page, and follows a clicked result', async () => {
    const tab = await open('01-training-loop.html');
    const links = await search(tab, 'batch norm');
    expect(links[0]).toMatch(/^07-batch-normalization\.html/);
    await tab.locator('.search-results a').first().click();
    await tab.waitForURL(`${url}${links[0]}`);
    expect(await tab.locator('h1').innerText()).toContain('Batch normalization');
    await tab.close();
  });

  it('says when nothing matches, and Escape closes the results', async () => {
    const tab = await open('glossary.html');
    await tab.locator('#site-search-input').fill('zzqxj');
    await tab.locator('.search-status').filter({ hasText: 'Nothing matches' }).waitFor({ timeout: 20_000 });
    expect(await tab.locator('.search-results a').count()).toBe(0);
    await tab.locator('#site-search-input').press('Escape');
    expect(await tab.locator('.search-panel').isHidden()).toBe(true);
    await tab.close();
  });

  it('shows the grade report as "Your progress", linked from the header', async () => {
    const tab = await open('index.html');
    await tab.locator('.site-header nav a', { hasText: 'Your progress' }).click();
    await tab.waitForURL(`${url}progress.html`);
    expect(await tab.locator('h1').innerText()).toBe('Your progress');
    expect(await tab.locator('.progress-report li.fail .check-message').innerText()).toBe('gradientDescentStep leaked 2 tensors');
    // The report's scoped styles apply inside the site frame: the failed check's mark is drawn.
    expect(await tab.locator('.progress-report li.fail').evaluate((li) => getComputedStyle(li, '::before').content)).toBe('"✗"');
    await tab.screenshot({ path: path.join(ARTIFACTS, 'site-progress.png'), fullPage: true });
    await tab.close();
  });

  it('lists lesson 01 at full marks in "Checked in this browser" once its solution is checked in the page', async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    context.on('request', (request) => requests.push(request.url()));
    try {
      const before = await context.newPage();
      await before.goto(`${url}progress.html`);
      await before.waitForSelector('#browser-progress[data-ready]');
      expect(await before.locator('#browser-progress').innerText()).toMatch(/^No in-browser results yet\./);
      await before.close();

      const { tab, problems: runnerProblems } = await openRunner(context, `${url}01-training-loop.html`);
      await setEditor(tab, '.exercise-runner', readFileSync(path.join('lessons', '01-training-loop', 'solution.ts'), 'utf8'));
      const graded = await checkAnswer(tab);
      expect(graded.points, graded.report).toBe(graded.total);
      await tab.locator('.grade-output a.progress-link').click();
      await tab.waitForURL(`${url}progress.html`);
      await tab.waitForSelector('#browser-progress[data-ready]');
      const lesson = tab.locator('.browser-lesson[data-slug="01-training-loop"]');
      expect(await lesson.getAttribute('data-points')).toBe(String(graded.total));
      expect(await lesson.getAttribute('data-total')).toBe(String(graded.total));
      expect(await lesson.locator('h3').innerText()).toMatch(/^01 · Your first training loop\s+\d+\/\d+ points — full marks ✓$/);
      expect(await lesson.locator('.grade-check.fail').count()).toBe(0);
      expect(await lesson.locator('.grade-check.pass').count()).toBeGreaterThan(0);
      // Both sources, each labelled: this browser's checks and the npm run grade report.
      expect(await tab.locator('.progress-source > h2').allInnerTexts()).toEqual(['Checked in this browser', 'From npm run grade -- --report (work/progress.html)']);
      expect(await tab.locator('.progress-report li.fail .check-message').innerText()).toBe('gradientDescentStep leaked 2 tensors');
      await tab.screenshot({ path: path.join(ARTIFACTS, 'site-progress-browser.png'), fullPage: true });
      expect(runnerProblems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);

  it('loaded nothing from outside the server and logged no error', () => {
    expect(requests.some((request) => request.endsWith('/assets/vendor/minisearch.js'))).toBe(true);
    expect(requests.some((request) => request.endsWith('/search-index.json'))).toBe(true);
    expect(requests.filter((request) => !request.startsWith(url) && !request.startsWith('data:'))).toEqual([]);
    expect(problems).toEqual([]);
  });
});
