/**
 * `npm run grade -- --report`: the HTML progress report (points per lesson, each check's status and
 * message; self-contained, no script) and the "Your progress" page `npm start` makes of it — shown
 * only while the report exists, framed as a site page, and never part of the built site.
 */
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportArgs } from '../tools/grading/grade';
import type { GradeReport, LessonReport } from '../tools/grading/grade-run';
import { progressContent, renderProgressReport } from '../tools/grading/progress-report';
import { buildSite } from '../tools/site/build';
import { CONTENT_SECURITY_POLICY } from '../tools/site/layout';
import { serveSite } from '../tools/site/serve';
import { FIXTURE_LESSONS, stubExecutor } from './helpers/site-fixture';

const HOSTILE = '<script>alert("x")</script> & <img src=https://example.com/t.png>';

const lessons: LessonReport[] = [
  {
    slug: '01-training-loop', title: 'Your first training loop', points: 3, maxPoints: 3, seconds: 1,
    exercises: [{ number: 1, title: 'gradientDescentStep', points: 3, maxPoints: 3, checks: [
      { name: 'moves w against the gradient', points: 2, maxPoints: 2, status: 'pass' },
      { name: 'leaks no tensors', points: 1, maxPoints: 1, status: 'pass' },
    ] }],
  },
  {
    slug: '04-learning-rate-schedules', title: 'Learning-rate schedules', points: 1, maxPoints: 4, seconds: 1,
    exercises: [{ number: 2, title: 'stepDecay', points: 1, maxPoints: 4, checks: [
      { name: 'holds initialLr', points: 1, maxPoints: 1, status: 'pass' },
      { name: 'multiplies by gamma', points: 0, maxPoints: 2, status: 'fail', kind: 'check', message: 'at step 10 the rate should be 0.01; got 0.1' },
      { name: 'rejects gamma ≤ 0', points: 0, maxPoints: 1, status: 'fail', kind: 'threw', message: HOSTILE },
    ] }],
  },
  { slug: '05-plateaus-and-early-stopping', title: 'Plateaus', points: 0, maxPoints: 0, seconds: 1, exercises: [], error: 'loading exercise.ts took more than 10 s' },
];
const report: GradeReport = { mode: 'exercise', lessons, points: 4, maxPoints: 7, fullMarks: false, seconds: 3 };
const date = new Date('2026-12-07T15:00:00Z');

describe('the HTML progress report', () => {
  const html = renderProgressReport(report, { date, source: 'your exercises in work/lessons/' });

  it('shows points per lesson, each check with its status and message, and the lesson that could not be graded', () => {
    expect(html).toContain('your exercises in work/lessons/, graded 2026-12-07 15:00 UTC: <strong>4/7 points</strong> in 3 lessons.');
    expect(html).toMatch(/<tr><td><a href="#01-training-loop">01-training-loop<\/a><\/td>.*<td class="points">3\/3<\/td><td><span class="full">✓ full marks<\/span><\/td><\/tr>/);
    expect(html).toMatch(/<tr><td><a href="#04-learning-rate-schedules">.*<td class="points">1\/4<\/td><td><\/td><\/tr>/);
    expect(html).toMatch(/<tr><td><a href="#05-plateaus-and-early-stopping">.*<td class="points">—<\/td><td>not graded<\/td><\/tr>/);
    expect(html).toContain('<li class="pass"><span class="check-name">moves w against the gradient</span><span class="check-points">2/2</span></li>');
    expect(html).toContain('<li class="fail"><span class="check-name">multiplies by gamma</span><span class="check-points">0/2</span><pre class="check-message">at step 10 the rate should be 0.01; got 0.1</pre></li>');
    expect(html).toContain('<pre class="lesson-error">loading exercise.ts took more than 10 s</pre>');
    expect(html).toContain('Next: <a href="#04-learning-rate-schedules">04-learning-rate-schedules</a>');
  });

  it('is self-contained: no script, nothing loaded, messages escaped', () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=https://example.com/t.png&gt;');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
  });

  it('marks its content for the site to frame', () => {
    const content = progressContent(html);
    expect(content).toMatch(/^<!-- trainlab-progress:begin -->\n<style>[\s\S]*<h1>Your progress<\/h1>[\s\S]*<!-- trainlab-progress:end -->$/);
    expect(progressContent('<html>not a report</html>')).toBeUndefined();
  });

  it('says full marks when every check passed', () => {
    const full = renderProgressReport({ ...report, lessons: [lessons[0]], points: 3, maxPoints: 3, fullMarks: true }, { date });
    expect(full).toContain('<p class="full">Full marks: every check passed.</p>');
    expect(full).not.toContain('Next:');
  });
});

