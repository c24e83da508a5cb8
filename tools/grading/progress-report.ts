/**
 * `npm run grade -- --report [FILE.html]`: the grade report as one self-contained HTML file — per
 * lesson points with a bar, then each exercise's checks with their status and messages. No script,
 * no external file: it opens from disk in any browser. Its default place is the learner's workspace
 * (`work/progress.html`, git-ignored), and `npm start` shows it as the site's "Your progress" page
 * (tools/site/serve.ts), cut out between the PROGRESS_BEGIN / PROGRESS_END markers and framed like
 * every other page. The site build never reads it: the published site holds no learner's results,
 * and grading never touches the executed lessons' cache.
 */
import { join } from 'node:path';
import type { CheckReport, GradeReport, LessonReport } from './grade-run';

/** The report file in a workspace: where `--report` writes by default and npm start looks. */
export const progressReportFile = (workspace: string): string => join(workspace, 'progress.html');

/** The report's content (styles included) sits between these, for the site to frame. */
export const PROGRESS_BEGIN = '<!-- trainlab-progress:begin -->';
export const PROGRESS_END = '<!-- trainlab-progress:end -->';

// No dependency on tools/site: this file must render with nothing but the report.
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (text: string): string => text.replace(/[&<>"']/g, (char) => ESCAPES[char]);

/** Styles of the report's own content, scoped to it: they travel with it into the site's page. */
const CONTENT_STYLE = `<style>
.progress-report { --pass: #1a7f37; --fail: #cf222e; --muted: #59636e; --line: #d1d9e0; }
.progress-report > h1 { margin-top: 2rem; }
.progress-report .progress-meta { color: var(--muted); }
.progress-report .progress-summary td:first-child { white-space: nowrap; }
.progress-report table.progress-summary { border-collapse: collapse; width: 100%; margin: 1rem 0 2rem; font-size: 0.9375rem; }
.progress-report .progress-summary th, .progress-report .progress-summary td { padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: middle; }
.progress-report .progress-summary td.points { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.progress-report .bar { display: block; width: 8rem; height: 0.6rem; background: #eef1f4; border-radius: 3px; overflow: hidden; }
.progress-report .bar > span { display: block; height: 100%; background: var(--pass); }
.progress-report .full { color: var(--pass); font-weight: 600; }
.progress-report .lesson { margin: 2rem 0; }
.progress-report .lesson h2 { display: flex; justify-content: space-between; gap: 1rem; font-size: 1.25rem; border-bottom: 1px solid var(--line); padding-bottom: 0.3rem; }
.progress-report .lesson h3 { display: flex; justify-content: space-between; gap: 1rem; font-size: 1rem; margin: 1rem 0 0.4rem; }
.progress-report .score { font-variant-numeric: tabular-nums; color: var(--muted); font-weight: 400; white-space: nowrap; }
.progress-report ul.checks { list-style: none; padding: 0; margin: 0 0 0.5rem; }
.progress-report ul.checks li { margin: 0.25rem 0; padding-left: 1.5rem; position: relative; }
.progress-report ul.checks li::before { position: absolute; left: 0.2rem; font-weight: 700; }
.progress-report ul.checks li.pass::before { content: "✓"; color: var(--pass); }
.progress-report ul.checks li.fail::before { content: "✗"; color: var(--fail); }
.progress-report .check-points { color: var(--muted); font-size: 0.875rem; margin-left: 0.5rem; font-variant-numeric: tabular-nums; }
.progress-report .check-message { margin: 0.2rem 0 0.4rem; padding: 0.4rem 0.6rem; background: #fff0ef; border-left: 3px solid var(--fail); border-radius: 3px; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 0.8125rem; }
.progress-report .lesson-error { padding: 0.5rem 0.75rem; background: #fff0ef; border: 1px solid var(--fail); border-radius: 4px; white-space: pre-wrap; }
</style>`;

/** The file's own page styles, outside the content: the site has its own. */
const PAGE_STYLE = `<style>
body { margin: 0 auto; max-width: 46rem; padding: 1rem 1.25rem 3rem; color: #1f2328; font: 1rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif; }
pre, code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; }
</style>`;

const points = (got: number, max: number): string => `${got}/${max}`;

function bar(got: number, max: number): string {
  const percent = max > 0 ? Math.round((100 * got) / max) : 0;
  return `<span class="bar" role="img" aria-label="${percent} %"><span style="width: ${percent}%"></span></span>`;
}

function summaryRow(lesson: LessonReport): string {
  const full = !lesson.error && lesson.points === lesson.maxPoints;
  const status = lesson.error ? 'not graded' : full ? '<span class="full">✓ full marks</span>' : '';
  return `<tr><td><a href="#${escape(lesson.slug)}">${escape(lesson.slug)}</a></td><td>${escape(lesson.title)}</td>`
    + `<td>${lesson.error ? '' : bar(lesson.points, lesson.maxPoints)}</td><td class="points">${lesson.error ? '—' : points(lesson.points, lesson.maxPoints)}</td><td>${status}</td></tr>`;
}

/** One check; a message shared with the next check (a TODO stub's) is shown once, after the last, as the terminal report does. */
function checkItem(check: CheckReport, next: CheckReport | undefined): string {
  const message = check.message && next?.message !== check.message ? `<pre class="check-message">${escape(check.message)}</pre>` : '';
  return `<li class="${check.status}"><span class="check-name">${escape(check.name)}</span><span class="check-points">${points(check.points, check.maxPoints)}</span>${message}</li>`;
}

function lessonSection(lesson: LessonReport): string {
  const parts = [`<section class="lesson" id="${escape(lesson.slug)}">`, `<h2><span>${escape(lesson.slug.slice(0, 2))} · ${escape(lesson.title)}</span><span class="score">${points(lesson.points, lesson.maxPoints)}</span></h2>`];
  if (lesson.error) parts.push(`<pre class="lesson-error">${escape(lesson.error)}</pre>`);
  for (const exercise of lesson.exercises) {
    parts.push(`<h3><span>Exercise ${exercise.number}: ${escape(exercise.title)}</span><span class="score">${points(exercise.points, exercise.maxPoints)}</span></h3>`);
    parts.push(`<ul class="checks">${exercise.checks.map((check, i) => checkItem(check, exercise.checks[i + 1])).join('')}</ul>`);
  }
  parts.push('</section>');
  return parts.join('\n');
}

export interface ProgressReportOptions {
  /** When the grading ran (default: now). */
  date?: Date;
  /** What was graded, e.g. "your exercises in work/lessons/". */
  source?: string;
}

/** The report content alone: what the site frames (styles included, between the markers). */
export function renderProgressContent(report: GradeReport, { date = new Date(), source }: ProgressReportOptions = {}): string {
  const what = report.mode === 'solution' ? 'the reference solutions' : (source ?? 'your exercises');
  const when = date.toISOString().replace('T', ' ').slice(0, 16);
  const total = `${points(report.points, report.maxPoints)} points`;
  const next = report.lessons.find((lesson) => lesson.error || lesson.points < lesson.maxPoints);
  const advice = report.fullMarks ? '<p class="full">Full marks: every check passed.</p>'
    : next ? `<p>Next: <a href="#${escape(next.slug)}">${escape(next.slug)}</a> — edit its <code>exercise.ts</code>, then <code>npm run grade -- ${escape(next.slug.slice(0, 2))} --report</code>.</p>` : '';
  return [
    PROGRESS_BEGIN,
    CONTENT_STYLE,
    '<div class="progress-report">',
    '<h1>Your progress</h1>',
    `<p class="progress-meta">${escape(what)}, graded ${escape(when)} UTC: <strong>${total}</strong> in ${report.lessons.length} lesson${report.lessons.length === 1 ? '' : 's'}.</p>`,
    advice,
    '<table class="progress-summary"><thead><tr><th>lesson</th><th>title</th><th></th><th class="points">points</th><th></th></tr></thead><tbody>',
    ...report.lessons.map(summaryRow),
    '</tbody></table>',
    ...report.lessons.map(lessonSection),
    '</div>',
    PROGRESS_END,
  ].join('\n');
}

/** The whole self-contained HTML file. */
export function renderProgressReport(report: GradeReport, options: ProgressReportOptions = {}): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Your progress — trainlab</title>
${PAGE_STYLE}
</head>
<body>
${renderProgressContent(report, options)}
</body>
</html>
`;
}

/** The content of a report file (between the markers), or undefined when the file is not one. */
export function progressContent(html: string): string | undefined {
  const begin = html.indexOf(PROGRESS_BEGIN);
  const end = html.indexOf(PROGRESS_END, begin);
  return begin >= 0 && end > begin ? html.slice(begin, end + PROGRESS_END.length) : undefined;
}
