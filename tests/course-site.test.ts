/**
 * The real course, end to end: every lesson's notebook runs on the real kernel to the end, then
 * every code cell runs once more in the same kernel, last to first, and must succeed again (a
 * learner re-runs cells in any order: a later cell must never break an earlier one); and its page
 * renders with math and at least one chart. (The faster site tests use a fixture course; this one
 * proves the lessons themselves.) Lessons run one after another: a kernel uses a core fully.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLessons } from '../tools/notebooks/lesson';
import { RerunError } from '../tools/notebooks/notebook-errors';
import { executeNotebook } from '../tools/notebooks/notebook-runner';
import { buildSite, type BuildReport } from '../tools/site/build';

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
