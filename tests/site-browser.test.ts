/**
 * The built site in headless Chromium (playwright-core driving the system's /usr/bin/chromium,
 * TOOLING.md): the fixture course is built with the stub executor, served on 127.0.0.1 by the same
 * server as `npm start`, and opened. No console error, no request leaving the server, math
 * typeset with KaTeX's fonts, the chart drawn by vega-embed, nothing injected by cell outputs.
 * Screenshots go to test-artifacts/.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../tools/site/build';
import { serveSite } from '../tools/site/serve';
import { CHROMIUM, CHROMIUM_ARGS } from './helpers/page-runner';
import { FIXTURE_LESSONS, INJECTED_TEXT, stubExecutor } from './helpers/site-fixture';
import { requireProgram } from './helpers/system';

const ARTIFACTS = path.resolve(import.meta.dirname, '..', 'test-artifacts');
const hasChromium = requireProgram(CHROMIUM, { hint: 'apt-get install -y --no-install-recommends chromium' });

describe.skipIf(!hasChromium)('the site in headless Chromium', () => {
  let work: string;
  let server: Server;
  let url: string;
  let context: BrowserContext;
  const requests: string[] = [];
  const problems: string[] = []; // console errors, page errors, failed requests, dialogs

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'trainlab-site-browser-'));
    const site = path.join(work, 'site');
    await buildSite({ lessonsDir: FIXTURE_LESSONS, outDir: site, cacheDir: path.join(work, 'cache'), execute: stubExecutor(), log: () => {} });
    ({ server, url } = await serveSite(site, { port: 0 }));
    // A fresh profile: no cached files, no state from another run.
    context = await chromium.launchPersistentContext(path.join(work, 'profile'), {
      executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, viewport: { width: 1100, height: 900 },
    });
    context.on('request', (request) => requests.push(request.url()));
    context.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
    context.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
    });
    await mkdir(ARTIFACTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    server?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  async function open(page: string): Promise<Page> {
    const tab = await context.newPage();
    tab.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()} on ${page}: ${message.text()}`);
    });
    tab.on('pageerror', (error) => problems.push(`page error on ${page}: ${error.message}`));
    tab.on('dialog', (dialog) => {
      problems.push(`dialog on ${page}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await tab.goto(url + page, { waitUntil: 'networkidle' });
    return tab;
  }

  it('shows the course map on the index', async () => {
    const tab = await open('index.html');
    expect(await tab.locator('.lesson-card').count()).toBe(2);
    expect(await tab.locator('.lesson-card h3').allInnerTexts()).toEqual(['01 Alpha, the first lesson', '02 Beta, the second lesson']);
    expect(await tab.locator('.lesson-card .katex').count()).toBeGreaterThan(0);
    await tab.screenshot({ path: path.join(ARTIFACTS, 'site-index.png'), fullPage: true });
    await tab.close();
  });

  it('shows a lesson with typeset math, an interactive chart and escaped output', async () => {
    const tab = await open('01-alpha.html');
    // Math: KaTeX HTML is there and its fonts (served by the site) are in use.
    expect(await tab.locator('.katex-display').count()).toBeGreaterThan(0);
    await tab.evaluate(() => document.fonts.ready);
    const katexFonts = await tab.evaluate(() => {
      let loaded = 0;
      document.fonts.forEach((font) => {
        if (font.family.includes('KaTeX') && font.status === 'loaded') loaded += 1;
      });
      return loaded;
    });
    expect(katexFonts).toBeGreaterThan(0);
    // The chart: vega-embed replaced the static SVG with its own, of a real size.
    const chart = tab.locator('.vega-chart.interactive .vega-embed svg.marks');
    await chart.waitFor({ state: 'visible', timeout: 20_000 });
    const box = await chart.boundingBox();
    expect(box?.width).toBeGreaterThan(100);
    expect(box?.height).toBeGreaterThan(100);
    // A chart with a long legend fits the column (its plot narrowed), the name shown in full.
    const figure = await tab.evaluate(() => {
      const f = document.querySelector('.vega-chart.interactive')!.closest('figure')!;
      return { scroll: f.scrollWidth, client: f.clientWidth, labels: Array.from(f.querySelectorAll('.role-legend-label text'), (t) => t.textContent) };
    });
    expect(figure.scroll).toBeLessThanOrEqual(figure.client);
    expect(figure.labels).toEqual(['training loss (mean of 12 steps)']);
    // The cell that printed <script> shows it as text; nothing ran (a dialog would be a problem).
    expect(await tab.locator('.output.stdout pre').first().textContent()).toBe(`${INJECTED_TEXT}\n`);
    expect(await tab.evaluate(() => document.querySelectorAll('main script:not([type="application/json"])').length)).toBe(0);
    await tab.screenshot({ path: path.join(ARTIFACTS, 'site-lesson.png'), fullPage: true });
    await tab.close();
  });

  it('shows errors, a sanitised SVG and a lesson image on the second lesson', async () => {
    const tab = await open('02-beta.html');
    expect(await tab.locator('.output.error').innerText()).toContain('Error: boom');
    expect(await tab.locator('figure.output.image svg text').textContent()).toBe('safe text');
    const image = tab.locator('img[alt="A small diagram"]');
    expect(await image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await tab.close();
  });

  it('shows the chart as the build-time SVG when JavaScript is off', async () => {
    const noScript = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    try {
      const tab = await (await noScript.newContext({ javaScriptEnabled: false })).newPage();
      tab.on('request', (request) => requests.push(request.url()));
      await tab.goto(`${url}01-alpha.html`, { waitUntil: 'networkidle' });
      const fallback = tab.locator('.vega-chart svg.marks');
      expect(await fallback.isVisible()).toBe(true);
      expect((await fallback.boundingBox())?.width).toBeGreaterThan(100);
    } finally {
      await noScript.close();
    }
  });

  it('loaded nothing from outside the server and logged no error', () => {
    expect(requests.length).toBeGreaterThan(10);
    expect(requests.filter((request) => !request.startsWith(url) && !request.startsWith('data:'))).toEqual([]);
    expect(problems).toEqual([]);
  });
});
