/**
 * The progress page's "Checked in this browser" section (tools/site/runner/progress-view.ts,
 * progress-store.ts): rendered from stored results — points per lesson with links, each check's
 * status and message, escaped; a plain "no results yet"; older stored sentences read back; and the
 * built page itself holds no learner's results. (In headless Chromium: tests/site-search-browser.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { parseStoredResult, readStoredResults, resultKey, storedResult } from '../tools/site/runner/progress-store';
import { renderBrowserProgress, type CourseLesson } from '../tools/site/runner/progress-view';
import { withGradeReport } from '../tools/site/progress-page';
import type { CheckResult } from '../tools/site/runner/protocol';

const lessons: CourseLesson[] = [
  { slug: '01-training-loop', number: '01', title: 'Your first training loop' },
  { slug: '02-sgd-momentum', number: '02', title: 'SGD & momentum' },
];
const checks: CheckResult[] = [
  { exercise: 1, exerciseTitle: 'gradientDescentStep', check: 'moves w against the gradient', points: 2, status: 'pass' },
  { exercise: 1, exerciseTitle: 'gradientDescentStep', check: 'leaks no tensors', points: 1, status: 'fail', message: 'leaked 2 tensors <script>' },
  { exercise: 2, exerciseTitle: 'trainLoop', check: 'loss falls', points: 3, status: 'pass' },
];

/** A Storage-like map (localStorage's reading side). */
function storage(entries: Record<string, string>): Pick<Storage, 'length' | 'key' | 'getItem'> {
  const keys = Object.keys(entries);
  return { length: keys.length, key: (i) => keys[i] ?? null, getItem: (key) => entries[key] ?? null };
}

describe('in-browser results on the progress page', () => {
  it('stores a grading run with its points and checks, and reads every lesson back from storage', () => {
    const result = storedResult('01-training-loop', checks, new Date('2026-12-07T16:00:00Z'));
    expect(result).toMatchObject({ points: 5, total: 6, at: '2026-12-07T16:00:00.000Z' });
    const read = readStoredResults(storage({
      [resultKey('02-sgd-momentum')]: '4/4 points on 07/12/2026, 15:00:00', // an older runner's sentence
      [resultKey('01-training-loop')]: JSON.stringify(result),
      'trainlab:01-training-loop:exercise.ts': 'export const learner = "code";', // the code, not a result
      [resultKey('03-broken')]: 'not a result',
    }));
    expect(read.map((r) => [r.slug, r.points, r.total, r.checks.length])).toEqual([['01-training-loop', 5, 6, 3], ['02-sgd-momentum', 4, 4, 0]]);
    expect(parseStoredResult('x', null)).toBeUndefined();
  });

  it('lists per lesson points / max linked to the lesson page, and each check with its status and message', () => {
    const html = renderBrowserProgress([
      storedResult('02-sgd-momentum', [{ ...checks[2], exercise: 1 }], new Date()),
      storedResult('01-training-loop', checks, new Date()),
    ], lessons);
    expect(html).toContain('2 of 2 lessons checked in this browser: 8/9 points.');
    expect(html).toMatch(/<td><a href="01-training-loop.html">01 · Your first training loop<\/a><\/td><td class="points">5\/6<\/td>[\s\S]*02-sgd-momentum.html">02 · SGD &amp; momentum<\/a><\/td><td class="points">3\/3<\/td>/);
    expect(html).toContain('<a href="02-sgd-momentum.html#exercise-editor">02 · SGD &amp; momentum</a> <span class="browser-score">3/3 points — full marks ✓</span>');
    expect(html).toContain('<h4>Exercise 1: gradientDescentStep — 2/3</h4>');
    expect(html).toContain('<h4>Exercise 2: trainLoop — 3/3</h4>');
    expect(html).toContain('<li class="grade-check pass"><span class="grade-mark">✓</span> moves w against the gradient (2 pts)</li>');
    expect(html).toContain('<li class="grade-check fail"><span class="grade-mark">✗</span> leaks no tensors (1 pt)<div class="grade-message">leaked 2 tensors &lt;script&gt;</div></li>');
    expect(html).not.toContain('<script');
  });

  it('says plainly when there are no results yet', () => {
    expect(renderBrowserProgress([], lessons)).toMatch(/^<p class="browser-empty">No in-browser results yet\./);
  });

  it('puts the grade report in its own labelled section of the page, next to the in-browser one', () => {
    const page = '<h1>Your progress</h1><section id="in-this-browser"></section>\n<!-- trainlab-grade-report:begin -->\nnone\n<!-- trainlab-grade-report:end -->';
    const combined = withGradeReport(page, '<div class="progress-report">\n<h1>Your progress</h1>\n<p>3/3</p></div>');
    expect(combined).toContain('<section id="in-this-browser"></section>');
    expect(combined).toContain('<h2>From <code>npm run grade -- --report</code> (work/progress.html)</h2>');
    expect(combined).not.toContain('none');
    expect(combined.match(/<h1>/g)).toHaveLength(1);
  });
});
