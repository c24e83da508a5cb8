/**
 * Driving a lesson page's runner ("Run in this page") in headless Chromium, for the browser tests:
 * open a page, start the runner, run every cell, put code in an editor, check the exercise, and
 * read what the page shows. The runner's state is in data attributes (tools/site/runner/ui.ts):
 * `.runner-bar[data-state]`, `.cell[data-run-state]`, `.grade-output[data-points][data-total]`.
 */
import type { BrowserContext, Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export interface RunnerPage {
  tab: Page;
  /** Console errors, page errors and failed requests seen so far. */
  problems: string[];
  /** Milliseconds from pressing "Run in this page" to the runner being ready. */
  readyMs: number;
}

/** Opens `url` and starts its runner (`stallSeconds`: how long a silent cell may run before the page restarts the runner). */
export async function openRunner(context: BrowserContext, url: string, stallSeconds?: number): Promise<RunnerPage> {
  const tab = await context.newPage();
  const problems: string[] = [];
  tab.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  tab.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  tab.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  tab.on('dialog', (dialog) => void dialog.accept());
  await tab.goto(stallSeconds === undefined ? url : `${url}?runner-stall-s=${stallSeconds}`);
  const started = Date.now();
  await tab.click('.runner-toggle');
  await tab.waitForSelector('.runner-bar[data-state="ready"]', { timeout: 60_000 });
  return { tab, problems, readyMs: Date.now() - started };
}

/** The text of every shown cell's outputs (stdout, results, errors; not charts), by cell index. */
export async function cellTexts(tab: Page, which: 'static' | 'live'): Promise<string[]> {
  return tab.$$eval('.cell[data-cell]', (cells, live) => cells.map((cell) => {
    const outputs = cell.querySelector(live ? ':scope > .outputs.live' : ':scope > .outputs:not(.live)');
    if (!outputs) return '';
    return Array.from(outputs.querySelectorAll('.output:not(.chart) pre')).map((pre) => pre.textContent ?? '').join('\n');
  }), which === 'live');
}

/** Presses Run all and waits until no cell is queued or running; returns the cells' states and the time taken. */
export async function runAll(tab: Page, timeoutMs = 300_000): Promise<{ states: string[]; ms: number }> {
  const started = Date.now();
  await tab.click('.runner-run-all');
  await tab.waitForFunction(() => {
    const busy = Array.from(document.querySelectorAll('.cell[data-cell]')).some((cell) => ['queued', 'running'].includes(cell.getAttribute('data-run-state') ?? ''));
    return !busy && document.querySelector('.runner-bar')?.getAttribute('data-state') === 'ready';
  }, null, { timeout: timeoutMs, polling: 100 });
  const states = await tab.$$eval('.cell[data-cell]', (cells) => cells.map((cell) => cell.getAttribute('data-run-state') ?? ''));
  return { states, ms: Date.now() - started };
}

/** Replaces an editor's text (`scope`: a selector around one CodeMirror editor), as a paste would. */
export async function setEditor(tab: Page, scope: string, text: string): Promise<void> {
  await tab.$eval(`${scope} .cell-editor`, (host, value) => host.dispatchEvent(new CustomEvent('trainlab-set-doc', { detail: value })), text);
  await tab.waitForSelector(`${scope} .cell-editor[data-doc-length="${text.replace(/\r\n?/g, '\n').length}"]`, { state: 'attached', timeout: 10_000 });
}

/** Presses "Check my answer" and returns the points, the total and the page's report. */
export async function checkAnswer(tab: Page): Promise<{ points: number; total: number; report: string; ms: number }> {
  const started = Date.now();
  await tab.evaluate(() => document.querySelector('.grade-output')?.removeAttribute('data-points'));
  await tab.click('.grade-run');
  await tab.waitForSelector('.grade-output[data-points]', { timeout: 120_000 });
  const points = Number(await tab.getAttribute('.grade-output', 'data-points'));
  const total = Number(await tab.getAttribute('.grade-output', 'data-total'));
  return { points, total, report: await tab.innerText('.grade-output'), ms: Date.now() - started };
}

/** Every number in `text` (integers, decimals, exponents, percentages without the sign). */
export function numbersIn(text: string): number[] {
  return (text.match(/-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi) ?? []).map(Number);
}

/**
 * Where two outputs' numbers differ by more than `relative` (of the larger) plus `absolute`, or
 * their counts differ; empty when they agree.
 */
export function numberMismatches(expected: string, actual: string, relative = 0.05, absolute = 0.01): string[] {
  const want = numbersIn(expected);
  const got = numbersIn(actual);
  if (want.length !== got.length) return [`${want.length} numbers expected, ${got.length} printed:\n--- kernel\n${expected}\n--- page\n${actual}`];
  return want.flatMap((w, i) => (Math.abs(w - got[i]) <= relative * Math.max(Math.abs(w), Math.abs(got[i])) + absolute ? [] : [`number ${i + 1}: kernel ${w}, page ${got[i]}`]));
}