describe('--report [FILE]', () => {
  it('takes a FILE only when it ends in .html, so a lesson after it stays a lesson', () => {
    expect(reportArgs(['--report'])).toEqual(['--report=']);
    expect(reportArgs(['--report', '01', '04'])).toEqual(['--report=', '01', '04']);
    expect(reportArgs(['01', '--report', 'out/me.html', '--json'])).toEqual(['01', '--report=out/me.html', '--json']);
    expect(reportArgs(['--report', '--json'])).toEqual(['--report=', '--json']);
    expect(reportArgs(['--report=x.html'])).toEqual(['--report=x.html']);
  });
});

describe('the "Your progress" page of npm start', () => {
  let work: string;
  let site: string;
  let reportFile: string;
  let server: Server;
  let url: string;
  const get = async (page: string) => {
    const response = await fetch(url + page);
    return { status: response.status, html: await response.text(), type: response.headers.get('content-type') };
  };

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'trainlab-progress-'));
    site = path.join(work, 'site');
    reportFile = path.join(work, 'workspace', 'progress.html');
    await buildSite({ lessonsDir: FIXTURE_LESSONS, outDir: site, cacheDir: path.join(work, 'cache'), execute: stubExecutor(), log: () => {} });
    ({ server, url } = await serveSite(site, { port: 0, progressReport: reportFile }));
  }, 60_000);
  afterAll(async () => {
    server?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('without a report: every page links the built progress page (in-browser results), which says how to make one', async () => {
    expect((await get('index.html')).html).toMatch(/<nav>.*<a href="progress.html">Your progress<\/a><\/nav>/);
    const page = await get('progress.html');
    expect(page.status).toBe(200);
    expect(page.html).toContain('<h2>Checked in this browser</h2>');
    expect(page.html).toContain('npm run grade -- --report');
    expect(page.html).toContain('<a href="progress.html" aria-current="page">Your progress</a>');
  });

  it('with a report: every page links it, and it is shown in the site frame, read at request time', async () => {
    await mkdir(path.dirname(reportFile), { recursive: true });
    await writeFile(reportFile, renderProgressReport(report, { date }));
    for (const page of ['', 'index.html', '01-alpha.html', 'glossary.html']) {
      const { status, html, type } = await get(page);
      expect(status, page).toBe(200);
      expect(type).toContain('text/html');
      expect(html, page).toMatch(/<nav>.*<a href="progress.html">Your progress<\/a><\/nav>/);
    }
    const progress = await get('progress.html');
    expect(progress.status).toBe(200);
    expect(progress.html).toContain(`content="${CONTENT_SECURITY_POLICY}"`);
    expect(progress.html).toContain('<a href="progress.html" aria-current="page">Your progress</a>');
    expect(progress.html).toContain('<pre class="check-message">at step 10 the rate should be 0.01; got 0.1</pre>');
    expect(progress.html).toContain('<div class="site-search" role="search" hidden>');
    // Both, labelled by where they came from: the in-browser section and the report's.
    expect(progress.html).toContain('<h2>Checked in this browser</h2>');
    expect(progress.html).toContain('<h2>From <code>npm run grade -- --report</code> (work/progress.html)</h2>');
    expect(progress.html.match(/<h1>/g)).toHaveLength(1);
    // Graded again: the next request shows the new report.
    await writeFile(reportFile, renderProgressReport({ ...report, lessons: [lessons[0]], points: 3, maxPoints: 3, fullMarks: true }, { date }));
    expect((await get('progress.html')).html).toContain('Full marks: every check passed.');
  });

  it('leaves the built site without the report, and other files to the static server', async () => {
    // The built progress page holds no learner's results: its script reads them in the browser.
    const built = readFileSync(path.join(site, 'progress.html'), 'utf8');
    expect(built).toContain('<div id="browser-progress" aria-live="polite">');
    expect(built).toContain('<script type="module" src="assets/runner/progress.js"></script>');
    expect(built).not.toContain('progress-report');
    expect(built).not.toMatch(/<script>|\bon[a-z]+=/);
    expect(readFileSync(path.join(site, 'index.html'), 'utf8')).not.toContain('progress-report');
    const css = await fetch(`${url}assets/site.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    expect((await get('../../etc/passwd')).status).toBe(404);
  });
});
