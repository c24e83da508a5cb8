/**
 * The "Your progress" page (progress.html), written by every site build. It holds no learner's
 * results: its "Checked in this browser" section is filled in the reader's browser by
 * assets/runner/progress.js from the page runner's localStorage (tools/site/runner/progress.ts), and
 * its "From npm run grade" section says how to get that report. `npm start`'s server (serve.ts)
 * puts the grade report (work/progress.html) in that section, at request time, when it exists.
 */
import type { Lesson } from '../notebooks/lesson';
import { jsonForScript } from './html';
import { PROGRESS_PAGE, renderPage } from './layout';
import { RUNNER_PATHS } from './runner/build-runner';
import type { CourseLesson } from './runner/progress-view';

export { PROGRESS_PAGE };

const GRADE_BEGIN = '<!-- trainlab-grade-report:begin -->';
const GRADE_END = '<!-- trainlab-grade-report:end -->';

const NO_REPORT = `<section class="progress-source" id="from-npm-run-grade">
<h2>From <code>npm run grade</code></h2>
<p>No grade report here. Grading on your machine — <code class="command">npm run grade -- --report</code> — writes one (work/progress.html), and <code class="command">npm start</code> then shows it on this page.</p>
</section>`;

/** The page as built: the in-browser section (empty until its script runs) and no grade report. */
export function renderProgressPage(lessons: readonly Lesson[]): string {
  const course: CourseLesson[] = lessons.map((lesson) => ({ slug: lesson.slug, number: lesson.slug.slice(0, 2), title: lesson.meta.title }));
  const body = `<h1>Your progress</h1>
<section class="progress-source" id="in-this-browser">
<h2>Checked in this browser</h2>
<p class="progress-where">The last <em>Check my answer</em> of each lesson page's runner, kept in this browser only (nothing is sent anywhere).</p>
<div id="browser-progress" aria-live="polite"><noscript><p>This part needs JavaScript: it reads what the lesson pages kept in this browser.</p></noscript></div>
</section>
${GRADE_BEGIN}
${NO_REPORT}
${GRADE_END}
<script type="application/json" id="progress-lessons">${jsonForScript(course)}</script>`;
  return renderPage({ title: 'Your progress', body, charts: false, current: PROGRESS_PAGE }).replace('</body>', `<script type="module" src="${RUNNER_PATHS.progressScript}"></script>\n</body>`);
}

/**
 * The built page with the grade report's content (progress-report.ts `progressContent`) in its
 * "From npm run grade" section, labelled by where it came from.
 */
export function withGradeReport(page: string, reportContent: string): string {
  const begin = page.indexOf(GRADE_BEGIN);
  const end = page.indexOf(GRADE_END);
  if (begin < 0 || end < 0) return page;
  const section = `<section class="progress-source" id="from-npm-run-grade">
<h2>From <code>npm run grade -- --report</code> (work/progress.html)</h2>
${reportContent.replace(/<h1>Your progress<\/h1>\n?/, '')}
</section>`;
  return page.slice(0, begin) + GRADE_BEGIN + '\n' + section + '\n' + page.slice(end);
}
